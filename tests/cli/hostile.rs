//! Issue 13 items 7 and 8: hostile imports and input. Every case checks the exit code, the one
//! message, and that the log is unchanged (the whole export, byte for byte).

use std::io::Write;
use std::process::Stdio;

use serde_json::{json, Value};

use crate::support::TestEnv;

/// A log with one case and one contact, and its export.
fn seeded() -> (TestEnv, String) {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--at",
        "2026-11-02T10:15",
        "--notes",
        "first call",
    ]);
    let export = env.ok(&["export"]);
    (env, export)
}

/// Runs `args`, expects exit 2 and a one-line message containing `message`, and that the log is
/// as it was.
fn refused(env: &TestEnv, before: &str, args: &[&str], message: &str) {
    let stderr = env.fails(args, 2);
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(
        stderr.starts_with("amex-help: ") && stderr.contains(message),
        "{args:?}: want {message:?} in {stderr}"
    );
    assert_eq!(env.ok(&["export"]), before, "{args:?} changed the log");
}

fn case(uid: &str, reason: &str, contacts: &[Value]) -> Value {
    json!({
        "uid": uid, "reason": reason, "title": "Imported", "status": "open",
        "follow_up": null, "statement_date": null, "card_last5": null,
        "created_at": "2026-10-01T09:00:00Z", "resolved_at": null, "resolution_note": null,
        "contacts": contacts,
    })
}

fn contact(uid: &str, notes: &str) -> Value {
    json!({
        "uid": uid, "at": "2026-10-01T09:00:00Z", "channel": "phone", "number": null,
        "department": null, "rep": null, "rep_id": null, "reference": null,
        "duration_minutes": null, "outcome": null, "notes": notes, "promises": [],
    })
}

#[test]
fn a_hostile_import_is_refused_whole_naming_the_first_offending_case() {
    let (env, before) = seeded();
    let good = case("aaaa0001", "fraud", &[contact("kkkk0001", "ok")]);
    let cases: [(&str, Vec<Value>, &str); 7] = [
        (
            "the same case twice",
            vec![good.clone(), case("aaaa0001", "fraud", &[])],
            "case 2 of the export: the uid is also case 1's; each case must appear once (uid aaaa0001)",
        ),
        (
            "the same contact in two cases",
            vec![
                good.clone(),
                case("aaaa0002", "fraud", &[contact("kkkk0001", "again")]),
            ],
            "case 2 of the export: contact 1: the uid is also contact 1 of case 1",
        ),
        (
            "a uid of one letter",
            vec![good.clone(), case("x", "fraud", &[])],
            "case 2 of the export: uid is not 8 to 64 letters",
        ),
        (
            "a contact uid of one letter",
            vec![case("aaaa0003", "fraud", &[contact("k", "x")])],
            "case 1 of the export: contact 1: uid is not 8 to 64 letters",
        ),
        (
            "an unknown reason",
            vec![good.clone(), case("aaaa0004", "made-up-reason", &[])],
            "case 2 of the export: reason `made-up-reason` is not one amex-help knows",
        ),
        (
            "a NUL in the notes",
            vec![
                good.clone(),
                case("aaaa0005", "fraud", &[contact("kkkk0005", "a\u{0}b")]),
            ],
            "case 2 of the export: a field holds a NUL character",
        ),
        (
            "a NUL in the title",
            vec![{
                let mut c = good.clone();
                c["title"] = json!("Tit\u{0}le");
                c
            }],
            "case 1 of the export: a field holds a NUL character",
        ),
    ];
    for (name, cases, message) in cases {
        let file = env.write(
            "hostile.json",
            &json!({"format": "amex-help-export", "version": 1, "cases": cases}).to_string(),
        );
        let path = file.to_str().expect("utf-8 path");
        refused(&env, &before, &["import", path], message);
        assert!(
            env.fails(&["import", path], 2)
                .contains("hostile.json refused, nothing imported: "),
            "{name}"
        );
    }
    // The good case alone goes in.
    let file = env.write(
        "good.json",
        &json!({"format": "amex-help-export", "version": 1, "cases": [good]}).to_string(),
    );
    env.ok(&["import", file.to_str().expect("utf-8 path")]);
}

