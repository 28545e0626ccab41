//! Unit tests for `validate`: each check, on the embedded knowledge and on small overlays.

use super::*;
use crate::knowledge::Knowledge;

#[test]
fn vanity_number_maps_by_keypad() {
    assert_eq!(keypad_digits("1-800-AXP-EARN"), "18002973276");
    assert_eq!(keypad_digits("(855) 411-2372"), "8554112372");
    assert_eq!(keypad_digits("1800-419-2122"), "18004192122");
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
        ("+1800528480x", false),
        // India, as libphonenumber reads it: toll-free 1800 and seven digits, or ten digits.
        ("+9118004192122", true),
        ("+919876543210", true),
        ("+9118004192", false),
        ("+910123456789", false),
    ] {
        assert_eq!(check_e164(input).is_ok(), ok, "{input}");
    }
}

#[test]
fn a_printed_number_dials_with_or_without_its_country_code() {
    let us = check_e164("+18554112372").unwrap();
    assert!(us.is_dialled_by("8554112372") && us.is_dialled_by("18554112372"));
    assert!(!us.is_dialled_by("28554112372"));
    let india = check_e164("+9118004192122").unwrap();
    assert_eq!((india.country, india.national), ("91", "18004192122"));
    assert!(india.is_dialled_by("18004192122") && india.is_dialled_by("9118004192122"));
    // Read as a North American number, the India line dials somewhere else entirely.
    assert!(!check_e164("+18004192122")
        .unwrap()
        .is_dialled_by("9118004192122"));
}

#[test]
fn every_embedded_number_is_valid_and_axp_earn_is_right() {
    let k = Knowledge::load(None, false).unwrap();
    for n in &k.numbers {
        let dialled = check_e164(&n.e164).unwrap();
        assert_eq!(
            dialled.country == "1",
            n.confidence != Confidence::NotUs,
            "{}",
            n.id
        );
    }
    let earn = k
        .numbers
        .iter()
        .find(|n| n.vanity.as_deref() == Some("1-800-AXP-EARN"))
        .expect("the Membership Rewards vanity number is in the knowledge");
    assert_eq!(earn.e164, "+18002973276");
    let india = k
        .number("activation-419-2122")
        .expect("the India line is kept");
    assert_eq!(india.e164, "+9118004192122");
}

/// Every problem `overlay` gives, for tests that look for one sentence among them.
fn overlay_problems(overlay: &str) -> Vec<String> {
    let k = Knowledge::load_unvalidated(overlay, std::path::Path::new("o.toml")).unwrap();
    problems(&k)
}

fn assert_problem(overlay: &str, expected: &str) {
    let found = overlay_problems(overlay);
    assert!(
        found.iter().any(|p| p.contains(expected)),
        "missing {expected:?} for\n{overlay}\nin {found:#?}"
    );
}

