//! `amex-help export --format ics`: the real output, parsed by the `icalendar` crate, checked
//! against RFC 5545's line rules, and compared across two exports and an import.

use std::collections::BTreeSet;

use icalendar::parser::{read_calendar, unfold, Component};
use icalendar::{Calendar, Component as _, DatePerhapsTime};
use serde_json::Value;

use crate::support::TestEnv;

/// Runs `log add` with `args` and returns the new case's number.
fn add(env: &TestEnv, args: &[&str]) -> i64 {
    let out: Value = env.json(&[&["log", "add"], args].concat());
    out["case_id"].as_i64().expect("case_id")
}

/// A log with: case 1 (dispute) with a follow-up and two contacts each promising something by a
/// date, one more promise with no date; case 2 (travel), open with neither; case 3 (fraud),
/// resolved, whose follow-up and promise must not be exported.
fn seeded() -> TestEnv {
    let env = TestEnv::new();
    let one = add(
        &env,
        &[
            "--reason",
            "dispute",
            "--title",
            "Charged twice; café ☕ dinner, \"Le Bistro\" \\ table 4",
            "--rep",
            "Dana",
            "--ref",
            "R-1",
            "--at",
            "2026-11-02T10:30",
            "--promise",
            "credit, in 3 days; maybe",
            "--promise-due",
            "2030-01-10",
            "--follow-up",
            "2030-01-15",
        ],
    );
    let one = one.to_string();
    add(
        &env,
        &[
            "--case",
            &one,
            "--rep",
            "Sam",
            "--ref",
            "R-2",
            "--at",
            "2026-11-03T09:00",
            "--promise",
            "a letter confirming the credit",
            "--promise-due",
            "2030-01-20",
        ],
    );
    add(
        &env,
        &[
            "--case",
            &one,
            "--promise",
            "someone will call",
            "--at",
            "2026-11-04T09:00",
        ],
    );
    add(&env, &["--reason", "travel"]);
    let three = add(
        &env,
        &[
            "--reason",
            "fraud",
            "--promise",
            "new card",
            "--promise-due",
            "2030-02-01",
            "--follow-up",
            "2030-02-02",
        ],
    );
    env.ok(&["log", "resolve", &three.to_string()]);
    env
}

/// Checks, with the low-level parser (which keeps nested components), that every VEVENT holds
/// exactly one display alarm at 9:00 on the day; returns how many VEVENTs there are.
fn check_one_alarm_per_event(text: &str) -> usize {
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).expect("parses as iCalendar");
    let events: Vec<&Component> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    for event in &events {
        let alarms: Vec<&Component> = event
            .components
            .iter()
            .filter(|c| c.name == "VALARM")
            .collect();
        assert_eq!(alarms.len(), 1, "{event:?}");
        let prop = |name: &str| alarms[0].find_prop(name).map(|p| p.val.as_str().to_owned());
        assert_eq!(prop("ACTION").as_deref(), Some("DISPLAY"));
        assert_eq!(prop("TRIGGER").as_deref(), Some("PT9H"));
        assert!(prop("DESCRIPTION").is_some_and(|d| !d.is_empty()));
    }
    events.len()
}

/// RFC 5545 3.1: CRLF everywhere, no physical line over 75 octets, long lines folded.
fn check_line_rules(text: &str) {
    assert!(text.ends_with("\r\n"));
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    let longest = text.split("\r\n").map(str::len).max().unwrap_or(0);
    assert!(longest <= 75, "a line of {longest} octets");
    assert!(
        text.split("\r\n").any(|l| l.starts_with(' ')),
        "long descriptions are folded"
    );
}

fn date(d: Option<DatePerhapsTime>) -> String {
    match d {
        Some(DatePerhapsTime::Date(d)) => d.to_string(),
        other => panic!("an all-day date, not {other:?}"),
    }
}

