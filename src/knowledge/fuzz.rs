//! A long randomized run over the overlay loader and the free-text matcher, too slow for every
//! `cargo test`: `scripts/fuzz.sh` runs it for a given time or number of cases.
//!
//! Overlays come three ways: the real `knowledge.toml` (whole, or a slice as a small overlay
//! would be) with edits applied (lines deleted, duplicated, swapped or truncated; numbers changed;
//! strings replaced; headers moved; awkward characters injected), overlays built from scratch
//! with arbitrary strings in every field, and arbitrary text. Each goes through
//! [`Knowledge::load`] exactly as the binary does, and through the `knowledge check` path. Free
//! text comes from the phrasing corpora with typos and injected characters, and from arbitrary
//! strings, and goes through [`find_reason`].
//!
//! What must hold: nothing panics; a failed load is a bad-input error (exit 2) with a one-line
//! message that names the file; a loaded overlay answers every slug and alias as `route` would,
//! never routes empty input, and offers no number twice or one that is not a US line; every
//! answer of the matcher is a reason of the knowledge or three distinct suggestions.

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseResult, TestError, TestRunner};

use super::{find_reason, problems, Confidence, Knowledge, MatchMethod};
use edits::{apply, edit, toml_string};

#[path = "fuzz_edits.rs"]
mod edits;
use crate::error::{classify, ExitCode, Outcome};

const KNOWLEDGE: &str = include_str!("../../knowledge.toml");
const PHRASINGS: [&str; 3] = [
    include_str!("../../tests/data/phrasings.tsv"),
    include_str!("../../tests/data/phrasings2.tsv"),
    include_str!("../../tests/data/holdout.tsv"),
];

/// Characters and fragments that have broken parsers before: control characters, escapes that
/// TOML turns into them, quotes and brackets of its syntax, joiners, bidi overrides, a byte-order
/// mark, a terminal colour code, and very long words.
fn awkward() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\u{0}",
            "\u{7f}",
            "\u{1b}[31m",
            "\r",
            "\n",
            "\r\n",
            "\t",
            "\"",
            "'",
            "\\",
            "\\u0000",
            "\\n",
            "\\r",
            "\\u001b",
            "\\t",
            "é",
            "💳",
            "\u{202e}",
            "\u{feff}",
            "\u{200d}",
            "=",
            "[",
            "]",
            "[[",
            "]]",
            "{",
            "}",
            "#",
            ",",
            "\"\"\"",
            "'''",
            ".",
            "-",
            "+",
            "0x",
            "1e999",
            "ǅ",
            "ß",
            "İ",
            "ﬃ",
            "\u{301}",
            "𝔘𝔫𝔦",
        ])
        .prop_map(str::to_owned),
        "[a-zé]{33,80}",
        any::<String>(),
    ]
}

/// The real knowledge file, whole or a stretch of it, with edits applied.
fn edited_knowledge() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<Index>(),
        1..120_usize,
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|(whole, start, len, edits)| {
            let all: Vec<&str> = KNOWLEDGE.lines().collect();
            let mut lines: Vec<String> = if whole {
                all.iter().map(|l| (*l).to_owned()).collect()
            } else {
                // Most often whole tables, from a header to just before another, as an overlay
                // would have them; sometimes any stretch of lines.
                let mut start = start.index(all.len());
                let mut end = (start + len).min(all.len());
                if len % 4 != 0 {
                    let header = |l: &&str| l.starts_with('[');
                    start = all[..=start].iter().rposition(header).unwrap_or(0);
                    end = (start + len).min(all.len());
                    end = all[end..]
                        .iter()
                        .position(header)
                        .map_or(all.len(), |i| end + i);
                }
                all[start..end].iter().map(|l| (*l).to_owned()).collect()
            };
            for edit in &edits {
                apply(&mut lines, edit);
            }
            lines.join("\n")
        })
}

fn string_list() -> impl Strategy<Value = String> {
    prop::collection::vec(awkward(), 0..4).prop_map(|items| {
        let items: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
        format!("[{}]", items.join(", "))
    })
}

