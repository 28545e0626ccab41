//! Property tests written from the documented contract rather than from the scanner: their Luhn
//! check, their joiners, their dates and their idea of a digit run are their own, so a slip in
//! `cards` or `codes` cannot hide itself. That reading is in `contract.rs`, the crate's only
//! masking test helpers.

use proptest::prelude::*;

use super::{mask, Finding};

mod contract;
use contract::{
    card_from, has_date_or_phone, has_digit, is_joiner, joiner, surviving_cards, to_text,
    written_card, EDGE, PROSE,
};

#[test]
fn oracle_sees_what_the_contract_describes() {
    let cases: &[(&str, &[&str])] = &[
        ("a 3782\u{a0}822463\u{2013}10005.", &["378282246310005"]),
        ("ref 12 4111-1111-1111-1111", &["4111111111111111"]),
        ("X4111111111111111y", &["4111111111111111"]),
        ("4111.1111.1111.1111", &["4111111111111111"]),
        ("4111  1111 \n 1111 - 1111", &["4111111111111111"]),
        ("３７８２　８２２４６３　１０００５", &["378282246310005"]),
        ("٣٧٨٢ ٨٢٢٤٦٣ ١٠٠٠٥", &["378282246310005"]),
        ("4111 -- 1111 1111 1111", &[]),
        ("4111,1111,1111,1111", &[]),
        ("3782 822463 10006", &[]),
        ("called 2026-11-03 1-800-528-4800", &[]),
        ("1-800-528-4800\n1-800-327-2177 / 212-640-2000", &[]),
        ("1-800-528-4800-1007", &["180052848001007"]),
        ("378 282 2463 10005", &["378282246310005"]),
        (
            "4111\u{2009}1111\u{2022}1111\u{200b}1111",
            &["4111111111111111"],
        ),
        (
            "3782\u{2014}8224\u{ad}63\u{2044}10005",
            &["378282246310005"],
        ),
        ("๔๑๑๑ ๑๑๑๑ ๑๑๑๑ ๑๑๑๑", &["4111111111111111"]),
    ];
    for (text, cards) in cases {
        assert_eq!(surviving_cards(text), *cards, "{text:?}");
    }
    assert_eq!(
        to_text(
            &card_from(&[3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0]),
            0x30
        ),
        "378282246310005"
    );
    assert!(is_joiner(" - ") && is_joiner("\r\n") && !is_joiner("--") && !is_joiner(""));
}

