//! Numbers that give themselves away by their shape: card numbers (13 to 19 digits passing the
//! Luhn check) and SSNs written `ddd-dd-dddd`, however their digit groups are joined.
//!
//! A number is a run of digit groups. Two groups belong to one run when what lies between them is
//! blank (spaces, tabs, line breaks, any number of them) with at most one dash, dot, slash or
//! underscore in it (written up to three times in a row, `--`): `3782 822463 10005`, `3782.822463.10005`, `3782 - 822463 - 10005`,
//! `3782\n822463\n10005`; or one other separator touching both (`4111+1111`, `4111|1111`).
//! Letters around a run do not hide it (`card378282246310005x`); letters between groups end it,
//! which is why an order number such as `AB12-3456-CD` is kept. A date (`2026-11-03`,
//! `11/3/2026`) or a phone number (`1-800-528-4800`, `800 528 4800`) is never part of a card, so
//! "called 2026-11-03 1-800-528-4800" is a date and a phone number, not a 19-digit card. A phone
//! number counts only where the joiners around it differ from its own ("1-800-528-4800 /
//! 1-800-327-2177"): `1-800-528-4800-1007` is read whole, and its 15 digits pass the Luhn check,
//! so only `--number` (see `phone`) keeps it.

use super::{Rule, Span};

/// Byte range of one maximal group of ASCII digits.
pub(super) type Group = (usize, usize);

const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;

/// The most times one mark may repeat in a row and still join two groups as one mark.
const MARK_REPEATS: usize = 3;

/// What joins two groups: the one mark in it (if any) and whether it has blanks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Gap {
    mark: Option<u8>,
    blank: bool,
}

