//! The contract's own reading of text, for the property tests beside it: digit runs, joiners,
//! dates, phone numbers and Luhn, written from the documented contract and not from the scanner,
//! and the strategies that write cards the way people do.

use proptest::prelude::*;

/// Blanks that may sit in a joiner, any number of them: spaces, tabs, line breaks, the no-break
/// and full-width spaces of pasted text, the typographic spaces (thin, hair, em, medium
/// mathematical), the line separator and a vertical tab. Written out here, not taken from the
/// scanner.
const BLANKS: [&str; 15] = [
    " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{202f}", "\u{2007}", "\u{3000}", "\u{2009}",
    "\u{200a}", "\u{2003}", "\u{205f}", "\u{2028}", "\u{b}",
];

/// The one mark a joiner may hold: dashes (typographic, em, minus and full-width too), dots
/// (middle dot and bullet too), slashes (fraction slash too), underscores.
const MARKS: [&str; 16] = [
    "-", ".", "/", "_", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{ff0d}", "\u{ff0e}",
    "\u{ff0f}", "\u{2014}", "\u{2212}", "\u{b7}", "\u{2022}", "\u{2044}",
];

/// Characters that print as nothing and so may sit anywhere in a number: zero-width space,
/// non-joiner and joiner, word joiner, byte order mark, soft hyphen.
const INVISIBLE: [char; 6] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
];

/// The zero of some runs of ten digits in other scripts: full-width, Arabic-Indic, Persian,
/// Devanagari, Bengali, Thai, Myanmar, mathematical bold and monospace, segmented.
const SCRIPT_ZEROS: [u32; 10] = [
    0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1040, 0x1d7ce, 0x1d7f6, 0x1fbf0,
];

/// Text with no digit in it: letters in several scripts, punctuation, emoji, line breaks, every
/// joiner character, and the keywords of security codes.
pub(super) const PROSE: &str = "([a-zA-Z .,:;!?()#=/_$\\n\\t\u{a0}\u{202f}\u{2011}\u{2013}\u{3000}éü日💳-]|cid |CVV |security code |PIN ){0,12}";

/// One character that may sit against a card without hiding it: anything but a digit, letters
/// included (`card378282246310005x` is a card).
pub(super) const EDGE: &str = "[a-zA-Z .,:;!?()#=/_$\\n\\t\u{a0}\u{2013}éü日💳-]";

fn digit_value(c: char) -> Option<u8> {
    [0x30].iter().chain(&SCRIPT_ZEROS).find_map(|&zero| {
        let d = u32::from(c).checked_sub(zero).filter(|d| *d < 10)?;
        u8::try_from(d).ok()
    })
}

fn is_blank(c: char) -> bool {
    let mut buf = [0; 4];
    BLANKS.contains(&&*c.encode_utf8(&mut buf)) || c == '\r'
}

/// The mark as the contract reads it: every dash is `-`.
fn mark_of(c: char) -> Option<char> {
    let mut buf = [0; 4];
    if !MARKS.contains(&&*c.encode_utf8(&mut buf)) {
        return None;
    }
    Some(match c {
        '.' | '\u{ff0e}' | '\u{b7}' | '\u{2022}' => '.',
        '/' | '\u{ff0f}' | '\u{2044}' => '/',
        '_' => '_',
        _ => '-',
    })
}

/// Whether `s` as a whole joins two digit groups: blanks and at most one mark, not empty.
pub(super) fn is_joiner(s: &str) -> bool {
    let marks = s.chars().filter(|&c| mark_of(c).is_some()).count();
    !s.is_empty() && marks <= 1 && s.chars().all(|c| is_blank(c) || mark_of(c).is_some())
}

