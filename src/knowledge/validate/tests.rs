//! Unit tests of `validate`.

use super::*;

#[test]
fn vanity_number_maps_by_keypad() {
    assert_eq!(keypad_digits("1-800-AXP-EARN"), "18002973276");
    assert_eq!(keypad_digits("(855) 411-2372"), "18554112372");
}

#[test]
fn e164_rules() {
    for (input, ok) in [
        ("+18005284800", true),
        ("+13363931111", true),
        ("18005284800", false),
        ("+1800528480", false),
        ("+11005284800", false),
        ("+18001284800", false),
        ("+4420712345678", false),
    ] {
        assert_eq!(check_e164(input).is_ok(), ok, "{input}");
    }
}

#[test]
fn every_embedded_number_is_valid_nanp_and_axp_earn_is_right() {
    let k = Knowledge::load(None, false).unwrap();
    for n in &k.numbers {
        check_e164(&n.e164).unwrap();
    }
    let earn = k
        .numbers
        .iter()
        .find(|n| n.vanity.as_deref() == Some("1-800-AXP-EARN"))
        .expect("the Membership Rewards vanity number is in the knowledge");
    assert_eq!(earn.e164, "+18002973276");
}

#[test]
fn overlay_problems_are_reported() {
    let overlay = r#"
        [[numbers]]
        id = "bad"
        label = "x"
        display = "1-800-555-019"
        e164 = "+1800555019"
        kind = "toll-free"
        region = "us"
        sources = ["nowhere"]
        confidence = "own-card"

        [[reasons]]
        slug = "lost-card"
        title = "t"
        department = "d"
        description = "d"
        aliases = ["fraud", "stolen"]
        numbers = ["ghost"]
        tiers = ["all"]
        keywords = ["x"]
    "#;
    let k = Knowledge::load_unvalidated(overlay, std::path::Path::new("o.toml")).unwrap();
    let found = problems(&k).join("\n");
    for expected in [
        "cites unknown source `nowhere`",
        "e164 +1800555019 must be +1 followed by exactly 10 digits",
        "lists unknown number id `ghost`",
        "alias `fraud` is another reason's slug",
    ] {
        assert!(
            found.contains(expected),
            "missing {expected:?} in:\n{found}"
        );
    }
}

/// Found by the overlay fuzz run: each of these loaded as valid, and then `route` could not
/// find the reason by its slug, or routed input with no letters at all (`route "?"`).
#[test]
fn slugs_that_cannot_be_typed_and_aliases_without_letters_are_problems() {
    let reason = |slug: &str, aliases: &str| {
        format!(
            "[[reasons]]\nslug = {slug:?}\ntitle = \"t\"\ndepartment = \"d\"\n\
             description = \"d\"\ntiers = [\"all\"]\nkeywords = [\"x\"]\naliases = {aliases}\n"
        )
    };
    let cases = [
        (reason("Parking Fines", "[]"), "reason `Parking Fines`: write the slug as `parking-fines` (lowercase, words joined by single dashes)"),
        (reason("parking--fines", "[]"), "write the slug as `parking-fines`"),
        (reason("", "[]"), "reason ``: the slug has no letters or digits"),
        (reason("💳", "[]"), "reason `💳`: the slug has no letters or digits"),
        (reason("parking", "[\"tickets\", \"\"]"), "reason `parking`: alias `` has no letters or digits, so any input without them would match it"),
        (reason("parking", "[\"?!\"]"), "alias `?!` has no letters or digits"),
    ];
    for (overlay, expected) in cases {
        let k = Knowledge::load_unvalidated(&overlay, std::path::Path::new("o.toml")).unwrap();
        let found = problems(&k);
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "missing {expected:?} for\n{overlay}in {found:?}"
        );
    }
    let fine = reason("parking-fines", "[\"Parking Tickets\", \"Fine-42\"]");
    let k = Knowledge::load_unvalidated(&fine, std::path::Path::new("o.toml")).unwrap();
    assert_eq!(problems(&k), Vec::<String>::new());
}
