//! Export and import: the whole log as one portable JSON document, ordered so that the same log
//! always gives the same bytes, and restored without duplicates by uid.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::write::insert_promise;
use super::{stamp, statement, Db};
use crate::calls::{CaseId, ContactId};
use crate::calls::{CaseStatus, Channel};
use crate::privacy::Masker;

mod check;
use check::check_export;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct ImportStats {
    pub(crate) cases_added: usize,
    /// Cases whose uid was already in the log. Their new contacts are still added.
    pub(crate) cases_skipped: usize,
    pub(crate) contacts_added: usize,
    pub(crate) contacts_skipped: usize,
}

pub(crate) const EXPORT_FORMAT: &str = "amex-help-export";
/// Version 2 added the dispute facts (merchant, amount, charge date, card tier, cycle day) and, on
/// contacts, the billing-error notice, its receipt date and the escalation rung.
pub(crate) const EXPORT_VERSION: u32 = 2;
/// The versions `import` reads: a version 1 file is a version 2 file without the new fields.
const READABLE_VERSIONS: [u32; 2] = [1, 2];

/// The whole log as a portable file. Cases are ordered by creation then uid and contacts by time
/// then uid, so exporting the same log always gives the same bytes and exports can be diffed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Export {
    pub(crate) format: String,
    pub(crate) version: u32,
    pub(crate) cases: Vec<ExportCase>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportCase {
    pub(crate) uid: String,
    pub(crate) reason: String,
    pub(crate) title: String,
    pub(crate) status: CaseStatus,
    pub(crate) follow_up: Option<NaiveDate>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<String>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    pub(crate) resolution_note: Option<String>,
    #[serde(default)]
    pub(crate) merchant: Option<String>,
    #[serde(default)]
    pub(crate) amount_cents: Option<i64>,
    #[serde(default)]
    pub(crate) charge_date: Option<NaiveDate>,
    #[serde(default)]
    pub(crate) card_tier: Option<String>,
    #[serde(default)]
    pub(crate) cycle_day: Option<u32>,
    #[serde(default)]
    pub(crate) contacts: Vec<ExportContact>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportContact {
    pub(crate) uid: String,
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) number: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) rep: Option<String>,
    pub(crate) rep_id: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) outcome: Option<String>,
    pub(crate) notes: Option<String>,
    #[serde(default)]
    pub(crate) promises: Vec<ExportPromise>,
    #[serde(default)]
    pub(crate) billing_error_notice: bool,
    #[serde(default)]
    pub(crate) received: Option<NaiveDate>,
    #[serde(default)]
    pub(crate) rung: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportPromise {
    pub(crate) text: String,
    pub(crate) due: Option<NaiveDate>,
}

impl Db {
    /// The whole log in export order, in memory (the `export` command streams instead).
    #[cfg(test)]
    pub(crate) fn export_all(&self) -> Result<Export> {
        let mut cases = Vec::new();
        self.for_each_case(|case| {
            cases.push(case);
            Ok(())
        })?;
        Ok(Export {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            cases,
        })
    }

    /// Every case with its contacts, in export order, one at a time from one snapshot: an export
    /// of any size holds a single case in memory.
    pub(crate) fn for_each_case(
        &self,
        mut each: impl FnMut(ExportCase) -> Result<()>,
    ) -> Result<()> {
        let tx = self.snapshot()?;
        let mut stmt = statement(&tx, EXPORT_CASES_SQL)?;
        let rows = stmt
            .query_map([], |row| {
                let id: CaseId = row.get(0)?;
                let case = ExportCase {
                    uid: row.get(1)?,
                    reason: row.get(2)?,
                    title: row.get(3)?,
                    status: row.get(4)?,
                    follow_up: row.get(5)?,
                    statement_date: row.get(6)?,
                    card_last5: row.get(7)?,
                    created_at: row.get(8)?,
                    resolved_at: row.get(9)?,
                    resolution_note: row.get(10)?,
                    merchant: row.get(11)?,
                    amount_cents: row.get(12)?,
                    charge_date: row.get(13)?,
                    card_tier: row.get(14)?,
                    cycle_day: row.get(15)?,
                    contacts: Vec::new(),
                };
                Ok((id, case))
            })
            .context("export cases")?;
        for row in rows {
            let (id, mut case) = row.context("read cases for export")?;
            case.contacts = export_contacts(&tx, id)?;
            each(case)?;
        }
        Ok(())
    }