/// An overlay written from scratch: a number and a reason or two, every string arbitrary, ids
/// and slugs sometimes the built-in ones so that they replace rather than add.
fn scratch_overlay() -> impl Strategy<Value = String> {
    let id = prop_oneof![
        prop::sample::select(vec![
            "lost-card",
            "general",
            "amex-main",
            "my-card",
            "fraud"
        ])
        .prop_map(str::to_owned),
        awkward(),
    ];
    let number = (
        id.clone(),
        awkward(),
        prop_oneof![Just("+18005550142".to_owned()), awkward()],
        prop::sample::select(vec!["toll-free", "collect", "toll"]),
        prop::sample::select(vec!["own-card", "confirmed", "informal", "not-us"]),
        string_list(),
    )
        .prop_map(|(id, display, e164, kind, confidence, use_for)| {
            format!(
                "[[numbers]]\nid = {}\nlabel = \"Mine\"\ndisplay = {}\ne164 = {}\nkind = \"{kind}\"\n\
                 region = \"us\"\nsources = [\"own-card\"]\nconfidence = \"{confidence}\"\nuse_for = {use_for}\n",
                toml_string(&id),
                toml_string(&display),
                toml_string(&e164),
            )
        });
    let reason = (
        id,
        awkward(),
        string_list(),
        string_list(),
        string_list(),
        string_list(),
    )
        .prop_map(|(slug, title, aliases, keywords, phrases, numbers)| {
            format!(
                "[[reasons]]\nslug = {}\ntitle = {}\ndepartment = \"D\"\ndescription = \"d\"\n\
                 tiers = [\"all\"]\naliases = {aliases}\nkeywords = {keywords}\nphrases = {phrases}\n\
                 numbers = {numbers}\n",
                toml_string(&slug),
                toml_string(&title),
            )
        });
    (
        prop::collection::vec(number, 0..2),
        prop::collection::vec(reason, 0..3),
    )
        .prop_map(|(numbers, reasons)| {
            let sources = "[[sources]]\nid = \"own-card\"\ntitle = \"The back of my card\"\n";
            format!("{sources}\n{}\n{}", numbers.join("\n"), reasons.join("\n"))
        })
}

fn overlay() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => edited_knowledge(),
        3 => scratch_overlay(),
        1 => any::<String>(),
    ]
}

/// Free text: a phrasing from the corpora with typos and injected characters, several run
/// together, or anything at all.
fn free_text() -> impl Strategy<Value = String> {
    let phrases: Vec<&'static str> = PHRASINGS
        .iter()
        .flat_map(|corpus| corpus.lines().skip(1))
        .filter_map(|line| line.split_once('\t').map(|(_, phrase)| phrase))
        .collect();
    let typo = (any::<Index>(), 0..4_u8, awkward());
    let typed = (
        prop::collection::vec(prop::sample::select(phrases), 1..4),
        prop::collection::vec(typo, 0..6),
    )
        .prop_map(|(picked, typos)| {
            let mut chars: Vec<char> = picked.join(" ").chars().collect();
            for (at, kind, text) in typos {
                let i = at.index(chars.len() + 1);
                match kind {
                    0 if i < chars.len() => {
                        chars.remove(i);
                    }
                    1 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    2 if i < chars.len() => chars.insert(i, chars[i]),
                    _ => {
                        let tail = chars.split_off(i);
                        chars.extend(text.chars());
                        chars.extend(tail);
                    }
                }
            }
            chars.into_iter().collect::<String>()
        });
    prop_oneof![3 => typed, 1 => any::<String>(), 1 => "\\PC{0,2000}"]
}

/// The one-line message `main` would print for `err`, after checking that it is a bad input.
fn bad_input_line(err: &anyhow::Error) -> Result<String, TestCaseError> {
    match classify(err) {
        Outcome::Failed {
            code: ExitCode::BadInput,
            message,
        } => Ok(message),
        Outcome::Failed { code, message } => Err(TestCaseError::fail(format!(
            "exit {code:?}, not bad input: {message}"
        ))),
        Outcome::BrokenPipe => Err(TestCaseError::fail("a broken pipe from a load")),
    }
}

