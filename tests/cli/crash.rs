//! Crash safety: writers killed with SIGKILL part-way leave a sound log holding every write they
//! reported, and a transaction killed half-done leaves no trace.

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::support::TestEnv;

fn integrity(env: &TestEnv) -> String {
    let conn = rusqlite::Connection::open(env.db()).expect("open the log after the kills");
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check")
}

fn references(env: &TestEnv) -> Vec<String> {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    let mut stmt = conn
        .prepare("SELECT reference FROM contacts WHERE reference LIKE 'K-%'")
        .expect("prepare");
    stmt.query_map([], |row| row.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("read")
}

/// Waits up to `delay`, then kills the child if it is still running. Returns whether it finished
/// by itself with exit 0 (its write was acknowledged) or was killed.
fn kill_after(mut child: Child, delay: Duration) -> (bool, bool) {
    let deadline = Instant::now() + delay;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("poll child") {
            return (status.success(), false);
        }
        sleep(Duration::from_micros(200));
    }
    if let Some(status) = child.try_wait().expect("poll child") {
        return (status.success(), false);
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    (false, true)
}

#[test]
fn writers_killed_mid_write_lose_only_what_they_never_acknowledged() {
    let env = TestEnv::new();
    let first = env.run(&["log", "add", "--reason", "dispute", "--ref", "K-start"]);
    assert_eq!(first.status.code(), Some(0));
    let mut acknowledged = BTreeSet::from(["K-start".to_owned()]);
    let mut attempted = acknowledged.clone();
    // Kill times sweep 0-12 ms, across start-up, opening the log, the write and the exit.
    for i in 0..120u64 {
        let reference = format!("K-{i}");
        let child = env
            .std_cmd()
            .args([
                "log", "add", "--case", "1", "--rep", "Dana", "--ref", &reference,
            ])
            .args(["--notes", "killed or not, the log stays sound"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn log add");
        let (ok, _) = kill_after(child, Duration::from_micros((i * 997) % 12_000));
        if ok {
            acknowledged.insert(reference.clone());
        }
        attempted.insert(reference);
    }
    assert_eq!(integrity(&env), "ok");
    let stored: BTreeSet<String> = references(&env).into_iter().collect();
    let lost: Vec<&String> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    // Nothing survives that no writer sent, however many were killed (that number depends on the
    // machine's speed, so it is not asserted).
    let unknown: Vec<&String> = stored.difference(&attempted).collect();
    assert!(unknown.is_empty(), "stored but never written: {unknown:?}");
    // Nothing was written twice, and the log still takes writes and reads.
    assert_eq!(references(&env).len(), stored.len());
    env.ok(&["log", "add", "--case", "1", "--ref", "K-after"]);
    env.ok(&["log", "show", "1"]);
}

/// An export of `cases` made-up cases with two contacts each, as `import` reads it.
fn big_export(cases: usize) -> String {
    let case = |n: usize| {
        format!(
            r#"{{"uid":"case{n:08}","reason":"dispute","title":"Case {n}","status":"open","follow_up":"2026-12-01","statement_date":null,"card_last5":null,"created_at":"2026-01-01T10:00:00Z","resolved_at":null,"resolution_note":null,"contacts":[{{"uid":"a{n:08}","at":"2026-01-01T10:00:00Z","channel":"phone","number":null,"department":null,"rep":"Dana","rep_id":null,"reference":"K-import-{n}","duration_minutes":5,"outcome":"Opened","notes":null,"promises":[{{"text":"Call back","due":"2026-01-08"}}]}},{{"uid":"b{n:08}","at":"2026-01-02T10:00:00Z","channel":"chat","number":null,"department":null,"rep":"Lee","rep_id":null,"reference":null,"duration_minutes":null,"outcome":null,"notes":"Transcript saved","promises":[]}}]}}"#
        )
    };
    let cases: Vec<String> = (0..cases).map(case).collect();
    format!(
        r#"{{"format":"amex-help-export","version":1,"cases":[{}]}}"#,
        cases.join(",")
    )
}

fn count_cases(env: &TestEnv) -> i64 {
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    conn.query_row("SELECT count(*) FROM cases", [], |row| row.get(0))
        .expect("count")
}

#[test]
fn an_import_killed_half_way_leaves_no_trace() {
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "fraud", "--ref", "K-before"]);
    let cases = 6_000;
    let whole = 1 + i64::try_from(cases).expect("fits");
    let file = env.write("big.json", &big_export(cases));
    let file = file.to_str().expect("utf-8 path");
    for round in 0..3 {
        let mut child = env
            .std_cmd()
            .args(["import", file])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        // Wait until the import holds the write lock, i.e. is inside its transaction, then kill.
        let probe = rusqlite::Connection::open(env.db()).expect("open a probe");
        probe.busy_timeout(Duration::ZERO).expect("no waiting");
        let deadline = Instant::now() + Duration::from_mins(1);
        let mut in_transaction = false;
        while Instant::now() < deadline && child.try_wait().expect("poll").is_none() {
            match probe.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy =>
                {
                    in_transaction = true;
                    break;
                }
                _ => sleep(Duration::from_millis(1)),
            }
        }
        drop(probe);
        assert!(
            in_transaction,
            "round {round}: never saw the import inside its transaction"
        );
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        assert_eq!(integrity(&env), "ok");
        // One transaction, killed inside: none of it.
        assert_eq!(count_cases(&env), 1, "round {round}");
        assert_eq!(references(&env), ["K-before"]);
    }
    // The same file, left to finish, imports whole.
    env.ok(&["import", file]);
    assert_eq!(count_cases(&env), whole);
    assert_eq!(integrity(&env), "ok");
}
