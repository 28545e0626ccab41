//! The call-log database: opening the file (permissions, pragmas, migrations), the typed reads and
//! writes the commands use, and export and import. All of the crate's SQL lives under `db/`.

mod migrate;

use std::collections::HashMap;
use std::fmt;
use std::fs::{DirBuilder, OpenOptions};
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Days, NaiveDate, SecondsFormat, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{
    named_params, CachedStatement, Connection, ErrorCode, OpenFlags, OptionalExtension, Row, ToSql,
    Transaction, TransactionBehavior,
};
use serde::{Deserialize, Serialize};

use crate::calls::{
    CaseRecord, CaseStatus, CaseSummary, Channel, ContactRecord, NewCase, NewContact, PromiseRecord,
};
use crate::error::bad_input;
use crate::privacy::{Clean, Masker};

/// Long enough that four processes writing at once queue instead of failing with "database is
/// locked"; each write transaction here takes milliseconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

macro_rules! row_id {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The local row id of a ", $what, ". Not exported: uids identify rows across files.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub(crate) struct $name(pub(crate) i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = String;

            /// Accepts `12` and `#12`, as the case list prints them.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let text = s.trim();
                text.strip_prefix('#')
                    .unwrap_or(text)
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map($name)
                    .ok_or_else(|| format!("{text} is not a {} number", $what))
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    };
}

row_id!(CaseId, "case");
row_id!(ContactId, "contact");

