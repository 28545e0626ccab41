//! Privacy guard for every free-text field: finds full card numbers, card security codes (CID/CSC/CVV)
//! and US Social Security numbers and masks them before anything can be stored. The only way to get a
//! [`Clean`] string, which is all the database accepts, is through this module.
//!
//! The scan works on bytes: everything it looks for is ASCII, and it only ever cuts the text next to
//! an ASCII digit, which is always a char boundary, so any UTF-8 input is safe.

use std::fmt;

use serde::Serialize;

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
}

impl Finding {
    /// Noun phrase for messages such as "removed a card number from notes".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Finding::CardNumber => "a card number",
            Finding::SecurityCode => "a card security code",
            Finding::Ssn => "a Social Security number",
        }
    }

    /// Replacements hold no digits, so a second pass has nothing left to find.
    fn replacement(self) -> &'static str {
        match self {
            Finding::CardNumber => "[card number removed]",
            Finding::SecurityCode => "[code removed]",
            Finding::Ssn => "[SSN removed]",
        }
    }
}

const ALL_FINDINGS: [Finding; 3] = [Finding::CardNumber, Finding::SecurityCode, Finding::Ssn];

/// One masking event, reported to the user (stderr) and in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MaskReport {
    pub(crate) field: &'static str,
    pub(crate) kind: Finding,
    pub(crate) count: usize,
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
        let (text, findings) = mask(input);
        for kind in findings {
            // One line per field and kind reads better than one per hit.
            match self
                .reports
                .iter_mut()
                .find(|r| r.field == field && r.kind == kind)
            {
                Some(report) => report.count += 1,
                None => self.reports.push(MaskReport {
                    field,
                    kind,
                    count: 1,
                }),
            }
        }
        Clean(text)
    }

    pub(crate) fn clean_opt(&mut self, field: &'static str, input: Option<&str>) -> Option<Clean> {
        input.map(|text| self.clean(field, text))
    }

    pub(crate) fn reports(&self) -> &[MaskReport] {
        &self.reports
    }

    pub(crate) fn into_reports(self) -> Vec<MaskReport> {
        self.reports
    }
}

/// Pure function under it all: returns the masked text and what was found, in order of appearance.
pub(crate) fn mask(input: &str) -> (String, Vec<Finding>) {
    let mut text = input.to_owned();
    let mut found: Vec<(usize, Finding)> = Vec::new();
    let mut history: Vec<Vec<Edit>> = Vec::new();
    // Masking one secret can expose another (a code cut out of "123-45-6789 1234" leaves a bare SSN),
    // so scan until a pass finds nothing: that makes mask idempotent by construction. Each pass
    // removes digits, so this ends.
    loop {
        let spans = scan(&text);
        if spans.is_empty() {
            break;
        }
        found.extend(
            spans
                .iter()
                .map(|s| (original_pos(s.start, &history), s.kind)),
        );
        let (next, edits) = apply(&text, &spans);
        history.push(edits);
        text = next;
    }
    found.sort_by_key(|&(pos, _)| pos);
    (text, found.into_iter().map(|(_, kind)| kind).collect())
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
        n @ 13..=19 if luhn_valid(digits.as_bytes(), &[(0, n)]) => Err(format!(
            "{FLAG} takes only the last 5 digits, never the whole card number"
        )),
        n => Err(format!(
            "{FLAG} takes exactly 5 digits (the end of the card number), got {n}"
        )),
    }
}

/// Byte range of one maximal run of ASCII digits.
type Group = (usize, usize);

/// Byte range to replace, always starting and ending next to an ASCII digit.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: Finding,
}

impl Span {
    fn new((start, end): (usize, usize), kind: Finding) -> Self {
        Span { start, end, kind }
    }
}

/// Where a replacement landed in the output of one pass, so findings can be put back in input order.
/// The totals count this edit and all before it.
struct Edit {
    at: usize,
    removed_total: usize,
    inserted_total: usize,
}

/// No-break spaces and typographic dashes come with numbers pasted from statements and web pages.
const SEPARATORS: [&str; 6] = [" ", "-", "\u{a0}", "\u{202f}", "\u{2011}", "\u{2013}"];
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;
const CODE_DIGITS: std::ops::RangeInclusive<usize> = 3..=4;
/// How far a security code may sit from its keyword: "the cid on file is 1234" still counts,
/// a number in the next clause does not.
const MAX_GAP_WORDS: usize = 3;
const MAX_GAP_BYTES: usize = 40;
const ONE_WORD_KEYWORDS: [&str; 6] = ["cvv2", "cvc2", "cid", "csc", "cvv", "cvc"];
const TWO_WORD_KEYWORDS: [(&str, &str); 3] =
    [("security", "code"), ("sec", "code"), ("card", "id")];

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
        let replacement = span.kind.replacement();
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

