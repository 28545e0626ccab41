//! Privacy guard for every free-text field: finds full card numbers, card security codes
//! (CID/CSC/CVV), PINs and US Social Security numbers and masks them before anything can be
//! stored. The only way to get a [`Clean`] string, which is all the database accepts, is through
//! this module.
//!
//! [`PATTERNS`] lists every rule with the samples it must catch. `cards` finds the numbers that
//! stand on their shape (cards, `ddd-dd-dddd` SSNs), `codes` the ones that need a keyword beside
//! them (security codes, PINs, bare 9-digit SSNs), and `phone` tells a phone number typed into
//! `--number` from a card.
//!
//! The scan works on bytes of a folded copy of the text (`fold`: the digits of every script,
//! styled digits, every Unicode space, dash, dot and slash become ASCII, and invisible characters
//! are left out), and where the text reads digits out as words or types them with look-alike
//! letters (`spoken`), on a second copy with those read as digits; what either finds is masked. It only ever cuts next to a digit, or after the invisible characters that follow
//! one: char boundaries in the original too, so any UTF-8 input is safe.

mod cards;
#[cfg(test)]
mod case_tests;
mod codes;
mod fold;
#[cfg(test)]
mod hostile_tests;
mod phone;
#[cfg(test)]
mod props;
mod spoken;
#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;

use fold::fold;

/// Text that has been through the masker; the only type the database accepts for free text.
/// Its field is private, so raw input cannot reach storage without passing through here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clean(String);

impl Clean {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Clean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of secret was masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Finding {
    CardNumber,
    SecurityCode,
    Ssn,
    Pin,
}

impl Finding {
    /// Noun phrase for messages such as "removed a card number from notes".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Finding::CardNumber => "a card number",
            Finding::SecurityCode => "a card security code",
            Finding::Ssn => "a Social Security number",
            Finding::Pin => "a PIN",
        }
    }

    /// Replacements hold no digits, so a second pass has nothing left to find.
    fn replacement(self) -> &'static str {
        match self {
            Finding::CardNumber => "[card number removed]",
            Finding::SecurityCode => "[code removed]",
            Finding::Ssn => "[SSN removed]",
            Finding::Pin => "[PIN removed]",
        }
    }
}

const ALL_FINDINGS: [Finding; 4] = [
    Finding::CardNumber,
    Finding::SecurityCode,
    Finding::Ssn,
    Finding::Pin,
];

/// One masking rule: what it finds, why that is masked (shown to the user), and samples it must
/// catch (a unit test masks each one and checks that this rule is the one that fired).
pub(crate) struct Pattern {
    pub(crate) kind: Finding,
    pub(crate) why: &'static str,
    #[cfg_attr(
        not(test),
        allow(dead_code, reason = "read by the unit test of the table")
    )]
    pub(crate) samples: &'static [&'static str],
}

/// Index into [`PATTERNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    Card = 0,
    SsnShape = 1,
    SsnKeyword = 2,
    SecurityCode = 3,
    Pin = 4,
}

impl Rule {
    pub(crate) fn pattern(self) -> &'static Pattern {
        &PATTERNS[self as usize]
    }
}

