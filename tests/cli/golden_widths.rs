//! Whole human outputs at 45, 80 and 120 columns, compared with `tests/expected/` (issue 12
//! item 7): route for every reason, checklist, log list, log show, followups and escalate.
//! `AMEX_HELP_BLESS=1 cargo test` rewrites them after a deliberate change.
//!
//! The log's dates are all long past, so what is overdue or passed stays so on any day the
//! tests run.

use crate::support::{assert_golden, TestEnv, SLUGS};

const WIDTHS: [u16; 3] = [45, 80, 120];

/// The binary's stdout at `columns` columns off a terminal (so `COLUMNS` decides), asserting
/// exit 0 and an empty stderr.
fn at(env: &TestEnv, columns: u16, args: &[&str]) -> String {
    let out = env
        .cmd()
        .args(args)
        .env("COLUMNS", columns.to_string())
        .output()
        .expect("run amex-help");
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    normalise_day_counts(&String::from_utf8(out.stdout).expect("utf-8"))
}

/// `text` with the counts of days since a past date ("627 day(s) overdue", "open 638 days")
/// written as `N`, since they grow by one every day the tests run.
fn normalise_day_counts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits = rest[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |n| start + n);
        let after = &rest[digits..];
        let before = &rest[..start];
        let grows = after.starts_with(" day(s) overdue")
            || (before.ends_with("open ") && after.starts_with(" days"));
        out.push_str(before);
        out.push_str(if grows { "N" } else { &rest[start..digits] });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[test]
fn only_growing_day_counts_are_normalised() {
    assert_eq!(
        normalise_day_counts(
            "627 day(s) overdue (follow up 2025-03-14)\nbecause open 638 days, 60 days"
        ),
        "N day(s) overdue (follow up 2025-03-14)\nbecause open N days, 60 days"
    );
}

/// A log with a dispute (statement date, a broken promise, two contacts) and a lost card with a
/// follow-up date, both in 2025.
pub(crate) fn fixture() -> TestEnv {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--title",
        "Hotel charged twice in Lisbon",
        "--at",
        "2025-03-03T10:15",
        "--rep",
        "Dana",
        "--rep-id",
        "D-17",
        "--ref",
        "R-5521",
        "--duration",
        "25",
        "--outcome",
        "Dispute opened for the second charge",
        "--promise",
        "Provisional credit while they investigate",
        "--promise-due",
        "2025-03-06",
        "--statement-date",
        "2025-02-27",
        "--follow-up",
        "2025-03-14",
        "--notes",
        "Second charge of 212.40 on the same night; the hotel says it refunded it",
    ]);
    env.ok(&[
        "log",
        "add",
        "--case",
        "1",
        "--channel",
        "secure-message",
        "--at",
        "2025-03-10T09:00",
        "--ref",
        "R-5597",
        "--outcome",
        "Asked for a supervisor; no credit yet",
    ]);
    env.ok(&[
        "log",
        "add",
        "--reason",
        "lost-card",
        "--at",
        "2025-04-01T22:40",
        "--ref",
        "LC-2025-0401-XY",
        "--follow-up",
        "2025-04-08",
        "--outcome",
        "Card cancelled, new one sent",
    ]);
    env
}

#[test]
fn route_for_every_reason_at_45_80_and_120_columns() {
    let env = TestEnv::new();
    for columns in WIDTHS {
        let mut all = String::new();
        for slug in SLUGS {
            all.push_str("$ amex-help route ");
            all.push_str(slug);
            all.push('\n');
            all.push_str(&at(&env, columns, &["route", slug]));
            all.push('\n');
        }
        assert_golden(&format!("route-{columns}.txt"), &all);
    }
}

#[test]
fn checklist_and_the_log_views_at_45_80_and_120_columns() {
    let env = fixture();
    let views: [(&str, &[&str]); 8] = [
        ("checklist", &["checklist", "dispute"]),
        ("route-abroad", &["route", "lost-card", "--abroad"]),
        ("log-list", &["log", "list"]),
        ("log-show", &["log", "show", "1"]),
        ("followups", &["followups"]),
        ("escalate", &["escalate", "1"]),
        (
            "escalate-markdown",
            &["escalate", "1", "--format", "markdown"],
        ),
        (
            "escalate-complaint",
            &["escalate", "1", "--format", "complaint"],
        ),
    ];
    for columns in WIDTHS {
        for (name, args) in views {
            let text = at(&env, columns, args);
            assert!(!text.contains('\x1b'), "{name}: no colour in a pipe");
            assert_golden(&format!("{name}-{columns}.txt"), &text);
        }
    }
}

#[test]
fn no_golden_line_is_wider_than_its_width() {
    // The golden files themselves are checked: every line fits.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/expected") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(columns) = WIDTHS.iter().find(|w| name.ends_with(&format!("-{w}.txt"))) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read");
        for line in text.lines() {
            assert!(
                line.chars().count() <= usize::from(*columns),
                "{name}: {line}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 24, "checked {checked} golden files");
}

#[test]
fn with_colour_the_number_to_call_and_what_is_overdue_stand_out() {
    let env = fixture();
    let paint = |args: &[&str]| env.ok(&[args, &["--color", "always"]].concat());
    let route = paint(&["route", "lost-card"]);
    assert!(
        route.contains("\x1b[1;36m  1-800-528-4800\x1b[0m"),
        "the number to call: {route:?}"
    );
    let abroad = paint(&["route", "international"]);
    assert!(
        abroad.contains("\x1b[1;36m  +1 336-393-1111\x1b[0m"),
        "{abroad:?}"
    );
    let warn = "\x1b[1;33m";
    for (args, overdue) in [
        (&["log", "list"][..], "2025-03-14 (overdue)"),
        (&["log", "show", "1"], "Follow up: 2025-03-14 (overdue)"),
        (&["log", "show", "1"], "2025-03-06,"),
        (&["followups"], "day(s) overdue (follow up 2025-03-14)"),
        (&["followups"], "promise not kept:"),
    ] {
        let text = paint(args);
        let marked = text
            .lines()
            .any(|l| l.contains(overdue) && l.contains(warn));
        assert!(marked, "{args:?}: {overdue} stands out:\n{text:?}");
        // The same without colour: the words are there, no escape code is.
        let plain = env.ok(&[args, &["--color", "never"]].concat());
        assert!(
            plain.contains(overdue) && !plain.contains('\x1b'),
            "{args:?}"
        );
    }
}
