//! Every human output, and each command's other formats, compared whole with golden files in
//! `tests/expected/`. Read a golden file as the specification of what the user sees; after a
//! deliberate change, `AMEX_HELP_BLESS=1 cargo test golden` rewrites them all.
//!
//! The call log is dated relative to the day the test runs (a case opened 20 days ago, a promise
//! broken 5 days ago), and the output's dates are written back relative to today (`{today-20}`), so
//! the files hold on any day without a clock override in the binary.

use crate::support::{assert_golden, day, relative_dates, today, TestEnv};

/// Runs `args`, asserts exit 0 and a quiet stderr, and compares stdout with `tests/expected/<name>`.
fn golden(env: &TestEnv, args: &[&str], name: &str) {
    let out = env
        .cmd()
        .args(args)
        // Tables take the width of the terminal or `COLUMNS`; the files are for the default.
        .env_remove("COLUMNS")
        .output()
        .expect("run amex-help");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "amex-help {args:?}\n{stdout}{stderr}"
    );
    assert_eq!(stderr, "", "stderr of {args:?}");
    assert!(!stdout.contains('\x1b'), "{args:?}: no colour into a pipe");
    assert_golden(name, &clock_times_today(&relative_dates(&stdout, today())));
}

/// The log's own entries are dated on other days, so a time on `{today}` is the moment a command
/// ran (a case resolved just now): written `{now}`, as `{today} {now}` or `{today}T{now}`.
fn clock_times_today(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{today}") {
        let (before, after) = rest.split_at(i + "{today}".len());
        out.push_str(before);
        rest = after;
        let sep = rest.chars().next();
        if !matches!(sep, Some(' ' | 'T')) {
            continue;
        }
        let time_len = clock_time_len(&rest[1..]);
        if time_len > 0 {
            out.push(sep.unwrap_or(' '));
            out.push_str("{now}");
            rest = &rest[1 + time_len..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn route_by_slug_alias_and_free_text() {
    let env = TestEnv::new();
    golden(&env, &["route", "dispute"], "route-dispute.txt");
    golden(
        &env,
        &["route", "stolen", "--card", "gold"],
        "route-stolen-gold.txt",
    );
    golden(&env, &["route", "fraud", "--json"], "route-fraud.json");
}

#[test]
fn checklist_in_each_format() {
    let env = TestEnv::new();
    golden(&env, &["checklist", "dispute"], "checklist-dispute.txt");
    golden(
        &env,
        &["checklist", "dispute", "--format", "markdown"],
        "checklist-dispute.md",
    );
    golden(
        &env,
        &["checklist", "dispute", "--format", "json"],
        "checklist-dispute.json",
    );
}

#[test]
fn numbers_and_reasons_in_each_format() {
    let env = TestEnv::new();
    golden(&env, &["numbers"], "numbers.txt");
    golden(&env, &["numbers", "--json"], "numbers.json");
    golden(&env, &["reasons"], "reasons.txt");
    golden(&env, &["reasons", "--json"], "reasons.json");
}

/// Three cases: a dispute with a statement date and a broken promise, a lost card closed as
/// resolved, and a fee question whose follow-up is a week away.
fn seeded_log() -> TestEnv {
    let env = TestEnv::new();
    let today = today();
    let at = |days: i64| format!("{}T15:30:00Z", day(today, days));
    let dispute_at = at(-20);
    let statement = day(today, -30);
    let promise_due = day(today, -5);
    let follow_up = day(today, -2);
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--title",
        "Hotel charged twice",
        "--at",
        &dispute_at,
        "--rep",
        "Dana",
        "--rep-id",
        "D-114",
        "--ref",
        "K-3391",
        "--duration",
        "25",
        "--outcome",
        "Dispute opened",
        "--promise",
        "Provisional credit",
        "--promise-due",
        &promise_due,
        "--notes",
        "Charged twice on the same night",
        "--follow-up",
        &follow_up,
        "--statement-date",
        &statement,
        "--card-last5",
        "12345",
    ]);
    let second = at(-10);
    env.ok(&[
        "log",
        "add",
        "--case",
        "1",
        "--channel",
        "chat",
        "--at",
        &second,
        "--rep",
        "Lee",
        "--outcome",
        "Still under review",
    ]);
    let lost_at = at(-15);
    env.ok(&[
        "log",
        "add",
        "--reason",
        "lost-card",
        "--at",
        &lost_at,
        "--rep",
        "Sam",
        "--ref",
        "L-77",
        "--outcome",
        "Card cancelled, replacement sent",
    ]);
    env.ok(&["log", "resolve", "2", "--note", "Replacement card arrived"]);
    let fee_at = at(-1);
    let week = day(today, 7);
    env.ok(&[
        "log",
        "add",
        "--reason",
        "fee-waiver",
        "--at",
        &fee_at,
        "--channel",
        "secure-message",
        "--follow-up",
        &week,
    ]);
    env
}

#[test]
fn log_list_and_show_in_each_format() {
    let env = seeded_log();
    golden(&env, &["log", "list"], "log-list.txt");
    golden(&env, &["log", "list", "--json"], "log-list.json");
    golden(&env, &["log", "show", "1"], "log-show-1.txt");
    golden(&env, &["log", "show", "1", "--json"], "log-show-1.json");
    golden(&env, &["log", "show", "2"], "log-show-2.txt");
}

#[test]
fn followups_in_each_format() {
    let env = seeded_log();
    golden(&env, &["followups"], "followups.txt");
    golden(&env, &["followups", "--json"], "followups.json");
    golden(
        &env,
        &["followups", "--within", "14"],
        "followups-within-14.txt",
    );
}

#[test]
fn escalate_in_each_format() {
    let env = seeded_log();
    for (format, file) in [
        ("text", "escalate-1.txt"),
        ("markdown", "escalate-1.md"),
        ("complaint", "escalate-1-complaint.txt"),
        ("json", "escalate-1.json"),
    ] {
        golden(&env, &["escalate", "1", "--format", format], file);
    }
}

/// The length of the `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff` time at the start of `text`, with any
/// `Z` or `+HH:MM` after it; 0 when it starts with none.
fn clock_time_len(text: &str) -> usize {
    let b = text.as_bytes();
    let digits = |at: usize| b.len() >= at + 2 && b[at..at + 2].iter().all(u8::is_ascii_digit);
    if !(digits(0) && b.get(2) == Some(&b':') && digits(3)) {
        return 0;
    }
    let mut len = 5;
    if b.get(len) == Some(&b':') && digits(len + 1) {
        len += 3;
        if b.get(len) == Some(&b'.') {
            len += 1;
            while b.get(len).is_some_and(u8::is_ascii_digit) {
                len += 1;
            }
        }
    }
    if b.get(len) == Some(&b'Z') {
        len += 1;
    } else if b.get(len) == Some(&b'+') && digits(len + 1) && b.get(len + 3) == Some(&b':') {
        len += 6;
    }
    len
}

#[test]
fn times_today_are_now() {
    assert_eq!(
        clock_times_today(
            "Resolved {today} 20:01: ok; \"{today}T20:01:07.5Z\" {today}, {today-1} 15:30"
        ),
        "Resolved {today} {now}: ok; \"{today}T{now}\" {today}, {today-1} 15:30"
    );
}

#[test]
fn relative_dates_rewrite_only_dates_near_today() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).expect("a date");
    assert_eq!(
        relative_dates(
            "2026-03-10, 2026-02-28T10:00Z, 2026-03-13 and 1999-01-01",
            today
        ),
        "{today}, {today-10}T10:00Z, {today+3} and 1999-01-01"
    );
    assert_eq!(
        relative_dates("12026-03-10 2026-13-01", today),
        "12026-03-10 2026-13-01"
    );
}