/// One pass: sorted, non-overlapping spans.
fn scan(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let groups = digit_run(b, i);
            i = groups.last().map_or(i + 1, |g| g.1);
            numbers_in_run(b, &groups, &mut spans);
        } else {
            i += 1;
        }
    }
    // Codes come last so a card's or SSN's digits are never taken for a code.
    let mut claimed = vec![None; b.len()];
    for span in &spans {
        claimed[span.start..span.end].fill(Some(span.kind));
    }
    security_codes(b, &mut claimed, &mut spans);
    spans.sort_by_key(|s| s.start);
    spans
}

/// Digit groups joined by one space or dash, the ways people write card numbers and SSNs.
fn digit_run(b: &[u8], start: usize) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut s = start;
    loop {
        let e = s + count_digits(b[s..].iter());
        groups.push((s, e));
        let sep = SEPARATORS
            .iter()
            .find(|sep| b[e..].starts_with(sep.as_bytes()))
            .map_or(0, |sep| sep.len());
        if sep == 0 || !b.get(e + sep).is_some_and(u8::is_ascii_digit) {
            return groups;
        }
        s = e + sep;
    }
}

fn count_digits<'a>(bytes: impl Iterator<Item = &'a u8>) -> usize {
    bytes.take_while(|c| c.is_ascii_digit()).count()
}

/// Finds card numbers and SSNs among the groups of one run.
fn numbers_in_run(b: &[u8], groups: &[Group], spans: &mut Vec<Span>) {
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return;
    };
    // A group glued to letters is part of a code like "AB12" or "X9000", not a number of its own.
    let lo = usize::from(glued_before(b, first.0));
    let hi = groups.len() - usize::from(glued_after(b, last.1));

    // Any stretch of whole groups may be the card: text often runs straight into it
    // ("ref 12 3782 822463 10005"). Groups are never split, so a 20+ digit run is never cut into a
    // Luhn-valid piece.
    let mut windows = Vec::new();
    for i in lo..hi {
        let mut digits = 0;
        for j in i..hi {
            digits += groups[j].1 - groups[j].0;
            if digits > *CARD_DIGITS.end() {
                break;
            }
            if CARD_DIGITS.contains(&digits) && luhn_valid(b, &groups[i..=j]) {
                windows.push((i, j));
            }
        }
    }

    // An SSN must be all that is left between cards: "12 123-45-6789" is some other number. Letters
    // may touch it ("SSN123-45-6789"): the shape alone is telling enough.
    let is_ssn = |from: usize, to: usize| {
        let sizes: Vec<usize> = groups[from..to].iter().map(|g| g.1 - g.0).collect();
        (sizes == [3, 2, 4]).then(|| (groups[from].0, groups[to - 1].1))
    };
    let mut from = 0;
    for (i, j) in card_windows(&windows) {
        spans.extend(is_ssn(from, i).map(|ssn| Span::new(ssn, Finding::Ssn)));
        spans.push(Span::new((groups[i].0, groups[j].1), Finding::CardNumber));
        from = j + 1;
    }
    spans.extend(is_ssn(from, groups.len()).map(|ssn| Span::new(ssn, Finding::Ssn)));
}

/// Picks what to mask from the Luhn-valid windows (group index ranges, sorted by start). Overlapping
/// windows are masked as one, so a chance match that overlaps the real card cannot leave part of it
/// behind; but when the cluster is exactly several back-to-back cards, each one is kept apart.
fn card_windows(windows: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut cards = Vec::new();
    let mut k = 0;
    while let Some(&(lo, mut hi)) = windows.get(k) {
        let mut end = k + 1;
        while let Some(w) = windows.get(end).filter(|w| w.0 <= hi) {
            hi = hi.max(w.1);
            end += 1;
        }
        let mut cluster = windows[k..end].to_vec();
        k = end;
        // Earliest end first gives the most disjoint windows.
        cluster.sort_by_key(|w| w.1);
        let mut picked: Vec<(usize, usize)> = Vec::new();
        for w in cluster {
            if picked.last().is_none_or(|p| w.0 > p.1) {
                picked.push(w);
            }
        }
        let tiles = picked.first().is_some_and(|p| p.0 == lo)
            && picked.last().is_some_and(|p| p.1 == hi)
            && picked.windows(2).all(|pair| pair[1].0 == pair[0].1 + 1);
        if tiles {
            cards.extend(picked);
        } else {
            cards.push((lo, hi));
        }
    }
    cards
}