fn luhn_ok(digits: &[u8]) -> bool {
    let mut sum = 0;
    for (k, d) in digits.iter().map(|&d| u32::from(d)).rev().enumerate() {
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
pub(super) fn card_from(body: &[u8]) -> Vec<u8> {
    (0..10)
        .map(|check| [body, &[check]].concat())
        .find(|card| luhn_ok(card))
        .expect("one check digit in ten passes")
}

/// `digits` in the script whose zero is `zero` (`0x30` for ASCII).
pub(super) fn to_text(digits: &[u8], zero: u32) -> String {
    digits
        .iter()
        .map(|&d| char::from_u32(zero + u32::from(d)).expect("a digit"))
        .collect()
}

pub(super) fn joiner() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(BLANKS.to_vec())),
        prop::option::of(prop::sample::select(MARKS.to_vec())),
        prop::option::of(prop::sample::select(BLANKS.to_vec())),
    )
        .prop_filter_map("a joiner is not empty", |(a, m, z)| {
            let s = [a, m, z].into_iter().flatten().collect::<String>();
            (!s.is_empty()).then_some(s)
        })
}

/// One digit run as the contract reads it: its groups (digit values) and the mark and blankness
/// of each gap.
struct Run {
    groups: Vec<Vec<u8>>,
    gaps: Vec<(Option<char>, bool)>,
}

/// The runs of `text`: digit groups joined by a joiner, letters or anything else ending them.
fn runs(text: &str) -> Vec<Run> {
    let chars: Vec<char> = text.chars().filter(|c| !INVISIBLE.contains(c)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let mut run = Run {
            groups: Vec::new(),
            gaps: Vec::new(),
        };
        loop {
            let mut group = Vec::new();
            while let Some(d) = chars.get(i).copied().and_then(digit_value) {
                group.push(d);
                i += 1;
            }
            run.groups.push(group);
            let mut j = i;
            while chars
                .get(j)
                .is_some_and(|&c| is_blank(c) || mark_of(c).is_some())
            {
                j += 1;
            }
            let between: String = chars[i..j].iter().collect();
            let next_is_digit = chars.get(j).copied().and_then(digit_value).is_some();
            if j > i && next_is_digit && is_joiner(&between) {
                let mark = between.chars().find_map(mark_of);
                run.gaps.push((mark, between.chars().any(is_blank)));
                i = j;
            } else {
                break;
            }
        }
        out.push(run);
    }
    out
}

fn number(group: &[u8]) -> u32 {
    group.iter().fold(0, |n, &d| n * 10 + u32::from(d))
}

/// Three groups that read as a date: one dash, slash or dot between each, no blanks, and
/// year-month-day or month/day/year (day/month/year too).
fn is_date(groups: &[Vec<u8>], gaps: &[(Option<char>, bool)]) -> bool {
    let plain = gaps[0] == gaps[1] && !gaps[0].1 && matches!(gaps[0].0, Some('-' | '/' | '.'));
    let year = |g: &Vec<u8>| g.len() == 4 && (1900..=2099).contains(&number(g));
    let small = |g: &Vec<u8>| (1..=2).contains(&g.len());
    let (a, b, c) = (&groups[0], &groups[1], &groups[2]);
    let ymd = year(a)
        && small(b)
        && small(c)
        && (1..=12).contains(&number(b))
        && (1..=31).contains(&number(c));
    let mdy = small(a)
        && small(b)
        && year(c)
        && (1..=31).contains(&number(a))
        && (1..=31).contains(&number(b))
        && (number(a) <= 12 || number(b) <= 12);
    plain && (ymd || mdy)
}

/// `NXX NXX XXXX` with the same joiner twice: a North American phone number.
fn is_phone(groups: &[Vec<u8>], gaps: &[(Option<char>, bool)]) -> bool {
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    sizes == [3, 3, 4] && gaps[0] == gaps[1] && groups[0][0] >= 2 && groups[1][0] >= 2
}

