//! Schema migrations: the ordered list of SQL files in `migrations/` and the runner that applies
//! the ones a database lacks, with the schema version kept in `PRAGMA user_version`.

use anyhow::{bail, Context, Result};
use rusqlite::{Connection, TransactionBehavior};

/// Entry `n` takes a database from version `n` to `n + 1`. A shipped file never changes, because
/// databases already past it would never see the edit: a schema change is a new file at the end.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_create_call_log.sql"),
    include_str!("../../migrations/0002_case_last_activity.sql"),
    include_str!("../../migrations/0003_case_first_promise_due.sql"),
    include_str!("../../migrations/0004_ids_never_reused.sql"),
    include_str!("../../migrations/0005_dispute_facts.sql"),
];

/// The schema version this build writes.
pub(crate) fn latest() -> usize {
    MIGRATIONS.len()
}

/// Reads `PRAGMA user_version`, refusing a database this build cannot understand.
pub(crate) fn schema_version(conn: &Connection, label: &str) -> Result<usize> {
    let raw: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .with_context(|| format!("read the schema version of {label}"))?;
    let version = usize::try_from(raw).map_err(|_| {
        anyhow::anyhow!("{label} is not an amex-help database (schema version {raw})")
    })?;
    if version > latest() {
        bail!(
            "database {label} was written by a newer amex-help (schema version {version}, this \
             build knows {}); upgrade amex-help",
            latest()
        );
    }
    Ok(version)
}

/// Brings the database up to [`latest`]. Each step and its version bump commit together, so an
/// interrupted upgrade leaves the database at a whole version and the next open carries on.
pub(crate) fn upgrade(conn: &mut Connection, label: &str) -> Result<()> {
    upgrade_to(conn, label, latest())
}

fn upgrade_to(conn: &mut Connection, label: &str, target: usize) -> Result<()> {
    // Checked before taking the write lock so that an up-to-date database, the usual case,
    // opens without waiting for other writers.
    if schema_version(conn, label)? >= target {
        return Ok(());
    }
    // A step that rebuilds a table (0004) drops the old one, which with foreign keys on would
    // delete every row that refers to it. The setting cannot change inside a transaction, so it
    // is off for the whole upgrade, each step checks the keys before it commits, and the
    // caller's setting comes back afterwards whatever happened.
    let foreign_keys: bool = conn
        .pragma_query_value(None, "foreign_keys", |row| row.get(0))
        .with_context(|| format!("read the foreign-key setting of {label}"))?;
    conn.pragma_update(None, "foreign_keys", false)
        .with_context(|| format!("turn off foreign keys to upgrade {label}"))?;
    let result = apply_steps(conn, label, target);
    conn.pragma_update(None, "foreign_keys", foreign_keys)
        .with_context(|| format!("restore the foreign-key setting of {label}"))?;
    result
}

fn apply_steps(conn: &mut Connection, label: &str, target: usize) -> Result<()> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(|| format!("lock {label} to upgrade its schema"))?;
        // Read again under the lock: another process may have upgraded the file meanwhile.
        let version = schema_version(&tx, label)?;
        if version >= target {
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[version])
            .with_context(|| format!("upgrade {label} to schema version {}", version + 1))?;
        let dangling = tx
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut stmt| stmt.query([])?.next().map(|row| row.is_some()))
            .with_context(|| format!("check foreign keys in {label}"))?;
        if dangling {
            bail!(
                "upgrading {label} to schema version {} would leave rows pointing at nothing; \
                 nothing was changed",
                version + 1
            );
        }
        let next = i64::try_from(version + 1).context("schema version overflow")?;
        tx.pragma_update(None, "user_version", next)
            .with_context(|| format!("record schema version {} in {label}", version + 1))?;
        tx.commit()
            .with_context(|| format!("commit schema version {} to {label}", version + 1))?;
    }
}

#[cfg(test)]
mod tests;