#[test]
fn ics_export_parses_with_reminders_and_stable_uids() {
    let env = seeded();
    let first = env.ok(&["export", "--format", "ics"]);
    let second = env.ok(&["export", "--format", "ics"]);
    assert_eq!(first, second, "two exports of the same log are identical");

    check_line_rules(&first);

    let calendar: Calendar = first.parse().expect("icalendar parses the export");
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert!(calendar
        .property_value("PRODID")
        .is_some_and(|p| p.starts_with("-//amex-help//")));
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(calendar.todos().count(), 0);

    // Case 1's follow-up and its two dated promises; nothing from the undated promise, the
    // travel case or the resolved fraud case.
    let export: Value = serde_json::from_str(&env.ok(&["export"])).expect("json");
    // Cases created in the same second export in uid order: find case 1 by its reason.
    let case = export["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["reason"] == "dispute")
        .expect("case 1");
    let case_uid = case["uid"].as_str().expect("uid");
    let contact_uid = |i: usize| case["contacts"][i]["uid"].as_str().expect("uid").to_owned();
    let expected: BTreeSet<String> = [
        format!("case-{case_uid}-followup@amex-help"),
        format!("promise-{}-1@amex-help", contact_uid(0)),
        format!("promise-{}-1@amex-help", contact_uid(1)),
    ]
    .into();
    let uids: BTreeSet<String> = events
        .iter()
        .map(|e| e.get_uid().expect("UID").to_owned())
        .collect();
    assert_eq!(uids, expected);
    assert_eq!(events.len(), 3);

    let route: Value = env.json(&["route", "dispute"]);
    let number = route["numbers"][0]["display"].as_str().expect("number");
    let by_uid = |prefix: &str| {
        events
            .iter()
            .find(|e| e.get_uid().is_some_and(|u| u.starts_with(prefix)))
            .expect("event")
    };
    let follow_up = by_uid("case-");
    assert_eq!(date(follow_up.get_start()), "2030-01-15");
    assert_eq!(
        date(follow_up.get_end()),
        "2030-01-16",
        "DTEND is the next day"
    );
    // DTSTAMP is the latest time the log has for the case: its creation or its latest contact
    // (the third, logged with --at 2026-11-04T09:00, unless the case was created later).
    let latest = case["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|k| k["at"].as_str().expect("at"))
        .chain([case["created_at"].as_str().expect("created_at")])
        .max()
        .expect("a time")
        .to_owned();
    assert_eq!(
        follow_up
            .get_timestamp()
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        Some(latest)
    );
    let summary = follow_up.get_summary().expect("SUMMARY");
    assert!(
        summary.contains("case 1") && summary.contains("dispute"),
        "{summary}"
    );
    let description = follow_up.get_description().expect("DESCRIPTION");
    for part in [
        "Last representative: Sam",
        "Last reference: R-2",
        &format!("Number to call: {number}"),
        "Next step (rung ",
    ] {
        assert!(description.contains(part), "{part} in {description}");
    }
    let promise = by_uid(&format!("promise-{}", contact_uid(0)));
    assert_eq!(date(promise.get_start()), "2030-01-10");
    assert!(
        promise
            .get_summary()
            .is_some_and(|s| s.ends_with("credit, in 3 days; maybe")),
        "escaped text reads back as typed: {:?}",
        promise.get_summary()
    );

    // Exactly one display alarm in each event.
    assert_eq!(check_one_alarm_per_event(&first), 3);

    // The title's special characters survive escaping and folding.
    let raw_title = "Charged twice; café ☕ dinner, \"Le Bistro\" \\ table 4";
    assert!(follow_up
        .get_summary()
        .is_some_and(|s| s.ends_with(raw_title)));
}

/// The UIDs of the events in an ics export.
fn uids(text: &str) -> BTreeSet<String> {
    let calendar: Calendar = text.parse().expect("icalendar parses the export");
    calendar
        .events()
        .map(|e| e.get_uid().expect("UID").to_owned())
        .collect()
}

#[test]
fn ics_uids_survive_import_and_resolved_cases_leave() {
    let env = seeded();
    let expected = uids(&env.ok(&["export", "--format", "ics"]));
    assert_eq!(expected.len(), 3);
    // Restored into another log, the same items keep the same UIDs, so a calendar updates them.
    let file = env.write("export.json", &env.ok(&["export"]));
    let other = env.path().join("other.sqlite3");
    let other = other.to_str().expect("path");
    env.ok(&["import", file.to_str().expect("path"), "--db", other]);
    let restored = env.ok(&["export", "--format", "ics", "--db", other]);
    assert_eq!(uids(&restored), expected);
    // A later contact changes DTSTAMP but not the UIDs.
    let stamps = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("DTSTAMP:"))
            .map(str::to_owned)
            .collect()
    };
    let before = stamps(&env.ok(&["export", "--format", "ics"]));
    env.ok(&["log", "add", "--case", "1", "--rep", "Lee"]);
    let later = env.ok(&["export", "--format", "ics"]);
    assert_eq!(uids(&later), expected);
    assert_ne!(stamps(&later), before);
    assert!(later
        .replace("\r\n ", "")
        .contains("Last representative: Lee"));
    // A resolved case leaves the calendar.
    env.ok(&["log", "resolve", "1"]);
    assert!(uids(&env.ok(&["export", "--format", "ics"])).is_empty());
}

#[test]
fn ics_export_of_an_empty_or_missing_log_is_an_empty_calendar() {
    let env = TestEnv::new();
    let text = env.ok(&["export", "--format", "ics"]);
    assert!(!env.db().exists(), "a read creates nothing");
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let calendar: Calendar = text.parse().expect("parses");
    assert_eq!(calendar.events().count(), 0);
}

#[test]
fn ics_and_csv_refuse_json() {
    let env = TestEnv::new();
    assert_eq!(
        env.fails(&["export", "--format", "ics", "--json"], 2),
        "amex-help: `export --format ics` writes an iCalendar file, not JSON; drop --json, or use `--format json`\n"
    );
    assert_eq!(
        env.fails(&["export", "--format", "csv", "--json"], 2),
        "amex-help: `export --format csv` writes a CSV table, not JSON; drop --json, or use `--format json`\n"
    );
    let json: Value = env.json(&["export", "--format", "json"]);
    assert_eq!(json["format"], "amex-help-export");
}
