//! The reads: one case with its contacts and promises, case summaries, and the cases that need
//! attention, each from one snapshot.

use std::collections::HashMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::{named_params, Connection, OptionalExtension, Row};

use super::sql_types::{StoredDate, StoredTime};
use super::{stamp, statement, Db};
use crate::calls::{CaseId, CaseRecord, CaseSummary, ContactId, ContactRecord, PromiseRecord};
use crate::error::bad_input;
use crate::knowledge::{DISPUTE_SLUG, FRAUD_SLUG};

/// Which cases [`Db::list_cases`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CaseFilter {
    pub(crate) open_only: bool,
    /// A reason slug.
    pub(crate) reason: Option<String>,
    /// Cases whose last contact, or creation when there is none, is at or after this time.
    pub(crate) since: Option<DateTime<Utc>>,
    /// A substring of the title or of any contact's notes, outcome, rep or reference, or of any
    /// promise. Letter case is ignored for ASCII letters only, as the database's `lower()` does.
    pub(crate) search: Option<String>,
    pub(crate) limit: Option<usize>,
}

impl Db {
    /// A case with all its contacts (by time, then id) and their promises.
    pub(crate) fn find_case(&self, id: CaseId) -> Result<Option<CaseRecord>> {
        let tx = self.snapshot()?;
        load_case(&tx, id)
    }

    /// Case summaries, most recently active first (last contact, or creation when none).
    pub(crate) fn list_cases(&self, filter: &CaseFilter) -> Result<Vec<CaseSummary>> {
        let search = filter.search.as_deref().map(str::to_ascii_lowercase);
        let limit = filter
            .limit
            .and_then(|limit| i64::try_from(limit).ok())
            .unwrap_or(-1);
        let tx = self.snapshot()?;
        let mut stmt = statement(&tx, LIST_CASES_SQL)?;
        let rows = stmt
            .query_map(
                named_params! {
                    ":open_only": filter.open_only,
                    ":reason": filter.reason,
                    ":search": search,
                    ":since": filter.since.map(stamp),
                    ":limit": limit,
                },
                summary_from_row,
            )
            .context("list cases")?;
        rows.collect::<rusqlite::Result<_>>()
            .context("read case summaries from cases")
    }

    /// Open cases that need attention on `today`: a follow-up date or a promise due within
    /// `within_days` (so every broken promise), or a dispute with a statement date (its legal
    /// clocks). Most urgent first: by the earlier of the follow-up date and the first promise,
    /// then cases with neither. With a `limit`, also says whether more were left out.
    pub(crate) fn needing_attention(
        &self,
        today: NaiveDate,
        within_days: u32,
        limit: Option<usize>,
    ) -> Result<(Vec<CaseRecord>, bool)> {
        let by = today
            .checked_add_days(Days::new(u64::from(within_days)))
            .ok_or_else(|| {
                bad_input(format!(
                    "{within_days} days from {today} is off the calendar; give a smaller --within"
                ))
            })?;
        // One past the limit tells whether there are more; -1 is no limit to SQLite.
        let wanted = limit
            .and_then(|n| i64::try_from(n).ok())
            .and_then(|n| n.checked_add(1))
            .unwrap_or(-1);
        let tx = self.snapshot()?;
        let mut ids: Vec<CaseId> = statement(&tx, ATTENTION_SQL)?
            .query_map(
                named_params! {
                    ":by": by,
                    ":dispute": DISPUTE_SLUG,
                    ":fraud": FRAUD_SLUG,
                    ":limit": wanted
                },
                |row| row.get(0),
            )
            .context("list cases needing attention")?
            .collect::<rusqlite::Result<_>>()
            .context("read cases needing attention from cases")?;
        let more = limit.is_some_and(|n| ids.len() > n);
        if let Some(n) = limit {
            ids.truncate(n);
        }
        let mut cases = Vec::with_capacity(ids.len());
        for id in ids {
            // Within one snapshot a listed case cannot vanish before it is loaded.
            if let Some(case) = load_case(&tx, id)? {
                cases.push(case);
            }
        }
        Ok((cases, more))
    }
}

/// Case summaries, most recently active first. The `last_activity_at` index gives the order, so
/// with a limit only the newest rows are read, whatever the size of the log; a test checks the plan.
pub(super) const LIST_CASES_SQL: &str =
    "SELECT c.id, c.reason, c.title, c.status, c.follow_up, c.created_at,
       (SELECT max(k.at) FROM contacts k WHERE k.case_id = c.id) AS last_contact_at,
       (SELECT count(*) FROM contacts k WHERE k.case_id = c.id) AS contact_count,
       (SELECT k.reference FROM contacts k WHERE k.case_id = c.id AND k.reference IS NOT NULL
           ORDER BY k.at DESC, k.id DESC LIMIT 1) AS last_reference,
       (SELECT k.rep FROM contacts k WHERE k.case_id = c.id AND k.rep IS NOT NULL
           ORDER BY k.at DESC, k.id DESC LIMIT 1) AS last_rep
    FROM cases c
    WHERE (NOT :open_only OR c.status = 'open')
      AND (:reason IS NULL OR c.reason = :reason)
      AND (:since IS NULL OR c.last_activity_at >= :since)
      AND (:search IS NULL
           OR instr(lower(c.title), :search) > 0
           OR EXISTS (SELECT 1 FROM contacts k WHERE k.case_id = c.id
                      AND (instr(lower(k.notes), :search) > 0
                           OR instr(lower(k.outcome), :search) > 0
                           OR instr(lower(k.rep), :search) > 0
                           OR instr(lower(k.reference), :search) > 0))
           OR EXISTS (SELECT 1 FROM promises p JOIN contacts k ON k.id = p.contact_id
                      WHERE k.case_id = c.id AND instr(lower(p.text), :search) > 0))
    ORDER BY c.last_activity_at DESC, c.id DESC
    LIMIT :limit";

