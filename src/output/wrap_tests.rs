use proptest::prelude::*;
use textwrap::core::display_width;

use std::borrow::Cow;

use super::{
    fill, first_fit_plain, glue_numbers, is_number_part, is_plain, line_count,
    words as split_words, wrap, wrap_hanging, GLUE,
};

/// What must never be split: numbers as the knowledge file and cardholders write them,
/// references, dates and slugs.
const WHOLE: &[&str] = &[
    "1-800-528-4800",
    "+1 336-393-1111",
    "+1-800-492-3932",
    "(855) 411-2372",
    "1 800 528 4800",
    "AB-1234-XY",
    "2026-12-01",
    "2026-12-01T10:30",
    "lost-card",
    "financial-review",
];

#[test]
fn wraps_at_words_with_the_indent() {
    let text = "Call the number on the back of your card first; it reaches your own issuer.";
    assert_eq!(
        wrap(text, 30, "  "),
        [
            "  Call the number on the back",
            "  of your card first; it",
            "  reaches your own issuer."
        ]
    );
    assert_eq!(
        wrap_hanging("notes: one two three four", 14, "", "       "),
        ["notes: one two", "       three", "       four"]
    );
    assert_eq!(fill("a b", 80, "> "), "> a b");
}

#[test]
fn numbers_references_dates_and_slugs_stay_on_one_line_at_every_width() {
    for whole in WHOLE {
        let text =
            format!("If the card is gone, call {whole}, quote lost-card and your reference.");
        for width in 10..=60 {
            let lines = wrap(&text, width, "    ");
            assert!(
                lines.iter().any(|l| l.contains(whole)),
                "{whole} split at {width}: {lines:#?}"
            );
        }
    }
}

#[test]
fn only_spaces_inside_numbers_are_glued() {
    assert_eq!(
        glue_numbers("call +1 336-393-1111 24 hours"),
        "call +1\u{a0}336-393-1111 24 hours"
    );
    assert_eq!(glue_numbers("(855) 411-2372."), "(855)\u{a0}411-2372.");
    assert_eq!(
        glue_numbers("dial 1-800-528-4800 or 2 more"),
        "dial 1-800-528-4800 or 2 more"
    );
    assert_eq!(glue_numbers("no numbers here"), "no numbers here");
    assert_eq!(
        glue_numbers("on 2026-12-01 1 800 528 4800 24 hours"),
        "on 2026-12-01 1\u{a0}800\u{a0}528\u{a0}4800 24 hours"
    );
    assert_eq!(
        glue_numbers("+1 336-393-1111, then"),
        "+1\u{a0}336-393-1111, then"
    );
    // The glue never reaches the output.
    assert!(wrap("+1 336-393-1111", 80, "")
        .iter()
        .all(|l| !l.contains('\u{a0}')));
}

#[test]
fn a_word_longer_than_the_line_is_kept_whole() {
    assert_eq!(
        wrap("x 000_7f265ee942515205.txt y", 12, ""),
        ["x", "000_7f265ee942515205.txt", "y"]
    );
}

fn words() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        4 => "[a-z]{1,9}[,.]?".prop_map(|s| s),
        1 => proptest::sample::select(WHOLE).prop_map(str::to_owned),
    ];
    proptest::collection::vec(word, 1..40)
}

proptest! {
    #[test]
    fn no_line_is_wider_than_the_width_and_every_number_is_intact(
        words in words(),
        // At least the longest whole word plus the widest indent.
        width in 22u16..=120,
        indent in 0usize..6,
    ) {
        let text = words.join(" ");
        let indent = " ".repeat(indent);
        let lines = wrap(&text, width, &indent);
        for line in &lines {
            prop_assert!(display_width(line) <= usize::from(width), "{width}: {line:?}");
        }
        for whole in WHOLE.iter().filter(|w| words.iter().any(|x| x == *w)) {
            prop_assert!(lines.iter().any(|l| l.contains(whole)), "{whole} split: {lines:#?}");
        }
        // Nothing is lost or reordered: the words come back in order.
        let back: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        let want: Vec<&str> = text.split_whitespace().collect();
        prop_assert_eq!(back, want);
    }
}

#[test]
fn a_web_address_longer_than_the_line_is_cut_after_a_slash() {
    let text =
        "see (https://www.americanexpress.com/us/fraud-protection-center/how-we-protect-you.html)";
    let lines = wrap_hanging(text, 40, "  ", "    ");
    assert_eq!(
        lines,
        [
            "  see",
            "    (https://www.americanexpress.com/us/",
            "    fraud-protection-center/",
            "    how-we-protect-you.html)"
        ]
    );
    // A number or another long word without a slash stays whole, even past the width.
    assert_eq!(wrap("1-800-528-4800", 8, ""), ["1-800-528-4800"]);
}

