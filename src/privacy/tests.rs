//! Unit tests of the masker beyond its table of cases (`case_tests.rs`): the pattern table, the
//! masker's reports, `--number` and `--card-last5`. Property tests are in `props.rs`.

use super::*;

#[test]
fn findings_in_order_of_appearance() {
    use Finding::{CardNumber, SecurityCode, Ssn};
    let cases: &[(&str, &[Finding])] = &[
        (
            "cid 1234 then 123-45-6789 then 4111111111111111",
            &[SecurityCode, Ssn, CardNumber],
        ),
        (
            "4111111111111111 / 123-45-6789 / 1234 (cid)",
            &[CardNumber, Ssn, SecurityCode],
        ),
        // The SSN is only found on the second pass, but it comes first in the text.
        ("ssn 123-45-6789 1234 is my cid", &[Ssn, SecurityCode]),
        (
            "4111 1111 1111 1111 3782 822463 10005",
            &[CardNumber, CardNumber],
        ),
        ("nothing here 1015", &[]),
    ];
    for (input, expected) in cases {
        assert_eq!(mask(input).1, *expected, "case {input:?}");
    }
}

#[test]
fn describe_each_finding() {
    let cases = [
        (Finding::CardNumber, "a card number"),
        (Finding::SecurityCode, "a card security code"),
        (Finding::Ssn, "a Social Security number"),
        (Finding::Pin, "a PIN"),
    ];
    for (finding, text) in cases {
        assert_eq!(finding.describe(), text, "{finding:?}");
    }
}

#[test]
fn masker_counts_per_field() {
    let mut masker = Masker::new();
    let notes = masker.clean(
        "notes",
        "card 4111 1111 1111 1111 and 3782 822463 10005, cid 1234",
    );
    assert_eq!(
        notes.as_str(),
        "card [card number removed] and [card number removed], cid [code removed]"
    );
    assert_eq!(
        masker.clean("rep", "Jo, badge 4411").to_string(),
        "Jo, badge 4411"
    );
    assert_eq!(masker.clean_opt("reference", None), None);
    let outcome = masker.clean_opt("outcome", Some("ssn 123-45-6789"));
    assert_eq!(
        outcome.map(Clean::into_string).as_deref(),
        Some("ssn [SSN removed]")
    );
    masker.clean("notes", "cvv 999");
    let expected = [
        ("notes", Finding::CardNumber, 2),
        ("notes", Finding::SecurityCode, 2),
        ("outcome", Finding::Ssn, 1),
    ];
    let got: Vec<_> = masker
        .reports()
        .iter()
        .map(|r| (r.field, r.kind, r.count))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(masker.into_reports().len(), 3);
}

#[test]
fn masker_without_findings_reports_nothing() {
    let mut masker = Masker::default();
    let clean = masker.clean("notes", "Rep Dana, case 12345, call back 2026-11-23");
    assert_eq!(clean.as_str(), "Rep Dana, case 12345, call back 2026-11-23");
    assert!(masker.reports().is_empty());
}

#[test]
fn check_last5_cases() {
    const BAD_COUNT: &str = "--card-last5 takes exactly 5 digits (the end of the card number), got";
    let cases: &[(&str, Result<&str, String>)] = &[
        ("10005", Ok("10005")),
        (" 10005 ", Ok("10005")),
        ("\t00000\n", Ok("00000")),
        ("1234", Err(format!("{BAD_COUNT} 4"))),
        ("1234567", Err(format!("{BAD_COUNT} 7"))),
        ("", Err(format!("{BAD_COUNT} none"))),
        ("   ", Err(format!("{BAD_COUNT} none"))),
        ("1234567890123", Err(format!("{BAD_COUNT} 13"))),
        (
            "378282246310005",
            Err(
                "--card-last5 takes only the last 5 digits, never the whole card number".to_owned(),
            ),
        ),
        (
            "10 005",
            Err("--card-last5 takes 5 digits with no spaces or dashes, e.g. 10005".to_owned()),
        ),
        (
            "10-005",
            Err("--card-last5 takes 5 digits with no spaces or dashes, e.g. 10005".to_owned()),
        ),
        (
            "1000a",
            Err(
                "--card-last5 takes only the digits 0-9 (the end of the card number), found 'a'"
                    .to_owned(),
            ),
        ),
        (
            "１２３４５",
            Err(
                "--card-last5 takes only the digits 0-9 (the end of the card number), found '１'"
                    .to_owned(),
            ),
        ),
    ];
    for (input, expected) in cases {
        let expected = expected.clone().map(str::to_owned);
        assert_eq!(check_last5(input), expected, "case {input:?}");
    }
}

#[test]
fn check_last5_never_echoes_a_full_number() {
    for input in [
        "378282246310005",
        "4111 1111 1111 1111",
        "41111111111111111111",
    ] {
        let err = check_last5(input).expect_err(input);
        assert!(
            !err.contains("1111") && !err.contains("3782"),
            "case {input:?}: {err}"
        );
    }
}