/// Open cases that need attention, most urgent first: `cases_attention` indexes exactly this
/// order, so with a limit only the first rows are read; a test checks the plan. A promise is due
/// when its date comes, so every broken one (its date passed, the case still open) is included.
/// The statement date keeps a dispute or fraud case in the list while its legal clocks run.
pub(super) const ATTENTION_SQL: &str = "SELECT c.id FROM cases c
    WHERE c.status = 'open'
      AND (min(coalesce(c.follow_up, '9999-12-31'), coalesce(c.first_promise_due, '9999-12-31')) <= :by
           OR (c.reason IN (:dispute, :fraud) AND c.statement_date IS NOT NULL))
    ORDER BY min(coalesce(c.follow_up, '9999-12-31'), coalesce(c.first_promise_due, '9999-12-31')), c.id
    LIMIT :limit";

// The row mappers below read columns by position, which is several times cheaper than by name;
// each reads exactly one of these statements, and a test checks the names at each position.

/// One case, in `case_from_row` order.
pub(super) const LOAD_CASE_SQL: &str =
    "SELECT id, uid, reason, title, status, follow_up, statement_date,
        card_last5, created_at, resolved_at, resolution_note,
        merchant, amount_cents, charge_date, card_tier, cycle_day
    FROM cases WHERE id = ?1";

/// A case's contacts in time order, in `contact_from_row` order.
pub(super) const LOAD_CONTACTS_SQL: &str =
    "SELECT id, uid, at, channel, number, department, rep, rep_id,
        reference, duration_minutes, outcome, notes, billing_error_notice, received, rung
    FROM contacts WHERE case_id = ?1 ORDER BY at, id";

/// A case's promises, in `promise_from_row` order.
pub(super) const LOAD_PROMISES_SQL: &str = "SELECT p.contact_id, p.text, p.due
    FROM promises p JOIN contacts k ON k.id = p.contact_id
    WHERE k.case_id = ?1 ORDER BY p.id";

pub(super) fn load_case(conn: &Connection, id: CaseId) -> Result<Option<CaseRecord>> {
    let case = statement(conn, LOAD_CASE_SQL)?
        .query_row([id], case_from_row)
        .optional()
        .with_context(|| format!("read case {id} from cases"))?;
    let Some(mut case) = case else {
        return Ok(None);
    };
    case.contacts = load_contacts(conn, id)?;
    Ok(Some(case))
}

/// A case's contacts in time order, each with its promises.
pub(super) fn load_contacts(conn: &Connection, case: CaseId) -> Result<Vec<ContactRecord>> {
    let mut contacts: Vec<ContactRecord> = statement(conn, LOAD_CONTACTS_SQL)?
        .query_map([case], contact_from_row)
        .with_context(|| format!("list the contacts of case {case}"))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("read the contacts of case {case} from contacts"))?;
    let position: HashMap<ContactId, usize> = contacts
        .iter()
        .enumerate()
        .map(|(index, contact)| (contact.id, index))
        .collect();
    let promises: Vec<PromiseRecord> = statement(conn, LOAD_PROMISES_SQL)?
        .query_map([case], promise_from_row)
        .with_context(|| format!("list the promises of case {case}"))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("read the promises of case {case} from promises"))?;
    for promise in promises {
        if let Some(index) = position.get(&promise.contact_id) {
            contacts[*index].promises.push(promise);
        }
    }
    Ok(contacts)
}

/// A stored time, by the quick path for the log's own form.
fn time(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    row.get::<_, StoredTime>(index).map(|t| t.0)
}

fn time_opt(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    row.get::<_, Option<StoredTime>>(index)
        .map(|t| t.map(|t| t.0))
}

/// A stored date that may be NULL, by the quick path for the log's own form.
fn date_opt(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    row.get::<_, Option<StoredDate>>(index)
        .map(|d| d.map(|d| d.0))
}

pub(super) fn case_from_row(row: &Row<'_>) -> rusqlite::Result<CaseRecord> {
    Ok(CaseRecord {
        id: row.get(0)?,
        uid: row.get(1)?,
        reason: row.get(2)?,
        title: row.get(3)?,
        status: row.get(4)?,
        follow_up: date_opt(row, 5)?,
        statement_date: date_opt(row, 6)?,
        card_last5: row.get(7)?,
        created_at: time(row, 8)?,
        resolved_at: time_opt(row, 9)?,
        resolution_note: row.get(10)?,
        merchant: row.get(11)?,
        amount_cents: row.get(12)?,
        charge_date: row.get(13)?,
        card_tier: row.get(14)?,
        cycle_day: row.get(15)?,
        contacts: Vec::new(),
    })
}

pub(super) fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<ContactRecord> {
    Ok(ContactRecord {
        id: row.get(0)?,
        uid: row.get(1)?,
        at: time(row, 2)?,
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
    })
}

pub(super) fn promise_from_row(row: &Row<'_>) -> rusqlite::Result<PromiseRecord> {
    Ok(PromiseRecord {
        contact_id: row.get(0)?,
        text: row.get(1)?,
        due: date_opt(row, 2)?,
    })
}

pub(super) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: row.get(0)?,
        reason: row.get(1)?,
        title: row.get(2)?,
        status: row.get(3)?,
        follow_up: row.get(4)?,
        created_at: row.get(5)?,
        last_contact_at: row.get(6)?,
        contact_count: row.get(7)?,
        last_reference: row.get(8)?,
        last_rep: row.get(9)?,
    })
}