fn luhn_valid(b: &[u8], groups: &[Group]) -> bool {
    let sum: u32 = groups
        .iter()
        .rev()
        .flat_map(|&(s, e)| b[s..e].iter().rev())
        .enumerate()
        .map(|(k, &d)| {
            let d = u32::from(d - b'0');
            match (k % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

fn glued_before(b: &[u8], pos: usize) -> bool {
    pos > 0 && b[pos - 1].is_ascii_alphabetic()
}

fn glued_after(b: &[u8], end: usize) -> bool {
    b.get(end).is_some_and(u8::is_ascii_alphabetic)
}

fn security_codes(b: &[u8], claimed: &mut [Option<Finding>], spans: &mut Vec<Span>) {
    let words = ascii_words(b);
    for (k, &(s, e)) in words.iter().enumerate() {
        let word = &b[s..e];
        let mut keyword_end = None;
        for key in ONE_WORD_KEYWORDS.map(str::as_bytes) {
            if word.eq_ignore_ascii_case(key) {
                keyword_end = Some(e);
                break;
            }
            // Hurried notes glue the code on: "cvv123", "cid1234".
            let (head, tail) = word.split_at(key.len().min(word.len()));
            if head.eq_ignore_ascii_case(key)
                && CODE_DIGITS.contains(&tail.len())
                && tail.iter().all(u8::is_ascii_digit)
            {
                if let Some(code) = code_at(b, (e - tail.len(), e), true, claimed) {
                    take_code(code, claimed, spans);
                }
                break;
            }
        }
        if let Some(&(s2, e2)) = words.get(k + 1) {
            let between = &b[e..s2];
            let joined = between.len() <= 3
                && between
                    .iter()
                    .all(|c| matches!(c, b' ' | b'\t' | b'-' | b'_'));
            let second = &b[s2..e2];
            if joined
                && TWO_WORD_KEYWORDS.iter().any(|(a, z)| {
                    word.eq_ignore_ascii_case(a.as_bytes())
                        && second.eq_ignore_ascii_case(z.as_bytes())
                })
            {
                keyword_end = Some(e2);
            }
        }
        if let Some(end) = keyword_end {
            // The number usually follows the keyword; "1234 (CID)" is the fallback.
            let near = match code_near(b, end, true, claimed) {
                Near::Nothing => code_near(b, s, false, claimed),
                near => near,
            };
            if let Near::Code(code) = near {
                take_code(code, claimed, spans);
            }
        }
    }
}

fn take_code(code: (usize, usize), claimed: &mut [Option<Finding>], spans: &mut Vec<Span>) {
    claimed[code.0..code.1].fill(Some(Finding::SecurityCode));
    spans.push(Span::new(code, Finding::SecurityCode));
}

fn ascii_words(b: &[u8]) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let len = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len > 0 {
            words.push((i, i + len));
        }
        i += len.max(1);
    }
    words
}

/// Letters in any script, for counting the words between a keyword and its code.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || !c.is_ascii()
}

/// What lies next to a keyword.
enum Near {
    Code((usize, usize)),
    /// Its code was masked already, by an earlier keyword or an earlier pass; looking on the other
    /// side would pick up an innocent number ("$1234 cid [code removed]").
    Masked,
    Nothing,
}

/// Walks from a keyword boundary, `forward` or back, over a little filler to the nearest number,
/// and returns it if it is a code. A nearer number of another size ends the search.
fn code_near(b: &[u8], from: usize, forward: bool, claimed: &[Option<Finding>]) -> Near {
    // `q` is a boundary between bytes; the byte being looked at is the one just past it.
    let look = |q: usize| {
        if forward {
            b.get(q).map(|&c| (q, c))
        } else {
            q.checked_sub(1).map(|p| (p, b[p]))
        }
    };
    let step = |q: usize| if forward { q + 1 } else { q - 1 };
    let (mut q, mut words) = (from, 0);
    while let Some((p, c)) = look(q) {
        if let Some(kind) = claimed[p].or_else(|| mask_at(b, p)) {
            return if kind == Finding::SecurityCode {
                Near::Masked
            } else {
                Near::Nothing
            };
        }
        if q.abs_diff(from) > MAX_GAP_BYTES || is_barrier(b, p) {
            return Near::Nothing;
        }
        if c.is_ascii_digit() {
            let run = if forward {
                (p, p + count_digits(b[p..].iter()))
            } else {
                (q - count_digits(b[..q].iter().rev()), q)
            };
            return code_at(b, run, false, claimed).map_or(Near::Nothing, Near::Code);
        }
        if is_word_byte(c) {
            words += 1;
            if words > MAX_GAP_WORDS {
                return Near::Nothing;
            }
            while look(q).is_some_and(|(_, c)| is_word_byte(c)) {
                q = step(q);
            }
        } else {
            q = step(q);
        }
    }
    Near::Nothing
}

/// Accepts the digit run `s..e` as a code: 3 or 4 digits standing on their own, not a piece of an
/// amount ("$1,450", "12.345"), a time, a date ("11/2026") or a phone number ("528-4800").
/// `keyword_glued` is for "cid1234", the one case where letters may touch the digits.
fn code_at(
    b: &[u8],
    (s, e): (usize, usize),
    keyword_glued: bool,
    claimed: &[Option<Finding>],
) -> Option<(usize, usize)> {
    let joiner = |c: u8| matches!(c, b'.' | b',' | b':' | b'-' | b'/');
    // A digit masked in this pass no longer counts as a neighbour, or the next pass would disagree.
    let live_digit = |i: usize| b[i].is_ascii_digit() && claimed[i].is_none();
    let joined_before = s >= 2 && joiner(b[s - 1]) && live_digit(s - 2);
    let joined_after = e + 1 < b.len() && joiner(b[e]) && live_digit(e + 1);
    let ok = CODE_DIGITS.contains(&(e - s))
        && claimed[s].is_none()
        && (keyword_glued || !glued_before(b, s))
        && !glued_after(b, e)
        && !joined_before
        && !joined_after;
    ok.then_some((s, e))
}

/// Where the search for a keyword's code stops: a line or sentence break.
fn is_barrier(b: &[u8], p: usize) -> bool {
    match b[p] {
        b'\n' | b'\r' | b';' | b'|' => true,
        b'.' => b.get(p + 1).is_some_and(u8::is_ascii_whitespace) && !after_abbreviation(b, p),
        b'!' => b.get(p + 1).is_some_and(u8::is_ascii_whitespace),
        _ => false,
    }
}

/// The kind of replacement that starts or ends at `p`, as left by an earlier pass.
fn mask_at(b: &[u8], p: usize) -> Option<Finding> {
    ALL_FINDINGS.into_iter().find(|f| {
        let mask = f.replacement().as_bytes();
        (b[p] == b'[' && b[p..].starts_with(mask)) || (b[p] == b']' && b[..=p].ends_with(mask))
    })
}

/// "cvv no. 123": the dot ends an abbreviation, not a sentence.
fn after_abbreviation(b: &[u8], dot: usize) -> bool {
    let len = b[..dot]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let word = &b[dot - len..dot];
    ["no", "nr", "num"]
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CARD: &str = "[card number removed]";

    /// Input → expected output. Expected outputs are also fed back in to check idempotence.
    const CASES: &[(&str, &str)] = &[
        // Card numbers: the usual layouts.
        (
            "Card 3782 822463 10005 on file",
            "Card [card number removed] on file",
        ),
        ("3782-822463-10005", "[card number removed]"),
        ("378282246310005", "[card number removed]"),
        ("visa 4111 1111 1111 1111.", "visa [card number removed]."),
        ("4111-1111-1111-1111", "[card number removed]"),
        ("(4111111111111111)", "([card number removed])"),
        (
            "mixed 4111 1111-1111 1111 ok",
            "mixed [card number removed] ok",
        ),
        (
            "odd grouping 41 1111 11111 11111",
            "odd grouping [card number removed]",
        ),
        ("13 digits 4222222222222", "13 digits [card number removed]"),
        (
            "pasted 4111\u{a0}1111\u{a0}1111\u{a0}1111",
            "pasted [card number removed]",
        ),
        (
            "typeset 3782\u{2013}822463\u{2013}10005",
            "typeset [card number removed]",
        ),
        (
            "19 digits 4000000000000000006",
            "19 digits [card number removed]",
        ),
        (
            "discover 6011 0009 9013 9424!",
            "discover [card number removed]!",
        ),
        (
            "two: 4111 1111 1111 1111 and 3782 822463 10005",
            "two: [card number removed] and [card number removed]",
        ),
        // Card numbers with other digit groups run into them.
        ("ref 12 3782 822463 10005", "ref 12 [card number removed]"),
        ("4111 1111 1111 1111 2026", "[card number removed] 2026"),
        (
            "on 2026-11-23 4111 1111 1111 1111",
            "on 2026-11-23 [card number removed]",
        ),
        ("ID12 4111 1111 1111 1111", "ID12 [card number removed]"),
        // Non-ASCII neighbours do not hide a card.
        ("💳4111111111111111💳", "💳[card number removed]💳"),
        ("é4111111111111111", "é[card number removed]"),
        ("№ 3782 822463 10005 — ok", "№ [card number removed] — ok"),
        // Not cards.
        ("visa 4111 1111 1111 1112", "visa 4111 1111 1111 1112"),
        ("ref 1234567890123", "ref 1234567890123"),
        ("ref 41111111111111112026", "ref 41111111111111112026"),
        ("X4111111111111111", "X4111111111111111"),
        ("4111111111111111Z", "4111111111111111Z"),
        ("4111  1111  1111  1111", "4111  1111  1111  1111"),
        ("4111.1111.1111.1111", "4111.1111.1111.1111"),
        (
            "４１１１１１１１１１１１１１１１",
            "４１１１１１１１１１１１１１１１",
        ),
        // SSNs.
        ("SSN 123-45-6789 on file", "SSN [SSN removed] on file"),
        ("my ssn is 123 45 6789.", "my ssn is [SSN removed]."),
        ("123-45-6789", "[SSN removed]"),
        ("(123-45 6789)", "([SSN removed])"),
        (
            "ssn: 123-45-6789, card 4111111111111111",
            "ssn: [SSN removed], card [card number removed]",
        ),
        ("SSN123-45-6789", "SSN[SSN removed]"),
        ("A123-45-6789B", "A[SSN removed]B"),
        ("pasted 123\u{a0}45\u{a0}6789", "pasted [SSN removed]"),
        // Not SSNs.
        ("1123-45-6789", "1123-45-6789"),
        ("123-45-67890", "123-45-67890"),
        ("123-45-6789-1", "123-45-6789-1"),
        ("12-123-45-6789", "12-123-45-6789"),
        ("phone 123-456-7890", "phone 123-456-7890"),
        ("123456789", "123456789"),
        ("123--45-6789", "123--45-6789"),
        // Security codes after the keyword.
        ("CID 1234", "CID [code removed]"),
        ("cvv: 123", "cvv: [code removed]"),
        ("security code is 4321", "security code is [code removed]"),
        ("Security  Code: 5555", "Security  Code: [code removed]"),
        ("CSC=0123", "CSC=[code removed]"),
        ("cid#1234", "cid#[code removed]"),
        ("my cid was 1234", "my cid was [code removed]"),
        ("CVV2: 456", "CVV2: [code removed]"),
        ("cvc 789", "cvc [code removed]"),
        ("card id 7890", "card id [code removed]"),
        ("sec-code - 321", "sec-code - [code removed]"),
        ("cid no. 1234", "cid no. [code removed]"),
        (
            "the cid on file is 1234",
            "the cid on file is [code removed]",
        ),
        ("cid 1234 5678", "cid [code removed] 5678"),
        ("exp 11/2026 cvv 123", "exp 11/2026 cvv [code removed]"),
        // Glued to the keyword.
        ("cid1234", "cid[code removed]"),
        ("CVV2123", "CVV2[code removed]"),
        // Security codes before the keyword.
        ("1234 is the cid", "[code removed] is the cid"),
        ("1234 (CID)", "[code removed] (CID)"),
        (
            "gave 4321 as the security code",
            "gave [code removed] as the security code",
        ),
        // Both in one note, and a code beside a card.
        ("amount $1234 cid 567", "amount $1234 cid [code removed]"),
        ("1234 cid cvv", "[code removed] cid cvv"),
        (
            "1234 cid 4111111111111111",
            "[code removed] cid [card number removed]",
        ),
        (
            "cid 1234, cvv 567",
            "cid [code removed], cvv [code removed]",
        ),
        (
            "card 3782 822463 10005 cid 1234",
            "card [card number removed] cid [code removed]",
        ),
        (
            "4111111111111111-123 cid",
            "[card number removed]-[code removed] cid",
        ),
        // Not security codes.
        ("called at 1015", "called at 1015"),
        ("$450 charge", "$450 charge"),
        ("acid 1234", "acid 1234"),
        ("cids 1234", "cids 1234"),
        ("cid 12345", "cid 12345"),
        ("cid 12", "cid 12"),
        ("cid 1234abc", "cid 1234abc"),
        ("cid v1234", "cid v1234"),
        ("cid12345", "cid12345"),
        (
            "CID verified. Called back at 1015",
            "CID verified. Called back at 1015",
        ),
        (
            "cid was checked by the rep at 1015",
            "cid was checked by the rep at 1015",
        ),
        ("cid\n1015 call back", "cid\n1015 call back"),
        ("cid $1,450", "cid $1,450"),
        ("amount 12.345 cid", "amount 12.345 cid"),
        ("1-800-528-4800 (cid)", "1-800-528-4800 (cid)"),
        ("cid 10:15", "cid 10:15"),
        ("security 1234", "security 1234"),
        ("code 1234", "code 1234"),
        // Rule 6: phone numbers, dates and mixed references stay.
        (
            "Called 1-800-528-4800 on 2026-11-23",
            "Called 1-800-528-4800 on 2026-11-23",
        ),
        ("REF AB12-3456-CD", "REF AB12-3456-CD"),
        ("case 1234123456789", "case 1234123456789"),
        ("+1 (800) 528-4800 x 1234", "+1 (800) 528-4800 x 1234"),
        // Odd input.
        ("", ""),
        ("Café ☕ 日本語 ①②③ ٣٤٥", "Café ☕ 日本語 ①②③ ٣٤٥"),
        ("- - 1 - -", "- - 1 - -"),
        // A secret that only shows once another is gone is still caught in one call.
        (
            "ssn 123-45-6789 1234 is my cid",
            "ssn [SSN removed] [code removed] is my cid",
        ),
    ];

    #[test]
    fn cases() {
        for (input, expected) in CASES {
            let (out, _) = mask(input);
            assert_eq!(&out, expected, "case {input:?}");
        }
    }

    #[test]
    fn cases_are_idempotent() {
        for (input, expected) in CASES {
            let (again, findings) = mask(expected);
            assert_eq!(&again, expected, "second pass changed case {input:?}");
            assert!(
                findings.is_empty(),
                "second pass found {findings:?} in case {input:?}"
            );
        }
    }

    #[test]
    fn unchanged_text_has_no_findings() {
        for (input, expected) in CASES.iter().filter(|(i, e)| i == e) {
            assert!(mask(input).1.is_empty(), "case {input:?} -> {expected:?}");
        }
    }

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
        const BAD_COUNT: &str =
            "--card-last5 takes exactly 5 digits (the end of the card number), got";
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
                Err("--card-last5 takes only the last 5 digits, never the whole card number"
                    .to_owned()),
            ),
            ("10 005", Err("--card-last5 takes 5 digits with no spaces or dashes, e.g. 10005".to_owned())),
            ("10-005", Err("--card-last5 takes 5 digits with no spaces or dashes, e.g. 10005".to_owned())),
            (
                "1000a",
                Err("--card-last5 takes only the digits 0-9 (the end of the card number), found 'a'".to_owned()),
            ),
            (
                "１２３４５",
                Err("--card-last5 takes only the digits 0-9 (the end of the card number), found '１'".to_owned()),
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

    /// Appends the Luhn check digit to `body` (digits as numbers 0-9).
    fn luhn_complete(body: &[u8]) -> String {
        let mut digits: String = body.iter().map(|d| char::from(b'0' + d)).collect();
        for check in b'0'..=b'9' {
            let candidate = format!("{digits}{}", char::from(check));
            if luhn_valid(candidate.as_bytes(), &[(0, candidate.len())]) {
                digits = candidate;
                break;
            }
        }
        digits
    }

    /// Splits `digits` into groups of the given sizes, joined by the given separators.
    fn grouped(digits: &str, sizes: &[usize], seps: &[&str]) -> String {
        let mut out = String::new();
        let mut rest = digits;
        let mut k = 0;
        while !rest.is_empty() {
            let take = sizes.get(k).copied().unwrap_or(rest.len()).min(rest.len());
            if k > 0 {
                out.push_str(seps[k % seps.len()]);
            }
            out.push_str(&rest[..take]);
            rest = &rest[take..];
            k += 1;
        }
        out
    }

    /// Independent of the masker: any 13-19 consecutive digits, ignoring single spaces and dashes,
    /// that pass Luhn.
    fn has_luhn_run(text: &str) -> bool {
        text.split(|c: char| !(c.is_ascii_digit() || c == ' ' || c == '-'))
            .map(|piece| {
                piece
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .collect::<Vec<u8>>()
            })
            .any(|digits| {
                (13..=19).any(|len| digits.windows(len).any(|w| luhn_valid(w, &[(0, w.len())])))
            })
    }

    #[test]
    fn property_helpers_work() {
        assert_eq!(
            luhn_complete(&[3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0]),
            "378282246310005"
        );
        assert_eq!(
            grouped("378282246310005", &[4, 6], &[" ", "-"]),
            "3782-822463 10005"
        );
        assert!(has_luhn_run("x 3782 822463 10005 y"));
        assert!(!has_luhn_run("x 3782 822463 10006 y"));
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop_oneof![Just(""), Just(" "), Just("-")]
    }

    proptest! {
        #[test]
        fn embedded_card_is_masked(
            body in prop::collection::vec(0u8..10, 12..=18),
            sizes in prop::collection::vec(1usize..=8, 0..19),
            seps in prop::collection::vec(separator(), 1..19),
            before in "[a-zA-Z .,:;!?()#=éü💳-]{0,20}",
            after in "[a-zA-Z .,:;!?()#=éü💳-]{0,20}",
        ) {
            let card = luhn_complete(&body);
            let text = format!("{before} {} {after}", grouped(&card, &sizes, &seps));
            let (out, findings) = mask(&text);
            prop_assert!(findings.contains(&Finding::CardNumber), "{text:?} -> {out:?}");
            prop_assert!(!has_luhn_run(&out), "{text:?} -> {out:?}");
            prop_assert!(out.contains(CARD));
        }

        #[test]
        fn card_run_into_short_groups_is_masked(
            body in prop::collection::vec(0u8..10, 12..=18),
            layout in prop_oneof![Just(vec![4usize, 6, 5]), Just(vec![4, 4, 4, 4]), Just(vec![19])],
            sep in prop_oneof![Just(" "), Just("-")],
            lead in "[0-9]{1,3}",
            tail in "[0-9]{1,3}",
        ) {
            let card = luhn_complete(&body);
            let text = format!("ref {lead} {} {tail} end", grouped(&card, &layout, &[sep]));
            let (out, _) = mask(&text);
            prop_assert!(!has_luhn_run(&out), "{text:?} -> {out:?}");
            let digits: String = out.chars().filter(char::is_ascii_digit).collect();
            prop_assert!(!digits.contains(&card), "{text:?} -> {out:?}");
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
                "((cid|CVV2|security code|card id|ssn|no\\.|\\[code removed\\]|[0-9]{1,5}|[0-9]{13,19}",
                "|4111 1111 1111 1111|[ -]|\u{a0}|–|[a-z]{1,3}|[.,:/#$()\\n]|é|💳|１) ?){0,30}"
            ),
        ) {
            let (once, first) = mask(&text);
            let (twice, second) = mask(&once);
            prop_assert_eq!(&twice, &once, "input {:?}", text);
            prop_assert!(second.is_empty(), "input {:?}", text);
            // Masks are only ever added, one per finding.
            let marks = ["[card number removed]", "[code removed]", "[SSN removed]"]
                .iter()
                .map(|m| once.matches(m).count() - text.matches(m).count())
                .sum::<usize>();
            prop_assert_eq!(marks, first.len(), "input {:?}", text);
        }

        #[test]
        fn text_without_ascii_digits_is_untouched(text in "[^0-9]{0,80}") {
            prop_assert_eq!(mask(&text), (text.clone(), Vec::new()));
        }
    }
}