pub(super) fn is_blank(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn is_mark(c: u8) -> bool {
    matches!(c, b'-' | b'.' | b'/' | b'_')
}

/// Other separators, which join two groups only when they touch both (`4111+1111+1111+1111` in
/// a form-encoded URL, `4111|1111`): with a blank beside them they set off one number from the
/// next, as the `+` of "+44 20 7946 0958 +1 800 528 4800" does. Commas, colons, `$`, `#` and
/// brackets never join: they separate amounts, times ("9:05 9:40 10:15 11:30"), tickets and
/// phone numbers in a list.
fn is_tight_mark(c: u8) -> bool {
    matches!(c, b'+' | b'|' | b'\\' | b'*' | b'~' | b'=' | b'\'')
}

/// The joiner starting at `at`, if one is there and a digit follows it: its gap and where the
/// next group starts.
fn joiner_at(b: &[u8], at: usize) -> Option<(Gap, usize)> {
    if let (Some(&c), Some(next)) = (b.get(at), b.get(at + 1)) {
        if is_tight_mark(c) && next.is_ascii_digit() {
            let gap = Gap {
                mark: Some(c),
                blank: false,
            };
            return Some((gap, at + 1));
        }
    }
    let mut gap = Gap {
        mark: None,
        blank: false,
    };
    let mut i = at;
    // How many times the gap's mark has come in a row: a doubled or tripled mark (`--`, `...`)
    // is still one.
    let mut repeats = 0;
    while let Some(&c) = b.get(i) {
        if is_blank(c) {
            gap.blank = true;
        } else if is_mark(c) && gap.mark.is_none() {
            gap.mark = Some(c);
            repeats = 1;
        } else if gap.mark == Some(c) && b[i - 1] == c && repeats < MARK_REPEATS {
            repeats += 1;
        } else {
            break;
        }
        i += 1;
    }
    (i > at && b.get(i).is_some_and(u8::is_ascii_digit)).then_some((gap, i))
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// All card numbers and shaped SSNs in `b`, sorted.
pub(super) fn numbers(b: &[u8]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let (groups, gaps) = digit_run(b, i);
        i = groups.last().map_or(i + 1, |g| g.1);
        // Dates and phone numbers split the run, read left to right; each piece between them is
        // searched on its own.
        let mut from = 0;
        let mut k = 0;
        while k < groups.len() {
            let before = k.checked_sub(1).map(|g| gaps[g]);
            match date_or_phone_at(b, &groups[k..], &gaps[k..], before) {
                Some(len) => {
                    numbers_in_run(b, &groups[from..k], &mut spans);
                    k += len;
                    from = k;
                }
                None => k += 1,
            }
        }
        numbers_in_run(b, &groups[from..], &mut spans);
    }
    loose_cards(b, &mut spans);
    spans
}

/// The sizes of a card's digit groups, and whether the digits from the first group on start with
/// an issuer's prefix for that layout.
type Layout = (&'static [usize], fn(&[u8]) -> bool);

/// The groups a card number is printed or read out in, each with the issuer prefixes that come
/// in that shape: American Express's 4-6-5 (34, 37), Diners Club's 4-6-4 (30, 36, 38), the
/// 4-4-4-4 of Visa, Mastercard, Discover and JCB, the 4-4-4-4-3 of 19-digit Visa and Discover,
/// and a 15- or 16-digit number written in thousands.
const CARD_LAYOUTS: [Layout; 6] = [
    (&[4, 6, 5], |d| matches!(d, [b'3', b'4' | b'7', ..])),
    (&[4, 6, 4], |d| matches!(d, [b'3', b'0' | b'6' | b'8', ..])),
    (&[4, 4, 4, 4], is_sixteen_digit_issuer),
    (&[4, 4, 4, 4, 3], |d| matches!(d, [b'4' | b'6', ..])),
    (&[3, 3, 3, 3, 3], |d| matches!(d, [b'3', b'4' | b'7', ..])),
    (&[1, 3, 3, 3, 3, 3], |d| {
        matches!(d, [b'4' | b'5' | b'6', ..])
    }),
];

/// Visa (4), Mastercard (51 to 55, 2221 to 2720), Discover (6011, 64, 65) and JCB (35): the
/// prefixes of 16-digit cards. A list of years (`2023, 2024, 2025, 2026`) has none of them.
fn is_sixteen_digit_issuer(d: &[u8]) -> bool {
    let prefix = d
        .iter()
        .take(4)
        .fold(0_u32, |n, &c| n * 10 + u32::from(c - b'0'));
    matches!(
        d,
        [b'4', ..] | [b'5', b'1'..=b'5', ..] | [b'6', b'4' | b'5', ..] | [b'3', b'5', ..]
    ) || (2221..=2720).contains(&prefix)
        || prefix == 6011
}

/// Cards written in one of [`CARD_LAYOUTS`] with groups set apart by what [`joiner_at`] does not
/// take: a comma, semicolon, colon, `#`, quotes or brackets, or a `|` with spaces around it
/// (`3782,822463,10005`, `(3782) 822463 10005`, `"4111" "1111" "1111" "1111"`). Those also set
/// apart amounts, times and items in a list, so they join groups only in a card's own layout with
/// an issuer's prefix and a valid Luhn check: a list of four 4-digit numbers starting with 4 is
/// masked about once in ten, the price of never storing a card so written.
fn loose_cards(b: &[u8], spans: &mut Vec<Span>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let end = i + count_digits(&b[i..]);
            groups.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    let mut found = Vec::new();
    let mut k = 0;
    'groups: while k < groups.len() {
        for (sizes, issuer) in CARD_LAYOUTS {
            let Some(window) = groups.get(k..k + sizes.len()) else {
                continue;
            };
            let fits = window.iter().zip(sizes).all(|(g, &n)| g.1 - g.0 == n)
                && window
                    .windows(2)
                    .all(|pair| is_loose_gap(&b[pair[0].1..pair[1].0]))
                && issuer(&b[window[0].0..])
                && luhn_valid(b, window);
            let span = (window[0].0, window[window.len() - 1].1);
            if fits && !spans.iter().any(|s| s.start < span.1 && span.0 < s.end) {
                found.push(Span::new(span, Rule::Card));
                k += sizes.len();
                continue 'groups;
            }
        }
        k += 1;
    }
    if !found.is_empty() {
        spans.extend(found);
        spans.sort_by_key(|s| s.start);
    }
}

/// What may stand between two groups of a card in [`loose_cards`]: at most three marks that are
/// neither letters nor digits, with blanks around them, eight characters at most.
fn is_loose_gap(gap: &[u8]) -> bool {
    let Ok(gap) = std::str::from_utf8(gap) else {
        return false;
    };
    let marks = gap.chars().filter(|c| !c.is_whitespace()).count();
    !gap.is_empty()
        && gap.chars().count() <= 8
        && marks <= 3
        && !gap.chars().any(char::is_alphanumeric)
}

/// The digit groups of the run starting at `start`, and the gaps between them.
fn digit_run(b: &[u8], start: usize) -> (Vec<Group>, Vec<Gap>) {
    let (mut groups, mut gaps) = (Vec::new(), Vec::new());
    let mut s = start;
    loop {
        let e = s + count_digits(&b[s..]);
        groups.push((s, e));
        match joiner_at(b, e) {
            Some((gap, next)) => {
                gaps.push(gap);
                s = next;
            }
            None => return (groups, gaps),
        }
    }
}

fn value(b: &[u8], (s, e): Group) -> u32 {
    b[s..e].iter().fold(0, |n, &d| {
        n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    })
}

/// How many groups from the first of `groups` make a date or a North American phone number.
/// `before` is the gap in front of the first group, if it is not the start of the run.
fn date_or_phone_at(
    b: &[u8],
    groups: &[Group],
    gaps: &[Gap],
    before: Option<Gap>,
) -> Option<usize> {
    if groups.len() >= 3 && is_date(b, &groups[..3], &gaps[..2]) {
        return Some(3);
    }
    let one = groups.first().is_some_and(|&(s, e)| &b[s..e] == b"1");
    let skip = usize::from(one);
    let len = skip + 3;
    let phone = groups.len() >= len
        && is_phone(b, &groups[skip..len], &gaps[skip..len - 1])
        // Set apart from its neighbours by a different joiner: "378 282 2463 10005" is a card
        // written in odd groups, not a phone number and a 5-digit number.
        && before != Some(gaps[skip])
        && gaps.get(len - 1) != Some(&gaps[skip]);
    if phone && !card_after_phone(b, &groups[skip..]) {
        return Some(len);
    }
    let plain = groups.len() >= 3
        && is_phone(b, &groups[..3], &gaps[..2])
        && before != Some(gaps[0])
        && gaps.get(2) != Some(&gaps[0])
        && !card_after_phone(b, groups);
    plain.then_some(3)
}

/// Whether the three groups of what looks like a phone number and the group after it read as a
/// card number of an issuer's own length and prefix (15 digits starting 34 or 37, 16 starting 4,
/// 5 or 6) that passes the Luhn check: "378-282-2463 10005" is a card written in phone-shaped
/// groups, since a card may never be stored, while a real phone number next to another number
/// rarely makes one (a tenth pass the check, and few area codes begin with those prefixes).
fn card_after_phone(b: &[u8], groups: &[Group]) -> bool {
    let Some(window) = groups.get(..4) else {
        return false;
    };
    let digits: usize = window.iter().map(|g| g.1 - g.0).sum();
    let (first, second) = (b[window[0].0], b[window[0].0 + 1]);
    let issuer = match digits {
        15 => first == b'3' && matches!(second, b'4' | b'7'),
        16 => matches!(first, b'4' | b'5' | b'6'),
        _ => false,
    };
    issuer && luhn_valid(b, window)
}

/// `NXX-NXX-XXXX` (a leading `1` is taken by the caller), the same joiner twice: how people
/// write phone numbers, so that two of them on one line or on two lines (`1-800-528-4800 /
/// 1-800-327-2177`) are not read as one 22-digit run with a Luhn-valid stretch in it. Card
/// numbers are written in groups of four or more (4-4-4-4, 4-6-5), and a phone number only
/// counts when the joiners on either side of it differ from its own, so a card written in
/// even odder groups is still read whole.
fn is_phone(b: &[u8], groups: &[Group], gaps: &[Gap]) -> bool {
    let sizes: Vec<usize> = groups.iter().map(|g| g.1 - g.0).collect();
    sizes == [3, 3, 4]
        && gaps[0] == gaps[1]
        && (b'2'..=b'9').contains(&b[groups[0].0])
        && (b'2'..=b'9').contains(&b[groups[1].0])
}

/// `yyyy-mm-dd` or `m/d/yyyy` (also `d/m/yyyy`), one mark repeated and no blanks: how people
/// write dates, and never how they write a card.
fn is_date(b: &[u8], groups: &[Group], gaps: &[Gap]) -> bool {
    let same_mark =
        gaps[0] == gaps[1] && !gaps[0].blank && matches!(gaps[0].mark, Some(b'-' | b'/' | b'.'));
    let size = |k: usize| groups[k].1 - groups[k].0;
    let v = |k: usize| value(b, groups[k]);
    let year = |k: usize| size(k) == 4 && (1900..=2099).contains(&v(k));
    let small = |k: usize| (1..=2).contains(&size(k));
    let ymd =
        year(0) && small(1) && small(2) && (1..=12).contains(&v(1)) && (1..=31).contains(&v(2));
    let mdy = small(0)
        && small(1)
        && year(2)
        && (1..=31).contains(&v(0))
        && (1..=31).contains(&v(1))
        && (v(0) <= 12 || v(1) <= 12);
    same_mark && (ymd || mdy)
}

/// Finds card numbers and SSNs among the groups of one run (or of one piece of it between dates).
fn numbers_in_run(b: &[u8], groups: &[Group], spans: &mut Vec<Span>) {
    // Any stretch of whole groups may be the card: text often runs straight into it
    // ("ref 12 3782 822463 10005"). Groups are never split, so a 20+ digit run is never cut into a
    // Luhn-valid piece.
    let mut windows = Vec::new();
    for i in 0..groups.len() {
        let mut digits = 0;
        for j in i..groups.len() {
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
        spans.extend(is_ssn(from, i).map(|ssn| Span::new(ssn, Rule::SsnShape)));
        spans.push(Span::new((groups[i].0, groups[j].1), Rule::Card));
        from = j + 1;
    }
    spans.extend(is_ssn(from, groups.len()).map(|ssn| Span::new(ssn, Rule::SsnShape)));
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

pub(super) fn luhn_valid(b: &[u8], groups: &[Group]) -> bool {
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
