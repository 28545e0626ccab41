//! Issue 13 item 5: a refused file is left byte for byte with nothing beside it, an existing log is
//! made private, `~` means home, and a locked log gives one line saying what to do.

use std::fs;
use std::path::Path;

use crate::support::TestEnv;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_that_is_not_a_log_is_refused_unchanged_with_nothing_beside_it() {
    let env = TestEnv::new();
    let db = env.db();
    // Text, and bytes that start like SQLite but are too short to be a database.
    for bytes in [&b"name,amount\nlunch,12\n"[..], b"SQLite format 3\0tiny"] {
        fs::write(&db, bytes).expect("write");
        for args in [
            &["log", "add", "--reason", "fraud"][..],
            &["log", "list"],
            &["followups"],
            &["export"],
        ] {
            let stderr = env.fails(args, 1);
            assert_eq!(
                stderr,
                format!(
                    "amex-help: {} is not an amex-help log (it is not an SQLite database); move it aside or pass --db with another path\n",
                    db.display()
                ),
                "{args:?}"
            );
            assert_eq!(fs::read(&db).expect("read"), bytes, "{args:?}");
            assert_eq!(names(env.path()), ["calls.sqlite3"], "{args:?}");
        }
    }
}

#[test]
fn a_log_from_a_newer_version_is_refused_with_nothing_created_beside_it() {
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "fraud"]);
    {
        let conn = rusqlite::Connection::open(env.db()).expect("open");
        conn.pragma_update(None, "user_version", 99).expect("bump");
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave WAL");
    }
    let _ = fs::remove_file(env.path().join("calls.sqlite3-wal"));
    let _ = fs::remove_file(env.path().join("calls.sqlite3-shm"));
    let before = fs::read(env.db()).expect("read");
    for args in [&["log", "add", "--reason", "fraud"][..], &["log", "list"]] {
        let stderr = env.fails(args, 1);
        assert!(
            stderr.contains("was written by a newer amex-help (schema version 99"),
            "{stderr}"
        );
        assert_eq!(fs::read(env.db()).expect("read"), before);
        assert_eq!(names(env.path()), ["calls.sqlite3"]);
    }
}

#[cfg(unix)]
#[test]
fn an_existing_world_writable_log_is_made_private_with_one_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let folder = env.path().join("open");
    let db = folder.join("calls.sqlite3");
    let db_arg = db.to_str().expect("utf-8");
    env.ok(&["--db", db_arg, "log", "add", "--reason", "fraud"]);
    let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    let set =
        |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m)).expect("chmod");
    set(&folder, 0o777);
    for name in ["calls.sqlite3", "calls.sqlite3-wal", "calls.sqlite3-shm"] {
        set(&folder.join(name), 0o666);
    }
    let out = env.run(&["--db", db_arg, "log", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("amex-help: made the call log private to you: ")
            && stderr.contains("calls.sqlite3 (666 -> 600)")
            && stderr.contains("calls.sqlite3-wal (666 -> 600)")
            && stderr.contains("calls.sqlite3-shm (666 -> 600)")
            && stderr.contains("open (777 -> 700)"),
        "{stderr}"
    );
    assert_eq!(mode(&folder), 0o700);
    for name in ["calls.sqlite3", "calls.sqlite3-wal", "calls.sqlite3-shm"] {
        assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
    }
    // Once private, nothing more is said.
    env.ok(&["--db", db_arg, "log", "list"]);
}

#[test]
fn a_leading_tilde_means_home_and_another_users_is_refused() {
    let env = TestEnv::new();
    let home = env.path().join("home");
    fs::create_dir_all(&home).expect("home");
    let out = env
        .cmd()
        .env("AMEX_HELP_DB", "~/logs/calls.sqlite3")
        .current_dir(env.path())
        .args(["log", "add", "--reason", "fraud"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(home.join("logs").join("calls.sqlite3").exists());
    assert!(!env.path().join("~").exists(), "made a folder named ~");
    let out = env
        .cmd()
        .args(["--db=~/logs/calls.sqlite3", "log", "list", "--json"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"id\": 1"));
    let stderr = env.fails(&["--db", "~bob/calls.sqlite3", "log", "list"], 2);
    assert_eq!(
        stderr,
        "amex-help: cannot expand `~bob`: only a leading `~/` (your home directory) is expanded; write the full path\n"
    );
}

#[test]
fn a_log_locked_by_another_process_says_so_after_waiting() {
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "fraud"]);
    let mut conn = rusqlite::Connection::open(env.db()).expect("open");
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
        .expect("lock");
    let stderr = env.fails(&["log", "add", "--reason", "fraud"], 1);
    assert_eq!(
        stderr,
        "amex-help: the log is in use by another process (waited 10 s); try again\n"
    );
    // Reads do not wait for a writer.
    let listed = env.ok(&["log", "list", "--json"]);
    assert!(listed.contains("\"id\": 1") && !listed.contains("\"id\": 2"));
    drop(tx);
    env.ok(&["log", "add", "--reason", "fraud"]);
}

#[test]
fn a_damaged_log_says_so_in_one_line_and_is_left_as_it_was() {
    let env = TestEnv::new();
    let cases: Vec<String> = (0..300)
        .map(|n| {
            format!(
                r#"{{"uid":"case{n:08}","reason":"fraud","title":"Case {n} with a title long enough to fill pages","status":"open","follow_up":null,"statement_date":null,"card_last5":null,"created_at":"2026-01-01T10:00:00Z","resolved_at":null,"resolution_note":null,"contacts":[]}}"#
            )
        })
        .collect();
    let file = env.write(
        "many.json",
        &format!(
            r#"{{"format":"amex-help-export","version":1,"cases":[{}]}}"#,
            cases.join(",")
        ),
    );
    env.ok(&["import", file.to_str().expect("utf-8")]);
    {
        let conn = rusqlite::Connection::open(env.db()).expect("open");
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .expect("checkpoint");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("leave WAL");
    }
    let mut bytes = fs::read(env.db()).expect("read");
    assert!(bytes.len() > 4096 * 8, "{} bytes", bytes.len());
    // Pages 6 to 8 (of the case table) overwritten; the header is intact.
    bytes[4096 * 5..4096 * 8].fill(0xff);
    fs::write(env.db(), &bytes).expect("spoil");
    for args in [
        &["log", "list", "--all"][..],
        &["log", "add", "--reason", "fraud"],
    ] {
        let stderr = env.fails(args, 1);
        assert_eq!(
            stderr,
            format!(
                "amex-help: {} is damaged (SQLite finds it malformed): nothing was changed; move it aside and restore a backup or an export (`amex-help import FILE`)\n",
                env.db().display()
            ),
            "{args:?}"
        );
        assert_eq!(fs::read(env.db()).expect("read"), bytes, "{args:?}");
    }
}
