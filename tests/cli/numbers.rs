//! `amex-help numbers` and `amex-help reasons`.

use serde::Deserialize;

use crate::route::Number;
use crate::support::{TestEnv, OWN_CARD_OVERLAY, SLUGS};

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
fn us_numbers_are_valid_nanp_with_sources() {
    let env = TestEnv::new();
    let rows: Vec<Row> = env.json(&["numbers"]);
    assert!(rows.len() >= 15, "{}", rows.len());
    for row in &rows {
        let n = &row.number;
        assert!(!n.sources.is_empty(), "{}", n.id);
        if n.confidence == "not-us" {
            // Held as the country's own number (India's toll-free line is +91), never as a US one.
            assert!(!n.e164.starts_with("+1"), "{}", n.e164);
            assert!(row.reasons.is_empty(), "{}: {:?}", n.id, row.reasons);
            continue;
        }
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
        .find(|r| r.number.e164 == "+9118004192122")
        .expect("kept as an India number, labelled");
    assert_eq!(india.number.confidence, "not-us");
    assert_eq!(india.number.display, "1800-419-2122");
}

#[test]
fn numbers_filter_by_region_and_render() {
    let env = TestEnv::new();
    let abroad: Vec<Row> = env.json(&["numbers", "--region", "abroad"]);
    assert!(!abroad.is_empty() && abroad.iter().all(|r| r.number.region == "abroad"));
    let text = env.ok(&["numbers"]);
    assert!(
        text.contains("1-800-AXP-EARN") && text.contains("\nSources\n"),
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

#[test]
fn numbers_and_reasons_take_a_limit_best_first() {
    let env = TestEnv::new();
    let all: Vec<Row> = env.json(&["numbers"]);
    let rank = |c: &str| match c {
        "own-card" => 0,
        "confirmed" => 1,
        "informal" => 2,
        _ => 3,
    };
    let ranks: Vec<u8> = all.iter().map(|r| rank(&r.number.confidence)).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "best first: {ranks:?}"
    );
    assert_eq!(ranks[0], 1, "a confirmed number leads");
    let three: Vec<Row> = env.json(&["numbers", "--limit", "3"]);
    let ids = |rows: &[Row]| -> Vec<String> { rows.iter().map(|r| r.number.id.clone()).collect() };
    assert_eq!(ids(&three), ids(&all[..3]));
    // A limit of nothing is a mistake, not an empty list.
    env.fails(&["numbers", "--limit", "0"], 2);
    let abroad: Vec<Row> = env.json(&["numbers", "--region", "abroad", "--limit", "1"]);
    assert_eq!(abroad.len(), 1);
    assert_eq!(abroad[0].number.region, "abroad");
    // The table shows as many rows as asked for.
    let text = env.ok(&["numbers", "--limit", "2"]);
    let rows = text.lines().filter(|l| l.starts_with('│')).count();
    assert!(rows >= 3, "header and two numbers: {text}");
    assert!(text.contains(&all[1].number.display) && !text.contains(&all[2].number.display));

    let two: Vec<ReasonRow> = env.json(&["reasons", "--limit", "2"]);
    let slugs: Vec<&str> = two.iter().map(|r| r.slug.as_str()).collect();
    assert_eq!(slugs, SLUGS[..2]);
    let text = env.ok(&["reasons", "--limit", "1"]);
    assert!(
        text.contains("lost-card") && !text.contains("fraud"),
        "{text}"
    );
    let err = env.fails(&["reasons", "--limit", "lots"], 2);
    assert!(err.contains("--limit"), "{err}");
}

#[test]
fn your_own_number_comes_first_within_a_limit() {
    let env = TestEnv::new();
    let overlay = env.write("mine.toml", OWN_CARD_OVERLAY);
    let rows: Vec<Row> = env.json(&[
        "numbers",
        "--limit",
        "1",
        "--knowledge",
        overlay.to_str().expect("path"),
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].number.id, "my-card");
}
