//! The call-log database: opening the file (permissions, pragmas, migrations), the typed reads and
//! writes the commands use, and export and import. All of the crate's SQL lives under `db/`.

mod export;
mod migrate;

pub(crate) use export::{Export, ExportCase, ImportStats, EXPORT_FORMAT, EXPORT_VERSION};

use std::collections::HashMap;
use std::fs::{DirBuilder, OpenOptions};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Days, NaiveDate, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{
    named_params, CachedStatement, Connection, ErrorCode, OpenFlags, OptionalExtension, Row, ToSql,
    Transaction, TransactionBehavior,
};

use crate::calls::{
    CaseId, CaseRecord, CaseStatus, CaseSummary, Channel, ContactId, ContactRecord, NewCase,
    NewContact, PromiseRecord,
};
use crate::error::bad_input;
use crate::privacy::Clean;

/// Long enough that four processes writing at once queue instead of failing with "database is
/// locked"; each write transaction here takes milliseconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

impl ToSql for CaseId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for CaseId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(CaseId)
    }
}

impl ToSql for ContactId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for ContactId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(ContactId)
    }
}

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

    /// The connection itself, for a bulk load that writes its own SQL.
    pub(crate) fn into_connection(self) -> Connection {
        self.conn
    }

    fn configure(&mut self, label: &str, mode: OpenMode, on_disk: bool) -> Result<()> {
        let conn = &mut self.conn;
        // First, so that every statement below waits for other processes instead of failing.
        conn.busy_timeout(BUSY_TIMEOUT)
            .with_context(|| format!("set busy timeout on {label}"))?;
        conn.set_prepared_statement_cache_capacity(64);
        // The bundled SQLite is built with STAT4, which re-plans a cached statement every time a
        // new value is bound (a third of `followups`' instructions at 100,000 cases). The plans
        // here come from the indexes, not from value statistics, so keep the first plan.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
            .with_context(|| format!("configure the query planner for {label}"))?;
        if on_disk {
            // The last connection to close would otherwise fold the WAL into the database and
            // sync it: 20 ms on every run here, for work that SQLite's automatic checkpoint (every
            // 1000 pages) does anyway. A commit is in the WAL, safe from a killed process, before
            // the command reports it. Set first: a refused file must not be written even at close.
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
                .with_context(|| format!("configure checkpoints for {label}"))?;
        }
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
            .query_map(named_params! { ":by": by, ":limit": wanted }, |row| {
                row.get(0)
            })
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
const LIST_CASES_SQL: &str = "SELECT c.id, c.reason, c.title, c.status, c.follow_up, c.created_at,
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
/// The statement date keeps a dispute in the list while its legal clocks run.
const ATTENTION_SQL: &str = "SELECT c.id FROM cases c
    WHERE c.status = 'open'
      AND (min(coalesce(c.follow_up, '9999-12-31'), coalesce(c.first_promise_due, '9999-12-31')) <= :by
           OR (c.reason = 'dispute' AND c.statement_date IS NOT NULL))
    ORDER BY min(coalesce(c.follow_up, '9999-12-31'), coalesce(c.first_promise_due, '9999-12-31')), c.id
    LIMIT :limit";

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

// The row mappers below read columns by position, which is several times cheaper than by name;
// each reads exactly one of these statements, and a test checks the names at each position.

/// One case, in `case_from_row` order.
const LOAD_CASE_SQL: &str = "SELECT id, uid, reason, title, status, follow_up, statement_date,
        card_last5, created_at, resolved_at, resolution_note
    FROM cases WHERE id = ?1";

/// A case's contacts in time order, in `contact_from_row` order.
const LOAD_CONTACTS_SQL: &str = "SELECT id, uid, at, channel, number, department, rep, rep_id,
        reference, duration_minutes, outcome, notes
    FROM contacts WHERE case_id = ?1 ORDER BY at, id";

/// A case's promises, in `promise_from_row` order.
const LOAD_PROMISES_SQL: &str = "SELECT p.contact_id, p.text, p.due
    FROM promises p JOIN contacts k ON k.id = p.contact_id
    WHERE k.case_id = ?1 ORDER BY p.id";

fn load_case(conn: &Connection, id: CaseId) -> Result<Option<CaseRecord>> {
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
fn load_contacts(conn: &Connection, case: CaseId) -> Result<Vec<ContactRecord>> {
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

fn case_from_row(row: &Row<'_>) -> rusqlite::Result<CaseRecord> {
    Ok(CaseRecord {
        id: row.get(0)?,
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
        contacts: Vec::new(),
    })
}

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<ContactRecord> {
    Ok(ContactRecord {
        id: row.get(0)?,
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
    })
}

fn promise_from_row(row: &Row<'_>) -> rusqlite::Result<PromiseRecord> {
    Ok(PromiseRecord {
        contact_id: row.get(0)?,
        text: row.get(1)?,
        due: row.get(2)?,
    })
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
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

#[cfg(test)]
mod tests;