/// Property tests written from the documented contract rather than from the scanner: their Luhn
/// check and their idea of a digit run are their own, so a slip in `scan` cannot hide itself.
/// Idempotence and digit-free text are covered by `tests` above.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// What joins two digit groups of one number: a space, a dash, the no-break spaces and the
    /// typographic dashes of pasted text. Written out here, not taken from `SEPARATORS`, so that
    /// dropping one from the scanner fails a test.
    const JOINERS: [&str; 6] = [" ", "-", "\u{a0}", "\u{202f}", "\u{2011}", "\u{2013}"];

    /// Text with no ASCII digit in it: letters in several scripts, punctuation, emoji, line
    /// breaks, every joiner, and the keywords of security codes.
    const PROSE: &str = "([a-zA-Z .,:;!?()#=/$\\n\\t\u{a0}\u{202f}\u{2011}\u{2013}éü日💳-]|cid |CVV |security code ){0,12}";

    /// One character that may sit against a card without hiding it: anything but an ASCII letter
    /// or digit (a letter glues the digits into a code such as `X4111...`, which is left alone).
    const EDGE: &str = "[ .,:;!?()#=/$\\n\\t\u{a0}\u{2013}éü日💳-]";

    fn luhn_ok(digits: &[u8]) -> bool {
        let mut sum = 0;
        for (k, d) in digits.iter().rev().map(|c| u32::from(c - b'0')).enumerate() {
            sum += if k % 2 == 0 {
                d
            } else if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            };
        }
        sum % 10 == 0
    }

    /// `body` (12 to 18 digits) with the one check digit that makes it pass Luhn.
    fn card_from(body: &[u8]) -> String {
        let body: String = body.iter().map(|d| char::from(b'0' + d)).collect();
        (b'0'..=b'9')
            .map(|check| format!("{body}{}", char::from(check)))
            .find(|card| luhn_ok(card.as_bytes()))
            .expect("one check digit in ten passes")
    }

    fn joiner() -> impl Strategy<Value = &'static str> {
        prop::sample::select(JOINERS.to_vec())
    }

    /// A card cut into groups of 1 to 8 digits (or left whole), joined by any mix of joiners.
    fn written_card() -> impl Strategy<Value = (String, String)> {
        (
            prop::collection::vec(0u8..10, 12..=18),
            prop::collection::vec(1usize..=8, 0..19),
            prop::collection::vec(joiner(), 19),
        )
            .prop_map(|(body, sizes, joins)| {
                let card = card_from(&body);
                let mut written = String::new();
                let mut rest = card.as_str();
                for (k, size) in sizes.iter().chain(std::iter::repeat(&19)).enumerate() {
                    let (group, tail) = rest.split_at((*size).min(rest.len()));
                    if k > 0 {
                        written.push_str(joins[k]);
                    }
                    written.push_str(group);
                    rest = tail;
                    if rest.is_empty() {
                        break;
                    }
                }
                (card, written)
            })
    }

    /// The digit groups of `text` that the contract says could be a card: maximal runs of ASCII
    /// digit groups joined by exactly one joiner, less a group glued to an ASCII letter at either
    /// end of its run. Returns every stretch of whole groups of 13 to 19 digits that passes Luhn.
    fn surviving_cards(text: &str) -> Vec<String> {
        let b = text.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !b[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let mut groups: Vec<&str> = Vec::new();
            let run_start = i;
            loop {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                groups.push(&text[start..i]);
                let next = JOINERS
                    .iter()
                    .find(|j| text[i..].starts_with(**j))
                    .map(|j| i + j.len());
                match next {
                    Some(n) if b.get(n).is_some_and(u8::is_ascii_digit) => i = n,
                    _ => break,
                }
            }
            if run_start > 0 && b[run_start - 1].is_ascii_alphabetic() {
                groups.remove(0);
            }
            if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
                groups.pop();
            }
            for from in 0..groups.len() {
                let mut digits = String::new();
                for group in &groups[from..] {
                    digits.push_str(group);
                    if digits.len() > 19 {
                        break;
                    }
                    if digits.len() >= 13 && luhn_ok(digits.as_bytes()) {
                        found.push(digits.clone());
                    }
                }
            }
        }
        found
    }

    fn has_ascii_digit(text: &str) -> bool {
        text.bytes().any(|c| c.is_ascii_digit())
    }

    #[test]
    fn oracle_sees_what_the_contract_describes() {
        assert_eq!(
            surviving_cards("a 3782\u{a0}822463\u{2013}10005."),
            ["378282246310005"]
        );
        assert_eq!(
            surviving_cards("ref 12 4111-1111-1111-1111"),
            ["4111111111111111"]
        );
        assert!(surviving_cards("X4111111111111111").is_empty());
        assert!(surviving_cards("4111.1111.1111.1111").is_empty());
        assert!(surviving_cards("4111  1111  1111  1111").is_empty());
        assert!(surviving_cards("3782 822463 10006").is_empty());
        assert_eq!(
            card_from(&[3, 7, 8, 2, 8, 2, 2, 4, 6, 3, 1, 0, 0, 0]),
            "378282246310005"
        );
    }

    proptest! {
        /// One card, however it is grouped and joined and whatever is around it, comes out as
        /// exactly one mask with everything else untouched.
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

        /// Several cards in one text, back to back (one joiner between them, so one digit run) or
        /// apart: no digit of any of them survives, and every finding is a card.
        #[test]
        fn several_cards_leave_no_digit_behind(
            cards in prop::collection::vec(written_card(), 1..=4),
            glues in prop::collection::vec(
                prop_oneof![
                    joiner().prop_map(str::to_owned),
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
            let (out, findings) = mask(&text);
            prop_assert!(!has_ascii_digit(&out), "{:?} -> {:?}", text, out);
            prop_assert!(findings.iter().all(|f| *f == Finding::CardNumber), "{:?}", findings);
            prop_assert!((1..=cards.len()).contains(&findings.len()), "{:?}", findings);
            let apart = glues[1..cards.len()].iter().all(|g| !JOINERS.contains(&g.as_str()));
            if apart {
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
                    2 => written_card().prop_map(|(_, written)| written),
                    4 => joiner().prop_map(str::to_owned),
                    1 => "(  |\\.|/|,|[a-zA-Z]{1,3}|é|💳|\\n|cid |ssn )",
                ],
                0..40,
            ),
        ) {
            let text = pieces.concat();
            let (out, _) = mask(&text);
            let left = surviving_cards(&out);
            prop_assert!(left.is_empty(), "{:?} -> {:?} keeps {:?}", text, out, left);
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
        /// between any two digit groups, are never masked. The letters leave out `c`, which every
        /// security-code keyword (cid, cvv, csc, cvc, card id, security code) has.
        #[test]
        fn references_of_letters_and_short_digit_groups_are_kept(
            first_is_letters in any::<bool>(),
            segments in prop::collection::vec(
                ("[a-bd-zA-BD-Z]{1,4}", "[0-9]{1,12}", "(|-| |/|\\.|\u{2013}|_)", "(|-| |/|\\.|\u{2013}|_)"),
                1..5,
            ),
            before in "[a-bd-zA-BD-Z :#]{0,10}",
            after in "[a-bd-zA-BD-Z .,;]{0,10}",
        ) {
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
    }
}
