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
use crate::output::{notice, Render, Style};
use crate::privacy::{MaskReport, Masker};

pub(crate) fn run(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
    let text = fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let data: Export = serde_json::from_str(&text).map_err(|e| {
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
    let stats = ctx.open_db()?.import(&data, &mut masker)?;
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
    fn human(&self, out: &mut dyn Write, _: Style) -> io::Result<()> {
        let s = &self.stats;
        writeln!(
            out,
            "Imported {} case(s) and {} contact(s); skipped {} case(s) and {} contact(s) already in the log.",
            s.cases_added, s.contacts_added, s.cases_skipped, s.contacts_skipped
        )
    }
}
