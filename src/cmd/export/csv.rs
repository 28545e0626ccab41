//! `export --format csv`: one row per contact, for spreadsheets; it does not round-trip.

use std::io::{self, Write};

use anyhow::Result;

use crate::db::{Db, ExportCase};

/// One row per contact (a case with no contacts gets one row with empty contact columns). The
/// dispute columns came later, so they follow the contact columns: a spreadsheet that reads
/// columns by position keeps working.
pub(super) fn write_csv(out: &mut impl Write, db: Option<&Db>) -> Result<()> {
    const HEADER: &str = "case_uid,reason,title,status,follow_up,statement_date,card_last5,created_at,resolved_at,resolution_note,contact_uid,at,channel,number,department,rep,rep_id,reference,duration_minutes,outcome,notes,promises,merchant,amount,charge_date,card_tier,cycle_day,billing_error_notice,received,rung";
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
        let mut notices: Vec<[String; 3]> = c
            .contacts
            .iter()
            .map(|k| {
                [
                    k.billing_error_notice.to_string(),
                    k.received.map(|d| d.to_string()).unwrap_or_default(),
                    text(k.rung.as_deref()),
                ]
            })
            .collect();
        if rows.is_empty() {
            rows.push(vec![String::new(); 12]);
            notices.push(Default::default());
        }
        let dispute_cols = [
            text(c.merchant.as_deref()),
            // Plain dollars, `1250.50`, which spreadsheets read as a number.
            c.amount_cents
                .map(|a| format!("{}.{:02}", a / 100, a % 100))
                .unwrap_or_default(),
            c.charge_date.map(|d| d.to_string()).unwrap_or_default(),
            text(c.card_tier.as_deref()),
            c.cycle_day.map(|d| d.to_string()).unwrap_or_default(),
        ];
        for (row, notice) in rows.iter().zip(&notices) {
            let fields: Vec<String> = case_cols
                .iter()
                .chain(row)
                .chain(&dispute_cols)
                .chain(notice)
                .map(|f| csv_field(f))
                .collect();
            writeln!(out, "{}", fields.join(","))?;
        }
    }
    Ok(())
}

/// RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. A field
/// a spreadsheet would read as a formula (`=HYPERLINK(...)`, `+1 800...`, `-2+3`, `@SUM`, or a
/// leading tab or carriage return) gets a leading `'`, which spreadsheets show as text.
pub(super) fn csv_field(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.into_owned()
    }
}
