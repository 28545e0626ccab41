//! Disputes end to end (issue 11): each 12 CFR 1026.13 date rule, the billing-error notice, the
//! escalation ladder on facts, the letter, with dates relative to the run's today. The binary
//! runs with `TZ=UTC`, so today is the UTC date.

use chrono::{Datelike, Days, NaiveDate, Utc};
use serde::Deserialize;

use crate::support::TestEnv;

/// `deadlines` in `log show --json` and `followups --json`.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Deadlines {
    notice_by: Option<NaiveDate>,
    notice_passed: bool,
    notice_late: bool,
    notice_received: Option<NaiveDate>,
    received_assumed: bool,
    acknowledge_by: Option<NaiveDate>,
    acknowledge_passed: bool,
    resolve_by: Option<NaiveDate>,
    resolve_passed: bool,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Shown {
    deadlines: Option<Deadlines>,
    no_deadlines_because: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Letter {
    case_id: i64,
    send_by: Option<NaiveDate>,
    text: String,
}

/// Human output with its wrapping undone, so a sentence can be looked for whatever the width.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

fn ago(days: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(days)).expect("a date")
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).expect("a date")
}

fn s(date: NaiveDate) -> String {
    date.to_string()
}

/// Opens a case and returns its number.
fn open(env: &TestEnv, args: &[&str]) -> String {
    let mut all = vec!["log", "add"];
    all.extend_from_slice(args);
    let added: serde_json::Value = env.json(&all);
    added["case_id"].to_string()
}

fn show(env: &TestEnv, case: &str) -> Shown {
    env.json(&["log", "show", case])
}

/// Opens a dispute case on a `card` with the statement of `statement`; returns its id.
fn open_dispute(env: &TestEnv, statement: NaiveDate, card: &str) -> String {
    open(
        env,
        &[
            "--reason",
            "dispute",
            "--statement-date",
            &s(statement),
            "--card",
            card,
        ],
    )
}

/// Logs the billing-error notice for `case`: a letter sent on `sent`, received on `received`.
fn send_notice(env: &TestEnv, case: &str, sent: NaiveDate, received: NaiveDate) {
    env.ok(&[
        "log",
        "add",
        "--case",
        case,
        "--channel",
        "letter",
        "--at",
        &s(sent),
        "--billing-error-notice",
        "--received",
        &s(received),
    ]);
}

/// The third closing day on or after `received`, found by walking the calendar: the close of the
/// cycle the notice arrived in, then the two complete cycles after it (comment 13(c)(2)-1).
fn third_close(received: NaiveDate, cycle_day: u32) -> NaiveDate {
    let mut day = received;
    let mut closes = 0;
    loop {
        let last_of_month = plus(day, 1).month() != day.month();
        if day.day() == cycle_day || (last_of_month && day.day() < cycle_day) {
            closes += 1;
            if closes == 3 {
                return day;
            }
        }
        day = plus(day, 1);
    }
}

#[test]
fn a_plain_secure_message_starts_no_duties() {
    let env = TestEnv::new();
    let statement = ago(20);
    let case = open_dispute(&env, statement, "gold");
    env.ok(&[
        "log",
        "add",
        "--case",
        &case,
        "--channel",
        "secure-message",
        "--at",
        &s(ago(5)),
        "--outcome",
        "Asked for a supervisor",
    ]);
    let d = show(&env, &case)
        .deadlines
        .expect("a dispute with a statement date has dates");
    assert_eq!(d.notice_by, Some(plus(statement, 60)));
    assert!(!d.notice_passed && !d.notice_late);
    assert_eq!(
        (d.notice_received, d.acknowledge_by, d.resolve_by),
        (None, None, None)
    );
    assert_eq!(d.note, None, "a personal card with nothing to add: {d:?}");
    let text = env.ok(&["log", "show", &case]);
    assert!(
        flat(&text).contains(&format!("must reach the issuer by {}", plus(statement, 60))),
        "{text}"
    );
    assert!(!flat(&text).contains("acknowledge"), "{text}");
}