#[test]
fn a_card_number_as_an_amount_is_refused_by_import_as_by_log_add() {
    let (env, before) = seeded();
    let mut c = case("aaaa0009", "dispute", &[]);
    c["amount_cents"] = json!(378_282_246_310_005_i64);
    let file = env.write(
        "amount.json",
        &json!({"format": "amex-help-export", "version": 2, "cases": [c]}).to_string(),
    );
    refused(
        &env,
        &before,
        &["import", file.to_str().expect("utf-8 path")],
        "case 1 of the export: amount_cents is larger than any card statement amount",
    );
    let err = env.fails(
        &[
            "log",
            "add",
            "--reason",
            "dispute",
            "--amount",
            "3782822463100.05",
        ],
        2,
    );
    assert!(err.contains("too large"), "{err}");
}

#[test]
fn edits_that_change_nothing_or_make_no_sense_are_refused() {
    let (env, before) = seeded();
    for (args, message) in [
        (&["log", "edit", "1"][..], "nothing to change in case 1"),
        (&["log", "edit", "1", "--title", ""], "--title is empty"),
        (&["log", "edit", "1", "--title", "   "], "--title is empty"),
        (
            &["log", "edit", "1", "--title", "\u{200b}\u{1b}"],
            "--title is empty",
        ),
        (
            &["log", "add", "--reason", "fraud", "--title", ""],
            "--title is empty",
        ),
        (
            &["log", "add", "--case", "1", "--reason", "fraud"],
            "--reason is for a new case; case 1 keeps its reason",
        ),
    ] {
        refused(&env, &before, args, message);
    }
}

#[test]
#[allow(clippy::too_many_lines)] // One table row per impossible date.
fn impossible_dates_are_refused_with_the_reason() {
    let (env, before) = seeded();
    for (args, message) in [
        (
            &["log", "add", "--reason", "fraud", "--at", "0000-01-01"][..],
            "--at: 0000-01-01 12:00 is before 1970",
        ),
        (
            &["log", "add", "--reason", "fraud", "--at", "1969-12-31"],
            "is before 1970",
        ),
        (
            &["log", "add", "--reason", "fraud", "--at", "2099-01-01"],
            "--at: 2099-01-01 12:00 is more than a day from now",
        ),
        (
            &[
                "log",
                "add",
                "--reason",
                "fraud",
                "--at",
                "2026-11-02",
                "--promise",
                "credit",
                "--promise-due",
                "2026-11-01",
            ],
            "--promise-due 2026-11-01 is before the call it was made in (2026-11-02)",
        ),
        (
            &[
                "log",
                "add",
                "--reason",
                "dispute",
                "--statement-date",
                "2099-01-01",
            ],
            "--statement-date: 2099-01-01 is in the future",
        ),
        (
            &["log", "edit", "1", "--statement-date", "2099-01-01"],
            "--statement-date: 2099-01-01 is in the future",
        ),
        (
            &[
                "log",
                "add",
                "--reason",
                "dispute",
                "--statement-date",
                "1901-01-01",
            ],
            "--statement-date: 1901-01-01 is before 1970",
        ),
        (
            &[
                "log",
                "add",
                "--reason",
                "fraud",
                "--follow-up",
                "1960-01-01",
            ],
            "--follow-up: 1960-01-01 is before 1970",
        ),
        (
            &["log", "edit", "1", "--follow-up", "1960-01-01"],
            "--follow-up: 1960-01-01 is before 1970",
        ),
        (
            &[
                "log",
                "add",
                "--reason",
                "fraud",
                "--promise",
                "a",
                "--promise-due",
                "+1d",
                "--promise-due",
                "+2d",
            ],
            "2 --promise-due for 1 --promise",
        ),
        (
            &["log", "add", "--reason", "fraud", "--promise", " "],
            "--promise 1 is empty",
        ),
    ] {
        refused(&env, &before, args, message);
    }
    // An old call is fine, and so is a promise that was due before today but after the call.
    env.ok(&[
        "log",
        "add",
        "--case",
        "1",
        "--at",
        "1999-05-01",
        "--promise",
        "call back",
        "--promise-due",
        "1999-05-03",
    ]);
}

