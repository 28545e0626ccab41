//! `amex-help checklist`: text, markdown and JSON for every reason.

use serde::Deserialize;

use crate::support::{TestEnv, SLUGS};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    title: String,
    items: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Checklist {
    reason: String,
    title: String,
    sections: Vec<Section>,
    reminder: String,
}

#[test]
fn every_slug_in_every_format() {
    let env = TestEnv::new();
    for slug in SLUGS {
        let text = env.ok(&["checklist", slug]);
        assert!(text.contains("  [ ] "), "{slug}: {text}");
        assert!(
            text.contains("Have at hand") && text.contains("What to say"),
            "{slug}"
        );

        let md = env.ok(&["checklist", slug, "--format", "markdown"]);
        assert!(md.starts_with("# Checklist: "), "{slug}");
        assert!(md.contains("\n## Have at hand\n\n- [ ] "), "{slug}: {md}");

        let via_format: Checklist =
            serde_json::from_str(&env.ok(&["checklist", slug, "--format", "json"])).expect("json");
        let c: Checklist = env.json(&["checklist", slug]);
        assert_eq!(c.reason, slug);
        assert_eq!(via_format.reason, slug);
        assert!(!c.title.is_empty() && c.reminder.contains("back of your own card"));
        let mut titles: Vec<&str> = c.sections.iter().map(|s| s.title.as_str()).collect();
        // A billing error's checklist opens with the written notice (issue 11).
        if ["dispute", "fraud"].contains(&slug) {
            assert_eq!(titles.first(), Some(&"Do first"), "{slug}");
            titles.remove(0);
        }
        assert_eq!(
            titles,
            [
                "Have at hand",
                "What to say",
                "Write down during the call",
                "After the call"
            ],
            "{slug}"
        );
        assert!(c.sections.iter().all(|s| !s.items.is_empty()));
    }
}

#[test]
fn common_and_specific_items_are_both_there() {
    let env = TestEnv::new();
    let c: Checklist = env.json(&["checklist", "dispute"]);
    let all = c
        .sections
        .iter()
        .flat_map(|s| s.items.iter())
        .map(|i| i.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in ["cid", "reference number", "merchant", "receipt"] {
        assert!(
            all.contains(needle),
            "dispute checklist mentions {needle}:\n{all}"
        );
    }
    let c: Checklist = env.json(&["checklist", "they want my tax returns"]);
    assert_eq!(c.reason, "financial-review");
    let all = c
        .sections
        .iter()
        .flat_map(|s| s.items.iter())
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("4506-C"), "{all}");
}

#[test]
fn unknown_reason_exits_2() {
    let env = TestEnv::new();
    let err = env.fails(&["checklist", "qqqq"], 2);
    assert!(err.contains("closest:"), "{err}");
}

#[test]
fn a_statement_date_that_cannot_be_right_is_refused_as_log_add_refuses_it() {
    let env = TestEnv::new();
    for (date, why) in [
        ("1900-01-01", "is before 1970"),
        ("2999-01-01", "in the future"),
    ] {
        let err = env.fails(&["checklist", "dispute", "--statement-date", date], 2);
        assert!(err.starts_with("amex-help: --statement-date: "), "{err}");
        assert!(err.contains(why), "{date}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn markdown_with_json_is_refused_rather_than_silently_json() {
    let env = TestEnv::new();
    let err = env.fails(
        &["checklist", "dispute", "--format", "markdown", "--json"],
        2,
    );
    assert!(
        err.starts_with("amex-help: `checklist --format markdown` writes Markdown, not JSON; "),
        "{err}"
    );
}
