//! Numbers that are secret only because of the word beside them: card security codes ("CID 1234",
//! "the 3 digit code on the back is 852"), PINs ("my PIN is 2580") and SSNs written as 9 bare
//! digits ("SSN 078051120"). Runs after `cards`, on the same folded bytes, and never takes
//! digits that a card or a shaped SSN already claimed.

use std::ops::RangeInclusive;

use super::{Finding, Rule, Span, ALL_FINDINGS};

/// A word or phrase that makes a nearby number secret, and what that number looks like.
struct Keyword {
    /// Matched whole and case-blind, word by word; words may be joined by a space, tab, `-`, `_`
    /// or `.` ("sec. code"). A word written with a trailing `#` must have one right after it.
    words: &'static [&'static str],
    digits: RangeInclusive<usize>,
    rule: Rule,
    /// Whether the digits may be glued to the keyword: "cvv123", "pin2580", "ssn078051120".
    glued: bool,
}

const fn key(
    words: &'static [&'static str],
    digits: RangeInclusive<usize>,
    rule: Rule,
    glued: bool,
) -> Keyword {
    Keyword {
        words,
        digits,
        rule,
        glued,
    }
}

const CODE: RangeInclusive<usize> = 3..=4;

/// Longer keys first where one starts another ("cvv2" before "cvv"), so a glued code is cut right.
const KEYWORDS: [Keyword; 36] = [
    key(&["cvv2"], CODE, Rule::SecurityCode, true),
    key(&["cvc2"], CODE, Rule::SecurityCode, true),
    key(&["cid"], CODE, Rule::SecurityCode, true),
    key(&["csc"], CODE, Rule::SecurityCode, true),
    key(&["cvv"], CODE, Rule::SecurityCode, true),
    key(&["cvc"], CODE, Rule::SecurityCode, true),
    key(&["security", "code"], CODE, Rule::SecurityCode, false),
    key(&["sec", "code"], CODE, Rule::SecurityCode, false),
    key(&["card", "id"], CODE, Rule::SecurityCode, false),
    key(
        &["code", "on", "the", "back"],
        CODE,
        Rule::SecurityCode,
        false,
    ),
    key(&["code", "on", "back"], CODE, Rule::SecurityCode, false),
    // The CID of an American Express card is printed on the front.
    key(
        &["code", "on", "the", "front"],
        CODE,
        Rule::SecurityCode,
        false,
    ),
    key(&["code", "on", "front"], CODE, Rule::SecurityCode, false),
    key(&["back", "code"], CODE, Rule::SecurityCode, false),
    key(&["front", "code"], CODE, Rule::SecurityCode, false),
    key(&["digit", "code"], CODE, Rule::SecurityCode, false),
    key(&["card", "verification"], CODE, Rule::SecurityCode, false),
    key(&["verification", "code"], CODE, Rule::SecurityCode, false),
    // Misspelt and other names of the same code, and the letters spelt out ("C V V", "c-i-d").
    key(&["ccv"], CODE, Rule::SecurityCode, true),
    key(&["cvn"], CODE, Rule::SecurityCode, true),
    key(&["cv2"], CODE, Rule::SecurityCode, true),
    key(
        &["digits", "on", "the", "back"],
        CODE,
        Rule::SecurityCode,
        false,
    ),
    key(&["digits", "on", "back"], CODE, Rule::SecurityCode, false),
    key(&["c", "v", "v"], CODE, Rule::SecurityCode, false),
    key(&["c", "v", "c"], CODE, Rule::SecurityCode, false),
    key(&["c", "i", "d"], CODE, Rule::SecurityCode, false),
    key(&["pin"], 4..=6, Rule::Pin, true),
    key(&["p", "i", "n"], 4..=6, Rule::Pin, false),
    key(&["ssn"], 9..=9, Rule::SsnKeyword, true),
    key(&["s", "s", "n"], 9..=9, Rule::SsnKeyword, false),
    key(&["ss", "number"], 9..=9, Rule::SsnKeyword, false),
    // "SS# 078051120". Not a bare "ss", which starts references such as "SS-123456789".
    key(&["ss#"], 9..=9, Rule::SsnKeyword, false),
    // Before "social", so that the number may sit on the next line after the whole phrase.
    key(
        &["social", "security", "number"],
        9..=9,
        Rule::SsnKeyword,
        false,
    ),
    key(&["social", "security"], 9..=9, Rule::SsnKeyword, false),
    key(&["social"], 9..=9, Rule::SsnKeyword, false),
    key(&["soc", "sec"], 9..=9, Rule::SsnKeyword, false),
];

/// How far a number may sit from its keyword: "the cid on file is 1234" still counts, a number in
/// the next clause does not.
const MAX_GAP_WORDS: usize = 3;

