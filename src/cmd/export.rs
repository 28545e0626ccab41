//! `amex-help export` and `amex-help import`: the whole log as JSON (round-trips) or CSV, and the
//! open cases' follow-up dates and promises as an iCalendar file (in `export/calendar.rs`).

mod calendar;

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::{refuse_json, Ctx};
use crate::cli::{ExportArgs, ExportFormat, ImportArgs};
use crate::db::{Db, Export, ExportCase, ImportStats, EXPORT_FORMAT, EXPORT_VERSION};
use crate::error::bad_input;
use crate::output::{emit, notice, Render, Style};
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
    // Both formats are written one case at a time: memory stays flat however big the log is.
    let db = ctx.read_db()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ExportFormat::Csv => write_csv(&mut out, db.as_ref())?,
        _ => write_json(&mut out, db.as_ref())?,
    }
    out.flush()?;
    Ok(())
}

/// Writes the export JSON byte for byte as pretty-printing a whole [`Export`] would, one case at
/// a time. A case's pretty JSON has no line breaks inside strings, so indenting it line by line
/// nests it correctly; a test compares the two.
fn write_json(out: &mut impl Write, db: Option<&Db>) -> Result<()> {
    write!(
        out,
        "{{\n  \"format\": {},\n  \"version\": {EXPORT_VERSION},\n  \"cases\": [",
        serde_json::to_string(EXPORT_FORMAT)?
    )?;
    let mut empty = true;
    if let Some(db) = db {
        db.for_each_case(|case| {
            out.write_all(if empty { b"\n" } else { b",\n" })?;
            empty = false;
            for (i, line) in serde_json::to_string_pretty(&case)?.lines().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"    ")?;
                out.write_all(line.as_bytes())?;
            }
            Ok(())
        })?;
    }
    out.write_all(if empty { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    Ok(())
}

/// One row per contact (a case with no contacts gets one row with empty contact columns).
fn write_csv(out: &mut impl Write, db: Option<&Db>) -> Result<()> {
    const HEADER: &str = "case_uid,reason,title,status,follow_up,statement_date,card_last5,created_at,resolved_at,resolution_note,contact_uid,at,channel,number,department,rep,rep_id,reference,duration_minutes,outcome,notes,promises";
    writeln!(out, "{HEADER}")?;
    if let Some(db) = db {
        db.for_each_case(|case| Ok(write_csv_case(out, &case)?))?;
    }
    Ok(())
}

fn write_csv_case(out: &mut impl Write, c: &ExportCase) -> io::Result<()> {
    let text = |v: Option<&str>| v.unwrap_or("").to_owned();
    {
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
    use super::{csv_field, write_json};
    use crate::db::{Db, Export};
    use crate::privacy::Masker;

    fn streamed(db: Option<&Db>) -> String {
        let mut out = Vec::new();
        write_json(&mut out, db).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn whole(db: &Db) -> String {
        serde_json::to_string_pretty(&db.export_all().unwrap()).unwrap() + "\n"
    }

    #[test]
    fn the_streamed_json_is_the_whole_export_pretty_printed() {
        let mut db = Db::open_in_memory().unwrap();
        assert_eq!(streamed(Some(&db)), whole(&db));
        assert_eq!(streamed(None), whole(&db));
        let export: Export = serde_json::from_str(
            r#"{"format": "amex-help-export", "version": 1, "cases": [
              {"uid": "c1", "reason": "dispute", "title": "Zwei Buchungen \"doppelt\"\nüber €40",
               "status": "open", "follow_up": "2026-12-01", "statement_date": null,
               "card_last5": "71006", "created_at": "2026-11-02T10:15:00Z", "resolved_at": null,
               "resolution_note": null, "contacts": [
                 {"uid": "k1", "at": "2026-11-02T10:15:00Z", "channel": "phone", "number": null,
                  "department": null, "rep": "Dana", "rep_id": null, "reference": "R-1",
                  "duration_minutes": 5, "outcome": null, "notes": "line one\nline two",
                  "promises": [{"text": "Credit", "due": "2026-11-05"}, {"text": "Letter", "due": null}]}]},
              {"uid": "c2", "reason": "lost-card", "title": "No contacts", "status": "resolved",
               "follow_up": null, "statement_date": null, "card_last5": null,
               "created_at": "2026-11-03T10:15:00Z", "resolved_at": "2026-11-04T10:15:00Z",
               "resolution_note": "done", "contacts": []}]}"#,
        )
        .unwrap();
        db.import(&export, &mut Masker::new()).unwrap();
        assert_eq!(streamed(Some(&db)), whole(&db));
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
