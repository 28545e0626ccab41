//! `amex-help log`: record contacts, and list, show, edit, resolve, reopen or delete cases.

mod add;
mod change;
mod delete;
mod list;
mod show;

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::calls::CaseId;
use crate::cli::{CaseArg, LogCommand};
use crate::output::{notice, Render, Style};
use crate::privacy::MaskReport;

pub(crate) fn run(ctx: &Ctx, command: &LogCommand) -> Result<()> {
    match command {
        LogCommand::Add(args) => add::run(ctx, args),
        LogCommand::List(args) => list::run(ctx, args),
        LogCommand::Show(CaseArg { case }) => show::run(ctx, CaseId(*case)),
        LogCommand::Edit(args) => change::edit(ctx, args),
        LogCommand::Resolve(args) => change::resolve(ctx, args),
        LogCommand::Reopen(CaseArg { case }) => {
            ctx.open_db()?.reopen(CaseId(*case))?;
            done(
                ctx,
                &Changed {
                    case_id: CaseId(*case),
                    action: "reopened",
                },
            )
        }
        LogCommand::Delete(args) => delete::run(ctx, args),
    }
}

/// Tells the user, on stderr, what the masker removed; scripts also get it in the JSON.
pub(super) fn report_masking(reports: &[MaskReport]) {
    for r in reports {
        let what = if r.count == 1 {
            r.kind.describe().to_owned()
        } else {
            format!("{} × {}", r.count, r.kind.describe())
        };
        notice(&format!(
            "masked {what} in --{} before storing it ({}); never type card numbers, security codes, PINs or SSNs into the log",
            r.field.replace('_', "-"),
            r.why
        ));
    }
}

/// The JSON shape of `log edit|resolve|reopen|delete --json`.
#[derive(Serialize)]
pub(super) struct Changed {
    pub(super) case_id: CaseId,
    pub(super) action: &'static str,
}

impl Render for Changed {
    fn human(&self, out: &mut dyn Write, _: Style) -> io::Result<()> {
        writeln!(out, "Case {} {}.", self.case_id, self.action)
    }
}

/// Reports a change that has committed; see [`super::emit_saved`].
#[allow(clippy::unnecessary_wraps)] // Lets a command end with `done(..)`, as every other ends with its report.
pub(super) fn done(ctx: &Ctx, changed: &Changed) -> Result<()> {
    super::emit_saved(ctx, changed);
    Ok(())
}