/// How many groups from the first make a date or a phone number (`1` before it included, and
/// the joiners on either side of it unlike its own); 0 if they do not. `before` is the gap in
/// front of the first group.
fn date_or_phone_at(
    groups: &[Vec<u8>],
    gaps: &[(Option<char>, bool)],
    before: Option<(Option<char>, bool)>,
) -> usize {
    let apart = |first: usize, len: usize| {
        let own = gaps[first + 1];
        before != Some(own) && gaps.get(first + len - 1) != Some(&own)
    };
    if groups.len() >= 3 && is_date(&groups[..3], &gaps[..2]) {
        3
    } else if groups.len() >= 4 && groups[0] == [1] && is_phone(&groups[1..4], &gaps[1..3]) {
        if apart(0, 4) {
            4
        } else {
            0
        }
    } else if groups.len() >= 3 && is_phone(&groups[..3], &gaps[..2]) && {
        let own = gaps[0];
        before != Some(own) && gaps.get(2) != Some(&own)
    } {
        3
    } else {
        0
    }
}

pub(super) fn has_date_or_phone(text: &str) -> bool {
    runs(text).iter().any(|run| {
        (0..run.groups.len()).any(|k| {
            let before = k.checked_sub(1).map(|g| run.gaps[g]);
            date_or_phone_at(&run.groups[k..], &run.gaps[k..], before) > 0
        })
    })
}

/// Every stretch of whole groups, between dates and phone numbers (read left to right), of 13
/// to 19 digits that passes Luhn: what the contract says must never survive masking.
pub(super) fn surviving_cards(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for run in runs(text) {
        let mut pieces: Vec<&[Vec<u8>]> = Vec::new();
        let (mut from, mut k) = (0, 0);
        while k < run.groups.len() {
            let (groups, gaps) = (&run.groups[k..], &run.gaps[k..]);
            let before = k.checked_sub(1).map(|g| run.gaps[g]);
            let skip = date_or_phone_at(groups, gaps, before);
            if skip > 0 {
                pieces.push(&run.groups[from..k]);
                k += skip;
                from = k;
            } else {
                k += 1;
            }
        }
        pieces.push(&run.groups[from..]);
        for groups in pieces {
            for start in 0..groups.len() {
                let mut digits = Vec::new();
                for group in &groups[start..] {
                    digits.extend_from_slice(group);
                    if digits.len() > 19 {
                        break;
                    }
                    if digits.len() >= 13 && luhn_ok(&digits) {
                        found.push(to_text(&digits, 0x30));
                    }
                }
            }
        }
    }
    found
}

/// A card cut into groups of 1 to 8 digits (or left whole), joined by any mix of joiners, in
/// ASCII or the digits of another script, sometimes with invisible characters anywhere inside
/// it; never with a date or a phone number inside it.
pub(super) fn written_card() -> impl Strategy<Value = (String, String)> {
    (
        prop::collection::vec(0u8..10, 12..=18),
        prop::collection::vec(1usize..=8, 0..19),
        prop::collection::vec(joiner(), 19),
        prop_oneof![4 => Just(0x30), 1 => prop::sample::select(SCRIPT_ZEROS.to_vec())],
        prop::collection::vec(
            (prop::sample::select(INVISIBLE.to_vec()), any::<usize>()),
            0..3,
        ),
    )
        .prop_map(|(body, sizes, joins, zero, invisible)| {
            let card = card_from(&body);
            let mut written = String::new();
            let mut rest = card.as_slice();
            for (k, size) in sizes.iter().chain(std::iter::repeat(&19)).enumerate() {
                let (group, tail) = rest.split_at((*size).min(rest.len()));
                if k > 0 {
                    written.push_str(&joins[k]);
                }
                written.push_str(&to_text(group, zero));
                rest = tail;
                if rest.is_empty() {
                    break;
                }
            }
            // Strictly inside, so the mask still starts and ends where the card does.
            let mut chars: Vec<char> = written.chars().collect();
            for (c, at) in invisible {
                chars.insert(1 + at % (chars.len() - 1), c);
            }
            (to_text(&card, 0x30), chars.into_iter().collect::<String>())
        })
        .prop_filter(
            "a date inside is not read as part of the card",
            |(card, written)| surviving_cards(written).contains(card),
        )
}

pub(super) fn has_digit(text: &str) -> bool {
    text.chars().any(|c| digit_value(c).is_some())
}