fn check_line(what: &str, line: &str) -> Result<(), TestCaseError> {
    prop_assert!(!line.trim().is_empty(), "empty {}", what);
    prop_assert!(
        !line.chars().any(char::is_control),
        "{} is not one clean line: {:?}",
        what,
        line
    );
    Ok(())
}

/// Everything `route`, `numbers` and `reasons` do with a loaded overlay, checked.
fn check_loaded(k: &Knowledge) -> Result<(), TestCaseError> {
    for reason in &k.reasons {
        let m = find_reason(k, &reason.slug);
        let got = m.as_ref().map(|m| (m.reason.slug.as_str(), m.method)).ok();
        prop_assert_eq!(got, Some((reason.slug.as_str(), MatchMethod::Slug)));
        for alias in &reason.aliases {
            let m = find_reason(k, alias);
            let got = m.as_ref().map(|m| m.reason.slug.as_str()).ok();
            prop_assert_eq!(got, Some(reason.slug.as_str()), "alias {:?}", alias);
        }
        let tiers = std::iter::once(None).chain(k.tiers.iter().map(Some));
        for tier in tiers {
            let numbers = k.numbers_for(reason, tier);
            prop_assert!(numbers.iter().all(|n| n.confidence != Confidence::NotUs));
            let mut ids: Vec<&str> = numbers.iter().map(|n| n.id.as_str()).collect();
            ids.sort_unstable();
            let offered = ids.len();
            ids.dedup();
            prop_assert_eq!(
                ids.len(),
                offered,
                "a number offered twice for {}",
                reason.slug
            );
            let _ = k.disagreements_for(&numbers);
        }
    }
    for number in &k.numbers {
        let _ = k.reasons_using(&number.id);
    }
    prop_assert!(find_reason(k, "").is_err(), "empty input routes somewhere");
    Ok(())
}

/// `word` with its middle character dropped, doubled, and swapped with the next.
fn misspellings(word: &str) -> [String; 3] {
    let chars: Vec<char> = word.chars().collect();
    let mid = chars.len() / 2;
    let mut dropped = chars.clone();
    let mut doubled = chars.clone();
    let mut swapped = chars.clone();
    if mid < chars.len() {
        dropped.remove(mid);
        doubled.insert(mid, chars[mid]);
    }
    if mid + 1 < chars.len() {
        swapped.swap(mid, mid + 1);
    }
    [dropped, doubled, swapped].map(|c| c.into_iter().collect())
}

fn check_answer(k: &Knowledge, text: &str) -> Result<(), TestCaseError> {
    match find_reason(k, text) {
        Ok(m) => prop_assert!(k.reasons.iter().any(|r| std::ptr::eq(r, m.reason))),
        Err(refusal) => {
            let mut slugs: Vec<&str> = refusal.closest.iter().map(|r| r.0.slug.as_str()).collect();
            slugs.sort_unstable();
            slugs.dedup();
            let expected = if refusal.no_words {
                0
            } else {
                3.min(k.reasons.len())
            };
            prop_assert_eq!(slugs.len(), expected, "suggestions for {:?}", text);
        }
    }
    Ok(())
}

/// Counts of what the run reached, printed at the end so a run that never got past the TOML
/// parser is seen for what it is.
#[derive(Default)]
struct Tally {
    cases: Cell<u64>,
    loaded: Cell<u64>,
    syntax_errors: Cell<u64>,
    invalid: Cell<u64>,
}

fn bump(cell: &Cell<u64>) {
    cell.set(cell.get() + 1);
}

/// A byte that cannot occur in UTF-8 text, and where to put it in the file, for an overlay saved
/// in another encoding.
type NotUtf8 = Option<(Index, u8)>;

fn not_utf8() -> impl Strategy<Value = NotUtf8> {
    prop_oneof![9 => Just(None), 1 => (any::<Index>(), 0xf8..=0xff_u8).prop_map(Some)]
}

