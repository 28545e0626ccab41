//! `amex-help export`: the whole log as JSON (round-trips, in `json.rs`) or CSV (`csv.rs`), and
//! the open cases' follow-up dates and promises as an iCalendar file (`calendar.rs`).

mod calendar;
mod csv;
mod json;
#[cfg(test)]
mod tests;

use std::io::{self, Write};

use anyhow::{Context, Result};

use super::{refuse_json, Ctx};
use crate::cli::{ExportArgs, ExportFormat};
use crate::db::ExportCase;
use crate::output::{count, Format, Progress};

pub(crate) fn export(ctx: &Ctx, args: &ExportArgs) -> Result<()> {
    match args.format {
        ExportFormat::Json => {}
        ExportFormat::Csv => refuse_json(
            ctx,
            "`export --format csv` writes a CSV table",
            "drop --json, or use `--format json`",
        )?,
        ExportFormat::Ics => {
            refuse_json(
                ctx,
                "`export --format ics` writes an iCalendar file",
                "drop --json, or use `--format json`",
            )?;
            return calendar::export(ctx);
        }
    }
    // Both formats are written one case at a time: memory stays flat however big the log is.
    let mut progress = Progress::start(ctx.format == Format::Json);
    let (mut cases, mut contacts) = (0u64, 0u64);
    let mut on_case = |case: &ExportCase| {
        cases += 1;
        contacts += case.contacts.len() as u64;
        progress.update(|| format!("exporting: {}", done(cases, contacts)));
    };
    let db = ctx.read_db()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ExportFormat::Csv => csv::write_csv(&mut out, db.as_ref(), &mut on_case)?,
        _ => json::write_json(&mut out, db.as_ref(), &mut on_case)?,
    }
    out.flush().context(crate::output::WRITING_STDOUT)?;
    progress.finish(&format!("exported {}", done(cases, contacts)));
    Ok(())
}

/// "1,200 cases, 9,000 contacts".
fn done(cases: u64, contacts: u64) -> String {
    format!(
        "{}, {}",
        count(cases, "case", "cases"),
        count(contacts, "contact", "contacts")
    )
}