    /// Adds the cases and contacts of an export whose uids are not in the log yet, all in one
    /// transaction. A known case is not changed, but its new contacts are added to it. The file
    /// may have been edited by hand, so all its free text goes through `masker` again; the caller
    /// reads the masker's reports.
    pub(crate) fn import(&mut self, export: &Export, masker: &mut Masker) -> Result<ImportStats> {
        check_export(export, None)?;
        let tx = self.begin()?;
        let mut stats = ImportStats::default();
        for case in &export.cases {
            let existing: Option<CaseId> = statement(&tx, "SELECT id FROM cases WHERE uid = ?1")?
                .query_row([&case.uid], |row| row.get("id"))
                .optional()
                .with_context(|| format!("look up case {} in cases", case.uid))?;
            let case_id = if let Some(id) = existing {
                stats.cases_skipped += 1;
                id
            } else {
                import_case(&tx, case, masker)?;
                stats.cases_added += 1;
                CaseId(tx.last_insert_rowid())
            };
            for contact in &case.contacts {
                let known = statement(&tx, "SELECT 1 FROM contacts WHERE uid = ?1")?
                    .exists([&contact.uid])
                    .with_context(|| format!("look up contact {} in contacts", contact.uid))?;
                if known {
                    stats.contacts_skipped += 1;
                } else {
                    import_contact(&tx, case_id, contact, masker)?;
                    stats.contacts_added += 1;
                }
            }
        }
        tx.commit().context("commit the import")?;
        Ok(stats)
    }
}

// Columns are read by position, several times cheaper than by name over a million rows; a test in
// db/tests.rs checks the names at each position.

/// Every case in export order.
pub(super) const EXPORT_CASES_SQL: &str = "SELECT id, uid, reason, title, status, follow_up,
        statement_date, card_last5, created_at, resolved_at, resolution_note,
        merchant, amount_cents, charge_date, card_tier, cycle_day
    FROM cases ORDER BY created_at, uid";

/// A case's contacts in export order.
pub(super) const EXPORT_CONTACTS_SQL: &str = "SELECT id, uid, at, channel, number, department,
        rep, rep_id, reference, duration_minutes, outcome, notes, billing_error_notice, received, rung
    FROM contacts WHERE case_id = ?1 ORDER BY at, uid";

/// A contact's promises in the order they were made.
pub(super) const EXPORT_PROMISES_SQL: &str =
    "SELECT text, due FROM promises WHERE contact_id = ?1 ORDER BY id";

fn export_contacts(conn: &Connection, case: CaseId) -> Result<Vec<ExportContact>> {
    let rows: Vec<(ContactId, ExportContact)> = statement(conn, EXPORT_CONTACTS_SQL)?
        .query_map([case], |row| {
            let id: ContactId = row.get(0)?;
            let contact = ExportContact {
                uid: row.get(1)?,
                at: row.get(2)?,
                channel: row.get(3)?,
                number: row.get(4)?,
                department: row.get(5)?,
                rep: row.get(6)?,
                rep_id: row.get(7)?,
                reference: row.get(8)?,
                duration_minutes: row.get(9)?,
                outcome: row.get(10)?,
                notes: row.get(11)?,
                promises: Vec::new(),
                billing_error_notice: row.get(12)?,
                received: row.get(13)?,
                rung: row.get(14)?,
            };
            Ok((id, contact))
        })
        .with_context(|| format!("export the contacts of case {case}"))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("read the contacts of case {case} from contacts"))?;
    let mut contacts = Vec::with_capacity(rows.len());
    for (id, mut contact) in rows {
        contact.promises = statement(conn, EXPORT_PROMISES_SQL)?
            .query_map([id], |row| {
                Ok(ExportPromise {
                    text: row.get(0)?,
                    due: row.get(1)?,
                })
            })
            .with_context(|| format!("export the promises of contact {id}"))?
            .collect::<rusqlite::Result<_>>()
            .with_context(|| format!("read the promises of contact {id} from promises"))?;
        contacts.push(contact);
    }
    Ok(contacts)
}