#[test]
fn each_promise_gets_its_own_due_date_in_order() {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--at",
        "2026-11-02",
        "--promise",
        "provisional credit",
        "--promise-due",
        "2026-11-05",
        "--promise",
        "a letter",
        "--promise-due",
        "none",
        "--promise",
        "a call back",
    ]);
    let case: Value = env.json(&["log", "show", "1"]);
    let promises: Vec<(String, Value)> = case["contacts"][0]["promises"]
        .as_array()
        .expect("promises")
        .iter()
        .map(|p| {
            (
                p["text"].as_str().expect("text").to_owned(),
                p["due"].clone(),
            )
        })
        .collect();
    assert_eq!(
        promises,
        [
            ("provisional credit".to_owned(), json!("2026-11-05")),
            ("a letter".to_owned(), Value::Null),
            ("a call back".to_owned(), Value::Null),
        ]
    );
}

/// Runs `log add` with `stdin` piped in.
fn add_with_stdin(env: &TestEnv, args: &[&str], stdin: &[u8]) -> std::process::Output {
    let mut child = env
        .std_cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    // The child may refuse before reading; a closed pipe is then expected.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("wait")
}

#[test]
fn a_resolve_note_reads_standard_input_and_is_masked() {
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "lost-card"]);
    let out = add_with_stdin(
        &env,
        &["log", "resolve", "1", "--note", "-"],
        b"new card came; old one was 3782 822463 10005\n",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let case: Value = env.json(&["log", "show", "1"]);
    assert_eq!(
        case["resolution_note"].as_str(),
        Some("new card came; old one was [card number removed]"),
        "{case}"
    );
}

#[test]
fn notes_and_outcome_read_standard_input_beyond_the_command_line_limit() {
    let env = TestEnv::new();
    // Over the 128 KiB that Linux allows one argument, with a card number at the end.
    let mut notes = "transcript line\n".repeat(9000);
    notes.push_str("card 3782 822463 10005\n");
    let out = add_with_stdin(
        &env,
        &["log", "add", "--reason", "dispute", "--notes", "-"],
        notes.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let case: Value = env.json(&["log", "show", "1"]);
    let stored = case["contacts"][0]["notes"].as_str().expect("notes");
    assert_eq!(
        stored.len(),
        notes.len() - "3782 822463 10005\n".len() + "[card number removed]".len()
    );
    assert!(
        stored.ends_with("card [card number removed]"),
        "{}",
        &stored[stored.len() - 40..]
    );
    let out = add_with_stdin(
        &env,
        &["log", "add", "--case", "1", "--outcome", "-"],
        b"credit promised\r\n",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let case: Value = env.json(&["log", "show", "1"]);
    assert_eq!(case["contacts"][1]["outcome"], "credit promised");

    let before = env.ok(&["export"]);
    for (args, stdin, message) in [
        (
            &[
                "log",
                "add",
                "--case",
                "1",
                "--notes",
                "-",
                "--outcome",
                "-",
            ][..],
            &b"x"[..],
            "--outcome -: standard input is already read by another flag",
        ),
        (
            &["log", "add", "--case", "1", "--notes", "-"],
            b"\xff\xfe not text",
            "--notes -: standard input is not UTF-8 text",
        ),
        (
            &["log", "add", "--case", "1", "--notes", "-"],
            b"card 3782\x00822463\x0010005",
            "--notes -: standard input holds a NUL character",
        ),
    ] {
        let out = add_with_stdin(&env, args, stdin);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(env.ok(&["export"]), before);
    }
    let big = vec![b'a'; (1 << 20) + 1];
    let out = add_with_stdin(&env, &["log", "add", "--case", "1", "--notes", "-"], &big);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input is over 1 MiB"));
    assert_eq!(env.ok(&["export"]), before);
}

#[test]
fn an_import_with_no_cases_creates_no_log() {
    let env = TestEnv::new();
    let file = env.write(
        "empty.json",
        &json!({"format": "amex-help-export", "version": 2, "cases": []}).to_string(),
    );
    let out = env.ok(&["import", file.to_str().expect("utf-8 path"), "--json"]);
    assert!(out.contains("\"cases_added\": 0"), "{out}");
    assert!(!env.db().exists(), "nothing to write, so no log file");
}

#[test]
fn an_import_file_that_is_not_text_is_bad_input() {
    let env = TestEnv::new();
    let file = env.path().join("binary.json");
    std::fs::write(&file, b"\xff\xfe{\"format\"").expect("write");
    let err = env.fails(&["import", file.to_str().expect("utf-8 path")], 2);
    assert!(
        err.contains("is not UTF-8 text; give a file written by"),
        "{err}"
    );
    assert!(!env.db().exists());
}