impl ToSql for Clean {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl ToSql for Channel {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Channel {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

impl ToSql for CaseStatus {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for CaseStatus {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: String| FromSqlError::Other(e.into()))
    }
}

/// Bad input (exit code 2): the user named a case that is not in the log.
fn no_case(id: CaseId) -> anyhow::Error {
    bad_input(format!(
        "no case {id}; `amex-help log list` shows the case numbers"
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenMode {
    /// For commands that only read: a missing file means an empty log, and nothing is created.
    ReadOnly,
    /// For commands that write: the file and its directory are created, private to the user.
    ReadWrite,
}

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

/// Changes to a case; `None` leaves a field as it is.
#[derive(Default)]
pub(crate) struct CaseEdit {
    pub(crate) reason: Option<String>,
    pub(crate) title: Option<Clean>,
    /// `Some(None)` clears the follow-up date.
    #[allow(clippy::option_option)]
    pub(crate) follow_up: Option<Option<NaiveDate>>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub(crate) struct ImportStats {
    pub(crate) cases_added: usize,
    /// Cases whose uid was already in the log. Their new contacts are still added.
    pub(crate) cases_skipped: usize,
    pub(crate) contacts_added: usize,
    pub(crate) contacts_skipped: usize,
}

pub(crate) const EXPORT_FORMAT: &str = "amex-help-export";
pub(crate) const EXPORT_VERSION: u32 = 1;

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportPromise {
    pub(crate) text: String,
    pub(crate) due: Option<NaiveDate>,
}

/// The call log. Every write method is one immediate transaction: concurrent writers queue for
/// the lock instead of failing halfway, and an error drops the transaction, which rolls it back.
pub(crate) struct Db {
    conn: Connection,
}

impl Db {
    /// Opens the log at `path`. `ReadOnly` returns `Ok(None)` when the file does not exist and
    /// creates nothing; otherwise the connection refuses writes. `ReadWrite` creates missing
    /// directories (mode 0700) and the file (mode 0600) before the database library first opens
    /// it, leaving the modes of existing ones alone. Both modes upgrade an older schema, and
    /// refuse, without changing it, a file that is not an amex-help database or was written by a
    /// newer amex-help.
    pub(crate) fn open(path: &Path, mode: OpenMode) -> Result<Option<Db>> {
        let label = path.display().to_string();
        match mode {
            OpenMode::ReadOnly => {
                let exists = path
                    .try_exists()
                    .with_context(|| format!("look for database {label}"))?;
                if !exists {
                    return Ok(None);
                }
            }
            OpenMode::ReadWrite => create_private(path)?,
        }
        // No CREATE flag: the file exists by now, and if it vanished SQLite would recreate it
        // with the default mode. No URI flag: a path with `?` in it is a file name, not options.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("open database {label}"))?;
        let mut db = Db { conn };
        db.configure(&label, mode, true)?;
        Ok(Some(db))
    }

    /// An empty, fully migrated log that lives only as long as the value, for tests.
    #[cfg(test)]
    pub(crate) fn open_in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory().context("open an in-memory database")?;
        let mut db = Db { conn };
        db.configure(":memory:", OpenMode::ReadWrite, false)?;
        Ok(db)
    }

    fn configure(&mut self, label: &str, mode: OpenMode, on_disk: bool) -> Result<()> {
        let conn = &mut self.conn;
        // First, so that every statement below waits for other processes instead of failing.
        conn.busy_timeout(BUSY_TIMEOUT)
            .with_context(|| format!("set busy timeout on {label}"))?;
        conn.set_prepared_statement_cache_capacity(64);
        // Before anything that writes (the journal mode is stored in the file): a file that is
        // not ours must be left exactly as it was.
        check_is_ours(conn, label)?;
        // Under WAL, readers never wait for the writer and writers queue on the busy timeout.
        if on_disk && mode == OpenMode::ReadWrite && use_wal(conn, label)? {
            // Safe under WAL: a power cut can lose the last commits but never corrupts the file.
            conn.pragma_update(None, "synchronous", "NORMAL")
                .with_context(|| format!("set synchronous on {label}"))?;
        }
        conn.pragma_update(None, "foreign_keys", true)
            .with_context(|| format!("turn on foreign keys for {label}"))?;
        migrate::upgrade(conn, label)?;
        if mode == OpenMode::ReadOnly {
            // A read command that tried to write would be a bug; make it fail loudly.
            conn.pragma_update(None, "query_only", true)
                .with_context(|| format!("make {label} query-only"))?;
        }
        Ok(())
    }

    fn begin(&mut self) -> Result<Transaction<'_>> {
        self.conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("lock the call log for writing")
    }

    /// A read transaction, so that a case and its contacts come from one snapshot even while
    /// another process writes.
    fn snapshot(&self) -> Result<Transaction<'_>> {
        self.conn
            .unchecked_transaction()
            .context("begin reading the call log")
    }

    /// Writes a case and, when given, its first contact, both or neither.
    pub(crate) fn insert_case(
        &mut self,
        case: &NewCase,
        first_contact: Option<&NewContact>,
        now: DateTime<Utc>,
    ) -> Result<(CaseId, Option<ContactId>)> {
        if let Some(last5) = &case.card_last5 {
            check_card_last5(last5)?;
        }
        let tx = self.begin()?;
        statement(
            &tx,
            "INSERT INTO cases (uid, reason, title, status, follow_up, statement_date, card_last5, created_at)
             VALUES (lower(hex(randomblob(16))), :reason, :title, 'open', :follow_up, :statement_date,
                     :card_last5, :created_at)",
        )?
        .execute(named_params! {
            ":reason": case.reason,
            ":title": case.title,
            ":follow_up": case.follow_up,
            ":statement_date": case.statement_date,
            ":card_last5": case.card_last5,
            ":created_at": stamp(now),
        })
        .context("insert into cases")?;
        let id = CaseId(tx.last_insert_rowid());
        let contact = first_contact
            .map(|contact| insert_contact_row(&tx, id, contact))
            .transpose()?;
        tx.commit().context("commit the new case")?;
        Ok((id, contact))
    }

    /// Adds a contact to a case, and sets the case's follow-up (`Some(None)` clears it) and
    /// statement date when given. The case's status is left alone: a call about a resolved case
    /// does not reopen it.
    #[allow(clippy::option_option)]
    pub(crate) fn insert_contact(
        &mut self,
        case: CaseId,
        contact: &NewContact,
        follow_up: Option<Option<NaiveDate>>,
        statement_date: Option<NaiveDate>,
    ) -> Result<ContactId> {
        let tx = self.begin()?;
        let exists = statement(&tx, "SELECT 1 FROM cases WHERE id = ?1")?
            .exists([case])
            .with_context(|| format!("look up case {case} in cases"))?;
        if !exists {
            return Err(no_case(case));
        }
        let id = insert_contact_row(&tx, case, contact)?;
        if let Some(follow_up) = follow_up {
            statement(&tx, "UPDATE cases SET follow_up = ?2 WHERE id = ?1")?
                .execute((case, follow_up))
                .with_context(|| format!("set the follow-up of case {case} in cases"))?;
        }
        if let Some(date) = statement_date {
            statement(&tx, "UPDATE cases SET statement_date = ?2 WHERE id = ?1")?
                .execute((case, date))
                .with_context(|| format!("set the statement date of case {case} in cases"))?;
        }
        tx.commit().context("commit the new contact")?;
        Ok(id)
    }

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
        let mut stmt = statement(
            &tx,
            "WITH summary AS (
                SELECT c.id, c.reason, c.title, c.status, c.follow_up, c.created_at,
                    (SELECT max(k.at) FROM contacts k WHERE k.case_id = c.id) AS last_contact_at,
                    (SELECT count(*) FROM contacts k WHERE k.case_id = c.id) AS contact_count,
                    (SELECT k.reference FROM contacts k WHERE k.case_id = c.id AND k.reference IS NOT NULL
                        ORDER BY k.at DESC, k.id DESC LIMIT 1) AS last_reference,
                    (SELECT k.rep FROM contacts k WHERE k.case_id = c.id AND k.rep IS NOT NULL
                        ORDER BY k.at DESC, k.id DESC LIMIT 1) AS last_rep
                FROM cases c
                WHERE (NOT :open_only OR c.status = 'open')
                  AND (:reason IS NULL OR c.reason = :reason)
                  AND (:search IS NULL
                       OR instr(lower(c.title), :search) > 0
                       OR EXISTS (SELECT 1 FROM contacts k WHERE k.case_id = c.id
                                  AND (instr(lower(k.notes), :search) > 0
                                       OR instr(lower(k.outcome), :search) > 0
                                       OR instr(lower(k.rep), :search) > 0
                                       OR instr(lower(k.reference), :search) > 0))
                       OR EXISTS (SELECT 1 FROM promises p JOIN contacts k ON k.id = p.contact_id
                                  WHERE k.case_id = c.id AND instr(lower(p.text), :search) > 0))
            )
            SELECT id, reason, title, status, follow_up, created_at, last_contact_at, contact_count,
                   last_reference, last_rep
            FROM summary
            WHERE :since IS NULL OR coalesce(last_contact_at, created_at) >= :since
            ORDER BY coalesce(last_contact_at, created_at) DESC, id DESC
            LIMIT :limit",
        )?;
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

    pub(crate) fn update_case(&mut self, id: CaseId, edit: &CaseEdit) -> Result<()> {
        if let Some(last5) = &edit.card_last5 {
            check_card_last5(last5)?;
        }
        self.change_case(
            id,
            "update",
            "UPDATE cases SET
                reason = coalesce(:reason, reason),
                title = coalesce(:title, title),
                follow_up = CASE WHEN :set_follow_up THEN :follow_up ELSE follow_up END,
                statement_date = coalesce(:statement_date, statement_date),
                card_last5 = coalesce(:card_last5, card_last5)
             WHERE id = :id",
            named_params! {
                ":id": id,
                ":reason": edit.reason,
                ":title": edit.title,
                ":set_follow_up": edit.follow_up.is_some(),
                ":follow_up": edit.follow_up.flatten(),
                ":statement_date": edit.statement_date,
                ":card_last5": edit.card_last5,
            },
        )
    }

    /// Marks a case resolved at `now`. Without a note, an earlier note is kept.
    pub(crate) fn resolve(
        &mut self,
        id: CaseId,
        note: Option<Clean>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let note = note.map(Clean::into_string);
        self.change_case(
            id,
            "resolve",
            "UPDATE cases SET status = 'resolved', resolved_at = :now,
                 resolution_note = coalesce(:note, resolution_note)
             WHERE id = :id",
            named_params! { ":id": id, ":now": stamp(now), ":note": note },
        )
    }

    /// Reopens a case. The resolution note stays as a record of what was claimed.
    pub(crate) fn reopen(&mut self, id: CaseId) -> Result<()> {
        self.change_case(
            id,
            "reopen",
            "UPDATE cases SET status = 'open', resolved_at = NULL WHERE id = :id",
            named_params! { ":id": id },
        )
    }

    /// Deletes a case with its contacts and promises.
    pub(crate) fn delete_case(&mut self, id: CaseId) -> Result<()> {
        self.change_case(
            id,
            "delete",
            "DELETE FROM cases WHERE id = :id",
            named_params! { ":id": id },
        )
    }

    fn change_case(
        &mut self,
        id: CaseId,
        verb: &str,
        sql: &str,
        params: &[(&str, &dyn ToSql)],
    ) -> Result<()> {
        let tx = self.begin()?;
        let changed = statement(&tx, sql)?
            .execute(params)
            .with_context(|| format!("{verb} case {id} in cases"))?;
        if changed == 0 {
            return Err(no_case(id));
        }
        tx.commit()
            .with_context(|| format!("commit: {verb} case {id}"))?;
        Ok(())
    }

    /// Open cases whose follow-up falls on or before `today + within_days`, earliest first.
    pub(crate) fn due_followups(
        &self,
        today: NaiveDate,
        within_days: i64,
    ) -> Result<Vec<CaseRecord>> {
        let step = Days::new(within_days.unsigned_abs());
        let until = if within_days >= 0 {
            today.checked_add_days(step)
        } else {
            today.checked_sub_days(step)
        }
        .with_context(|| format!("{within_days} days from {today} is off the calendar"))?;
        let tx = self.snapshot()?;
        load_cases(&tx, DUE_FOLLOWUPS_SQL, &[&until], "due follow-ups")
    }

    /// Promises due before `today` on open cases, earliest first, with their case.
    pub(crate) fn overdue_promises(
        &self,
        today: NaiveDate,
    ) -> Result<Vec<(CaseId, PromiseRecord)>> {
        let tx = self.snapshot()?;
        let mut stmt = statement(
            &tx,
            "SELECT k.case_id, p.contact_id, p.text, p.due
             FROM promises p
             JOIN contacts k ON k.id = p.contact_id
             JOIN cases c ON c.id = k.case_id
             WHERE p.due < ?1 AND c.status = 'open'
             ORDER BY p.due, p.id",
        )?;
        let rows = stmt
            .query_map([today], |row| {
                Ok((row.get("case_id")?, promise_from_row(row)?))
            })
            .context("list overdue promises")?;
        rows.collect::<rusqlite::Result<_>>()
            .context("read overdue promises from promises")
    }

    /// Open cases with a statement date: the candidates for dispute deadlines. Which reasons are
    /// disputes is the knowledge file's business, so the caller filters on `reason`.
    pub(crate) fn open_cases_with_statement_date(&self) -> Result<Vec<CaseRecord>> {
        let tx = self.snapshot()?;
        load_cases(
            &tx,
            "SELECT id FROM cases WHERE status = 'open' AND statement_date IS NOT NULL
             ORDER BY statement_date, id",
            &[],
            "cases with a statement date",
        )
    }

    /// The whole log in export order.
    pub(crate) fn export_all(&self) -> Result<Export> {
        let tx = self.snapshot()?;
        let mut stmt = statement(
            &tx,
            "SELECT id, uid, reason, title, status, follow_up, statement_date, card_last5, created_at,
                    resolved_at, resolution_note
             FROM cases ORDER BY created_at, uid",
        )?;
        let rows = stmt
            .query_map([], |row| {
                let id: CaseId = row.get("id")?;
                let case = ExportCase {
                    uid: row.get("uid")?,
                    reason: row.get("reason")?,
                    title: row.get("title")?,
                    status: row.get("status")?,
                    follow_up: row.get("follow_up")?,
                    statement_date: row.get("statement_date")?,
                    card_last5: row.get("card_last5")?,
                    created_at: row.get("created_at")?,
                    resolved_at: row.get("resolved_at")?,
                    resolution_note: row.get("resolution_note")?,
                    contacts: Vec::new(),
                };
                Ok((id, case))
            })
            .context("export cases")?;
        let mut cases = Vec::new();
        for row in rows {
            let (id, mut case) = row.context("read cases for export")?;
            case.contacts = export_contacts(&tx, id)?;
            cases.push(case);
        }
        Ok(Export {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            cases,
        })
    }

    /// Adds the cases and contacts of an export whose uids are not in the log yet, all in one
    /// transaction. A known case is not changed, but its new contacts are added to it. The file
    /// may have been edited by hand, so all its free text goes through `masker` again; the caller
    /// reads the masker's reports.
    pub(crate) fn import(&mut self, export: &Export, masker: &mut Masker) -> Result<ImportStats> {
        check_export(export)?;
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

/// Open cases with a follow-up due by `?1`. Shaped to match the `(status, follow_up)` index,
/// which a test checks with EXPLAIN QUERY PLAN.
const DUE_FOLLOWUPS_SQL: &str =
    "SELECT id FROM cases WHERE status = 'open' AND follow_up <= ?1 ORDER BY follow_up, id";

/// Times are stored at one fixed width (whole seconds, `Z`) so that comparing the text orders by
/// time, which `ORDER BY at` and the `since` filter rely on; rusqlite's own format varies in width
/// with the fraction of a second.
fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn statement<'c>(conn: &'c Connection, sql: &str) -> Result<CachedStatement<'c>> {
    conn.prepare_cached(sql)
        .with_context(|| format!("prepare SQL: {sql}"))
}

/// The value is never echoed: a wrong value may be a whole card number.
fn check_card_last5(last5: &str) -> Result<()> {
    if last5.len() == 5 && last5.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(bad_input(
            "card_last5 must be exactly 5 digits, the end of the card number",
        ))
    }
}

#[cfg(unix)]
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        // Recursive creation gives every directory it makes the mode, and leaves existing ones.
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| {
                format!(
                    "create directory {} for database {}",
                    dir.display(),
                    path.display()
                )
            })?;
    }
    // The mode applies only when the file is created; an existing file keeps the mode its owner
    // chose.
    OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("open database {} for writing", path.display()))?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        DirBuilder::new()
            .recursive(true)
            .create(dir)
            .with_context(|| {
                format!(
                    "create directory {} for database {}",
                    dir.display(),
                    path.display()
                )
            })?;
    }
    OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(path)
        .with_context(|| format!("open database {} for writing", path.display()))?;
    Ok(())
}

