//! `amex-help import`: merge an export written by `export --format json` into the log, masking
//! free text on the way in; cases and contacts already present (by uid) are skipped.

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::Ctx;
use crate::cli::ImportArgs;
use crate::db::{Export, ImportStats};
use crate::error::bad_input;
use crate::output::{count, notice, Format, Page, Progress, Render, Style};
use crate::privacy::{MaskReport, Masker};

pub(crate) fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let mut progress = Progress::start(ctx.format == Format::Json);
    let bytes = progress.during("reading the file", || {
        fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))
    })?;
    // Not text at all is a wrong file, as a malformed one is: bad input, not a failure.
    let text = String::from_utf8(bytes).map_err(|_| {
        bad_input(format!(
            "{} is not UTF-8 text; give a file written by `amex-help export --format json`",
            args.file.display()
        ))
    })?;
    let data: Export = progress
        .during("reading the cases", || serde_json::from_str(&text))
        .map_err(|e| {
            bad_input(format!(
                "{}:{}:{}: {e}; give a file written by `amex-help export --format json`",
                args.file.display(),
                e.line(),
                e.column()
            ))
        })?;
    data.check_header()
        .map_err(|why| bad_input(format!("{}: {why}", args.file.display())))?;
    let k = ctx.knowledge()?;
    data.check(&|slug| k.reason(slug).is_some())
        .with_context(|| format!("{} refused, nothing imported", args.file.display()))?;
    let mut masker = Masker::new();
    // A file with no cases writes nothing, so it must not create a log either.
    let stats = if data.cases.is_empty() {
        ImportStats::default()
    } else {
        progress.during("importing", || ctx.open_db()?.import(&data, &mut masker))?
    };
    progress.finish(&format!(
        "imported {}, {}",
        count(stats.cases_added as u64, "case", "cases"),
        count(stats.contacts_added as u64, "contact", "contacts")
    ));
    let mask_reports = masker.into_reports();
    for r in &mask_reports {
        notice(&format!(
            "masked {} in {} of the imported file",
            r.kind.describe(),
            r.field
        ));
    }
    super::emit_saved(
        ctx,
        &Imported {
            stats,
            masked: mask_reports,
        },
    );
    Ok(())
}

/// The JSON shape of `import --json`.
#[derive(Serialize)]
struct Imported {
    #[serde(flatten)]
    stats: ImportStats,
    masked: Vec<MaskReport>,
}

impl Render for Imported {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let s = &self.stats;
        let n = |v: usize| v as u64;
        let text = format!(
            "Imported {} and {}; skipped {} and {} already in the log.",
            count(n(s.cases_added), "case", "cases"),
            count(n(s.contacts_added), "contact", "contacts"),
            count(n(s.cases_skipped), "case", "cases"),
            count(n(s.contacts_skipped), "contact", "contacts")
        );
        Page::new(out, style).para("", &text)
    }
}