#[test]
fn text_written_without_spaces_is_cut_between_wide_characters() {
    let text = "店員さんが二重に請求したと言っていますが、明細書には三回表示されています。";
    let lines = wrap_hanging(text, 24, "notes: ", "  ");
    assert_eq!(
        lines,
        [
            "notes: 店員さんが二重に",
            "  請求したと言っています",
            "  が、明細書には三回表示",
            "  されています。",
        ]
    );
    for line in &lines {
        assert!(display_width(line) <= 24, "{line:?}");
    }
    // Closing punctuation never starts a line: the character before it goes down with it.
    assert_eq!(wrap("一二三四。", 8, ""), ["一二三", "四。"]);
    // After a word of ASCII, the wide characters fill the line; an opening bracket goes with
    // the character after it.
    assert_eq!(
        wrap("rep 山田太郎さん（カスタマーサービス）", 20, ""),
        ["rep 山田太郎さん（カ", "スタマーサービス）"]
    );
    // Wide characters beside ASCII break too; a run of ASCII among them stays whole.
    assert_eq!(
        wrap("電話1-800-528-4800に電話した", 16, ""),
        ["電話", "1-800-528-4800に", "電話した"]
    );
}

/// Short lines from the knowledge file come out exactly as textwrap gives them.
#[test]
fn the_knowledge_files_short_lines_come_out_as_textwrap_gives_them() {
    for (text, first) in [
        ("Call Lost and Stolen Cards:", ""),
        ("1-800-528-4800", "  "),
        ("toll-free, 24/7, issuer's site", "  "),
        ("a", "  - "),
    ] {
        let full = textwrap_lines(text, 80, first, "    ");
        assert_eq!(wrap_hanging(text, 80, first, "    "), full, "{text:?}");
    }
}

/// What `textwrap::wrap` gives with the options `wrap_hanging` uses, glue turned back into spaces.
fn textwrap_lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    textwrap::wrap(text, &options)
        .into_iter()
        .map(|line| line.replace(GLUE, " "))
        .collect()
}

proptest! {
    /// The hand-written first fit for plain text gives textwrap's lines, runs of spaces, glued
    /// numbers and indents as wide as the line included.
    #[test]
    fn plain_text_is_wrapped_as_textwrap_wraps_it(
        words in proptest::collection::vec("[!-~]{1,12}", 1..30),
        // Between two words: 0 a glued number's space, else that many spaces.
        gaps in proptest::collection::vec(prop_oneof![4 => Just(1usize), 1 => 0usize..12], 30),
        width in 0usize..=100,
        first in 0usize..12,
        rest in 0usize..12,
    ) {
        let mut text = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                match gaps[i] {
                    0 => text.push(GLUE),
                    n => text.extend(std::iter::repeat_n(' ', n)),
                }
            }
            text.push_str(word);
        }
        prop_assert!(is_plain(&text));
        let (first, rest) = (" ".repeat(first), "-".repeat(rest));
        prop_assert_eq!(
            first_fit_plain(&text, width, &first, &rest),
            textwrap_lines(&text, width, &first, &rest)
        );
    }
}

#[test]
fn only_printable_ascii_between_spaces_is_plain() {
    assert!(is_plain("call 1-800-528-4800 now."));
    assert!(is_plain("+1\u{a0}336-393-1111"));
    assert!(is_plain("Lost or stolen card  (lost-card)"));
    for text in ["", " lead", "trail ", "tab\there", "caf\u{e9}", "\u{1b}[1m"] {
        assert!(!is_plain(text), "{text:?}");
    }
}

#[test]
fn a_tab_or_an_escape_takes_the_columns_textwrap_gives_it() {
    // A tab counts as no column and an escape sequence as none, as before the shortcut: the
    // address fits on the line whole.
    let text = "Trust the card.\tSee https://www.americanexpress.com/us/help/x.html";
    assert_eq!(wrap(text, 65, ""), [text]);
    // A painted indent takes the two columns it shows, so the address is cut after a slash.
    let rest = "\u{1b}[1m- \u{1b}[0m";
    assert_eq!(
        wrap_hanging("see https://www.americanexpress.com/", 12, "", rest),
        [
            "see".to_owned(),
            format!("{rest}https://"),
            format!("{rest}www.americanexpress.com/")
        ]
    );
}

