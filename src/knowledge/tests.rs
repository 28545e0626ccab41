//! Unit tests for loading the knowledge: the static built-in facts and overlays.

use super::*;

#[path = "../../build/locate.rs"]
mod locate;

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
fn overlay_reasons_are_found_by_their_keywords() {
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
    let m = find_reason(&k, "fined at a zebracrossing").unwrap();
    assert_eq!(
        (m.reason.slug.as_str(), m.method, m.confidence),
        ("parking", MatchMethod::FreeText, 1.0)
    );
    // A part of a word is no keyword, and the router still reads everything else.
    assert!(find_reason(&k, "zebracrossings everywhere").is_err());
    let m = find_reason(&k, "my car broke down").unwrap();
    assert_eq!(m.reason.slug, "roadside");
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

/// What `build.rs` reports for a bad edit of `knowledge.toml`: each problem at the line of the
/// entry it names.
#[test]
fn a_bad_edit_of_knowledge_toml_is_reported_at_its_line() {
    let original = include_str!("../../knowledge.toml");
    let lines: Vec<&str> = original.lines().collect();
    let problems_of = |text: &str| {
        let raw = parse(text, Path::new("knowledge.toml")).unwrap();
        validate::problems(&Facts::from_raw(raw).unwrap())
    };
    assert_eq!(problems_of(original), Vec::<String>::new());
    // An unknown source on the fifth `sources = [...]` line, an unknown number on a reason's line,
    // and a second reason with the first one's slug.
    let mut edited: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    let sources = (0..lines.len())
        .filter(|&i| lines[i].starts_with("sources = ["))
        .nth(4)
        .unwrap();
    edited[sources] = edited[sources].replacen('[', "[\"no-such-source\", ", 1);
    let numbers = (0..lines.len())
        .filter(|&i| lines[i].starts_with("numbers = [\""))
        .nth(2)
        .unwrap();
    edited[numbers] = edited[numbers].replacen('[', "[\"no-such-number\", ", 1);
    let reasons: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i] == "[[reasons]]")
        .collect();
    let slug_after = |start: usize| {
        (start..lines.len())
            .find(|&i| lines[i].starts_with("slug = "))
            .unwrap()
    };
    let (first_slug, twin) = (
        slug_after(reasons[0]),
        slug_after(reasons[reasons.len() - 1]),
    );
    edited[twin] = lines[first_slug].to_owned();
    let text = edited.join("\n");
    let problems = problems_of(&text);
    let at = |needle: &str| {
        let problem = problems
            .iter()
            .find(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("no problem about {needle}: {problems:?}"));
        locate::line_of(&text, problem)
    };
    assert_eq!(at("no-such-source"), sources + 1);
    assert_eq!(at("no-such-number"), numbers + 1);
    assert_eq!(at("appears twice"), twin + 1);
}