#[test]
fn an_india_number_must_be_marked_not_us_and_no_list_may_offer_it() {
    assert_problem(
            r#"
            [[numbers]]
            id = "india"
            label = "x"
            display = "1800-419-2122"
            e164 = "+9118004192122"
            kind = "toll-free"
            region = "abroad"
            sources = ["seed-000"]
            confidence = "informal"
            "#,
            "number `india`: +9118004192122 is not a North American number; set confidence = \"not-us\"",
        );
    let tier = |numbers: &str| {
        format!("[[tiers]]\nslug = \"gold\"\nname = \"Gold\"\nnumbers = {numbers}\n")
    };
    assert_problem(
        &tier(r#"["activation-419-2122"]"#),
        "tier `gold` offers `activation-419-2122`, which is known not to be a US line",
    );
    assert_eq!(
        overlay_problems(&tier(r#"["general-528-4800"]"#)),
        Vec::<String>::new()
    );
}

#[test]
fn tier_names_must_read_before_the_word_card() {
    for bad in [
        "The Platinum Card",
        "American Express Gold Card",
        "Business cards",
        "the gold",
        "",
    ] {
        let overlay = format!("[[tiers]]\nslug = \"gold\"\nname = {bad:?}\n");
        assert_problem(&overlay, "is read before the word \"card\"");
    }
    for good in ["Gold", "Platinum", "business", "Delta SkyMiles Gold"] {
        let overlay = format!("[[tiers]]\nslug = \"gold\"\nname = {good:?}\n");
        assert_eq!(overlay_problems(&overlay), Vec::<String>::new(), "{good}");
    }
}

#[test]
fn unconfirmed_rivals_are_listed_together() {
    let k = Knowledge::load(None, false).unwrap();
    // The Platinum line is listed wherever it appears with its rival, so the disagreement shows.
    for owner in k
        .reasons
        .iter()
        .map(|r| &r.numbers)
        .chain(k.tiers.iter().map(|t| &t.numbers))
    {
        assert_eq!(
            owner.iter().any(|id| id == "platinum-525-3355"),
            owner.iter().any(|id| id == "platinum-alt-492-3932"),
            "{owner:?}"
        );
    }
    assert_problem(
            "[[tiers]]\nslug = \"platinum\"\nname = \"Platinum\"\nnumbers = [\"platinum-525-3355\"]\n",
            "tier `platinum` lists a Platinum Card Member Services line number but not `platinum-alt-492-3932`",
        );
    // A disagreement with a confirmed number has a better answer, so one number may stand alone.
    let lost_alone = "[[tiers]]\nslug = \"gold\"\nname = \"Gold\"\nnumbers = [\"lost-992-3404\"]\n";
    assert_eq!(overlay_problems(lost_alone), Vec::<String>::new());
}

#[test]
fn rung_slugs_are_unique_kebab_case_and_the_built_in_ones_are_the_issue_s() {
    let k = Knowledge::load(None, false).unwrap();
    let slugs: Vec<(u32, &str)> = k
        .escalation
        .iter()
        .map(|s| (s.rung, s.slug.as_str()))
        .collect();
    assert_eq!(
        slugs,
        [
            (1, "call-back"),
            (2, "supervisor"),
            (3, "in-writing"),
            (4, "social"),
            (5, "formal-complaint"),
            (6, "cfpb"),
        ]
    );
    let rung = |n: u32, slug: &str| {
        format!(
            "[[escalation]]\nrung = {n}\nslug = {slug:?}\naction = \"a\"\nchannel = \"phone\"\n\
                 contact = \"c\"\nwhen = \"w\"\n"
        )
    };
    assert_problem(
        &format!("{}{}", rung(1, "call-back"), rung(2, "call-back")),
        "escalation rung slug `call-back` appears twice",
    );
    assert_problem(
        &rung(1, "Call Back"),
        "escalation rung 1: write the slug `Call Back` in kebab-case",
    );
    assert_problem(
        &rung(1, ""),
        "escalation rung 1: write the slug `` in kebab-case",
    );
    assert_eq!(
        overlay_problems(&format!(
            "{}{}",
            rung(1, "call-back"),
            rung(2, "letter-to-ceo")
        )),
        Vec::<String>::new()
    );
    // The slug is required: a ladder without one fails to load, naming the field.
    let err = Knowledge::load_unvalidated(
            "[[escalation]]\nrung = 1\naction = \"a\"\nchannel = \"phone\"\ncontact = \"c\"\nwhen = \"w\"\n",
            std::path::Path::new("o.toml"),
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `slug`"), "{err}");
}

#[test]
fn expected_days_and_reason_sources_are_checked() {
    let k = Knowledge::load(None, false).unwrap();
    for r in &k.reasons {
        assert!(
            r.expected_days.is_some_and(|d| d > 0),
            "{} has no expected time",
            r.slug
        );
    }
    assert_eq!(k.reason("dispute").and_then(|r| r.expected_days), Some(30));
    let reason = |extra: &str| {
        format!(
            "[[reasons]]\nslug = \"parking\"\ntitle = \"t\"\ndepartment = \"d\"\n\
                 description = \"d\"\ntiers = [\"all\"]\nkeywords = [\"x\"]\n{extra}\n"
        )
    };
    assert_problem(
        &reason("expected_days = 0"),
        "reason `parking`: expected_days is 0",
    );
    assert_problem(&reason("expected_days = 400"), "expected_days is 400");
    assert_problem(
        &reason("sources = [\"nowhere\"]"),
        "reason `parking` cites unknown source `nowhere`",
    );
    assert_eq!(overlay_problems(&reason("")), Vec::<String>::new());
    assert_eq!(
        overlay_problems(&reason("expected_days = 10\nsources = [\"cfpb\"]")),
        Vec::<String>::new()
    );
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
