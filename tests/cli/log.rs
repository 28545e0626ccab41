//! The call log end to end: `log`, `followups`, `escalate`, `export`, `import`, privacy and exit codes.

use std::os::unix::fs::PermissionsExt;

use serde::Deserialize;

use crate::support::TestEnv;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Added {
    case_id: i64,
    contact_id: i64,
    new_case: bool,
    at: String,
    masked: Vec<Masked>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Masked {
    field: String,
    kind: String,
    count: usize,
    why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Promise {
    text: String,
    due: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShownContact {
    contact_id: i64,
    at: String,
    channel: String,
    number: Option<String>,
    department: Option<String>,
    rep: Option<String>,
    rep_id: Option<String>,
    reference: Option<String>,
    duration_minutes: Option<u32>,
    outcome: Option<String>,
    promises: Vec<Promise>,
    notes: Option<String>,
    billing_error_notice: bool,
    received: Option<String>,
    rung: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShownCase {
    case_id: i64,
    reason: String,
    title: String,
    status: String,
    follow_up: Option<String>,
    statement_date: Option<String>,
    card_last5: Option<String>,
    created_at: String,
    resolved_at: Option<String>,
    resolution_note: Option<String>,
    contacts: Vec<ShownContact>,
    merchant: Option<String>,
    amount_cents: Option<i64>,
    amount: Option<String>,
    charge_date: Option<String>,
    card_tier: Option<String>,
    cycle_day: Option<u32>,
    deadlines: Option<serde_json::Value>,
    no_deadlines_because: Option<String>,
}

const CARD: &str = "3782 822463 10005";
const SSN: &str = "123-45-6789";

fn add(env: &TestEnv, args: &[&str]) -> Added {
    let mut all = vec!["log", "add"];
    all.extend_from_slice(args);
    let out = env.run(&[all.as_slice(), &["--json"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("log add --json")
}

#[test]
// The whole `log show --json` contract, field by field.
#[allow(clippy::too_many_lines)]
fn add_show_and_the_json_contract() {
    let env = TestEnv::new();
    let a = add(
        &env,
        &[
            "--reason",
            "charged twice for one dinner",
            "--rep",
            "Dana",
            "--rep-id",
            "D42",
            "--ref",
            "R-1",
            "--at",
            "2026-11-02T10:30",
            "--duration",
            "12",
            "--outcome",
            "opened an inquiry",
            "--promise",
            "credit in 3 days",
            "--promise-due",
            "2026-11-05",
            "--follow-up",
            "2026-11-06",
            "--statement-date",
            "2026-11-01",
            "--card-last5",
            "10005",
            "--merchant",
            "Casa Lisboa",
            "--amount",
            "1,250.5",
            "--charge-date",
            "2026-10-25",
            "--card",
            "gold",
            "--cycle-day",
            "28",
        ],
    );
    assert!(a.new_case && a.masked.is_empty());
    assert!(a.at.starts_with("2026-11-02T"), "{}", a.at);
    let b = add(
        &env,
        &[
            "--case",
            &a.case_id.to_string(),
            "--channel",
            "chat",
            "--rep",
            "Sam",
            "--rung",
            "in-writing",
        ],
    );
    assert_eq!((b.case_id, b.new_case), (a.case_id, false));
    assert_ne!(b.contact_id, a.contact_id);

    let case: ShownCase = env.json(&["log", "show", &a.case_id.to_string()]);
    assert_eq!(
        (case.case_id, case.reason.as_str(), case.status.as_str()),
        (a.case_id, "dispute", "open")
    );
    assert_eq!(case.follow_up.as_deref(), Some("2026-11-06"));
    assert_eq!(case.statement_date.as_deref(), Some("2026-11-01"));
    assert_eq!(case.card_last5.as_deref(), Some("10005"));
    assert!(!case.title.is_empty() && !case.created_at.is_empty());
    assert_eq!((case.resolved_at, case.resolution_note), (None, None));
    assert_eq!(case.contacts.len(), 2);
    let first = &case.contacts[0];
    assert_eq!(first.contact_id, a.contact_id);
    assert_eq!(first.channel, "phone");
    assert_eq!(
        first.number.as_deref(),
        Some("1-800-528-4800"),
        "defaults from the route"
    );
    assert!(first.department.is_some());
    assert_eq!(
        (first.rep.as_deref(), first.rep_id.as_deref()),
        (Some("Dana"), Some("D42"))
    );
    assert_eq!(
        (first.reference.as_deref(), first.duration_minutes),
        (Some("R-1"), Some(12))
    );
    assert_eq!(first.outcome.as_deref(), Some("opened an inquiry"));
    assert_eq!(first.promises[0].text, "credit in 3 days");
    assert_eq!(first.promises[0].due.as_deref(), Some("2026-11-05"));
    assert_eq!(first.notes, None);
    assert!(
        chrono::DateTime::parse_from_rfc3339(&first.at).is_ok(),
        "{}",
        first.at
    );
    assert_eq!(case.contacts[1].channel, "chat");
    assert_eq!(case.contacts[1].rung.as_deref(), Some("in-writing"));
    assert!(case
        .contacts
        .iter()
        .all(|c| !c.billing_error_notice && c.received.is_none()));
    assert_eq!(
        (
            case.merchant.as_deref(),
            case.amount_cents,
            case.amount.as_deref()
        ),
        (Some("Casa Lisboa"), Some(125_050), Some("$1,250.50"))
    );
    assert_eq!(
        (
            case.charge_date.as_deref(),
            case.card_tier.as_deref(),
            case.cycle_day
        ),
        (Some("2026-10-25"), Some("gold"), Some(28))
    );
    // A dispute with a statement date has dates, so no reason for their absence.
    assert!(case.deadlines.is_some() && case.no_deadlines_because.is_none());

    let text = env.ok(&["log", "show", &a.case_id.to_string()]);
    // Lines are wrapped to the width; the words stay in order.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("rep Dana (ID D42), ref R-1") && flat.contains("promised: credit in 3 days"),
        "{text}"
    );
}

#[test]
fn list_filters_resolve_reopen_delete() {
    let env = TestEnv::new();
    let lost = add(
        &env,
        &["--reason", "lost-card", "--notes", "left it at the gym"],
    );
    let fee = add(&env, &["--reason", "late fee", "--ref", "FEE-9"]);
    let all: Vec<serde_json::Value> = env.json(&["log", "list"]);
    assert_eq!(all.len(), 2);
    let found: Vec<serde_json::Value> = env.json(&["log", "list", "--search", "GYM"]);
    assert_eq!(found.len(), 1);
    let by_reason: Vec<serde_json::Value> = env.json(&["log", "list", "--reason", "fee-waiver"]);
    assert_eq!(by_reason.len(), 1);
    assert_eq!(by_reason[0]["last_reference"], "FEE-9");

    env.ok(&[
        "log",
        "resolve",
        &lost.case_id.to_string(),
        "--note",
        "card found",
    ]);
    let open: Vec<serde_json::Value> = env.json(&["log", "list", "--open"]);
    assert_eq!(open.len(), 1);
    env.ok(&["log", "reopen", &lost.case_id.to_string()]);
    let open: Vec<serde_json::Value> = env.json(&["log", "list", "--open"]);
    assert_eq!(open.len(), 2);
    env.ok(&[
        "log",
        "edit",
        &fee.case_id.to_string(),
        "--title",
        "Late fee from October",
        "--follow-up",
        "+3d",
    ]);
    let case: ShownCase = env.json(&["log", "show", &fee.case_id.to_string()]);
    assert_eq!(case.title, "Late fee from October");
    assert!(case.follow_up.is_some());

    // Without --yes and without a "y" on stdin nothing is deleted.
    let out = env
        .cmd()
        .args(["log", "delete", &fee.case_id.to_string()])
        .write_stdin("n\n")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    env.ok(&["log", "delete", &fee.case_id.to_string(), "--yes"]);
    env.fails(&["log", "show", &fee.case_id.to_string()], 2);
}

#[test]
fn card_numbers_ssns_and_codes_never_reach_the_database() {
    let env = TestEnv::new();
    let notes = format!("card {CARD}, ssn {SSN}, cid 4321");
    let rep = format!("Dana {CARD} {SSN}");
    let out = env.run(&[
        "log", "add", "--reason", "fraud", "--rep", &rep, "--notes", &notes, "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("masked a card number in --rep"), "{stderr}");
    assert!(
        stderr.contains("Social Security number in --notes"),
        "{stderr}"
    );
    let added: Added = serde_json::from_slice(&out.stdout).expect("json");
    let kinds: Vec<(&str, &str, usize)> = added
        .masked
        .iter()
        .map(|m| (m.field.as_str(), m.kind.as_str(), m.count))
        .collect();
    assert!(kinds.contains(&("notes", "security_code", 1)), "{kinds:?}");
    let code = added.masked.iter().find(|m| m.kind == "security_code");
    assert!(
        code.is_some_and(|m| m.why.contains("CID")),
        "{:?}",
        added.masked
    );

    let listed = env.ok(&["log", "show", &added.case_id.to_string(), "--json"]);
    let dump = env.ok(&["export"]);
    let digits = CARD.replace(' ', "");
    for text in [&listed, &dump] {
        // "4321" alone could turn up by chance in a random uid or a clock's nanoseconds; the code
        // is what follows "cid".
        assert!(
            !text.contains(CARD)
                && !text.contains(&digits)
                && !text.contains(SSN)
                && !text.to_lowercase().contains("cid 4321"),
            "{text}"
        );
    }
    // The database files themselves, WAL included.
    for entry in std::fs::read_dir(env.path()).expect("dir") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("calls.sqlite3"))
        {
            let bytes = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
            assert!(
                !bytes.contains("822463") && !bytes.contains(SSN),
                "{}",
                path.display()
            );
        }
    }
    let err = env.fails(
        &["log", "add", "--reason", "fraud", "--card-last5", &digits],
        2,
    );
    assert!(
        err.contains("--card-last5") && !err.contains(&digits),
        "{err}"
    );
}

#[test]
fn files_are_private_and_reads_create_nothing() {
    let env = TestEnv::new();
    let db = env.path().join("sub/dir/calls.sqlite3");
    let db = db.to_str().expect("path");
    assert!(env
        .ok(&["log", "list", "--db", db])
        .contains("No cases yet"));
    assert_eq!(env.ok(&["followups", "--db", db, "--json"]), "[]\n");
    assert!(!env.path().join("sub").exists(), "a read created nothing");
    add(&env, &["--db", db, "--reason", "general"]);
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(std::path::Path::new(db)), 0o600);
    assert_eq!(mode(&env.path().join("sub/dir")), 0o700);
}

#[test]
fn bad_input_exits_2_environment_exits_1_and_nothing_is_written() {
    let env = TestEnv::new();
    add(&env, &["--reason", "dispute"]);
    let before = env.ok(&["export"]);
    for (args, needle) in [
        (
            vec!["log", "add", "--reason", "dispute", "--at", "2026-02-30"],
            "2026-02-30",
        ),
        (
            vec![
                "log",
                "add",
                "--reason",
                "dispute",
                "--follow-up",
                "2026-13-01",
            ],
            "--follow-up",
        ),
        (
            vec!["log", "add", "--reason", "qwzx vvv"],
            "not sure what \"qwzx vvv\" is about",
        ),
        (vec!["log", "add", "--reason", ""], "no reason given"),
        (vec!["log", "add", "--reason", "?!"], "no words in \"?!\""),
        (
            vec!["log", "add", "--case", "99", "--rep", "X"],
            "no case 99",
        ),
        (vec!["log", "show", "99"], "no case 99"),
        (vec!["escalate", "99"], "no case 99"),
        (vec!["log", "add"], "--reason"),
    ] {
        let err = env.fails(&args, 2);
        assert!(
            err.contains(needle) && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
    assert_eq!(env.ok(&["export"]), before, "nothing changed");

    let junk = env.write("junk.sqlite3", &"not a database at all ".repeat(200));
    let junk_bytes = std::fs::read(&junk).expect("read");
    let err = env.fails(
        &[
            "log",
            "add",
            "--reason",
            "general",
            "--db",
            junk.to_str().expect("p"),
        ],
        1,
    );
    assert!(err.contains("junk.sqlite3"), "{err}");
    assert_eq!(
        std::fs::read(&junk).expect("read"),
        junk_bytes,
        "left untouched"
    );

    let newer = env.path().join("newer.sqlite3");
    let newer_s = newer.to_str().expect("p");
    add(&env, &["--db", newer_s, "--reason", "general"]);
    let conn = rusqlite::Connection::open(&newer).expect("open");
    conn.pragma_update(None, "user_version", 999).expect("bump");
    drop(conn);
    let err = env.fails(&["log", "list", "--db", newer_s], 1);
    assert!(err.contains("newer"), "{err}");

    let err = env.fails(
        &[
            "log",
            "add",
            "--reason",
            "general",
            "--db",
            "/proc/amex-help/calls.sqlite3",
        ],
        1,
    );
    assert!(err.contains("/proc/amex-help"), "{err}");
}

#[test]
fn followups_and_escalate_contracts() {
    let env = TestEnv::new();
    let a = add(
        &env,
        &[
            "--reason",
            "dispute",
            "--ref",
            "R-7",
            "--rep",
            "Lee",
            "--follow-up",
            "2020-01-01",
            "--promise",
            "refund",
            "--promise-due",
            "2020-01-02",
            "--at",
            "2019-12-20",
        ],
    );
    add(&env, &["--reason", "rewards", "--follow-up", "+30d"]);
    let due: Vec<serde_json::Value> = env.json(&["followups"]);
    assert_eq!(due.len(), 1, "the future one is not due: {due:?}");
    let f = &due[0];
    assert_eq!(f["case_id"], a.case_id);
    assert_eq!(f["follow_up"], "2020-01-01");
    assert_eq!(f["overdue"], true);
    assert!(f["days_overdue"].as_i64().expect("days") > 365);
    assert_eq!(
        (f["last_reference"].as_str(), f["last_rep"].as_str()),
        (Some("R-7"), Some("Lee"))
    );
    // One contact, a promise and a follow-up date both past: the first rung, for those facts.
    assert_eq!(f["next_step"]["rung"], 1, "{f}");
    assert_eq!(f["next_step"]["slug"], "call-back", "{f}");
    assert!(f["reason"].is_string() && f["title"].is_string());
    let within: Vec<serde_json::Value> = env.json(&["followups", "--within", "31"]);
    assert_eq!(within.len(), 2);

    let e: serde_json::Value = env.json(&["escalate", &a.case_id.to_string()]);
    assert_eq!(e["case_id"], a.case_id);
    for key in ["rung", "action", "channel", "contact"] {
        assert!(!e["step"][key].is_null(), "{key}: {e}");
    }
    assert_eq!(e["timeline"].as_array().expect("timeline").len(), 1);
    let md = env.ok(&["escalate", &a.case_id.to_string(), "--format", "markdown"]);
    assert!(
        md.starts_with("## Case ") && md.contains("### Timeline"),
        "{md}"
    );
    let draft = env.ok(&["escalate", &a.case_id.to_string(), "--format", "complaint"]);
    assert!(
        draft.contains("What happened, in order:") && draft.contains("Documents to attach:"),
        "{draft}"
    );
}

#[test]
fn export_import_export_round_trips_without_duplicates() {
    let env = TestEnv::new();
    let a = add(
        &env,
        &[
            "--reason",
            "dispute",
            "--promise",
            "call back",
            "--notes",
            "a, \"quoted\" note",
        ],
    );
    add(
        &env,
        &["--case", &a.case_id.to_string(), "--channel", "letter"],
    );
    add(&env, &["--reason", "travel"]);
    let first = env.ok(&["export"]);
    let file = env.write("export.json", &first);
    let other = env.path().join("other.sqlite3");
    let other = other.to_str().expect("p");
    env.ok(&["import", file.to_str().expect("p"), "--db", other]);
    assert_eq!(env.ok(&["export", "--db", other]), first);
    let again = env.ok(&["import", file.to_str().expect("p"), "--db", other, "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&again).expect("json");
    assert_eq!(
        (
            stats["cases_added"].as_u64(),
            stats["contacts_added"].as_u64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(env.ok(&["export", "--db", other]), first);
    let csv = env.ok(&["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 3, "{csv}");
    assert!(csv.contains("\"a, \"\"quoted\"\" note\""), "{csv}");
}

#[test]
fn four_writers_at_once_lose_nothing() {
    let env = TestEnv::new();
    let a = add(&env, &["--reason", "complaint"]);
    let case = a.case_id.to_string();
    std::thread::scope(|s| {
        for w in 0..4 {
            let env = &env;
            let case = &case;
            s.spawn(move || {
                for i in 0..100 {
                    let r = format!("W{w}-{i}");
                    let out = env.run(&["log", "add", "--case", case, "--ref", &r]);
                    assert_eq!(
                        out.status.code(),
                        Some(0),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let shown: ShownCase = env.json(&["log", "show", &case]);
    assert_eq!(shown.contacts.len(), 401);
    let conn = rusqlite::Connection::open(env.db()).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
}

#[test]
fn long_lists_show_people_a_screenful_and_scripts_everything() {
    let env = TestEnv::new();
    for day in 1..=23 {
        let date = format!("2026-01-{day:02}");
        add(
            &env,
            &["--reason", "dispute", "--at", &date, "--follow-up", &date],
        );
    }
    let count = |args: &[&str]| -> usize {
        let items: Vec<serde_json::Value> = env.json(args);
        items.len()
    };
    for list in [&["followups"][..], &["log", "list"][..]] {
        let with = |extra: &[&'static str]| [list, extra].concat();
        // Text: the 20 most urgent or newest, and a note on stderr saying how to see the rest.
        let note = |extra: &[&'static str]| {
            let out = env.run(&with(extra));
            assert_eq!(out.status.code(), Some(0), "{list:?} {extra:?}");
            String::from_utf8(out.stderr).expect("utf-8")
        };
        assert_eq!(
            note(&[]),
            "amex-help: showing the first 20; more match: add --all, or --limit N, to see them\n",
            "{list:?}"
        );
        assert_eq!(note(&["--all"]), "", "{list:?}");
        assert_eq!(note(&["--limit", "23"]), "", "{list:?}");
        assert!(note(&["--limit", "22"]).contains("showing the first 22"));
        env.fails(&with(&["--limit", "0"]), 2);
        // JSON: everything unless asked for less.
        assert_eq!(count(&with(&[])), 23, "{list:?}");
        assert_eq!(count(&with(&["--limit", "3"])), 3, "{list:?}");
        assert_eq!(count(&with(&["--all"])), 23, "{list:?}");
        env.fails(&with(&["--all", "--limit", "3"]), 2);
    }
    // The cut keeps the most overdue follow-ups and the most recently active cases.
    let due: Vec<serde_json::Value> = env.json(&["followups", "--limit", "2"]);
    let dates: Vec<&str> = due
        .iter()
        .map(|f| f["follow_up"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-01-01", "2026-01-02"]);
    let listed: Vec<serde_json::Value> = env.json(&["log", "list", "--limit", "2"]);
    let ids: Vec<i64> = listed.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [23, 22]);
}

#[test]
fn a_case_opened_by_logging_an_earlier_call_dates_from_that_call() {
    let env = TestEnv::new();
    add(&env, &["--reason", "fraud", "--at", "2026-03-02T09:30"]);
    let shown: serde_json::Value = env.json(&["log", "show", "1"]);
    assert_eq!(shown["created_at"], "2026-03-02T09:30:00Z");
    // A later contact does not move it.
    add(&env, &["--case", "1", "--at", "2026-03-20"]);
    let shown: serde_json::Value = env.json(&["log", "show", "1"]);
    assert_eq!(shown["created_at"], "2026-03-02T09:30:00Z");
}