proptest! {
    /// Counting lines gives as many as wrapping them, for plain and other text, words too long
    /// for the line, web addresses that get cut and indents as wide as the line included.
    #[test]
    fn line_count_is_the_number_of_wrapped_lines(
        words in proptest::collection::vec(prop_oneof![
            6 => "[!-~]{1,12}",
            1 => "[a-z/]{10,50}",
            1 => "[a-z\u{e9}\u{4e2d}]{1,6}",
            1 => proptest::sample::select(WHOLE).prop_map(str::to_owned),
        ], 1..30),
        spaces in proptest::collection::vec(1usize..3, 30),
        width in 0u16..=100,
        first in prop_oneof![Just(String::new()), "[ -]{1,12}", Just("\t".to_owned())],
        rest in prop_oneof![Just(String::new()), "[ -]{1,12}"],
    ) {
        let mut text = String::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                text.extend(std::iter::repeat_n(' ', spaces[i]));
            }
            text.push_str(word);
        }
        prop_assert_eq!(
            line_count(&text, width, &first, &rest),
            wrap_hanging(&text, width, &first, &rest).len()
        );
    }
}

/// Whether `token` is part of a phone number, as first written, by characters: what the byte
/// version [`is_number_part`] must agree with.
fn is_number_part_by_chars(token: &str) -> bool {
    let token = token.trim_end_matches([',', ';', ':', '!', '?', '"', '\'']);
    token.chars().any(|c| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.'))
}

/// The gluing rule written the first, plain way, word by word into a new string: what
/// [`glue_numbers`] must give, borrowing or not.
fn glued_word_by_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut digits_in_run, mut previous): (usize, Option<usize>) = (0, None);
    for (word, spaces) in split_words(text) {
        let digits = is_number_part_by_chars(word)
            .then(|| word.chars().filter(char::is_ascii_digit).count());
        let glue = matches!((previous, digits), (Some(p), Some(_)) if p <= 4 && digits_in_run < 10);
        if glue {
            out.pop();
            out.push(GLUE);
        } else {
            digits_in_run = 0;
        }
        digits_in_run += digits.unwrap_or(0);
        if digits.is_none() {
            digits_in_run = 0;
        }
        previous = digits.filter(|_| spaces == 1);
        out.push_str(word);
        out.extend(std::iter::repeat_n(' ', spaces));
    }
    out
}

#[test]
fn every_kind_of_number_part_on_either_side_of_a_space_is_glued() {
    // Each byte a number part may end with, before each it may start with.
    for end in [
        "1", ")", "(", "+", "-", ".", ",", ";", ":", "!", "?", "\"", "'",
    ] {
        for start in ["2", "(", ")", "+", "-", "."] {
            let text = format!("at 1{end} {start}2 then");
            let expected = glued_word_by_word(&text);
            assert!(expected.contains(GLUE), "{text:?}");
            assert_eq!(glue_numbers(&text), expected, "{text:?}");
        }
    }
}

#[test]
fn text_with_nothing_to_glue_is_borrowed() {
    for text in [
        "24/7, every day",
        "call 1-800-528-4800 now",
        "no digits",
        "",
        "  ",
    ] {
        assert!(matches!(glue_numbers(text), Cow::Borrowed(_)), "{text:?}");
    }
    assert!(matches!(glue_numbers("+1 336-393-1111"), Cow::Owned(_)));
}

proptest! {
    /// Gluing by byte offsets gives what gluing word by word gives, for numbers, punctuation,
    /// runs of spaces and words mixed.
    #[test]
    fn glue_numbers_glues_as_the_rule_says(
        words in proptest::collection::vec(prop_oneof![
            3 => "[0-9]{1,4}",
            2 => "[-.+(]?[0-9]{1,4}[)]?[-.]?[0-9]{0,4}[,;:!?\"']?",
            2 => "[a-z]{1,6}",
            1 => "[a-z\u{e9}\u{a0}/]{1,4}[,;:!?\"']?",
            1 => proptest::sample::select(WHOLE).prop_map(str::to_owned),
        ], 0..16),
        spaces in proptest::collection::vec(prop_oneof![4 => Just(1usize), 1 => 0usize..4], 16),
        lead in 0usize..3,
    ) {
        let mut text = " ".repeat(lead);
        for (word, spaces) in words.iter().zip(&spaces) {
            text.push_str(word);
            text.extend(std::iter::repeat_n(' ', *spaces));
        }
        prop_assert_eq!(glue_numbers(&text).into_owned(), glued_word_by_word(&text));
        for word in &words {
            prop_assert_eq!(is_number_part(word), is_number_part_by_chars(word), "{:?}", word);
        }
    }
}