/// Every rule the masker applies, in [`Rule`] order.
pub(crate) const PATTERNS: [Pattern; 5] = [
    Pattern {
        kind: Finding::CardNumber,
        why: "13 to 19 digits that pass the card-number (Luhn) check",
        samples: &[
            "3782 822463 10005",
            "3782-822463-10005",
            "3782  822463  10005",
            "3782 - 822463 - 10005",
            "3782.822463.10005",
            "3782/822463/10005",
            "3782_822463_10005",
            "3782 822463\n10005",
            "3782\r\n822463\r\n10005",
            "card378282246310005x",
            "３７８２８２２４６３１０００５",
            "٣٧٨٢ ٨٢٢٤٦٣ ١٠٠٠٥",
            "३७८२ ८२२४६३ १०००५",
            "4111\u{a0}1111\u{2013}1111\u{202f}1111",
            "3782\u{2014}822463\u{2212}10005",
            "4111\u{2009}1111\u{2022}1111\u{2044}1111",
            "3782\u{200b}822463\u{ad}10005",
            "\u{1d7d1}\u{1d7d5}\u{1d7d6}\u{1d7d0}\u{1d7d6}\u{1d7d0}\u{1d7d0}\u{1d7d2}\u{1d7d4}\u{1d7d1}\u{1d7cf}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7d3}",
            "³⁷⁸²⁸²²⁴⁶³¹⁰⁰⁰⁵",
            "3782,822463,10005",
            "(3782) 822463 10005",
            "\"4111\" \"1111\" \"1111\" \"1111\"",
            "378,282,246,310,005",
            "three seven eight two eight two two four six three one zero zero zero five",
            "3782 8224 six three one oh oh oh five",
            "37828224631OOO5",
        ],
    },
    Pattern {
        kind: Finding::Ssn,
        why: "digits in the shape of a Social Security number (3-2-4)",
        samples: &[
            "123-45-6789",
            "078.05.1120",
            "078 05 1120",
            "078/05/1120",
            "078\u{2014}05\u{2014}1120",
        ],
    },
    Pattern {
        kind: Finding::Ssn,
        why: "9 digits next to \"SSN\", \"SS#\" or \"social\"",
        samples: &[
            "SSN 078051120",
            "ssn: 078051120",
            "ssn078051120",
            "my social security number is 078051120",
            "078051120 is my ssn",
            "SS# 078051120",
            "S.S.N. 078051120",
            "ssn is 078 051 120",
            "social security number\n078051120",
            "ssn zero seven eight, zero five, one one two zero",
        ],
    },
    Pattern {
        kind: Finding::SecurityCode,
        why: "3 or 4 digits next to CID, CSC, CVV, \"security code\" or \"code on the back\" (or front)",
        samples: &[
            "CID 1234",
            "cvv: 123",
            "CVV2 456",
            "cvv2123",
            "security code is 4321",
            "the 3 digit code on the back is 852",
            "3-digit code: 852",
            "1234 (CID)",
            "the code on the front is 1234",
            "C.V.V. 123",
            "CVV:\n852",
            "CVV 8 5 2",
            "card verification value 123",
        ],
    },
    Pattern {
        kind: Finding::Pin,
        why: "4 to 6 digits next to \"PIN\"",
        samples: &[
            "my PIN is 2580",
            "pin: 123456",
            "PIN2580",
            "2580 is my pin",
            "P.I.N. 2580",
            "pin\n2580",
            "pin is 2 5 8 0",
            "pin is two five eight oh",
        ],
    },
];

/// One masking event, reported to the user (stderr) and in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MaskReport {
    pub(crate) field: &'static str,
    pub(crate) kind: Finding,
    pub(crate) count: usize,
    /// Which rule matched, in words: e.g. "13 to 19 digits that pass the card-number (Luhn) check".
    pub(crate) why: &'static str,
}

/// Collects reports across all the fields of one write.
#[derive(Debug, Default)]
pub(crate) struct Masker {
    reports: Vec<MaskReport>,
}

impl Masker {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Masks `input`, records what was found under `field` (e.g. "notes", "rep").
    pub(crate) fn clean(&mut self, field: &'static str, input: &str) -> Clean {
        let (text, rules) = mask_rules(input);
        for rule in rules {
            self.record(field, rule);
        }
        Clean(text)
    }

    fn record(&mut self, field: &'static str, rule: Rule) {
        let Pattern { kind, why, .. } = *rule.pattern();
        // One line per field and rule reads better than one per hit.
        match self
            .reports
            .iter_mut()
            .find(|r| r.field == field && r.kind == kind && r.why == why)
        {
            Some(report) => report.count += 1,
            None => self.reports.push(MaskReport {
                field,
                kind,
                count: 1,
                why,
            }),
        }
    }

    pub(crate) fn clean_opt(&mut self, field: &'static str, input: Option<&str>) -> Option<Clean> {
        input.map(|text| self.clean(field, text))
    }