#[test]
fn a_flagged_notice_gives_the_issuer_its_dates() {
    let env = TestEnv::new();
    let statement = ago(40);
    let received = ago(8);
    let case = open_dispute(&env, statement, "platinum");
    send_notice(&env, &case, ago(12), received);
    let d = show(&env, &case).deadlines.expect("dates");
    assert_eq!(d.notice_received, Some(received));
    assert!(!d.received_assumed && !d.notice_late && !d.notice_passed);
    assert_eq!(d.acknowledge_by, Some(plus(received, 30)));
    let expected = third_close(received, statement.day()).min(plus(received, 90));
    assert_eq!(d.resolve_by, Some(expected));
    assert!(!d.acknowledge_passed && !d.resolve_passed);

    // With the cycle day moved, the two complete cycles end elsewhere.
    env.ok(&["log", "edit", &case, "--cycle-day", "31"]);
    let d = show(&env, &case).deadlines.expect("dates");
    assert_eq!(
        d.resolve_by,
        Some(third_close(received, 31).min(plus(received, 90)))
    );

    let due: Vec<serde_json::Value> = env.json(&["followups"]);
    assert_eq!(due[0]["deadlines"]["acknowledge_by"], s(plus(received, 30)));
    assert_eq!(due[0]["deadlines"]["notice_late"], false);
}

