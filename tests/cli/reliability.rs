//! Issue 13 items 3, 4 and 6: deletes that delete, ids never reused, closed pipes and full
//! stdouts after a committed write, and CSV cells a spreadsheet would run.

use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::support::TestEnv;

/// Every file of the log (`calls.sqlite3`, `-wal`, `-shm`, `-journal`) with its bytes.
fn log_files(env: &TestEnv) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(env.path()).expect("list temp dir") {
        let entry = entry.expect("dir entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("calls.sqlite3") {
            files.push((name, std::fs::read(entry.path()).expect("read log file")));
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn a_deleted_case_leaves_no_text_in_any_file_and_its_id_is_not_reused() {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "fraud",
        "--notes",
        "kept note alpha",
    ]);
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--title",
        "gone title bravo",
        "--notes",
        "gone note charlie",
        "--outcome",
        "gone outcome delta",
        "--promise",
        "gone promise echo",
    ]);
    env.ok(&["log", "add", "--case", "2", "--rep", "gone rep foxtrot"]);
    assert_eq!(
        env.ok(&["log", "delete", "2", "--yes"]),
        "Case 2 deleted.\n"
    );
    let files = log_files(&env);
    assert!(files.iter().any(|(name, _)| name == "calls.sqlite3"));
    for needle in [
        "gone title bravo",
        "gone note charlie",
        "gone outcome delta",
        "gone promise echo",
        "gone rep foxtrot",
    ] {
        for (name, bytes) in &files {
            assert!(!contains(bytes, needle), "{needle:?} is still in {name}");
        }
    }
    // What was not deleted is still there (so the search above would have found text).
    assert!(files
        .iter()
        .any(|(_, bytes)| contains(bytes, "kept note alpha")));
    // The next case and contact get new numbers, not 2 and 3 again.
    assert_eq!(
        env.ok(&["log", "add", "--reason", "fraud"]),
        "Opened case 3 with contact 4.\n"
    );
    let out = env.run(&["log", "show", "2"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_delete_while_another_process_reads_is_saved_and_says_the_wal_keeps_copies() {
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "fraud", "--notes", "doomed note"]);
    env.ok(&["log", "add", "--reason", "fraud"]);
    let mut conn = rusqlite::Connection::open(env.db()).expect("open");
    let reader = conn.transaction().expect("begin");
    let count: i64 = reader
        .query_row("SELECT count(*) FROM cases", [], |row| row.get(0))
        .expect("read");
    assert_eq!(count, 2);
    let out = env.run(&["log", "delete", "1", "--yes"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Case 1 deleted.\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("amex-help: the case is deleted, but the log's write-ahead file (-wal) could not be emptied now")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    drop(reader);
    drop(conn);
    // The next write's checkpoint is SQLite's own; the delete is there either way.
    let cases: Vec<Value> = env.json(&["log", "list"]);
    assert_eq!(cases.len(), 1);
}

/// Runs `args` with stdout a pipe whose reader goes away after one byte.
fn run_into_closed_pipe(env: &TestEnv, args: &[&str]) -> (Option<i32>, String) {
    let mut child = env
        .std_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn amex-help");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("first byte");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn big_log(env: &TestEnv, cases: usize) {
    let case = |n: usize| {
        format!(
            r#"{{"uid":"case{n:08}","reason":"dispute","title":"Case {n}","status":"open","follow_up":"2026-01-01","statement_date":null,"card_last5":null,"created_at":"2026-01-01T10:00:00Z","resolved_at":null,"resolution_note":null,"contacts":[{{"uid":"k{n:08}","at":"2026-01-01T10:00:00Z","channel":"phone","number":null,"department":null,"rep":"Dana","rep_id":null,"reference":"R-{n}","duration_minutes":5,"outcome":"Opened","notes":null,"promises":[{{"text":"Call back","due":"2026-01-08"}}]}}]}}"#
        )
    };
    let all: Vec<String> = (0..cases).map(case).collect();
    let file = env.write(
        "big.json",
        &format!(
            r#"{{"format":"amex-help-export","version":1,"cases":[{}]}}"#,
            all.join(",")
        ),
    );
    env.ok(&["import", file.to_str().expect("utf-8 path")]);
}

#[test]
fn every_streamed_output_ends_quietly_with_0_when_the_reader_leaves() {
    let env = TestEnv::new();
    // Enough output to overflow the pipe's buffer many times over.
    big_log(&env, 2000);
    for args in [
        &["log", "list", "--json"][..],
        &["log", "list", "--all"],
        &["followups", "--json"],
        &["followups", "--all"],
        &["export"],
        &["export", "--format", "csv"],
        &["export", "--format", "ics"],
    ] {
        let (code, stderr) = run_into_closed_pipe(&env, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_committed_write_whose_report_cannot_be_written_exits_0_with_a_warning() {
    let env = TestEnv::new();
    let full = || std::fs::File::create("/dev/full").expect("open /dev/full");
    let out = env
        .std_cmd()
        .args(["log", "add", "--reason", "fraud"])
        .stdout(full())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("amex-help: the change was saved, but its report could not be written")
            && stderr.contains("do not run the command again")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    // Saved once: a script that retried on failure would now have logged the call twice.
    let cases: Vec<Value> = env.json(&["log", "list"]);
    assert_eq!(cases.len(), 1);
    for args in [
        &["log", "edit", "1", "--title", "New"][..],
        &["log", "resolve", "1"],
        &["log", "reopen", "1"],
        &["log", "delete", "1", "--yes"],
    ] {
        let out = env
            .std_cmd()
            .args(args)
            .stdout(full())
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("the change was saved"),
            "{args:?}"
        );
    }
    let cases: Vec<Value> = env.json(&["log", "list"]);
    assert!(cases.is_empty());
    // A read has nothing saved to protect: a full stdout is an error there.
    let out = env
        .std_cmd()
        .args(["log", "list", "--json"])
        .stdout(full())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn csv_cells_a_spreadsheet_would_run_start_with_a_quote() {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--title",
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "--rep",
        "@SUM(A1:A9)",
        "--outcome=-2+3",
        "--notes",
        "+cmd",
        "--ref",
        "\tR-1",
    ]);
    let csv = env.ok(&["export", "--format", "csv"]);
    let row = csv.lines().nth(1).expect("a data row");
    for cell in [
        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
        ",'@SUM(A1:A9),",
        ",'-2+3,",
        ",'+cmd,",
        ",'\tR-1,",
    ] {
        assert!(row.contains(cell), "{cell:?} not in {row:?}");
    }
    // No cell of the row begins with a formula character.
    assert!(!row.contains(",=") && !row.contains(",@") && !row.contains(",+"));
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_exits_1_saying_why_and_what_to_do() {
    let env = TestEnv::new();
    let runs: [&[&str]; 8] = [
        &["--help"],
        &["--version"],
        &["route", "lost-card"],
        &["log", "list", "--json"],
        &["man"],
        &["completions", "bash"],
        &["export", "--format", "ics"],
        &["checklist", "dispute"],
    ];
    for flag in runs {
        let out = env
            .std_cmd()
            .args(flag)
            .stdout(std::fs::File::create("/dev/full").expect("open /dev/full"))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{flag:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("amex-help: writing to standard output: ")
                && stderr.contains("; free some space on that disk")
                && stderr.lines().count() == 1,
            "{flag:?}: {stderr}"
        );
    }
}