    /// The number dialled: stored as typed when it reads as a phone number (extension included,
    /// such as `1-800-528-4800-1007`, whose 15 digits happen to pass the card check), masked like
    /// any other text when it does not, or when its digits are a card number all the same
    /// (`378-282-2463 x10005`), which is then masked whole.
    pub(crate) fn clean_number(&mut self, field: &'static str, input: &str) -> Clean {
        if !phone::is_phone_number(input) {
            return self.clean(field, input);
        }
        if phone::holds_card(input) {
            self.record(field, Rule::Card);
            Clean(Finding::CardNumber.replacement().to_owned())
        } else {
            Clean(input.to_owned())
        }
    }

    pub(crate) fn reports(&self) -> &[MaskReport] {
        &self.reports
    }

    pub(crate) fn into_reports(self) -> Vec<MaskReport> {
        self.reports
    }
}

/// Pure function under it all (tests call it; the app goes through [`Masker`]): returns the masked text and what was found, in order of appearance.
#[cfg(test)]
pub(crate) fn mask(input: &str) -> (String, Vec<Finding>) {
    let (text, rules) = mask_rules(input);
    (text, rules.iter().map(|r| r.pattern().kind).collect())
}

/// [`mask`], with the rule behind each finding.
fn mask_rules(input: &str) -> (String, Vec<Rule>) {
    let mut text = input.to_owned();
    let mut found: Vec<(usize, Rule)> = Vec::new();
    let mut history: Vec<Vec<Edit>> = Vec::new();
    // Masking one secret can expose another (a code cut out of "123-45-6789 1234" leaves a bare SSN),
    // so scan until a pass finds nothing: that makes mask idempotent by construction. Each pass
    // removes digits, so this ends.
    loop {
        let (folded, offsets) = fold(&text);
        let mut spans = scan_mapped(&folded, &offsets);
        if let Some((respelled, offsets)) = fold::fold_respelled(&folded, &offsets) {
            spans = union(spans, scan_mapped(&respelled, &offsets));
        }
        if spans.is_empty() {
            break;
        }
        found.extend(
            spans
                .iter()
                .map(|s| (original_pos(s.start, &history), s.rule)),
        );
        let (next, edits) = apply(&text, &spans);
        history.push(edits);
        text = next;
    }
    found.sort_by_key(|&(pos, _)| pos);
    (text, found.into_iter().map(|(_, rule)| rule).collect())
}

/// Whether an identifier (letters, digits and hyphens, such as an imported uid) holds a card
/// number or an SSN. Only hyphen-separated pieces that are all digits are read: letters glued to
/// digits belong to the identifier here, not to text around a card, since a random 32-hex-digit
/// uid has a Luhn-valid 13-to-19-digit stretch about once in 500 and must never be refused.
pub(crate) fn identifier_holds_secret(id: &str) -> bool {
    let mut stretch: Vec<&str> = Vec::new();
    for piece in id.split('-').chain(std::iter::once("")) {
        if !piece.is_empty() && piece.bytes().all(|c| c.is_ascii_digit()) {
            stretch.push(piece);
        } else if !stretch.is_empty() {
            if !mask_rules(&stretch.join("-")).1.is_empty() {
                return true;
            }
            stretch.clear();
        }
    }
    false
}

/// Validates the optional "last five digits of the card" field: exactly 5 ASCII digits (spaces trimmed).
pub(crate) fn check_last5(input: &str) -> Result<String, String> {
    const FLAG: &str = "--card-last5";
    let digits = input.trim();
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(if c == ' ' || c == '-' {
            format!("{FLAG} takes 5 digits with no spaces or dashes, e.g. 10005")
        } else {
            format!("{FLAG} takes only the digits 0-9 (the end of the card number), found {c:?}")
        });
    }
    match digits.len() {
        5 => Ok(digits.to_owned()),
        0 => Err(format!(
            "{FLAG} takes exactly 5 digits (the end of the card number), got none"
        )),
        // Never echo the number back: it may be a whole card.
        n @ 13..=19 if cards::luhn_valid(digits.as_bytes(), &[(0, n)]) => Err(format!(
            "{FLAG} takes only the last 5 digits, never the whole card number"
        )),
        n => Err(format!(
            "{FLAG} takes exactly 5 digits (the end of the card number), got {n}"
        )),
    }
}