#[test]
fn a_notice_without_a_receipt_date_says_so() {
    let env = TestEnv::new();
    let case = open_dispute(&env, ago(10), "gold");
    let out = env.run(&[
        "log",
        "add",
        "--case",
        &case,
        "--channel",
        "email",
        "--billing-error-notice",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--received"));
    let d = show(&env, &case).deadlines.expect("dates");
    assert!(d.received_assumed);
    assert_eq!(d.notice_received, Some(today()));
    assert!(d
        .note
        .expect("a note")
        .contains("No receipt date was given"));
}

#[test]
fn a_late_notice_is_flagged_with_what_is_still_open() {
    let env = TestEnv::new();
    let statement = ago(120);
    let case = open_dispute(&env, statement, "gold");
    send_notice(&env, &case, ago(8), ago(5));
    let d = show(&env, &case).deadlines.expect("dates");
    assert!(d.notice_late);
    assert_eq!((d.acknowledge_by, d.resolve_by), (None, None));
    let note = d.note.expect("the late-notice note");
    assert!(
        note.contains("after the 60 days") && note.contains("complaint"),
        "{note}"
    );
    let text = env.ok(&["log", "show", &case]);
    assert!(
        flat(&text).contains("late, so it starts no issuer duties"),
        "{text}"
    );
}

#[test]
fn a_notice_date_gone_by_is_marked_passed() {
    let env = TestEnv::new();
    let statement = ago(70);
    let case = open_dispute(&env, statement, "gold");
    let d = show(&env, &case).deadlines.expect("dates");
    assert_eq!(d.notice_by, Some(plus(statement, 60)));
    assert!(d.notice_passed);
    let text = env.ok(&["followups"]);
    assert!(
        flat(&text).contains(&format!(
            "had to reach the issuer by {} (passed)",
            plus(statement, 60)
        )),
        "{text}"
    );
    assert!(!flat(&text).contains("must reach the issuer by"), "{text}");
}

#[test]
fn business_and_corporate_cards_get_no_dates_and_the_reason() {
    let env = TestEnv::new();
    for tier in ["business", "corporate"] {
        let case = open_dispute(&env, ago(10), tier);
        let shown = show(&env, &case);
        assert!(shown.deadlines.is_none(), "{tier}");
        let why = shown.no_deadlines_because.expect("a reason");
        assert!(why.contains("1026.3(a)"), "{why}");
        let text = env.ok(&["log", "show", &case]);
        assert!(
            flat(&text).contains("No billing-error dates: Business and corporate cards"),
            "{text}"
        );
        let letter: Letter = env.json(&["letter", &case]);
        assert_eq!(letter.send_by, None, "{tier}: no legal last day");
        assert!(
            !flat(&letter.text).contains("1026.13(d)") && flat(&letter.text).contains("1026.3(a)"),
            "{}",
            letter.text
        );
        let draft = env.ok(&["escalate", &case, "--format", "complaint"]);
        assert!(
            flat(&draft).contains("Business and corporate cards are outside"),
            "{draft}"
        );
    }
}

#[test]
fn a_fraud_case_gets_the_same_dates() {
    let env = TestEnv::new();
    let statement = ago(15);
    let case = open(
        &env,
        &[
            "--reason",
            "fraud",
            "--statement-date",
            &s(statement),
            "--card",
            "green",
        ],
    );
    let d = show(&env, &case)
        .deadlines
        .expect("unauthorized use is a billing error");
    assert_eq!(d.notice_by, Some(plus(statement, 60)));
    assert!(d.note.expect("the liability line").contains("1026.12(b)"));
    let due: Vec<serde_json::Value> = env.json(&["followups"]);
    assert_eq!(
        due.len(),
        1,
        "a fraud case with a statement date is followed: {due:?}"
    );
}

#[test]
fn a_phone_call_offered_as_the_notice_is_refused() {
    let env = TestEnv::new();
    let err = env.fails(
        &[
            "log",
            "add",
            "--reason",
            "dispute",
            "--billing-error-notice",
        ],
        2,
    );
    assert!(
        err.contains("cannot be the written billing-error notice"),
        "{err}"
    );
    assert!(!env.db().exists(), "nothing is written");
    let case = open(&env, &["--reason", "dispute"]);
    env.fails(
        &[
            "log",
            "add",
            "--case",
            &case,
            "--channel",
            "chat",
            "--billing-error-notice",
        ],
        2,
    );
    let list: Vec<serde_json::Value> = env.json(&["log", "list"]);
    assert_eq!(
        list[0]["contact_count"], 1,
        "the refused contact was not added"
    );
}

#[test]
fn words_in_outcomes_do_not_climb_the_ladder() {
    let env = TestEnv::new();
    let words = "Rep said I do not need to file a complaint; no supervisor available";
    let case = open(&env, &["--reason", "general", "--outcome", words]);
    env.ok(&["log", "add", "--case", &case, "--outcome", words]);
    let e: serde_json::Value = env.json(&["escalate", &case]);
    let because = e["because"].to_string();
    assert!(
        !because.contains("supervisor") && !because.contains("complaint"),
        "{e}"
    );
    assert!(e["step"].is_null() || e["step"]["rung"] == 1, "{e}");
}

#[test]
fn a_quiet_case_is_not_escalated() {
    let env = TestEnv::new();
    let case = open(
        &env,
        &[
            "--reason",
            "activate",
            "--at",
            &s(ago(14)),
            "--outcome",
            "Card activated",
        ],
    );
    let e: serde_json::Value = env.json(&["escalate", &case]);
    assert!(e["step"].is_null(), "{e}");
    assert!(e["no_step_because"]
        .as_str()
        .expect("why")
        .contains("no sign of trouble"));
    assert_eq!(e["because"], serde_json::json!([]));
    let text = env.ok(&["escalate", &case]);
    assert!(
        flat(&text).contains("No escalation now: no sign of trouble"),
        "{text}"
    );
    let due: Vec<serde_json::Value> = env.json(&["followups", "--within", "30"]);
    assert!(due.is_empty(), "{due:?}");
}

#[test]
fn a_recorded_rung_moves_the_next_step_higher() {
    let env = TestEnv::new();
    // The promise is due three days after the call (not after today), so it is past due now.
    let case = open(
        &env,
        &[
            "--reason",
            "dispute",
            "--at",
            &s(ago(10)),
            "--promise",
            "credit",
            "--promise-due",
            "+3d",
        ],
    );
    let e: serde_json::Value = env.json(&["escalate", &case]);
    assert_eq!(e["step"]["slug"], "call-back", "{e}");
    assert!(
        e["because"][0].as_str().unwrap_or("").contains(&s(ago(7))),
        "{e}"
    );
    env.ok(&[
        "log",
        "add",
        "--case",
        &case,
        "--at",
        &s(ago(2)),
        "--rung",
        "supervisor",
    ]);
    let e: serde_json::Value = env.json(&["escalate", &case]);
    assert_eq!(e["step"]["rung"], 3, "{e}");
    assert_eq!(e["step"]["slug"], "in-writing", "{e}");
    let err = env.fails(&["log", "add", "--case", &case, "--rung", "manager"], 2);
    assert!(
        err.contains("call-back, supervisor, in-writing, social, formal-complaint, cfpb"),
        "{err}"
    );
}

#[test]
fn relative_dates_count_from_at() {
    let env = TestEnv::new();
    let case = open(
        &env,
        &[
            "--reason",
            "rewards",
            "--at",
            "2026-10-01",
            "--promise",
            "points",
            "--promise-due",
            "+10d",
            "--follow-up",
            "+2w",
        ],
    );
    let shown: serde_json::Value = env.json(&["log", "show", &case]);
    assert_eq!(shown["contacts"][0]["promises"][0]["due"], "2026-10-11");
    assert_eq!(shown["follow_up"], "2026-10-15");
}

#[test]
fn amounts_are_checked() {
    let env = TestEnv::new();
    for bad in ["forty", "40.123", "1,25.00", "$-3"] {
        let amount = format!("--amount={bad}");
        let err = env.fails(&["log", "add", "--reason", "dispute", &amount], 2);
        assert!(err.contains("--amount"), "{err}");
    }
    assert!(!env.db().exists());
}

#[test]
fn a_charge_date_ahead_or_before_1970_is_refused() {
    let env = TestEnv::new();
    for bad in [s(plus(today(), 3)), "1969-12-31".to_owned()] {
        let err = env.fails(
            &["log", "add", "--reason", "dispute", "--charge-date", &bad],
            2,
        );
        assert!(err.contains("--charge-date"), "{err}");
    }
    assert!(!env.db().exists());
    let case = open(&env, &["--reason", "dispute"]);
    let ahead = s(plus(today(), 3));
    let err = env.fails(&["log", "edit", &case, "--charge-date", &ahead], 2);
    assert!(err.contains("in the future"), "{err}");
    env.ok(&["log", "edit", &case, "--charge-date", &s(ago(3))]);
}

#[test]
fn the_letter_drafts_the_notice_from_the_case() {
    let env = TestEnv::new();
    let statement = ago(10);
    let case = open(
        &env,
        &[
            "--reason",
            "dispute",
            "--statement-date",
            &s(statement),
            "--card-last5",
            "10005",
            "--merchant",
            "Hotel Lisboa",
            "--amount",
            "$412.50",
            "--charge-date",
            &s(ago(15)),
            "--outcome",
            "Charged twice for one night",
        ],
    );
    let letter: Letter = env.json(&["letter", &case]);
    assert_eq!(letter.case_id.to_string(), case);
    assert_eq!(letter.send_by, Some(plus(statement, 60)));
    for part in [
        "ending in 10005",
        "[Your name",
        "[Your address]",
        "Hotel Lisboa",
        "$412.50",
        &s(statement),
        "Charged twice for one night",
        "billing-error address printed on your statement",
        "proof of mailing",
        &s(plus(statement, 60)),
    ] {
        assert!(flat(&letter.text).contains(part), "{part}: {}", letter.text);
    }
    let md = env.ok(&["letter", &case, "--format", "markdown"]);
    assert!(
        md.starts_with("# Billing-error notice") && md.contains("## The charge"),
        "{md}"
    );
    let other = open(&env, &["--reason", "rewards"]);
    let err = env.fails(&["letter", &other], 2);
    assert!(err.contains("dispute or fraud"), "{err}");
}

#[test]
fn the_complaint_draft_and_the_calendar_carry_the_dispute() {
    let env = TestEnv::new();
    let statement = ago(130);
    let received = ago(100);
    let case = open(
        &env,
        &[
            "--reason",
            "dispute",
            "--statement-date",
            &s(statement),
            "--merchant",
            "Hotel Lisboa",
            "--amount",
            "412.50",
            "--charge-date",
            &s(ago(140)),
            "--card",
            "gold",
            "--at",
            &s(ago(130)),
        ],
    );
    send_notice(&env, &case, ago(103), received);
    let draft = env.ok(&["escalate", &case, "--format", "complaint"]);
    for part in [
        "Merchant: Hotel Lisboa",
        "Amount: $412.50",
        "Statement date:",
        "Charge date:",
        &format!("received by the issuer on {received}"),
        "1026.13(c)(1)",
        "missed: the dispute is still open",
    ] {
        assert!(flat(&draft).contains(part), "{part}: {draft}");
    }
    // The issuer missed its resolve-by date: a fact the ladder climbs on.
    let e: serde_json::Value = env.json(&["escalate", &case]);
    assert!(e["because"].to_string().contains("to resolve"), "{e}");
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(
        ics.contains("-acknowledge@amex-help") && ics.contains("-resolve@amex-help"),
        "{ics}"
    );
}

#[test]
fn the_dispute_checklist_puts_the_notice_first_with_its_date() {
    let env = TestEnv::new();
    let statement = ago(5);
    let text = env.ok(&["checklist", "dispute", "--statement-date", &s(statement)]);
    let notice = text
        .find("written billing-error notice")
        .expect("the notice item");
    let merchant = text.find("merchant name").expect("a later item");
    assert!(notice < merchant, "{text}");
    assert!(flat(&text).contains(&s(plus(statement, 60))), "{text}");
}

#[test]
fn a_card_number_typed_as_the_merchant_is_masked() {
    let env = TestEnv::new();
    let out = env.run(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--merchant",
        "3782 822463 10005",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--merchant"));
    let shown: serde_json::Value = env.json(&["log", "show", "1"]);
    assert_eq!(shown["merchant"], "[card number removed]");
    let bytes = std::fs::read(env.db()).expect("db");
    assert!(
        !bytes.windows(6).any(|w| w == b"822463"),
        "digits reached the file"
    );
}

#[test]
fn the_notice_date_is_a_calendar_event_until_a_notice_is_logged() {
    let env = TestEnv::new();
    let case = open_dispute(&env, ago(3), "gold");
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(ics.contains("-notice@amex-help"), "{ics}");
    assert!(
        ics.contains(&plus(ago(3), 60).format("%Y%m%d").to_string()),
        "{ics}"
    );
    env.ok(&[
        "log",
        "add",
        "--case",
        &case,
        "--channel",
        "letter",
        "--billing-error-notice",
        "--received",
        &s(today()),
    ]);
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(
        !ics.contains("-notice@amex-help") && ics.contains("-acknowledge@amex-help"),
        "{ics}"
    );
}

#[test]
fn the_letter_fits_the_width_and_shows_stored_text_escaped() {
    let env = TestEnv::new();
    let case = open(
        &env,
        &[
            "--reason",
            "dispute",
            "--statement-date",
            &s(ago(10)),
            "--merchant",
            "Hotel\u{1b}[2J Lisboa",
            "--amount",
            "40",
        ],
    );
    for columns in ["45", "80"] {
        let out = env
            .cmd()
            .args(["letter", &case])
            .env("COLUMNS", columns)
            .output()
            .expect("run amex-help");
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let width: usize = columns.parse().expect("a number");
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{columns}: {line:?}");
        }
        assert!(
            !text.contains('\u{1b}') && text.contains("Hotel\\e[2J Lisboa"),
            "{text}"
        );
    }
}
