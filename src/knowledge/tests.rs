//! Unit tests for loading the knowledge: the static built-in facts, overlays and the prebuilt
//! index.

use super::*;

#[test]
fn completion_slugs_are_the_built_in_reasons() {
    let k = Knowledge::load(None, false).unwrap();
    let built_in: Vec<(&str, &str)> = k
        .reasons
        .iter()
        .map(|r| (r.slug.as_str(), r.title.as_str()))
        .collect();
    assert_eq!(REASON_SLUGS, built_in.as_slice());
}

#[test]
fn embedded_knowledge_loads_and_validates() {
    let k = Knowledge::load(None, false).unwrap();
    assert_eq!(validate::problems(&k), Vec::<String>::new());
    assert_eq!(k.reasons.len(), 18);
}

#[test]
fn build_time_knowledge_matches_knowledge_toml() {
    let text = include_str!("../../knowledge.toml");
    let parsed = parse(text, Path::new("knowledge.toml")).unwrap();
    let parsed = Facts::from_raw(parsed).unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&prebuilt::FACTS).unwrap(),
        serde_json::to_string_pretty(&parsed).unwrap()
    );
}

#[test]
fn prebuilt_index_matches_one_built_at_run_time() {
    let k = Knowledge::load(None, false).unwrap();
    assert!(k.builtin_reasons);
    assert_eq!(Index::build(&k.reasons), prebuilt::INDEX);
}

#[test]
fn overlay_reasons_get_an_index_of_their_own() {
    let overlay = r#"
        [[reasons]]
        slug = "parking"
        title = "Parking tickets"
        department = "d"
        description = "d"
        tiers = ["all"]
        keywords = ["zebracrossing"]
    "#;
    let k = Knowledge::load_unvalidated(overlay, Path::new("o.toml")).unwrap();
    assert!(!k.builtin_reasons);
    let m = find_reason(&k, "fined at a zebracrossing").unwrap();
    assert_eq!(
        (m.reason.slug.as_str(), m.method),
        ("parking", MatchMethod::FreeText)
    );
    let numbers_only = "[[sources]]\nid = \"x\"\ntitle = \"t\"\n";
    assert!(
        Knowledge::load_unvalidated(numbers_only, Path::new("o.toml"))
            .unwrap()
            .builtin_reasons
    );
}

#[test]
fn line_column_counts_from_one() {
    assert_eq!(line_column("a\nbc\nd", 0), (1, 1));
    assert_eq!(line_column("a\nbc\nd", 3), (2, 2));
    assert_eq!(line_column("a\nbc\nd", 5), (3, 1));
}

#[test]
fn overlay_number_goes_first_and_replaces_by_id() {
    let overlay = r#"
        [[numbers]]
        id = "my-card"
        label = "Number on the back of my card"
        display = "1-800-555-0199"
        e164 = "+18005550199"
        kind = "toll-free"
        region = "us"
        sources = ["own-card"]
        confidence = "own-card"
        use_for = ["all"]
    "#;
    let k = Knowledge::load_unvalidated(overlay, Path::new("o.toml")).unwrap();
    let lost = k.reason("lost-card").unwrap();
    assert_eq!(k.numbers_for(lost, None)[0].id, "my-card");
}

#[test]
fn malformed_overlay_names_file_line_and_column() {
    let err = Knowledge::load_unvalidated("[[numbers]]\nid = 3\n", Path::new("o.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("o.toml:2:6: "), "{err}");
    let err = Knowledge::load_unvalidated("[[reasons]]\nslugg = \"x\"\n", Path::new("o.toml"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `slugg`"), "{err}");
}