proptest! {
    /// One card, however it is grouped and joined and whatever is around it (letters touching
    /// it included), comes out as exactly one mask with everything else untouched.
    #[test]
    fn a_card_with_any_joiners_and_neighbours_is_masked_exactly(
        (card, written) in written_card(),
        before in PROSE,
        after in PROSE,
        left in EDGE,
        right in EDGE,
        at_start in any::<bool>(),
        at_end in any::<bool>(),
    ) {
        let before = if at_start { String::new() } else { format!("{before}{left}") };
        let after = if at_end { String::new() } else { format!("{right}{after}") };
        let text = format!("{before}{written}{after}");
        let (out, findings) = mask(&text);
        prop_assert_eq!(&out, &format!("{before}[card number removed]{after}"), "card {}", card);
        prop_assert_eq!(findings, vec![Finding::CardNumber]);
    }

    /// Several cards in one text, back to back (a joiner between them, so one digit run) or
    /// apart: no digit of any of them survives, and every finding is a card.
    #[test]
    fn several_cards_leave_no_digit_behind(
        cards in prop::collection::vec(written_card(), 1..=4),
        glues in prop::collection::vec(
            prop_oneof![
                joiner(),
                (EDGE, PROSE, EDGE).prop_map(|(a, m, z)| format!("{a}{m}{z}")),
            ],
            4,
        ),
        before in PROSE,
        after in PROSE,
    ) {
        let mut text = format!("{before} ");
        for (k, (_, written)) in cards.iter().enumerate() {
            if k > 0 {
                text.push_str(&glues[k]);
            }
            text.push_str(written);
        }
        text.push(' ');
        text.push_str(&after);
        // Cards run together can make a date or a phone number across their boundary, which is
        // then read as one: see `no_luhn_valid_run_survives` for that case.
        prop_assume!(!has_date_or_phone(&text));
        let (out, findings) = mask(&text);
        prop_assert!(!has_digit(&out), "{:?} -> {:?}", text, out);
        prop_assert!(findings.iter().all(|f| *f == Finding::CardNumber), "{:?}", findings);
        prop_assert!((1..=cards.len()).contains(&findings.len()), "{:?}", findings);
        if glues[1..cards.len()].iter().all(|g| !is_joiner(g)) {
            prop_assert_eq!(findings.len(), cards.len(), "{:?} -> {:?}", text, out);
        }
    }

    /// Whatever the digits and joiners, the output holds no stretch of whole groups that the
    /// contract calls a card: the scanner misses nothing its own rules describe.
    #[test]
    fn no_luhn_valid_run_survives(
        pieces in prop::collection::vec(
            prop_oneof![
                3 => "[0-9]{1,8}",
                1 => "[０-９\u{660}-\u{669}\u{966}-\u{96f}]{1,4}",
                2 => written_card().prop_map(|(_, written)| written),
                4 => joiner(),
                1 => "(--|,|[a-zA-Z]{1,3}|é|💳|cid |ssn |pin )",
            ],
            0..40,
        ),
    ) {
        let text = pieces.concat();
        let (out, _) = mask(&text);
        let left = surviving_cards(&out);
        prop_assert!(left.is_empty(), "{:?} -> {:?} keeps {:?}", text, out, left);
    }

    /// A card run into short digit groups on both sides is still masked whole.
    #[test]
    fn card_run_into_short_groups_is_masked(
        body in prop::collection::vec(0u8..10, 12..=18),
        layout in prop_oneof![Just(vec![4usize, 6, 5]), Just(vec![4, 4, 4, 4]), Just(vec![19])],
        sep in joiner(),
        lead in "[0-9]{1,3}",
        tail in "[0-9]{1,3}",
    ) {
        let card = to_text(&card_from(&body), 0x30);
        let mut written = String::new();
        let mut rest = card.as_str();
        for size in layout.iter().chain(std::iter::repeat(&19)) {
            let (group, more) = rest.split_at((*size).min(rest.len()));
            if !written.is_empty() {
                written.push_str(&sep);
            }
            written.push_str(group);
            rest = more;
            if rest.is_empty() {
                break;
            }
        }
        let text = format!("ref {lead} {written} {tail} end");
        let (out, _) = mask(&text);
        prop_assert!(surviving_cards(&out).is_empty(), "{:?} -> {:?}", text, out);
        let digits: String = out.chars().filter(char::is_ascii_digit).collect();
        prop_assert!(!digits.contains(&card), "{:?} -> {:?}", text, out);
    }

    /// `ddd-dd-dddd`, with any joiners and anything without digits around it, even letters
    /// touching it, is always masked, and nothing else is.
    #[test]
    fn an_ssn_is_always_masked(
        ssn in "[0-9]{3}",
        mid in "[0-9]{2}",
        end in "[0-9]{4}",
        (j1, j2) in (joiner(), joiner()),
        before in PROSE,
        after in PROSE,
    ) {
        let text = format!("{before}{ssn}{j1}{mid}{j2}{end}{after}");
        let (out, findings) = mask(&text);
        prop_assert_eq!(out, format!("{before}[SSN removed]{after}"));
        prop_assert_eq!(findings, vec![Finding::Ssn]);
    }

    /// Reference numbers of letters and digit groups too short to be a card, with letters
    /// between any two digit groups, are never masked. The letters leave out `c` and `n`, which
    /// every keyword (cid, cvv, csc, cvc, card id, security code, pin, ssn, social) has, and each
    /// run of them has one that is not `O`, `o`, `l` or `I`: glued between digits, those alone
    /// are read as digits (`37828224631OOO5`), and none is a number word of four letters or fewer.
    #[test]
    fn references_of_letters_and_short_digit_groups_are_kept(
        first_is_letters in any::<bool>(),
        segments in prop::collection::vec(
            ("[a-bd-mo-zA-BD-MO-Z]{0,3}[a-bd-kmp-zA-BD-HJ-MP-Z]", "[0-9]{1,12}", "(|-| |/|\\.|\u{2013}|_)", "(|-| |/|\\.|\u{2013}|_)"),
            1..5,
        ),
        before in "[a-bd-mo-zA-BD-MO-Z :#]{0,10}",
        after in "[a-bd-mo-zA-BD-MO-Z .,;]{0,10}",
    ) {
        // A number word between digits ("0178744253-oh-42") is a number read out.
        let words = ["oh", "one", "two", "six", "nine", "zero", "five", "four"];
        prop_assume!(!segments.iter().any(|(l, ..)| words.iter().any(|w| l.eq_ignore_ascii_case(w))));
        let mut reference = String::new();
        for (letters, digits, j1, j2) in &segments {
            let (a, b) = if first_is_letters { (letters, digits) } else { (digits, letters) };
            for part in [a.as_str(), j1, b, j2] {
                reference.push_str(part);
            }
        }
        let text = format!("{before} {reference} {after}");
        prop_assert_eq!(mask(&text), (text.clone(), Vec::new()));
    }

    #[test]
    fn any_string_is_safe_and_idempotent(text in any::<String>()) {
        let (once, _) = mask(&text);
        let (twice, findings) = mask(&once);
        prop_assert_eq!(&twice, &once);
        prop_assert!(findings.is_empty());
    }

    #[test]
    fn digit_heavy_text_is_idempotent(
        text in concat!(
            "((cid|CVV2|security code|code on the back|card id|ssn|social|pin|no\\.|\\[code removed\\]",
            "|\\[PIN removed\\]|[0-9]{1,5}|[0-9]{9}|[0-9]{13,19}|2026-11-03|4111 1111 1111 1111|[ -]|\u{a0}|–",
            "|[a-z]{1,3}|[.,:/#$()_\\n]|é|💳|１|one|five|oh|zero|nine|double|triple|O|l|I) ?){0,30}"
        ),
    ) {
        let (once, first) = mask(&text);
        let (twice, second) = mask(&once);
        prop_assert_eq!(&twice, &once, "input {:?}", text);
        prop_assert!(second.is_empty(), "input {:?}", text);
        // Masks are only ever added, one per finding.
        let marks = ["[card number removed]", "[code removed]", "[SSN removed]", "[PIN removed]"]
            .iter()
            .map(|m| once.matches(m).count() - text.matches(m).count())
            .sum::<usize>();
        prop_assert_eq!(marks, first.len(), "input {:?}", text);
    }

    #[test]
    fn text_without_digits_is_untouched(text in "\\PN{0,80}") {
        // Digits read out as words are digits all the same.
        let (folded, offsets) = super::fold::fold(&text);
        prop_assume!(super::fold::fold_respelled(&folded, &offsets).is_none());
        prop_assert_eq!(mask(&text), (text.clone(), Vec::new()));
    }
}