#[test]
fn every_pattern_catches_its_samples_and_nothing_else_fires() {
    let rules = [
        Rule::Card,
        Rule::SsnShape,
        Rule::SsnKeyword,
        Rule::SecurityCode,
        Rule::Pin,
    ];
    assert_eq!(rules.len(), PATTERNS.len());
    for rule in rules {
        let pattern = rule.pattern();
        assert!(!pattern.samples.is_empty(), "{rule:?} has no sample");
        for sample in pattern.samples {
            let (out, found) = mask_rules(sample);
            assert_eq!(found, [rule], "{sample:?} -> {out:?}");
            assert!(
                out.contains(pattern.kind.replacement()),
                "{sample:?} -> {out:?}"
            );
            let (again, more) = mask_rules(&out);
            assert!(
                more.is_empty() && again == out,
                "{sample:?} is not idempotent"
            );
        }
    }
}

#[test]
fn reports_say_which_rule_fired() {
    let mut masker = Masker::new();
    let clean = masker.clean("ref", "4111111111111111");
    assert_eq!(clean.as_str(), "[card number removed]");
    assert_eq!(
        masker.reports(),
        [MaskReport {
            field: "ref",
            kind: Finding::CardNumber,
            count: 1,
            why: "13 to 19 digits that pass the card-number (Luhn) check",
        }]
    );
    masker.clean("notes", "ssn 123-45-6789, SSN 078051120, pin 2580");
    let got: Vec<_> = masker.reports()[1..]
        .iter()
        .map(|r| (r.field, r.kind, r.count, r.why))
        .collect();
    assert_eq!(
        got,
        [
            ("notes", Finding::Ssn, 1, Rule::SsnShape.pattern().why),
            ("notes", Finding::Ssn, 1, Rule::SsnKeyword.pattern().why),
            ("notes", Finding::Pin, 1, Rule::Pin.pattern().why),
        ]
    );
}

#[test]
fn a_phone_number_in_number_is_stored_as_typed() {
    let phones = [
        "1-800-528-4800-1007",
        "1-800-528-4800",
        "800-528-4800",
        "(800) 528-4800",
        "1 (800) 528-4800",
        "+1 800 528 4800",
        "+1-800-528-4800",
        "800.528.4800",
        "18005284800",
        "8005284800",
        "1-800-528-4800 x 1007",
        "1-800-528-4800 ext. 1007",
        "1-800-528-4800 extension 12",
        "1-800-528-4800#1007",
        "1-800-528-4800,1007",
        "800 528 4800 1007",
        "+44 20 7946 0000",
        "+33 1 42 68 53 00",
        " 1-800-528-4800 ",
    ];
    for phone in phones {
        let mut masker = Masker::new();
        assert_eq!(masker.clean_number("number", phone).as_str(), phone);
        assert!(masker.reports().is_empty(), "{phone:?}");
    }
    // Cards, and text that is more than a number, go through the masker as usual.
    let masked = [
        ("4111 1111 1111 1111", "[card number removed]"),
        ("378282246310005", "[card number removed]"),
        ("3782-822463-10005", "[card number removed]"),
        ("+378282246310005", "+[card number removed]"),
        // Too long an extension: not a phone number, and a Luhn-valid 17 digits of it are masked.
        ("1-800-528-4800-1234567", "1-[card number removed]"),
        ("123-456-7890", "123-456-7890"),
        ("800-128-4800", "800-128-4800"),
        ("+0 20 7946 0000", "+0 20 7946 0000"),
        (
            "1-800-528-4800 then card 4111111111111111",
            "1-800-528-4800 then card [card number removed]",
        ),
        ("(800 528-4800", "(800 528-4800"),
        ("", ""),
    ];
    for (input, expected) in masked {
        assert!(
            !phone::is_phone_number(input),
            "{input:?} read as a phone number"
        );
        assert_eq!(
            Masker::new().clean_number("number", input).as_str(),
            expected
        );
    }
}

#[test]
fn fold_keeps_offsets_into_the_original() {
    let (folded, offsets) = fold("a１\u{a0}ß-");
    assert_eq!(folded, "a1 ß-");
    assert_eq!(offsets, [0, 1, 4, 6, 6, 8, 9]);
}

#[test]
fn identifiers_are_read_piece_by_piece() {
    let secrets = [
        "4111111111111111",
        "4111-1111-1111-1111",
        "case-3782-822463-10005-x",
        "123-45-6789",
    ];
    for id in secrets {
        assert!(identifier_holds_secret(id), "{id:?}");
    }
    // A hex uid whose digits would pass as a glued card in free text, and ordinary ids.
    let plain = [
        "a4111111111111111b",
        "4111111111111111ab",
        "0f3c9a2e1b7d4c6e8a9b0c1d2e3f4a5b",
        "c-1",
        "2026-11-03",
        "",
    ];
    for id in plain {
        assert!(!identifier_holds_secret(id), "{id:?}");
    }
    assert!(!mask("a4111111111111111b").1.is_empty());
}