/// Puts the file in WAL mode, once for its lifetime (the mode is stored in the file), and says
/// whether it is in WAL mode now; a file system without shared memory may keep it out.
fn use_wal(conn: &Connection, label: &str) -> Result<bool> {
    let context = || format!("switch {label} to write-ahead logging");
    let current: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .with_context(context)?;
    if current.eq_ignore_ascii_case("wal") {
        return Ok(true);
    }
    // Switching needs every other connection to let go for a moment, and SQLite reports a clash
    // at once instead of calling the busy handler, so several processes opening a brand-new file
    // together must wait here themselves.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
            row.get::<_, String>(0)
        }) {
            Ok(mode) => return Ok(mode.eq_ignore_ascii_case("wal")),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if matches!(
                    error.code,
                    ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked
                ) && Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(error) => return Err(error).with_context(context),
        }
    }
}

/// Refuses a file that is not an amex-help database, reading only.
fn check_is_ours(conn: &Connection, label: &str) -> Result<()> {
    let not_ours = |why: &str| {
        anyhow::anyhow!(
            "{label} is not an amex-help database ({why}); move it aside or pass --db with another path"
        )
    };
    let tables: i64 =
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0)) {
            Ok(tables) => tables,
            Err(rusqlite::Error::SqliteFailure(error, message))
                if matches!(
                    error.code,
                    ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt
                ) =>
            {
                return Err(not_ours(&message.unwrap_or_else(|| error.to_string())));
            }
            Err(error) => return Err(error).with_context(|| format!("read database {label}")),
        };
    let version = migrate::schema_version(conn, label)?;
    if version == 0 && tables > 0 {
        // Migrating would add our tables to another program's database.
        return Err(not_ours("it holds another program's tables"));
    }
    Ok(())
}

fn insert_contact_row(tx: &Connection, case: CaseId, contact: &NewContact) -> Result<ContactId> {
    statement(
        tx,
        "INSERT INTO contacts (uid, case_id, at, channel, number, department, rep, rep_id, reference,
                               duration_minutes, outcome, notes)
         VALUES (lower(hex(randomblob(16))), :case_id, :at, :channel, :number, :department, :rep,
                 :rep_id, :reference, :duration_minutes, :outcome, :notes)",
    )?
    .execute(named_params! {
        ":case_id": case,
        ":at": stamp(contact.at),
        ":channel": contact.channel,
        ":number": contact.number,
        ":department": contact.department,
        ":rep": contact.rep,
        ":rep_id": contact.rep_id,
        ":reference": contact.reference,
        ":duration_minutes": contact.duration_minutes,
        ":outcome": contact.outcome,
        ":notes": contact.notes,
    })
    .with_context(|| format!("insert into contacts for case {case}"))?;
    let id = ContactId(tx.last_insert_rowid());
    for promise in &contact.promises {
        insert_promise(tx, id, &promise.text, promise.due)?;
    }
    Ok(id)
}

fn insert_promise(
    tx: &Connection,
    contact: ContactId,
    text: &Clean,
    due: Option<NaiveDate>,
) -> Result<()> {
    statement(
        tx,
        "INSERT INTO promises (contact_id, text, due) VALUES (?1, ?2, ?3)",
    )?
    .execute((contact, text, due))
    .with_context(|| format!("insert into promises for contact {contact}"))?;
    Ok(())
}

fn load_case(conn: &Connection, id: CaseId) -> Result<Option<CaseRecord>> {
    let case = statement(
        conn,
        "SELECT id, uid, reason, title, status, follow_up, statement_date, card_last5, created_at,
                resolved_at, resolution_note
         FROM cases WHERE id = ?1",
    )?
    .query_row([id], case_from_row)
    .optional()
    .with_context(|| format!("read case {id} from cases"))?;
    let Some(mut case) = case else {
        return Ok(None);
    };
    case.contacts = load_contacts(conn, id)?;
    Ok(Some(case))
}

/// Runs `sql`, which selects case ids, and loads each case whole.
fn load_cases(
    conn: &Connection,
    sql: &str,
    params: &[&dyn ToSql],
    what: &str,
) -> Result<Vec<CaseRecord>> {
    let ids: Vec<CaseId> = statement(conn, sql)?
        .query_map(params, |row| row.get("id"))
        .with_context(|| format!("list {what}"))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("read {what} from cases"))?;
    let mut cases = Vec::with_capacity(ids.len());
    for id in ids {
        // Within one snapshot a listed case cannot vanish before it is loaded.
        if let Some(case) = load_case(conn, id)? {
            cases.push(case);
        }
    }
    Ok(cases)
}