/// Words that do not count towards [`MAX_GAP_WORDS`]: "the code on the back of the card is 852"
/// and "the pin for the card is 2580" say no more than "code on the back is 852". Only articles,
/// "of" and "card": verbs and other prepositions still count, so "PIN was changed on the card at
/// 1015" keeps its time.
const FILLER: [&str; 5] = ["the", "a", "an", "of", "card"];
const MAX_GAP_BYTES: usize = 40;

fn count_digits<'a>(bytes: impl Iterator<Item = &'a u8>) -> usize {
    bytes.take_while(|c| c.is_ascii_digit()).count()
}

fn glued_before(b: &[u8], pos: usize) -> bool {
    pos > 0 && b[pos - 1].is_ascii_alphabetic()
}

fn glued_after(b: &[u8], end: usize) -> bool {
    b.get(end).is_some_and(u8::is_ascii_alphabetic)
}

/// Where `keyword` matches starting at word `k`: the end of its last word.
fn keyword_end(b: &[u8], words: &[(usize, usize)], k: usize, keyword: &Keyword) -> Option<usize> {
    let mut end = None;
    for (n, want) in keyword.words.iter().enumerate() {
        let &(s, e) = words.get(k + n)?;
        if n > 0 {
            let between = &b[end?..s];
            let joined = between.len() <= 3
                && between
                    .iter()
                    .all(|c| matches!(c, b' ' | b'\t' | b'-' | b'_' | b'.'));
            if !joined {
                return None;
            }
        }
        // A trailing `#` must follow the word itself: "SS#".
        let (want, mark) = want.strip_suffix('#').map_or((*want, false), |w| (w, true));
        if !word_is(&b[s..e], want) || (mark && b.get(e) != Some(&b'#')) {
            return None;
        }
        end = Some(e + usize::from(mark));
    }
    end
}

/// Whether `word` is `want` (lower case), case-blind; an acronym's dots do not count, so
/// "S.S.N." is "ssn".
fn word_is(word: &[u8], want: &str) -> bool {
    word.iter()
        .filter(|&&c| c != b'.')
        .map(u8::to_ascii_lowercase)
        .eq(want.bytes())
}

/// The digits glued onto a one-word keyword that allows it: "cid1234".
fn glued_digits(b: &[u8], (s, e): (usize, usize), keyword: &Keyword) -> Option<(usize, usize)> {
    let [only] = keyword.words else {
        return None;
    };
    let word = &b[s..e];
    let (head, tail) = word.split_at(only.len().min(word.len()));
    (keyword.glued
        && head.eq_ignore_ascii_case(only.as_bytes())
        && keyword.digits.contains(&tail.len())
        && tail.iter().all(u8::is_ascii_digit))
    .then_some((e - tail.len(), e))
}

pub(super) fn keyword_numbers(b: &[u8], claimed: &mut [Option<Finding>], spans: &mut Vec<Span>) {
    let words = ascii_words(b);
    for (k, &(s, e)) in words.iter().enumerate() {
        for keyword in &KEYWORDS {
            if let Some(digits) = glued_digits(b, (s, e), keyword) {
                if let Some(found) = number_at(b, digits, true, claimed, keyword) {
                    take(found, keyword.rule, claimed, spans);
                }
                break;
            }
            let Some(end) = keyword_end(b, &words, k, keyword) else {
                continue;
            };
            // The number usually follows the keyword; "1234 (CID)" is the fallback.
            let near = match number_near(b, end, true, claimed, keyword) {
                Near::Nothing => number_near(b, s, false, claimed, keyword),
                near => near,
            };
            if let Near::Number(found) = near {
                take(found, keyword.rule, claimed, spans);
            }
            break;
        }
    }
}

fn take(at: (usize, usize), rule: Rule, claimed: &mut [Option<Finding>], spans: &mut Vec<Span>) {
    claimed[at.0..at.1].fill(Some(rule.pattern().kind));
    spans.push(Span::new(at, rule));
}

/// Runs of ASCII letters and digits; an acronym written with dots ("S.S.N.", "c.v.v") is one
/// word, its last dot included.
fn ascii_words(b: &[u8]) -> Vec<(usize, usize)> {
    let letter = |at: usize| b.get(at).is_some_and(u8::is_ascii_alphabetic);
    let alnum = |at: usize| b.get(at).is_some_and(u8::is_ascii_alphanumeric);
    let mut words = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let mut len = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 1 && letter(i) {
            let mut end = i + 1;
            while b.get(end) == Some(&b'.') && letter(end + 1) && !alnum(end + 2) {
                end += 2;
            }
            if end > i + 1 {
                len = end - i + usize::from(b.get(end) == Some(&b'.'));
            }
        }
        if len > 0 {
            words.push((i, i + len));
        }
        i += len.max(1);
    }
    words
}

