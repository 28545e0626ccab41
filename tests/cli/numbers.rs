//! `amex-help numbers` and `amex-help reasons`.

use serde::Deserialize;

use crate::route::Number;
use crate::support::{TestEnv, SLUGS};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    #[serde(flatten)]
    number: Number,
    reasons: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonRow {
    slug: String,
    title: String,
    department: String,
    aliases: Vec<String>,
}

#[test]
fn numbers_are_valid_nanp_with_sources() {
    let env = TestEnv::new();
    let rows: Vec<Row> = env.json(&["numbers"]);
    assert!(rows.len() >= 15, "{}", rows.len());
    for row in &rows {
        let n = &row.number;
        let digits = n.e164.strip_prefix("+1").expect("NANP");
        assert_eq!(digits.len(), 10, "{}", n.e164);
        assert!(digits.bytes().all(|b| b.is_ascii_digit()));
        assert!(
            digits.as_bytes()[0] >= b'2' && digits.as_bytes()[3] >= b'2',
            "{}",
            n.e164
        );
        assert!(!n.sources.is_empty(), "{}", n.id);
        assert!(["toll-free", "collect", "toll"].contains(&n.kind.as_str()));
        assert!(["us", "abroad"].contains(&n.region.as_str()));
        assert!(!n.label.is_empty() && !n.display.is_empty());
        let _ = (&n.hours, &n.note);
    }
    let earn = rows
        .iter()
        .find(|r| r.number.vanity.as_deref() == Some("1-800-AXP-EARN"))
        .expect("AXP-EARN");
    assert_eq!(earn.number.e164, "+18002973276");
    assert!(earn.reasons.contains(&"rewards".to_owned()));
    let india = rows
        .iter()
        .find(|r| r.number.e164 == "+18004192122")
        .expect("kept, labelled");
    assert_eq!(india.number.confidence, "not-us");
}

#[test]
fn numbers_filter_by_region_and_render() {
    let env = TestEnv::new();
    let abroad: Vec<Row> = env.json(&["numbers", "--region", "abroad"]);
    assert!(!abroad.is_empty() && abroad.iter().all(|r| r.number.region == "abroad"));
    let text = env.ok(&["numbers"]);
    assert!(
        text.contains("1-800-AXP-EARN") && text.contains("Sources:"),
        "{text}"
    );
}

#[test]
fn reasons_lists_all_slugs() {
    let env = TestEnv::new();
    let rows: Vec<ReasonRow> = env.json(&["reasons"]);
    let slugs: Vec<&str> = rows.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, SLUGS);
    assert!(rows
        .iter()
        .all(|r| !r.title.is_empty() && !r.department.is_empty()));
    assert!(rows
        .iter()
        .any(|r| r.aliases.contains(&"stolen".to_owned())));
    let text = env.ok(&["reasons"]);
    assert!(text.contains("financial-review"));
}
