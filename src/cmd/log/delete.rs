//! `amex-help log delete`: remove a case with its contacts and promises, after asking.

use std::io::{self, BufRead, Write};

use anyhow::Result;

use super::{done, Changed};
use crate::calls::CaseId;
use crate::cli::LogDeleteArgs;
use crate::cmd::Ctx;
use crate::error::bad_input;

pub(super) fn run(ctx: &Ctx, args: &LogDeleteArgs) -> Result<()> {
    let id = CaseId(args.case);
    let case = ctx.find_case(id)?;
    if !args.yes {
        let mut err = io::stderr();
        write!(
            err,
            "Delete case {id} ({}) and its {} contact(s)? [y/N] ",
            case.title,
            case.contacts.len()
        )?;
        err.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            return Err(bad_input(format!(
                "case {id} was not deleted; answer y, or pass --yes"
            )));
        }
    }
    if !ctx.open_db()?.delete_case(id)? {
        crate::output::notice(
            "the case is deleted, but the log's write-ahead file (-wal) could not be emptied now (another process is reading it, or the disk is full), so copies of the deleted text stay there until a later write empties it",
        );
    }
    done(
        ctx,
        &Changed {
            case_id: id,
            action: "deleted",
        },
    )
}