/// Letters in any script, for counting the words between a keyword and its number.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphabetic() || !c.is_ascii()
}

/// What lies next to a keyword.
enum Near {
    Number((usize, usize)),
    /// Its number was masked already, by an earlier keyword or an earlier pass; looking on the
    /// other side would pick up an innocent number ("$1234 cid [code removed]").
    Masked,
    Nothing,
}

/// Walks from a keyword boundary, `forward` or back, over a little filler to the nearest number,
/// and returns it if it has the keyword's shape. A nearer number of another size ends the search.
fn number_near(
    b: &[u8],
    from: usize,
    forward: bool,
    claimed: &[Option<Finding>],
    keyword: &Keyword,
) -> Near {
    // `q` is a boundary between bytes; the byte being looked at is the one just past it.
    let look = |q: usize| {
        if forward {
            b.get(q).map(|&c| (q, c))
        } else {
            q.checked_sub(1).map(|p| (p, b[p]))
        }
    };
    let step = |q: usize| if forward { q + 1 } else { q - 1 };
    let (mut q, mut words, mut next_line) = (from, 0, false);
    while let Some((p, c)) = look(q) {
        if let Some(kind) = claimed[p].or_else(|| mask_at(b, p)) {
            return if kind == keyword.rule.pattern().kind {
                Near::Masked
            } else {
                Near::Nothing
            };
        }
        // "CVV:" at the end of a line, its number alone on the next: a form, not two clauses.
        let line_break = matches!(c, b'\n' | b'\r');
        if forward && line_break && words == 0 {
            next_line = true;
        } else if q.abs_diff(from) > MAX_GAP_BYTES || is_barrier(b, p) {
            return Near::Nothing;
        }
        if c.is_ascii_digit() {
            let run = if forward {
                (p, p + count_digits(b[p..].iter()))
            } else {
                (q - count_digits(b[..q].iter().rev()), q)
            };
            // "PIN reset, ref 4821", "Rep ID 4412, CVV verified": a number with its own label
            // is what the label says. Not the keyword's own words ("card id 1234").
            if let Some(label) = label_before(b, run.0) {
                if !forward || label >= from {
                    return Near::Nothing;
                }
            }
            let found = grouped_number(b, run, claimed, keyword)
                .or_else(|| number_at(b, run, false, claimed, keyword))
                .filter(|&(_, e)| !next_line || rest_of_line_is_blank(b, e));
            return found.map_or(Near::Nothing, Near::Number);
        }
        if is_word_byte(c) {
            let start = q;
            while look(q).is_some_and(|(_, c)| is_word_byte(c)) {
                q = step(q);
            }
            let word = &b[start.min(q)..start.max(q)];
            if !FILLER
                .iter()
                .any(|f| word.eq_ignore_ascii_case(f.as_bytes()))
            {
                words += 1;
                if words > MAX_GAP_WORDS {
                    return Near::Nothing;
                }
            }
        } else {
            q = step(q);
        }
    }
    Near::Nothing
}

/// The number around the digit run `run` when it is read out in groups, each joined to the next
/// by one space ("ssn 078 051 120", "CVV 8 5 2"): all of its groups together, if they are the
/// keyword's size and stand on their own. A first group of the right size alone is left to
/// [`number_at`], so "cid 1234 5678" still takes only the 1234.
///
/// Beside an SSN keyword, groups joined by dashes, dots or commas alone count too ("ssn
/// 078-051120", "ssn 078-05-11-20", "ssn 078.051.120", "ssn 078,05,1120"; `ddd-dd-dddd` is
/// caught by its shape anywhere): nine digits there are most likely the number mistyped, but for
/// a ZIP+4 code (`10001-1234`), which keeps its shape. Spaces
/// and dashes are never mixed, so a date or phone number beside another number ("2024-03-15 2",
/// "555-1234 24") is not taken for one; a nine-digit phone number written with dashes beside "ssn"
/// is masked, a cost we take over letting an SSN through. Other keywords' groups take no dashes:
/// there they join the parts of dates and phone numbers.
fn grouped_number(
    b: &[u8],
    run: (usize, usize),
    claimed: &[Option<Finding>],
    keyword: &Keyword,
) -> Option<(usize, usize)> {
    let take = |span: Option<(usize, usize)>| {
        span.and_then(|span| number_at(b, span, false, claimed, keyword))
    };
    let spaced = take(joined_groups(b, run, claimed, b' '));
    if spaced.is_some() {
        return spaced;
    }
    if keyword.rule != Rule::SsnKeyword {
        // A code or PIN read out a digit or two at a time with dashes or dots ("cvv 1-2-3",
        // "pin 12.34"): no date or phone number is made of such small groups alone.
        let small_groups =
            |&(s, e): &(usize, usize)| b[s..e].split(|c| !c.is_ascii_digit()).all(|g| g.len() <= 2);
        return [b'-', b'.']
            .into_iter()
            .find_map(|joiner| take(joined_groups(b, run, claimed, joiner).filter(small_groups)));
    }
    let zip_plus_four = |&(s, e): &(usize, usize)| e - s == 10 && b[s + 5] == b'-';
    [b'-', b'.', b','].into_iter().find_map(|joiner| {
        take(joined_groups(b, run, claimed, joiner).filter(|span| !zip_plus_four(span)))
    })
}