fn import_case(tx: &Connection, case: &ExportCase, masker: &mut Masker) -> Result<()> {
    let title = masker.clean("title", &case.title);
    let merchant = masker.clean_opt("merchant", case.merchant.as_deref());
    let note = masker.clean_opt("resolution_note", case.resolution_note.as_deref());
    statement(
        tx,
        "INSERT INTO cases (uid, reason, title, status, follow_up, statement_date, card_last5,
                            created_at, resolved_at, resolution_note, merchant, amount_cents,
                            charge_date, card_tier, cycle_day)
         VALUES (:uid, :reason, :title, :status, :follow_up, :statement_date, :card_last5,
                 :created_at, :resolved_at, :resolution_note, :merchant, :amount_cents,
                 :charge_date, :card_tier, :cycle_day)",
    )?
    .execute(named_params! {
        ":uid": case.uid,
        ":reason": case.reason,
        ":title": title,
        ":status": case.status,
        ":follow_up": case.follow_up,
        ":statement_date": case.statement_date,
        ":card_last5": case.card_last5,
        ":created_at": stamp(case.created_at),
        ":resolved_at": case.resolved_at.map(stamp),
        ":resolution_note": note,
        ":merchant": merchant,
        ":amount_cents": case.amount_cents,
        ":charge_date": case.charge_date,
        ":card_tier": case.card_tier,
        ":cycle_day": case.cycle_day,
    })
    .with_context(|| format!("insert case {} into cases", case.uid))?;
    Ok(())
}

fn import_contact(
    tx: &Connection,
    case: CaseId,
    contact: &ExportContact,
    masker: &mut Masker,
) -> Result<()> {
    let mut clean =
        |field: &'static str, text: &Option<String>| masker.clean_opt(field, text.as_deref());
    let department = clean("department", &contact.department);
    let rep = clean("rep", &contact.rep);
    let rep_id = clean("rep_id", &contact.rep_id);
    let reference = clean("reference", &contact.reference);
    let outcome = clean("outcome", &contact.outcome);
    let notes = clean("notes", &contact.notes);
    // Read as `log add --number` reads it, so a phone number with an extension survives a round trip.
    let number = contact
        .number
        .as_deref()
        .map(|n| masker.clean_number("number", n));
    statement(
        tx,
        "INSERT INTO contacts (uid, case_id, at, channel, number, department, rep, rep_id, reference,
                               duration_minutes, outcome, notes, billing_error_notice, received, rung)
         VALUES (:uid, :case_id, :at, :channel, :number, :department, :rep, :rep_id, :reference,
                 :duration_minutes, :outcome, :notes, :billing_error_notice, :received, :rung)",
    )?
    .execute(named_params! {
        ":uid": contact.uid,
        ":case_id": case,
        ":at": stamp(contact.at),
        ":channel": contact.channel,
        ":number": number,
        ":department": department,
        ":rep": rep,
        ":rep_id": rep_id,
        ":reference": reference,
        ":duration_minutes": contact.duration_minutes,
        ":outcome": outcome,
        ":notes": notes,
        ":billing_error_notice": contact.billing_error_notice,
        ":received": contact.received,
        ":rung": contact.rung,
    })
    .with_context(|| format!("insert contact {} into contacts", contact.uid))?;
    let id = ContactId(tx.last_insert_rowid());
    for promise in &contact.promises {
        let text = masker.clean("promise", &promise.text);
        insert_promise(tx, id, &text, promise.due)?;
    }
    Ok(())
}
