//! The database file itself: checked before `SQLite` opens it for writing, created private to the
//! user (and removed again if nothing was saved in it), its permissions tightened, switched to
//! write-ahead logging, and refused when it is not ours.

use std::fs::{DirBuilder, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{migrate, BUSY_TIMEOUT};

/// Creates the file, and any missing directories, private to the user. Returns whether the file
/// is new, so that a failure before anything is saved can remove it again ([`Created`]).
#[cfg(unix)]
pub(super) fn create_private(path: &Path) -> Result<bool> {
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
    // Exclusive: the file is ours only if this call made it. An existing file was tightened
    // before this, by `tighten`.
    match OpenOptions::new()
        .create_new(true)
        .write(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) if err.kind() == std::io::ErrorKind::StorageFull => Err(super::disk_full(path)),
        Err(err) => {
            Err(err).with_context(|| format!("open database {} for writing", path.display()))
        }
    }
}

#[cfg(not(unix))]
pub(super) fn create_private(path: &Path) -> Result<bool> {
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
    match OpenOptions::new().create_new(true).write(true).open(path) {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) if err.kind() == std::io::ErrorKind::StorageFull => Err(super::disk_full(path)),
        Err(err) => {
            Err(err).with_context(|| format!("open database {} for writing", path.display()))
        }
    }
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
            "{label} is not an amex-help log ({why}); move it aside or pass --db with another path"
        )
    };
    let tables: i64 =
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0)) {
            Ok(tables) => tables,
            // A damaged log (DatabaseCorrupt) is ours but broken: `explain` says so.
            Err(rusqlite::Error::SqliteFailure(error, message))
                if error.code == ErrorCode::NotADatabase =>
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

/// The files `SQLite` keeps beside the database.
pub(super) fn siblings(path: &Path) -> [PathBuf; 3] {
    ["-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Checks an existing file without writing to it or creating anything beside it, and returns its
/// schema version: the header first (a file that is not an `SQLite` database is refused from its
/// first bytes), then the tables and `user_version` through a read-only connection. Without a
/// `-wal` file the connection is opened `immutable`, which needs no `-shm` either; with one, the
/// WAL may hold the newest schema, so it is read as usual. An empty file is a new log.
pub(super) fn inspect(path: &Path, label: &str) -> Result<usize> {
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)
        .and_then(|file| file.take(100).read_to_end(&mut header))
        .with_context(|| format!("read database {label}"))?;
    if header.is_empty() {
        return Ok(0);
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        anyhow::bail!(
            "{label} is not an amex-help log (it is not an SQLite database); move it aside or pass --db with another path"
        );
    }
    let [wal, ..] = siblings(path);
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if wal.exists() {
        Connection::open_with_flags(path, flags)
    } else {
        Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
    }
    .with_context(|| format!("open database {label} to check it"))?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .with_context(|| format!("configure checkpoints for {label}"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .with_context(|| format!("set busy timeout on {label}"))?;
    check_is_ours(&conn, label)?;
    migrate::schema_version(&conn, label)
}

/// `file:` URI for `path`, read-only and immutable. Every byte but the unreserved ones is
/// percent-encoded, so `?`, `#` or `%` in a file name stay part of the name.
fn immutable_uri(path: &Path) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut uri = String::from("file:");
    for &byte in path_bytes(path).iter() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push('%');
            uri.push(char::from(HEX[usize::from(byte >> 4)]));
            uri.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(path.to_string_lossy().replace('\\', "/").into_bytes())
}

/// A database file this run created, removed again with whatever `SQLite` made beside it unless
/// [`Created::keep`] is called: a create that failed (a full disk, a refused directory) leaves
/// no empty database behind.
pub(super) struct Created {
    path: Option<PathBuf>,
}

impl Created {
    pub(super) fn new(path: &Path, created: bool) -> Created {
        Created {
            path: created.then(|| path.to_owned()),
        }
    }

    pub(super) fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Created {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            for file in siblings(&path).iter().chain([&path]) {
                // Best effort: the error being reported matters more than a leftover file.
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

/// Makes an existing log private: the file and its `-wal` and `-shm` to 0600, and its directory
/// to 0700, with one warning naming what changed. A directory that other people share by design
/// is left alone: one with the sticky bit (`/tmp`), the home directory, `/`, or one owned by
/// someone other than the log's owner.
#[cfg(unix)]
pub(super) fn tighten(path: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mut changed = Vec::new();
    let mut tighten_one = |file: &Path, private: u32| {
        let Ok(meta) = std::fs::metadata(file) else {
            return None;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0
            && std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode & private))
                .is_ok()
        {
            changed.push(format!(
                "{} ({:o} -> {:o})",
                file.display(),
                mode & 0o777,
                mode & private & 0o777
            ));
        }
        Some(meta)
    };
    let Some(log) = tighten_one(path, 0o7600) else {
        return;
    };
    for sibling in siblings(path) {
        tighten_one(&sibling, 0o7600);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    if let Ok(meta) = std::fs::metadata(&dir) {
        let sticky = meta.permissions().mode() & 0o1000 != 0;
        let shared = sticky
            || meta.uid() != log.uid()
            || dir.parent().is_none()
            || dirs::home_dir().is_some_and(|home| same_dir(&home, &dir));
        if !shared {
            tighten_one(&dir, 0o7700);
        }
    }
    if !changed.is_empty() {
        crate::output::notice(&format!(
            "made the call log private to you: {}",
            changed.join(", ")
        ));
    }
}

#[cfg(not(unix))]
pub(super) fn tighten(_path: &Path) {}

#[cfg(unix)]
fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
