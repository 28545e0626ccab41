//! `amex-help export` and `amex-help import`: the whole log as JSON (round-trips) or CSV, and the
//! open cases' follow-up dates and promises as an iCalendar file (in `export/calendar.rs`).

mod calendar;

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{refuse_json, Ctx};
use crate::cli::{ExportArgs, ExportFormat, ImportArgs};
use crate::db::{Export, ImportStats, EXPORT_FORMAT, EXPORT_VERSION};
use crate::error::bad_input;
use crate::output::{emit, emit_json, notice, Render, Style};
use crate::privacy::{MaskReport, Masker};

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
    let data = match ctx.read_db()? {
        Some(db) => db.export_all()?,
        None => Export {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            cases: Vec::new(),
        },
    };
    if args.format == ExportFormat::Csv {
        let mut out = io::BufWriter::new(io::stdout().lock());
        write_csv(&mut out, &data)?;
        out.flush()?;
        return Ok(());
    }
    emit_json(&data)
}

/// One row per contact (a case with no contacts gets one row with empty contact columns).
fn write_csv(out: &mut impl Write, data: &Export) -> io::Result<()> {
    const HEADER: &str = "case_uid,reason,title,status,follow_up,statement_date,card_last5,created_at,resolved_at,resolution_note,contact_uid,at,channel,number,department,rep,rep_id,reference,duration_minutes,outcome,notes,promises";
    writeln!(out, "{HEADER}")?;
    let text = |v: Option<&str>| v.unwrap_or("").to_owned();
    for c in &data.cases {
        let case_cols = [
            c.uid.clone(),
            c.reason.clone(),
            c.title.clone(),
            c.status.as_str().to_owned(),
            c.follow_up.map(|d| d.to_string()).unwrap_or_default(),
            c.statement_date.map(|d| d.to_string()).unwrap_or_default(),
            text(c.card_last5.as_deref()),
            c.created_at.to_rfc3339(),
            c.resolved_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
            text(c.resolution_note.as_deref()),
        ];
        let mut rows: Vec<Vec<String>> = c
            .contacts
            .iter()
            .map(|k| {
                let promises: Vec<String> = k
                    .promises
                    .iter()
                    .map(|p| match p.due {
                        Some(due) => format!("{} (by {due})", p.text),
                        None => p.text.clone(),
                    })
                    .collect();
                vec![
                    k.uid.clone(),
                    k.at.to_rfc3339(),
                    k.channel.as_str().to_owned(),
                    text(k.number.as_deref()),
                    text(k.department.as_deref()),
                    text(k.rep.as_deref()),
                    text(k.rep_id.as_deref()),
                    text(k.reference.as_deref()),
                    k.duration_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                    text(k.outcome.as_deref()),
                    text(k.notes.as_deref()),
                    promises.join("; "),
                ]
            })
            .collect();
        if rows.is_empty() {
            rows.push(vec![String::new(); 12]);
        }
        for row in rows {
            let fields: Vec<String> = case_cols.iter().chain(&row).map(|f| csv_field(f)).collect();
            writeln!(out, "{}", fields.join(","))?;
        }
    }
    Ok(())
}

/// RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

pub(crate) fn import(ctx: &Ctx, args: &ImportArgs) -> Result<()> {
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
    if data.format != EXPORT_FORMAT || data.version > EXPORT_VERSION {
        return Err(bad_input(format!(
            "{} is not an amex-help export this version can read (format {:?}, version {})",
            args.file.display(),
            data.format,
            data.version
        )));
    }
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
    emit(
        &Imported {
            stats,
            masked: mask_reports,
        },
        ctx.format,
        ctx.style,
    )
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

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