fn load_contacts(conn: &Connection, case: CaseId) -> Result<Vec<ContactRecord>> {
    let mut contacts: Vec<ContactRecord> = statement(
        conn,
        "SELECT id, uid, at, channel, number, department, rep, rep_id, reference, duration_minutes,
                outcome, notes
         FROM contacts WHERE case_id = ?1 ORDER BY at, id",
    )?
    .query_map([case], contact_from_row)
    .with_context(|| format!("list the contacts of case {case}"))?
    .collect::<rusqlite::Result<_>>()
    .with_context(|| format!("read the contacts of case {case} from contacts"))?;
    let position: HashMap<ContactId, usize> = contacts
        .iter()
        .enumerate()
        .map(|(index, contact)| (contact.id, index))
        .collect();
    let promises: Vec<PromiseRecord> = statement(
        conn,
        "SELECT p.contact_id, p.text, p.due
         FROM promises p JOIN contacts k ON k.id = p.contact_id
         WHERE k.case_id = ?1 ORDER BY p.id",
    )?
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

fn case_from_row(row: &Row<'_>) -> rusqlite::Result<CaseRecord> {
    Ok(CaseRecord {
        id: row.get("id")?,
        uid: row.get("uid")?,
        reason: row.get("reason")?,
        title: row.get("title")?,
        status: row.get("status")?,
        follow_up: row.get("follow_up")?,
        statement_date: row.get("statement_date")?,
        card_last5: row.get("card_last5")?,
        created_at: row.get("created_at")?,
        resolved_at: row.get("resolved_at")?,
        resolution_note: row.get("resolution_note")?,
        contacts: Vec::new(),
    })
}

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<ContactRecord> {
    Ok(ContactRecord {
        id: row.get("id")?,
        uid: row.get("uid")?,
        at: row.get("at")?,
        channel: row.get("channel")?,
        number: row.get("number")?,
        department: row.get("department")?,
        rep: row.get("rep")?,
        rep_id: row.get("rep_id")?,
        reference: row.get("reference")?,
        duration_minutes: row.get("duration_minutes")?,
        outcome: row.get("outcome")?,
        notes: row.get("notes")?,
        promises: Vec::new(),
    })
}

fn promise_from_row(row: &Row<'_>) -> rusqlite::Result<PromiseRecord> {
    Ok(PromiseRecord {
        contact_id: row.get("contact_id")?,
        text: row.get("text")?,
        due: row.get("due")?,
    })
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    Ok(CaseSummary {
        id: row.get("id")?,
        reason: row.get("reason")?,
        title: row.get("title")?,
        status: row.get("status")?,
        follow_up: row.get("follow_up")?,
        created_at: row.get("created_at")?,
        last_contact_at: row.get("last_contact_at")?,
        contact_count: row.get("contact_count")?,
        last_reference: row.get("last_reference")?,
        last_rep: row.get("last_rep")?,
    })
}

fn export_contacts(conn: &Connection, case: CaseId) -> Result<Vec<ExportContact>> {
    let rows: Vec<(ContactId, ExportContact)> = statement(
        conn,
        "SELECT id, uid, at, channel, number, department, rep, rep_id, reference, duration_minutes,
                outcome, notes
         FROM contacts WHERE case_id = ?1 ORDER BY at, uid",
    )?
    .query_map([case], |row| {
        let id: ContactId = row.get("id")?;
        let contact = ExportContact {
            uid: row.get("uid")?,
            at: row.get("at")?,
            channel: row.get("channel")?,
            number: row.get("number")?,
            department: row.get("department")?,
            rep: row.get("rep")?,
            rep_id: row.get("rep_id")?,
            reference: row.get("reference")?,
            duration_minutes: row.get("duration_minutes")?,
            outcome: row.get("outcome")?,
            notes: row.get("notes")?,
            promises: Vec::new(),
        };
        Ok((id, contact))
    })
    .with_context(|| format!("export the contacts of case {case}"))?
    .collect::<rusqlite::Result<_>>()
    .with_context(|| format!("read the contacts of case {case} from contacts"))?;
    let mut contacts = Vec::with_capacity(rows.len());
    for (id, mut contact) in rows {
        contact.promises = statement(
            conn,
            "SELECT text, due FROM promises WHERE contact_id = ?1 ORDER BY id",
        )?
        .query_map([id], |row| {
            Ok(ExportPromise {
                text: row.get("text")?,
                due: row.get("due")?,
            })
        })
        .with_context(|| format!("export the promises of contact {id}"))?
        .collect::<rusqlite::Result<_>>()
        .with_context(|| format!("read the promises of contact {id} from promises"))?;
        contacts.push(contact);
    }
    Ok(contacts)
}

/// uids become calendar UIDs and keys in other tools: keep them plain.
fn is_plain_uid(uid: &str) -> bool {
    (1..=64).contains(&uid.len()) && uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Checks a whole export before the write lock is taken, so a mistake in the last case of a
/// hand-edited file is reported without having written or locked anything. Problems are placed
/// by position, not by quoting the text, which could be anything a hand edit put there.
fn check_export(export: &Export) -> Result<()> {
    if export.format != EXPORT_FORMAT {
        return Err(bad_input(format!(
            "not an amex-help export: its format is not {EXPORT_FORMAT:?}"
        )));
    }
    if export.version != EXPORT_VERSION {
        return Err(bad_input(format!(
            "export version {} is not one this amex-help reads (it reads version {EXPORT_VERSION}); \
             upgrade amex-help",
            export.version
        )));
    }
    for (index, case) in export.cases.iter().enumerate() {
        let problem = |why: &str| bad_input(format!("case {} of the export: {why}", index + 1));
        if !is_plain_uid(&case.uid) {
            return Err(problem("uid is not 1 to 64 letters, digits or hyphens"));
        }
        if case.reason.trim().is_empty() {
            return Err(problem("reason is empty"));
        }
        if case
            .card_last5
            .as_deref()
            .is_some_and(|last5| check_card_last5(last5).is_err())
        {
            return Err(problem("card_last5 must be exactly 5 digits"));
        }
        match (case.status, case.resolved_at) {
            (CaseStatus::Resolved, None) => {
                return Err(problem("resolved but resolved_at is null"));
            }
            (CaseStatus::Open, Some(_)) => return Err(problem("open but resolved_at is set")),
            _ => {}
        }
        for (position, contact) in case.contacts.iter().enumerate() {
            if !is_plain_uid(&contact.uid) {
                return Err(problem(&format!(
                    "contact {}: uid is not 1 to 64 letters, digits or hyphens",
                    position + 1
                )));
            }
        }
    }
    Ok(())
}

fn import_case(tx: &Connection, case: &ExportCase, masker: &mut Masker) -> Result<()> {
    let title = masker.clean("title", &case.title);
    let note = masker.clean_opt("resolution_note", case.resolution_note.as_deref());
    statement(
        tx,
        "INSERT INTO cases (uid, reason, title, status, follow_up, statement_date, card_last5,
                            created_at, resolved_at, resolution_note)
         VALUES (:uid, :reason, :title, :status, :follow_up, :statement_date, :card_last5,
                 :created_at, :resolved_at, :resolution_note)",
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
    let number = clean("number", &contact.number);
    let department = clean("department", &contact.department);
    let rep = clean("rep", &contact.rep);
    let rep_id = clean("rep_id", &contact.rep_id);
    let reference = clean("reference", &contact.reference);
    let outcome = clean("outcome", &contact.outcome);
    let notes = clean("notes", &contact.notes);
    statement(
        tx,
        "INSERT INTO contacts (uid, case_id, at, channel, number, department, rep, rep_id, reference,
                               duration_minutes, outcome, notes)
         VALUES (:uid, :case_id, :at, :channel, :number, :department, :rep, :rep_id, :reference,
                 :duration_minutes, :outcome, :notes)",
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
    })
    .with_context(|| format!("insert contact {} into contacts", contact.uid))?;
    let id = ContactId(tx.last_insert_rowid());
    for promise in &contact.promises {
        let text = masker.clean("promise", &promise.text);
        insert_promise(tx, id, &text, promise.due)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calls::NewPromise;
    use crate::error::BadInput;
    use std::fs;
    use std::path::PathBuf;

    fn clean(text: &str) -> Clean {
        Masker::new().clean("test", text)
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn new_case(reason: &str, title: &str) -> NewCase {
        NewCase {
            reason: reason.to_owned(),
            title: clean(title),
            follow_up: None,
            statement_date: None,
            card_last5: None,
        }
    }

    fn call(at: &str) -> NewContact {
        NewContact::new(t(at), Channel::Phone)
    }

    fn promise(text: &str, due: Option<&str>) -> NewPromise {
        NewPromise {
            text: clean(text),
            due: due.map(d),
        }
    }

    fn count(db: &Db, table: &str) -> i64 {
        db.conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .unwrap()
    }

    /// Whether `err` is the bad-input error (exit code 2) for a missing case `id`.
    fn is_no_case(err: &anyhow::Error, id: CaseId) -> bool {
        err.downcast_ref::<BadInput>()
            .is_some_and(|e| e.0.starts_with(&format!("no case {id};")))
    }

    /// Two cases: a dispute with two contacts and promises, and a lost card resolved later.
    fn sample(db: &mut Db) -> (CaseId, CaseId) {
        let mut first = call("2026-03-01T14:00:00Z");
        first.department = Some(clean("Billing disputes"));
        first.rep = Some(clean("Dana"));
        first.rep_id = Some(clean("D-17"));
        first.reference = Some(clean("REF-100"));
        first.duration_minutes = Some(25);
        first.outcome = Some(clean("Opened a dispute"));
        first.promises = vec![
            promise("Provisional credit in 3 days", Some("2026-03-04")),
            promise("Letter by post", None),
        ];
        let mut case = new_case("billing-dispute", "Double charge at Hotel Lisboa");
        case.follow_up = Some(d("2026-03-05"));
        case.statement_date = Some(d("2026-02-20"));
        case.card_last5 = Some("71006".to_owned());
        let (dispute, _) = db
            .insert_case(&case, Some(&first), t("2026-03-01T14:30:00.123456Z"))
            .unwrap();
        let mut second = NewContact::new(t("2026-03-06T16:00:00Z"), Channel::Chat);
        second.notes = Some(clean("Asked for a SUPERVISOR; transcript saved"));
        db.insert_contact(dispute, &second, None, None).unwrap();

        let (lost, _) = db
            .insert_case(
                &new_case("lost-card", "Card lost on the train"),
                Some(&call("2026-03-02T09:00:00Z")),
                t("2026-03-02T09:05:00Z"),
            )
            .unwrap();
        db.resolve(
            lost,
            Some(clean("New card arrived")),
            t("2026-03-04T10:00:00Z"),
        )
        .unwrap();
        (dispute, lost)
    }

    #[test]
    fn a_case_reads_back_as_written() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, _) = sample(&mut db);
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(case.id, dispute);
        assert_eq!(case.uid.len(), 32);
        assert_eq!(case.reason, "billing-dispute");
        assert_eq!(case.title, "Double charge at Hotel Lisboa");
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.follow_up, Some(d("2026-03-05")));
        assert_eq!(case.statement_date, Some(d("2026-02-20")));
        assert_eq!(case.card_last5.as_deref(), Some("71006"));
        // Stored to the second, so that the text sorts by time.
        assert_eq!(case.created_at, t("2026-03-01T14:30:00Z"));
        assert_eq!(case.resolved_at, None);
        assert_eq!(case.contacts.len(), 2);
        let first = &case.contacts[0];
        assert_eq!(first.channel, Channel::Phone);
        assert_eq!(first.department.as_deref(), Some("Billing disputes"));
        assert_eq!(first.rep.as_deref(), Some("Dana"));
        assert_eq!(first.rep_id.as_deref(), Some("D-17"));
        assert_eq!(first.reference.as_deref(), Some("REF-100"));
        assert_eq!(first.duration_minutes, Some(25));
        assert_eq!(first.outcome.as_deref(), Some("Opened a dispute"));
        assert_eq!(first.number, None);
        let promises: Vec<(&str, Option<NaiveDate>)> = first
            .promises
            .iter()
            .map(|p| (p.text.as_str(), p.due))
            .collect();
        assert_eq!(
            promises,
            [
                ("Provisional credit in 3 days", Some(d("2026-03-04"))),
                ("Letter by post", None)
            ]
        );
        assert!(first.promises.iter().all(|p| p.contact_id == first.id));
        assert_eq!(case.contacts[1].channel, Channel::Chat);
        assert!(case.contacts[1].promises.is_empty());
        assert_ne!(case.contacts[0].uid, case.contacts[1].uid);

        let stored: (String, String, String) = db
            .conn
            .query_row(
                "SELECT c.created_at, k.at, c.follow_up FROM cases c JOIN contacts k ON k.case_id = c.id \
                 WHERE c.id = ?1 ORDER BY k.at LIMIT 1",
                [dispute],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            stored,
            (
                "2026-03-01T14:30:00Z".to_owned(),
                "2026-03-01T14:00:00Z".to_owned(),
                "2026-03-05".to_owned()
            )
        );
        assert!(db.find_case(CaseId(999)).unwrap().is_none());
    }

    #[test]
    fn contacts_are_ordered_by_time_then_id() {
        let mut db = Db::open_in_memory().unwrap();
        let (id, _) = db
            .insert_case(
                &new_case("other", "Order"),
                Some(&call("2026-03-05T10:00:00Z")),
                t("2026-03-05T10:00:00Z"),
            )
            .unwrap();
        let early = db
            .insert_contact(id, &call("2026-03-01T10:00:00Z"), None, None)
            .unwrap();
        let same_a = db
            .insert_contact(id, &call("2026-03-03T10:00:00Z"), None, None)
            .unwrap();
        let same_b = db
            .insert_contact(id, &call("2026-03-03T10:00:00Z"), None, None)
            .unwrap();
        let ids: Vec<ContactId> = db
            .find_case(id)
            .unwrap()
            .unwrap()
            .contacts
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids[..3], [early, same_a, same_b]);
    }

    #[test]
    fn a_contact_updates_follow_up_and_statement_date_but_not_status() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        db.insert_contact(
            dispute,
            &call("2026-03-07T10:00:00Z"),
            Some(Some(d("2026-03-20"))),
            Some(d("2026-02-21")),
        )
        .unwrap();
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(case.follow_up, Some(d("2026-03-20")));
        assert_eq!(case.statement_date, Some(d("2026-02-21")));

        db.insert_contact(dispute, &call("2026-03-08T10:00:00Z"), Some(None), None)
            .unwrap();
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(case.follow_up, None);
        assert_eq!(case.statement_date, Some(d("2026-02-21")));

        db.insert_contact(lost, &call("2026-03-09T10:00:00Z"), None, None)
            .unwrap();
        let lost = db.find_case(lost).unwrap().unwrap();
        assert_eq!(lost.status, CaseStatus::Resolved);
        assert_eq!(lost.contacts.len(), 2);
    }

    #[test]
    fn a_contact_for_a_missing_case_is_bad_input() {
        let mut db = Db::open_in_memory().unwrap();
        let err = db
            .insert_contact(CaseId(42), &call("2026-03-01T10:00:00Z"), None, None)
            .unwrap_err();
        assert!(is_no_case(&err, CaseId(42)), "{err:#}");
        assert!(err.to_string().starts_with("no case 42"), "{err}");
        assert_eq!(count(&db, "contacts"), 0);
    }

    #[test]
    fn a_bad_card_last5_is_refused_before_writing() {
        let mut db = Db::open_in_memory().unwrap();
        for bad in ["7100", "71 06", " 71006", "7100x"] {
            let mut case = new_case("other", "x");
            case.card_last5 = Some(bad.to_owned());
            let err = db
                .insert_case(&case, None, t("2026-03-01T10:00:00Z"))
                .unwrap_err();
            assert!(err.downcast_ref::<BadInput>().is_some(), "{bad:?}: {err}");
        }
        // A card number typed in the wrong field is never echoed back.
        let mut case = new_case("other", "x");
        case.card_last5 = Some("378282246310005".to_owned());
        let err = db
            .insert_case(&case, None, t("2026-03-01T10:00:00Z"))
            .unwrap_err();
        assert!(!format!("{err:#}").contains("3782"), "{err:#}");
        assert_eq!(count(&db, "cases"), 0);
        // The table's own check backs up the one in Rust.
        let direct = db.conn.execute(
            "INSERT INTO cases (uid, reason, title, status, created_at, card_last5) \
             VALUES ('u', 'r', 't', 'open', '2026-03-01T10:00:00Z', '1234a')",
            [],
        );
        assert!(direct.is_err());
    }

    #[test]
    fn list_cases_orders_filters_and_summarises() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        let (quiet, _) = db
            .insert_case(
                &new_case("rewards", "Points missing"),
                None,
                t("2026-03-03T08:00:00Z"),
            )
            .unwrap();
        let all = db.list_cases(&CaseFilter::default()).unwrap();
        let ids: Vec<CaseId> = all.iter().map(|s| s.id).collect();
        // Dispute last contact 03-06, quiet created 03-03, lost last contact 03-02.
        assert_eq!(ids, [dispute, quiet, lost]);
        let top = &all[0];
        assert_eq!(top.contact_count, 2);
        assert_eq!(top.last_contact_at, Some(t("2026-03-06T16:00:00Z")));
        // The chat has neither, so both come from the call before it.
        assert_eq!(top.last_reference.as_deref(), Some("REF-100"));
        assert_eq!(top.last_rep.as_deref(), Some("Dana"));
        assert_eq!(top.follow_up, Some(d("2026-03-05")));
        assert_eq!(top.reason, "billing-dispute");
        assert_eq!(all[1].contact_count, 0);
        assert_eq!(all[1].last_contact_at, None);
        assert_eq!(all[2].status, CaseStatus::Resolved);

        let ids_for = |filter: CaseFilter| -> Vec<CaseId> {
            db.list_cases(&filter)
                .unwrap()
                .iter()
                .map(|s| s.id)
                .collect()
        };
        let search = |text: &str| CaseFilter {
            search: Some(text.to_owned()),
            ..CaseFilter::default()
        };
        let cases: Vec<(&str, CaseFilter, Vec<CaseId>)> = vec![
            (
                "open only",
                CaseFilter {
                    open_only: true,
                    ..CaseFilter::default()
                },
                vec![dispute, quiet],
            ),
            (
                "reason",
                CaseFilter {
                    reason: Some("lost-card".to_owned()),
                    ..CaseFilter::default()
                },
                vec![lost],
            ),
            (
                "since",
                CaseFilter {
                    since: Some(t("2026-03-03T08:00:00Z")),
                    ..CaseFilter::default()
                },
                vec![dispute, quiet],
            ),
            (
                "limit",
                CaseFilter {
                    limit: Some(1),
                    ..CaseFilter::default()
                },
                vec![dispute],
            ),
            ("title, any case", search("hotel LISBOA"), vec![dispute]),
            ("notes", search("supervisor"), vec![dispute]),
            ("outcome", search("opened a"), vec![dispute]),
            ("rep", search("dana"), vec![dispute]),
            ("reference", search("ref-100"), vec![dispute]),
            ("promise", search("provisional"), vec![dispute]),
            ("no match", search("nothing like this"), vec![]),
            ("title of another case", search("train"), vec![lost]),
            (
                "everything at once",
                CaseFilter {
                    open_only: true,
                    reason: Some("billing-dispute".to_owned()),
                    since: Some(t("2026-03-01T00:00:00Z")),
                    search: Some("credit".to_owned()),
                    limit: Some(5),
                },
                vec![dispute],
            ),
        ];
        for (name, filter, want) in cases {
            assert_eq!(ids_for(filter), want, "{name}");
        }
    }

    #[test]
    fn update_case_changes_only_what_is_given() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, _) = sample(&mut db);
        db.update_case(
            dispute,
            &CaseEdit {
                title: Some(clean("Charged twice")),
                ..CaseEdit::default()
            },
        )
        .unwrap();
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(case.title, "Charged twice");
        assert_eq!(case.follow_up, Some(d("2026-03-05")));
        assert_eq!(case.card_last5.as_deref(), Some("71006"));

        db.update_case(
            dispute,
            &CaseEdit {
                reason: Some("fraud".to_owned()),
                follow_up: Some(None),
                statement_date: Some(d("2026-01-20")),
                card_last5: Some("12345".to_owned()),
                ..CaseEdit::default()
            },
        )
        .unwrap();
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(
            (
                case.reason.as_str(),
                case.title.as_str(),
                case.follow_up,
                case.statement_date,
                case.card_last5.as_deref()
            ),
            (
                "fraud",
                "Charged twice",
                None,
                Some(d("2026-01-20")),
                Some("12345")
            )
        );
        db.update_case(
            dispute,
            &CaseEdit {
                follow_up: Some(Some(d("2026-04-01"))),
                ..CaseEdit::default()
            },
        )
        .unwrap();
        assert_eq!(
            db.find_case(dispute).unwrap().unwrap().follow_up,
            Some(d("2026-04-01"))
        );

        let err = db
            .update_case(CaseId(77), &CaseEdit::default())
            .unwrap_err();
        assert!(is_no_case(&err, CaseId(77)), "{err:#}");
        let err = db
            .update_case(
                dispute,
                &CaseEdit {
                    card_last5: Some("1".to_owned()),
                    ..CaseEdit::default()
                },
            )
            .unwrap_err();
        assert!(err.downcast_ref::<BadInput>().is_some());
    }

    #[test]
    fn resolve_and_reopen() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        let case = db.find_case(lost).unwrap().unwrap();
        assert_eq!(case.status, CaseStatus::Resolved);
        assert_eq!(case.resolved_at, Some(t("2026-03-04T10:00:00Z")));
        assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

        db.reopen(lost).unwrap();
        let case = db.find_case(lost).unwrap().unwrap();
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.resolved_at, None);
        assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

        // Resolving again without a note keeps the earlier one.
        db.resolve(lost, None, t("2026-03-10T10:00:00Z")).unwrap();
        let case = db.find_case(lost).unwrap().unwrap();
        assert_eq!(case.resolved_at, Some(t("2026-03-10T10:00:00Z")));
        assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

        db.resolve(
            dispute,
            Some(clean("Credit posted")),
            t("2026-03-11T10:00:00Z"),
        )
        .unwrap();
        assert_eq!(
            db.find_case(dispute)
                .unwrap()
                .unwrap()
                .resolution_note
                .as_deref(),
            Some("Credit posted")
        );

        for err in [
            db.resolve(CaseId(9), None, t("2026-03-11T10:00:00Z"))
                .unwrap_err(),
            db.reopen(CaseId(9)).unwrap_err(),
        ] {
            assert!(is_no_case(&err, CaseId(9)), "{err:#}");
        }
    }

    #[test]
    fn delete_cascades_to_contacts_and_promises() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        assert_eq!(
            (
                count(&db, "cases"),
                count(&db, "contacts"),
                count(&db, "promises")
            ),
            (2, 3, 2)
        );
        db.delete_case(dispute).unwrap();
        assert_eq!(
            (
                count(&db, "cases"),
                count(&db, "contacts"),
                count(&db, "promises")
            ),
            (1, 1, 0)
        );
        assert!(db.find_case(dispute).unwrap().is_none());
        assert!(db.find_case(lost).unwrap().is_some());
        let err = db.delete_case(dispute).unwrap_err();
        assert!(is_no_case(&err, dispute), "{err:#}");
    }

    #[test]
    fn a_failure_midway_leaves_nothing_behind() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, _) = sample(&mut db);
        let before = (
            count(&db, "cases"),
            count(&db, "contacts"),
            count(&db, "promises"),
        );
        // Fails the promise insert, after the case and contact rows are written.
        db.conn
            .execute_batch(
                "CREATE TEMP TRIGGER refuse_promises BEFORE INSERT ON promises \
                 BEGIN SELECT RAISE(ABORT, 'disk full, say'); END;",
            )
            .unwrap();
        let mut contact = call("2026-03-08T10:00:00Z");
        contact.promises = vec![promise("Call back", None)];
        let err = db
            .insert_case(
                &new_case("other", "Half written"),
                Some(&contact),
                t("2026-03-08T10:00:00Z"),
            )
            .unwrap_err();
        assert!(format!("{err:#}").contains("disk full, say"), "{err:#}");

        let mut contact = call("2026-03-09T10:00:00Z");
        contact.promises = vec![promise("Call back", None)];
        db.insert_contact(dispute, &contact, Some(Some(d("2027-01-01"))), None)
            .unwrap_err();

        let after = (
            count(&db, "cases"),
            count(&db, "contacts"),
            count(&db, "promises"),
        );
        assert_eq!(after, before);
        assert_eq!(
            db.find_case(dispute).unwrap().unwrap().follow_up,
            Some(d("2026-03-05"))
        );
        // The connection is still usable: nothing was left open.
        db.conn
            .execute_batch("DROP TRIGGER refuse_promises")
            .unwrap();
        db.insert_case(
            &new_case("other", "Fine now"),
            Some(&contact),
            t("2026-03-09T10:00:00Z"),
        )
        .unwrap();
    }

    #[test]
    fn due_followups_are_open_cases_due_by_the_window() {
        let mut db = Db::open_in_memory().unwrap();
        let mut ids = Vec::new();
        for (title, follow_up) in [
            ("due long ago", Some("2026-02-01")),
            ("due today", Some("2026-03-10")),
            ("due in 3 days", Some("2026-03-13")),
            ("due in 4 days", Some("2026-03-14")),
            ("no follow-up", None),
        ] {
            let mut case = new_case("other", title);
            case.follow_up = follow_up.map(d);
            ids.push(
                db.insert_case(&case, None, t("2026-01-01T10:00:00Z"))
                    .unwrap()
                    .0,
            );
        }
        let mut resolved = new_case("other", "resolved");
        resolved.follow_up = Some(d("2026-03-01"));
        let (resolved, _) = db
            .insert_case(&resolved, None, t("2026-01-01T10:00:00Z"))
            .unwrap();
        db.resolve(resolved, None, t("2026-03-02T10:00:00Z"))
            .unwrap();

        let titles = |within: i64| -> Vec<String> {
            db.due_followups(d("2026-03-10"), within)
                .unwrap()
                .into_iter()
                .map(|c| c.title)
                .collect()
        };
        assert_eq!(titles(0), ["due long ago", "due today"]);
        assert_eq!(titles(3), ["due long ago", "due today", "due in 3 days"]);
        assert_eq!(titles(-38), Vec::<String>::new());
        assert_eq!(titles(-37), ["due long ago"]);
        assert!(db.due_followups(NaiveDate::MAX, 1).is_err());
    }

    #[test]
    fn due_followups_uses_the_index() {
        let db = Db::open_in_memory().unwrap();
        let mut stmt = db
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {DUE_FOLLOWUPS_SQL}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map([d("2026-03-10")], |row| row.get("detail"))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX cases_status_follow_up")),
            "{plan:?}"
        );
        // Neither a full scan nor a sort: the index gives the rows in order.
        assert!(
            plan.iter()
                .all(|step| !step.starts_with("SCAN") && !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }

    #[test]
    fn overdue_promises_on_open_cases() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        let mut contact = call("2026-03-02T10:00:00Z");
        contact.promises = vec![promise("Replacement card in 2 days", Some("2026-03-03"))];
        db.insert_contact(lost, &contact, None, None).unwrap();
        let mut contact = call("2026-03-07T10:00:00Z");
        contact.promises = vec![
            promise("Refund by the 6th", Some("2026-03-06")),
            promise("Call back on the 9th", Some("2026-03-09")),
        ];
        db.insert_contact(dispute, &contact, None, None).unwrap();

        let overdue: Vec<(CaseId, String)> = db
            .overdue_promises(d("2026-03-09"))
            .unwrap()
            .into_iter()
            .map(|(case, p)| (case, p.text))
            .collect();
        assert_eq!(
            overdue,
            [
                (dispute, "Provisional credit in 3 days".to_owned()),
                (dispute, "Refund by the 6th".to_owned())
            ]
        );
        assert!(db.overdue_promises(d("2026-03-04")).unwrap().is_empty());
    }

    #[test]
    fn open_cases_with_a_statement_date() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, lost) = sample(&mut db);
        db.update_case(
            lost,
            &CaseEdit {
                statement_date: Some(d("2026-02-01")),
                ..CaseEdit::default()
            },
        )
        .unwrap();
        let found: Vec<CaseId> = db
            .open_cases_with_statement_date()
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(found, [dispute]);
        db.reopen(lost).unwrap();
        let found: Vec<CaseId> = db
            .open_cases_with_statement_date()
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(found, [lost, dispute]);
    }

    fn export_json(db: &Db) -> String {
        serde_json::to_string_pretty(&db.export_all().unwrap()).unwrap()
    }

    #[test]
    fn export_import_export_gives_the_same_bytes() {
        let mut db = Db::open_in_memory().unwrap();
        sample(&mut db);
        // Same creation second as another case, so the uid decides the order.
        db.insert_case(
            &new_case("other", "Same second"),
            Some(&call("2026-03-01T14:00:00Z")),
            t("2026-03-01T14:30:00Z"),
        )
        .unwrap();
        let first = export_json(&db);
        let export: Export = serde_json::from_str(&first).unwrap();
        assert_eq!(export.cases.len(), 3);
        assert!(first.contains("\"format\": \"amex-help-export\""));
        assert!(first.contains("\"created_at\": \"2026-03-01T14:30:00Z\""));
        assert!(first.contains("\"channel\": \"chat\""));
        assert!(!first.contains("\"id\""), "ids are local and not exported");

        let mut copy = Db::open_in_memory().unwrap();
        let stats = copy.import(&export, &mut Masker::new()).unwrap();
        assert_eq!(
            stats,
            ImportStats {
                cases_added: 3,
                cases_skipped: 0,
                contacts_added: 4,
                contacts_skipped: 0
            }
        );
        assert_eq!(export_json(&copy), first);
    }

    #[test]
    fn importing_twice_adds_nothing_the_second_time() {
        let mut db = Db::open_in_memory().unwrap();
        sample(&mut db);
        let export = db.export_all().unwrap();
        let mut copy = Db::open_in_memory().unwrap();
        copy.import(&export, &mut Masker::new()).unwrap();
        let again = copy.import(&export, &mut Masker::new()).unwrap();
        assert_eq!(
            again,
            ImportStats {
                cases_added: 0,
                cases_skipped: 2,
                contacts_added: 0,
                contacts_skipped: 3
            }
        );
        assert_eq!(
            (
                count(&copy, "cases"),
                count(&copy, "contacts"),
                count(&copy, "promises")
            ),
            (2, 3, 2)
        );
        // Importing into the log it came from changes nothing either.
        let before = export_json(&db);
        db.import(&export, &mut Masker::new()).unwrap();
        assert_eq!(export_json(&db), before);
    }

    #[test]
    fn import_adds_new_contacts_to_a_known_case() {
        let mut db = Db::open_in_memory().unwrap();
        let (dispute, _) = sample(&mut db);
        let mut export = db.export_all().unwrap();
        let case = export
            .cases
            .iter_mut()
            .find(|c| c.reason == "billing-dispute")
            .unwrap();
        let mut extra = case.contacts[0].clone();
        extra.uid = "0123456789abcdef0123456789abcdef".to_owned();
        extra.at = t("2026-03-12T10:00:00Z");
        extra.notes = Some("Imported from the laptop".to_owned());
        case.contacts.push(extra);
        let stats = db.import(&export, &mut Masker::new()).unwrap();
        assert_eq!(
            stats,
            ImportStats {
                cases_added: 0,
                cases_skipped: 2,
                contacts_added: 1,
                contacts_skipped: 3
            }
        );
        let case = db.find_case(dispute).unwrap().unwrap();
        assert_eq!(case.contacts.len(), 3);
        assert_eq!(
            case.contacts[2].notes.as_deref(),
            Some("Imported from the laptop")
        );
        assert_eq!(case.contacts[2].promises.len(), 2);
    }

    #[test]
    fn a_bad_export_is_refused_whole() {
        type Spoil = fn(&mut Export);
        let mut db = Db::open_in_memory().unwrap();
        sample(&mut db);
        let good = db.export_all().unwrap();
        let mut target = Db::open_in_memory().unwrap();
        let spoilers: [(&str, Spoil, &str); 6] = [
            (
                "format",
                |e| e.format = "csv".to_owned(),
                "not an amex-help export",
            ),
            ("version", |e| e.version = 2, "export version 2"),
            (
                "case uid",
                |e| e.cases[1].uid = "has space".to_owned(),
                "case 2 of the export: uid is not",
            ),
            (
                "contact uid",
                |e| e.cases[1].contacts[0].uid = String::new(),
                "case 2 of the export: contact 1: uid is not",
            ),
            (
                "resolved_at",
                |e| e.cases[1].resolved_at = None,
                "resolved but resolved_at is null",
            ),
            (
                "card",
                |e| e.cases[0].card_last5 = Some("1234".to_owned()),
                "case 1 of the export: card_last5 must be",
            ),
        ];
        for (name, spoil, message) in spoilers {
            let mut export = good.clone();
            spoil(&mut export);
            let err = target.import(&export, &mut Masker::new()).unwrap_err();
            assert!(err.downcast_ref::<BadInput>().is_some(), "{name}: {err:#}");
            assert!(err.to_string().contains(message), "{name}: {err:#}");
            assert_eq!(count(&target, "cases"), 0, "{name}");
        }
    }

    #[test]
    fn an_export_with_unknown_fields_does_not_parse() {
        let mut db = Db::open_in_memory().unwrap();
        sample(&mut db);
        let json = export_json(&db);
        for (from, to) in [
            ("\"format\"", "\"extra\": 1, \"format\""),
            ("\"reason\"", "\"id\": 3, \"reason\""),
            ("\"channel\"", "\"colour\": \"red\", \"channel\""),
            ("\"due\"", "\"done\": true, \"due\""),
        ] {
            let spoiled = json.replacen(from, to, 1);
            assert_ne!(spoiled, json);
            let err = serde_json::from_str::<Export>(&spoiled).unwrap_err();
            assert!(err.to_string().contains("unknown field"), "{err}");
        }
        let spoiled = json.replacen("\"chat\"", "\"fax\"", 1);
        assert!(serde_json::from_str::<Export>(&spoiled).is_err());
    }

    #[test]
    fn ids_print_parse_and_serialize_as_numbers() {
        assert_eq!(CaseId(12).to_string(), "12");
        assert_eq!("12".parse(), Ok(CaseId(12)));
        assert_eq!(" #12 ".parse(), Ok(CaseId(12)));
        assert!("0".parse::<CaseId>().is_err());
        assert!("twelve".parse::<CaseId>().is_err());
        assert_eq!(
            "x".parse::<ContactId>(),
            Err("x is not a contact number".to_owned())
        );
        assert_eq!(serde_json::to_string(&CaseId(7)).unwrap(), "7");
        assert_eq!(serde_json::to_string(&ContactId(8)).unwrap(), "8");
    }

    fn temp_db(dir: &tempfile::TempDir) -> PathBuf {
        dir.path().join("calls.sqlite3")
    }

    #[cfg(unix)]
    fn mode_of(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_0600_in_new_directories_of_0700() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("existing");
        fs::create_dir(&existing).unwrap();
        fs::set_permissions(&existing, fs::Permissions::from_mode(0o755)).unwrap();
        let path = existing.join("a").join("b").join("calls.sqlite3");
        let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
        db.insert_case(&new_case("other", "x"), None, t("2026-03-01T10:00:00Z"))
            .unwrap();
        assert_eq!(mode_of(&path), 0o600);
        assert_eq!(mode_of(&existing.join("a")), 0o700);
        assert_eq!(mode_of(&existing.join("a").join("b")), 0o700);
        assert_eq!(
            mode_of(&existing),
            0o755,
            "an existing directory keeps its mode"
        );
        let wal = path.with_extension("sqlite3-wal");
        assert!(wal.exists());
        assert_eq!(
            mode_of(&wal),
            0o600,
            "SQLite gives the WAL file the database's mode"
        );
        let journal: String = db
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(journal, "wal");
        drop(db);

        // An existing file keeps the mode its owner gave it.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
        assert_eq!(mode_of(&path), 0o640);
    }

    #[test]
    fn read_only_on_a_missing_file_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-yet").join("calls.sqlite3");
        assert!(Db::open(&path, OpenMode::ReadOnly).unwrap().is_none());
        assert!(!dir.path().join("not-yet").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn read_only_reads_and_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = temp_db(&dir);
        {
            let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
            sample(&mut db);
        }
        let mut db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
        assert_eq!(db.list_cases(&CaseFilter::default()).unwrap().len(), 2);
        assert!(db
            .insert_case(&new_case("other", "x"), None, t("2026-03-01T10:00:00Z"))
            .is_err());
        assert_eq!(db.list_cases(&CaseFilter::default()).unwrap().len(), 2);
    }

    /// Bytes that are not a database: a simple generator, so the test needs no crate.
    fn noise(len: usize) -> Vec<u8> {
        let mut state: u32 = 0x2545_f491;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = temp_db(&dir);
        let bytes = noise(8192);
        fs::write(&path, &bytes).unwrap();
        for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
            let Err(err) = Db::open(&path, mode) else {
                panic!("{mode:?} opened random bytes");
            };
            assert_eq!(
                format!("{err:#}"),
                format!(
                    "{} is not an amex-help database (file is not a database); move it aside or \
                     pass --db with another path",
                    path.display()
                )
            );
            assert_eq!(fs::read(&path).unwrap(), bytes, "{mode:?} changed the file");
        }
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "left files beside it: {names:?}");
    }

    #[test]
    fn another_programs_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = temp_db(&dir);
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
            .unwrap();
        let bytes = fs::read(&path).unwrap();
        let Err(err) = Db::open(&path, OpenMode::ReadWrite) else {
            panic!("opened another program's database");
        };
        assert!(
            err.to_string()
                .contains("is not an amex-help database (it holds another program's tables)"),
            "{err:#}"
        );
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn a_newer_database_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = temp_db(&dir);
        {
            let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
            sample(&mut db);
            db.conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let bytes = fs::read(&path).unwrap();
        for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
            let Err(err) = Db::open(&path, mode) else {
                panic!("{mode:?} opened a newer database");
            };
            assert_eq!(
                format!("{err:#}"),
                format!(
                    "database {} was written by a newer amex-help (schema version 99, this build \
                     knows {}); upgrade amex-help",
                    path.display(),
                    migrate::latest()
                )
            );
            assert_eq!(fs::read(&path).unwrap(), bytes, "{mode:?} changed the file");
        }
        let version: i64 = Connection::open(&path)
            .unwrap()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, 99);
    }

    #[test]
    fn an_unusable_path_is_named_in_the_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plain-file");
        fs::write(&file, "not a directory").unwrap();
        let path = file.join("sub").join("calls.sqlite3");
        let Err(err) = Db::open(&path, OpenMode::ReadWrite) else {
            panic!("opened a path under a file");
        };
        let message = format!("{err:#}");
        assert!(message.contains(&path.display().to_string()), "{message}");

        // A directory where the file should be.
        let Err(err) = Db::open(dir.path(), OpenMode::ReadWrite) else {
            panic!("opened a directory");
        };
        let message = format!("{err:#}");
        assert!(
            message.contains(&dir.path().display().to_string()),
            "{message}"
        );
    }

    #[test]
    fn four_writers_at_once_all_succeed() {
        const WRITERS: usize = 4;
        const CONTACTS: usize = 100;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared").join("calls.sqlite3");
        let start = std::sync::Barrier::new(WRITERS);
        std::thread::scope(|scope| {
            for writer in 0..WRITERS {
                let (path, start) = (&path, &start);
                scope.spawn(move || {
                    // All open at once, so the file creation and the migration race too.
                    start.wait();
                    let mut db = Db::open(path, OpenMode::ReadWrite).unwrap().unwrap();
                    let (case, _) = db
                        .insert_case(
                            &new_case("other", &format!("writer {writer}")),
                            None,
                            t("2026-03-01T10:00:00Z"),
                        )
                        .unwrap();
                    for n in 0..CONTACTS {
                        let mut contact = call("2026-03-01T10:00:00Z");
                        contact.notes = Some(clean(&format!("writer {writer} call {n}")));
                        db.insert_contact(case, &contact, None, None).unwrap();
                    }
                });
            }
        });
        let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
        assert_eq!(count(&db, "cases"), 4);
        assert_eq!(count(&db, "contacts"), 400);
        let check: String = db
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }

    const WRITER_DB_VAR: &str = "AMEX_HELP_TEST_WRITER_DB";

    /// One of the writers of `four_writer_processes_all_succeed`, run in a child process; without
    /// its variable it does nothing.
    #[test]
    fn writer_process() {
        let Some(path) = std::env::var_os(WRITER_DB_VAR) else {
            return;
        };
        let mut db = Db::open(Path::new(&path), OpenMode::ReadWrite)
            .unwrap()
            .unwrap();
        let (case, _) = db
            .insert_case(
                &new_case("other", "writer process"),
                None,
                t("2026-03-01T10:00:00Z"),
            )
            .unwrap();
        for _ in 0..100 {
            db.insert_contact(case, &call("2026-03-01T10:00:00Z"), None, None)
                .unwrap();
        }
    }

    /// Separate processes, as when the user runs two commands at once, each with its own file
    /// locks: the threads test above shares one process's.
    #[test]
    fn four_writer_processes_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calls.sqlite3");
        let exe = std::env::current_exe().unwrap();
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(&exe)
                    .args(["tests::writer_process", "--test-threads=1"])
                    .env(WRITER_DB_VAR, &path)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "writer failed:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
        assert_eq!(count(&db, "cases"), 4);
        assert_eq!(count(&db, "contacts"), 400);
        let check: String = db
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}