/// Byte range to replace, always starting and ending next to a digit.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    rule: Rule,
}

impl Span {
    fn new((start, end): (usize, usize), rule: Rule) -> Self {
        Span { start, end, rule }
    }

    fn kind(self) -> Finding {
        self.rule.pattern().kind
    }
}

/// Where a replacement landed in the output of one pass, so findings can be put back in input order.
/// The totals count this edit and all before it.
struct Edit {
    at: usize,
    removed_total: usize,
    inserted_total: usize,
}

fn original_pos(mut pos: usize, history: &[Vec<Edit>]) -> usize {
    for edits in history.iter().rev() {
        // A new finding starts on a digit, never inside a replacement, so every earlier edit ends
        // before it.
        let before = edits.partition_point(|e| e.at < pos);
        if let Some(edit) = before.checked_sub(1).and_then(|k| edits.get(k)) {
            pos = pos - edit.inserted_total + edit.removed_total;
        }
    }
    pos
}

fn apply(text: &str, spans: &[Span]) -> (String, Vec<Edit>) {
    let mut out = String::with_capacity(text.len() + 16 * spans.len());
    let mut edits = Vec::with_capacity(spans.len());
    let (mut last, mut removed_total, mut inserted_total) = (0, 0, 0);
    for span in spans {
        out.push_str(&text[last..span.start]);
        let replacement = span.kind().replacement();
        removed_total += span.end - span.start;
        inserted_total += replacement.len();
        let at = out.len();
        edits.push(Edit {
            at,
            removed_total,
            inserted_total,
        });
        out.push_str(replacement);
        last = span.end;
    }
    out.push_str(&text[last..]);
    (out, edits)
}

/// [`scan`] of a folded text, its spans put back on the text it was folded from.
fn scan_mapped(folded: &str, offsets: &[usize]) -> Vec<Span> {
    scan(folded)
        .into_iter()
        .map(|s| Span {
            start: offsets[s.start],
            end: offsets[s.end],
            rule: s.rule,
        })
        .collect()
}

/// The spans of the plain reading of a text and those of its respelled reading that outrank
/// every plain span they touch (a card outranks an SSN, which outranks a code or PIN), sorted,
/// with spans that overlap merged into one (whose rule is the wider one's). Where the plain
/// reading found a secret as large, it is read right: a look-alike letter beside it
/// (`378282246310005O`, `078-05-1120I`) is a letter, which the respelled reading would take in.
/// A larger secret is not: in "cvv 3782 822463 1OOO5" the plain reading's code is the start of a
/// card.
fn union(mut spans: Vec<Span>, more: Vec<Span>) -> Vec<Span> {
    let rank = |s: &Span| match s.kind() {
        Finding::CardNumber => 2,
        Finding::Ssn => 1,
        Finding::SecurityCode | Finding::Pin => 0,
    };
    let plain = spans.clone();
    spans.extend(more.into_iter().filter(|m| {
        plain
            .iter()
            .filter(|p| m.start < p.end && p.start < m.end)
            .all(|p| rank(m) > rank(p))
    }));
    spans.sort_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => {
                if span.end - span.start > last.end - last.start {
                    last.rule = span.rule;
                }
                last.end = last.end.max(span.end);
            }
            _ => merged.push(span),
        }
    }
    merged
}

/// One pass over folded text: sorted, non-overlapping spans.
fn scan(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = cards::numbers(b);
    // Keyword rules come last so a card's or SSN's digits are never taken for a code.
    let mut claimed = vec![None; b.len()];
    for span in &spans {
        claimed[span.start..span.end].fill(Some(span.kind()));
    }
    codes::keyword_numbers(b, &mut claimed, &mut spans);
    spans.sort_by_key(|s| s.start);
    spans
}
