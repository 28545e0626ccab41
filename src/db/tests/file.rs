//! The file: modes, read-only opening, refusing files that are not ours, concurrent writers.

use super::*;

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

    // An existing file that others could read is made private again, -wal and -shm included,
    // and so is its directory; the directory above, which the log does not live in, is left.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&wal, fs::Permissions::from_mode(0o644)).unwrap();
    let folder = existing.join("a").join("b");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).unwrap();
    Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(mode_of(&wal), 0o600);
    assert_eq!(mode_of(&folder), 0o700);
    assert_eq!(mode_of(&existing), 0o755);
}

#[cfg(unix)]
#[test]
fn a_shared_directory_is_not_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    // The sticky bit marks a directory shared by design, such as /tmp.
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
    let path = shared.join("calls.sqlite3");
    drop(Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    drop(Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap());
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(
        fs::metadata(&shared).unwrap().permissions().mode() & 0o7777,
        0o1777
    );
}

#[test]
fn a_failed_create_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    // A directory of the same name as the -wal file makes SQLite fail after the file is made.
    let path = temp_db(&dir);
    fs::create_dir(dir.path().join("calls.sqlite3-wal")).unwrap();
    fs::create_dir(dir.path().join("calls.sqlite3-journal")).unwrap();
    assert!(Db::open(&path, OpenMode::ReadWrite).is_err());
    assert!(!path.exists(), "left an empty database behind");
}

#[test]
fn an_empty_file_reads_as_an_empty_log_and_becomes_one_on_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    fs::write(&path, b"").unwrap();
    assert!(Db::open(&path, OpenMode::ReadOnly).unwrap().is_none());
    assert_eq!(fs::read(&path).unwrap(), b"");
    let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
    db.insert_case(&new_case("other", "x"), None, t("2026-03-01T10:00:00Z"))
        .unwrap();
}

#[test]
fn a_read_only_open_of_a_current_log_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    {
        let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
        sample(&mut db);
        db.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    for sibling in crate::db::file::siblings(&path) {
        let _ = fs::remove_file(sibling);
    }
    let bytes = fs::read(&path).unwrap();
    let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(db.list_cases(&CaseFilter::default()).unwrap().len(), 2);
    drop(db);
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn database_errors_people_meet_read_as_one_line_saying_what_to_do() {
    let path = Path::new("/x/calls.sqlite3");
    let sqlite = |code: std::ffi::c_int| {
        anyhow::Error::new(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
        .context("commit the new case")
    };
    assert_eq!(
        explain(sqlite(rusqlite::ffi::SQLITE_FULL), path).to_string(),
        "disk full writing /x/calls.sqlite3: nothing was saved; free some space and run it again"
    );
    assert_eq!(
        explain(sqlite(4874), path).to_string(),
        "disk full writing /x/calls.sqlite3: nothing was saved; free some space and run it again"
    );
    assert_eq!(
        explain(sqlite(rusqlite::ffi::SQLITE_BUSY), path).to_string(),
        "the log is in use by another process (waited 10 s); try again"
    );
    assert_eq!(
        explain(sqlite(rusqlite::ffi::SQLITE_CORRUPT), path).to_string(),
        "/x/calls.sqlite3 is damaged (SQLite finds it malformed): nothing was changed; move it \
         aside and restore a backup or an export (`amex-help import FILE`)"
    );
    let other = explain(sqlite(rusqlite::ffi::SQLITE_CONSTRAINT), path);
    assert!(format!("{other:#}").starts_with("commit the new case: "));
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
                "{} is not an amex-help log (it is not an SQLite database); move it aside or \
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
            .contains("is not an amex-help log (it holds another program's tables)"),
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
        db.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    for sibling in crate::db::file::siblings(&path) {
        let _ = fs::remove_file(sibling);
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
        assert!(
            crate::db::file::siblings(&path).iter().all(|p| !p.exists()),
            "{mode:?} created files beside it"
        );
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

/// Set in the child processes of `four_writer_processes_all_succeed`: the log to write to.
const WRITER_DB_VAR: &str = "AMEX_HELP_TEST_WRITER_DB";

/// One writer: a case and 100 contacts, each its own transaction.
fn write_as_child(path: &Path) {
    let mut db = Db::open(path, OpenMode::ReadWrite).unwrap().unwrap();
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
/// locks: the threads test above shares one process's. The test runs itself four times as the
/// writers (with `WRITER_DB_VAR` set, a run is one writer and nothing else); the parent then
/// checks that all 400 of their contacts arrived, so a writer that did nothing fails it.
#[test]
fn four_writer_processes_all_succeed() {
    if let Some(path) = std::env::var_os(WRITER_DB_VAR) {
        write_as_child(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(&exe)
                .args([
                    "db::tests::file::four_writer_processes_all_succeed",
                    "--exact",
                    "--test-threads=1",
                ])
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
