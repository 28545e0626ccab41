//! The call-log database: opening the file (permissions, pragmas, migrations), the typed reads and
//! writes the commands use, and export and import. All of the crate's SQL lives under `db/`.

pub(crate) mod bulk;
mod export;
mod file;
mod migrate;
mod read;
mod sql_types;
mod write;

pub(crate) use export::{Export, ExportCase, ImportStats, EXPORT_FORMAT, EXPORT_VERSION};
pub(crate) use read::CaseFilter;
pub(crate) use write::CaseEdit;

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{CachedStatement, Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::calls::CaseId;
use crate::error::bad_input;
use file::{check_is_ours, create_private, inspect, tighten, use_wal, Created};

/// Long enough that four processes writing at once queue instead of failing with "database is
/// locked"; each write transaction here takes milliseconds.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The page cache of a read command, in KiB (negative, as the pragma takes it), instead of the
/// default 2,000.
/// A read touches each page about once, so a bigger cache only grows the heap a page fault at a
/// time: at 100,000 cases `followups --limit 50` took 760 page faults and 0.9 MiB more than at
/// 1,000; with this, 480 at both sizes and the same peak memory, for 7% more page reads.
const READ_CACHE_KIB: i64 = -512;

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

/// The call log. Every write method is one immediate transaction: concurrent writers queue for
/// the lock instead of failing halfway, and an error drops the transaction, which rolls it back.
pub(crate) struct Db {
    conn: Connection,
}

impl Db {
    /// Opens the log at `path`. `ReadOnly` returns `Ok(None)` when the file does not exist and
    /// creates nothing; otherwise the connection is read-only, so a read works on a full disk (an
    /// older schema is first upgraded through a writing connection). `ReadWrite` creates missing
    /// directories (mode 0700) and the file (mode 0600) before the database library first opens
    /// it, and removes the file again if the open fails. An existing file is first checked
    /// without writing anything ([`file::inspect`]): one that is not an amex-help log, or was
    /// written by a newer amex-help, is refused byte for byte unchanged with nothing created
    /// beside it. An existing file and its directory are made private ([`file::tighten`]).
    pub(crate) fn open(path: &Path, mode: OpenMode) -> Result<Option<Db>> {
        let label = path.display().to_string();
        let exists = path
            .try_exists()
            .with_context(|| format!("look for database {label}"))?;
        let mut version = None;
        if exists && !path.is_dir() {
            version = Some(inspect(path, &label)?);
            tighten(path);
        }
        let (flags, mode) = match (mode, version) {
            // A file with no schema yet (empty, or created by a run that was killed) is an empty log.
            (OpenMode::ReadOnly, None | Some(0)) => return Ok(None),
            (OpenMode::ReadOnly, Some(v)) if v >= migrate::latest() => {
                (OpenFlags::SQLITE_OPEN_READ_ONLY, OpenMode::ReadOnly)
            }
            (OpenMode::ReadOnly, Some(_)) => {
                // Upgrade once, through a writing connection, then read as usual.
                drop(Db::open(path, OpenMode::ReadWrite)?);
                (OpenFlags::SQLITE_OPEN_READ_ONLY, OpenMode::ReadOnly)
            }
            (OpenMode::ReadWrite, _) => (OpenFlags::SQLITE_OPEN_READ_WRITE, OpenMode::ReadWrite),
        };
        let created = Created::new(path, mode == OpenMode::ReadWrite && create_private(path)?);
        // No CREATE flag: the file exists by now, and if it vanished SQLite would recreate it
        // with the default mode. No URI flag: a path with `?` in it is a file name, not options.
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .with_context(|| format!("open database {label}"))?;
        let mut db = Db { conn };
        db.configure(&label, mode, true)?;
        created.keep();
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
        if mode == OpenMode::ReadWrite {
            // Deleted text is overwritten with zeros, not just marked free.
            conn.pragma_update(None, "secure_delete", true)
                .with_context(|| format!("turn on secure delete for {label}"))?;
        }
        conn.pragma_update(None, "foreign_keys", true)
            .with_context(|| format!("turn on foreign keys for {label}"))?;
        migrate::upgrade(conn, label)?;
        if mode == OpenMode::ReadOnly {
            // A read command that tried to write would be a bug; make it fail loudly.
            conn.pragma_update(None, "query_only", true)
                .with_context(|| format!("make {label} query-only"))?;
            conn.pragma_update(None, "cache_size", READ_CACHE_KIB)
                .with_context(|| format!("size the page cache of {label}"))?;
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
}

/// Rewrites the failures people meet in real use as one line saying what to do: a full disk, a
/// log locked by another process past the busy timeout. Anything else is returned as it was.
pub(crate) fn explain(err: anyhow::Error, path: &Path) -> anyhow::Error {
    use rusqlite::ErrorCode;
    // SQLITE_IOERR_SHMSIZE: the shared-memory file could not grow, which on Linux means ENOSPC.
    const IOERR_SHMSIZE: std::ffi::c_int = 4874;
    let sqlite = err.chain().find_map(|cause| match cause.downcast_ref() {
        Some(rusqlite::Error::SqliteFailure(failure, _)) => Some(*failure),
        _ => None,
    });
    let full =
        sqlite.is_some_and(|f| f.code == ErrorCode::DiskFull || f.extended_code == IOERR_SHMSIZE);
    if full {
        return disk_full(path);
    }
    if sqlite.is_some_and(|f| f.code == ErrorCode::DatabaseCorrupt) {
        return anyhow::anyhow!(
            "{} is damaged (SQLite finds it malformed): nothing was changed; move it aside and \
             restore a backup or an export (`amex-help import FILE`)",
            path.display()
        );
    }
    if sqlite.is_some_and(|f| f.code == ErrorCode::NotADatabase) {
        return anyhow::anyhow!(
            "{} is not an amex-help log (it is not an SQLite database); move it aside or pass --db \
             with another path",
            path.display()
        );
    }
    if sqlite.is_some_and(|f| matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
    {
        return anyhow::anyhow!(
            "the log is in use by another process (waited {} s); try again",
            BUSY_TIMEOUT.as_secs()
        );
    }
    err
}

fn disk_full(path: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "disk full writing {}: nothing was saved; free some space and run it again",
        path.display()
    )
}

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

#[cfg(test)]
mod tests;