/// The digit run `run` widened over neighbouring runs each joined to the next by one `joiner`,
/// if there is any.
fn joined_groups(
    b: &[u8],
    (mut s, mut e): (usize, usize),
    claimed: &[Option<Finding>],
    joiner: u8,
) -> Option<(usize, usize)> {
    let live = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit) && claimed[i].is_none();
    let start = (s, e);
    while s >= 2 && b[s - 1] == joiner && live(s - 2) {
        s -= 1;
        while s > 0 && live(s - 1) {
            s -= 1;
        }
    }
    while e < b.len() && b[e] == joiner && live(e + 1) {
        e += 1;
        while live(e) {
            e += 1;
        }
    }
    ((s, e) != start).then_some((s, e))
}

/// Words that name a number as something other than a secret: a reference, a case, an order, a
/// representative's ID, a time or a flight.
const LABELS: [&str; 22] = [
    "ref",
    "reference",
    "case",
    "order",
    "ticket",
    "txn",
    "transaction",
    "confirmation",
    "conf",
    "rep",
    "agent",
    "id",
    "claim",
    "tracking",
    "invoice",
    "ext",
    "extension",
    "flight",
    "room",
    "at",
    "employee",
    "badge",
];

/// Where the label word right before `start` begins, if there is one: a word of [`LABELS`]
/// followed by at most three blanks, `:`, `#` or `.` ("ref 4821", "case#4471", "Rep ID: 4412").
fn label_before(b: &[u8], start: usize) -> Option<usize> {
    let gap = b[..start]
        .iter()
        .rev()
        .take_while(|&&c| matches!(c, b' ' | b'\t' | b':' | b'#' | b'.'))
        .count();
    if gap > 3 {
        return None;
    }
    let end = start - gap;
    let len = b[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let word = &b[end - len..end];
    (len > 0
        && !(end > len && b[end - len - 1].is_ascii_alphanumeric())
        && LABELS
            .iter()
            .any(|l| word.eq_ignore_ascii_case(l.as_bytes())))
    .then_some(end - len)
}

/// Whether only blanks and closing punctuation follow `end` on its line.
fn rest_of_line_is_blank(b: &[u8], end: usize) -> bool {
    b[end..]
        .iter()
        .take_while(|&&c| c != b'\n' && c != b'\r')
        .all(|&c| matches!(c, b' ' | b'\t' | b'.' | b',' | b')'))
}

/// Accepts the digit run `s..e` as the keyword's number: the right size and standing on its own,
/// not a piece of an amount ("$1,450", "12.345"), a time, a date ("11/2026") or a phone number
/// ("528-4800"). `keyword_glued` is for "cid1234", the one case where letters may touch the digits.
fn number_at(
    b: &[u8],
    (s, e): (usize, usize),
    keyword_glued: bool,
    claimed: &[Option<Finding>],
    keyword: &Keyword,
) -> Option<(usize, usize)> {
    let joiner = |c: u8| matches!(c, b'.' | b',' | b':' | b'-' | b'/');
    // A digit masked in this pass no longer counts as a neighbour, or the next pass would disagree.
    let live_digit = |i: usize| b[i].is_ascii_digit() && claimed[i].is_none();
    let joined_before = s >= 2 && joiner(b[s - 1]) && live_digit(s - 2);
    let joined_after = e + 1 < b.len() && joiner(b[e]) && live_digit(e + 1);
    let digits = b[s..e].iter().filter(|c| c.is_ascii_digit()).count();
    let ok = keyword.digits.contains(&digits)
        && claimed[s..e].iter().all(Option::is_none)
        && (keyword_glued || !glued_before(b, s))
        && !glued_after(b, e)
        && !joined_before
        && !joined_after;
    ok.then_some((s, e))
}

/// Where the search for a keyword's number stops: a line or sentence break.
fn is_barrier(b: &[u8], p: usize) -> bool {
    match b[p] {
        b'\n' | b'\r' | b';' | b'|' => true,
        // "CVV... 852" trails off; it does not end a sentence.
        b'.' => {
            b.get(p + 1).is_some_and(u8::is_ascii_whitespace)
                && !after_abbreviation(b, p)
                && !(p > 0 && b[p - 1] == b'.')
        }
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
