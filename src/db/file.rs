//! The database file itself: created private to the user before `SQLite` opens it, switched to
//! write-ahead logging, and refused when it is not ours.

use std::fs::{DirBuilder, OpenOptions};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{Connection, ErrorCode};

use super::{migrate, BUSY_TIMEOUT};

#[cfg(unix)]
pub(super) fn create_private(path: &Path) -> Result<()> {
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
pub(super) fn create_private(path: &Path) -> Result<()> {
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
pub(super) fn use_wal(conn: &Connection, label: &str) -> Result<bool> {
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
pub(super) fn check_is_ours(conn: &Connection, label: &str) -> Result<()> {
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