fn one_case(
    path: &Path,
    overlay: &str,
    stray: NotUtf8,
    texts: &[String],
    tally: &Tally,
) -> TestCaseResult {
    bump(&tally.cases);
    let mut bytes = overlay.as_bytes().to_vec();
    if let Some((at, byte)) = stray {
        bytes.insert(at.index(bytes.len() + 1), byte);
    }
    std::fs::write(path, &bytes).expect("write the overlay");
    match Knowledge::load(Some(path), true) {
        Ok(k) => {
            bump(&tally.loaded);
            check_loaded(&k)?;
            for text in texts {
                check_answer(&k, text)?;
            }
            // The overlay's own words, as written (an overlay reason's keywords are matched
            // exactly) and misspelled (which the router reads).
            for reason in &k.reasons {
                for word in reason.keywords.iter().chain(&reason.phrases).take(4) {
                    check_answer(&k, word)?;
                    for typed in misspellings(word) {
                        check_answer(&k, &typed)?;
                    }
                }
            }
        }
        Err(err) => {
            let line = bad_input_line(&err)?;
            check_line("the error", &line)?;
            prop_assert!(line.contains(&path.display().to_string()), "{}", line);
            if line.contains("run `amex-help knowledge check`") {
                bump(&tally.invalid);
            } else {
                bump(&tally.syntax_errors);
            }
        }
    }
    // `knowledge check`: the same parse, then every problem (printed escaped on a terminal).
    match Knowledge::load_unvalidated(overlay, path) {
        Ok(k) => {
            for problem in problems(&k) {
                prop_assert!(!problem.trim().is_empty(), "an empty problem");
            }
        }
        Err(err) => check_line("the error", &bad_input_line(&err)?)?,
    }
    let builtin = Knowledge::load(None, false).expect("the built-in knowledge loads");
    for text in texts {
        check_answer(&builtin, text)?;
    }
    Ok(())
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok().filter(|v| !v.is_empty())?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number")),
    )
}

/// Runs until `AMEX_HELP_FUZZ_SECONDS` have passed or `AMEX_HELP_FUZZ_CASES` cases have run,
/// whichever comes first (default: 2,000 cases), in batches with fresh random seeds. A failure is
/// shrunk to a minimal overlay and text, and reported with the tally.
#[test]
#[ignore = "a long randomized run; scripts/fuzz.sh runs it"]
fn fuzz_overlay_loader_and_matcher() {
    let seconds = env_number("AMEX_HELP_FUZZ_SECONDS");
    let cases = env_number("AMEX_HELP_FUZZ_CASES").unwrap_or(if seconds.is_some() {
        u64::MAX
    } else {
        2_000
    });
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A name with a space and a non-ASCII letter, as a real one might have.
    let path = dir.path().join("my overlay é.toml");
    let tally = Tally::default();
    let strategy = (
        overlay(),
        not_utf8(),
        prop::collection::vec(free_text(), 0..4),
    );
    let started = Instant::now();
    let mut batches = 0;
    while tally.cases.get() < cases && deadline.is_none_or(|d| Instant::now() < d) {
        let batch = u32::try_from((cases - tally.cases.get()).min(500)).expect("at most 500");
        let mut runner = TestRunner::new(Config {
            cases: batch,
            failure_persistence: None,
            ..Config::default()
        });
        batches += 1;
        let result = runner.run(&strategy, |(overlay, stray, texts)| {
            one_case(&path, &overlay, stray, &texts, &tally)
        });
        if let Err(err) = result {
            let report = match err {
                TestError::Fail(why, (overlay, stray, texts)) => format!(
                    "{why}\nminimal overlay:\n{overlay}\nwith a byte not in UTF-8: {stray:?}\n\
                     minimal texts: {texts:?}"
                ),
                TestError::Abort(why) => format!("aborted: {why}"),
            };
            panic!("{report}\n{}", summary(&tally, started));
        }
    }
    println!("{} in {batches} batches", summary(&tally, started));
}

fn summary(tally: &Tally, started: Instant) -> String {
    format!(
        "fuzz: {} cases in {:.0?}: {} overlays loaded, {} refused as invalid, {} refused by the parser",
        tally.cases.get(),
        started.elapsed(),
        tally.loaded.get(),
        tally.invalid.get(),
        tally.syntax_errors.get(),
    )
}
