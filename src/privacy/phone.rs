//! Tells a phone number typed into `--number` from a card number, so that a number with an
//! extension (`1-800-528-4800-1007`, 15 digits that happen to pass the Luhn check) is stored as
//! typed instead of as `[card number removed]`.
//!
//! A hand check rather than the `phonenumber` crate: that crate does not read a dash or a space
//! as the start of an extension (it calls `1-800-528-4800-1007` one invalid 14-digit number), so
//! this check would be needed anyway. Measured here on a throwaway crate: 35 s more for a clean
//! debug build, 3.0 MB more in a release binary (3.4 MB against 0.38 MB for an empty one), and
//! 56 ms for its first parse (it loads its metadata), far over `log add`'s whole budget.
//!
//! Accepted, with an optional extension (`x 1007`, `ext. 1007`, `#1007`, `,1007`, or for North
//! American numbers a last `-1007` or ` 1007` group of 1 to 6 digits):
//! - North American numbers: `800-528-4800`, `1-800-528-4800`, `(800) 528-4800`, `+1 800 528 4800`,
//!   `8005284800`, `18005284800`; the area code and the exchange start with 2-9.
//! - International numbers written with `+`: `+44 20 7946 0000`, 8 to 15 digits in all (E.164).

/// Whether `input`, as a whole, reads as a phone number.
pub(super) fn is_phone_number(input: &str) -> bool {
    let text = input.trim();
    let (main, extension) = split_extension(text);
    if extension.is_some_and(|ext| !(1..=6).contains(&ext.len())) {
        return false;
    }
    let Some(groups) = digit_groups(main) else {
        return false;
    };
    if let Some(rest) = main.strip_prefix('+') {
        if rest.starts_with('1') && north_american(&groups, true) {
            return true;
        }
        let digits = groups.concat();
        // "+3782..." is a card with a plus in front, not a 15-digit number abroad.
        let card =
            digits.len() >= 13 && super::cards::luhn_valid(digits.as_bytes(), &[(0, digits.len())]);
        return (8..=15).contains(&digits.len()) && !rest.starts_with('0') && !card;
    }
    if north_american(&groups, false) {
        return true;
    }
    // A trailing group after a whole North American number is its extension.
    extension.is_none()
        && groups.split_last().is_some_and(|(ext, number)| {
            (1..=6).contains(&ext.len()) && north_american(number, false)
        })
}

/// Whether the digits of `input` (a phone number), with or without a leading `1` for the country
/// code, are a card number: 13 to 19 of them passing the Luhn check and starting as a card
/// network's do (2 to 6: Mastercard, American Express, Visa, Discover and the rest). A card can be
/// typed so that it reads as a phone number with an extension (`378-282-2463 x10005`); a toll-free
/// number never starts that way, so `1-800-528-4800-1007` is kept.
pub(super) fn holds_card(input: &str) -> bool {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let is_card = |d: &str| {
        (13..=19).contains(&d.len())
            && d.starts_with(['2', '3', '4', '5', '6'])
            && super::cards::luhn_valid(d.as_bytes(), &[(0, d.len())])
    };
    is_card(&digits) || digits.strip_prefix('1').is_some_and(is_card)
}

/// Splits off an extension introduced by a word or sign: `x`, `ext`, `ext.`, `extension`, `#`, `,`.
fn split_extension(text: &str) -> (&str, Option<&str>) {
    let lower = text.to_ascii_lowercase();
    for marker in ["extension", "ext.", "ext", "x", "#", ","] {
        if let Some(at) = lower.rfind(marker) {
            let ext = text[at + marker.len()..].trim_start_matches([' ', '.', ':']);
            if !ext.is_empty() && ext.bytes().all(|c| c.is_ascii_digit()) {
                return (text[..at].trim_end(), Some(ext));
            }
        }
    }
    (text, None)
}

/// The digit groups of a number written with spaces, dashes, dots and one pair of parentheses
/// around a group; `None` for anything else in it.
fn digit_groups(text: &str) -> Option<Vec<&str>> {
    let body = text.strip_prefix('+').unwrap_or(text);
    let mut parens = 0;
    for c in body.chars() {
        match c {
            '0'..='9' | ' ' | '-' | '.' => {}
            '(' | ')' => parens += 1,
            _ => return None,
        }
    }
    if parens != 0 && parens != 2 {
        return None;
    }
    let groups: Vec<&str> = body
        .split([' ', '-', '.', '(', ')'])
        .filter(|g| !g.is_empty())
        .collect();
    (!groups.is_empty()).then_some(groups)
}

/// `[1] NXX NXX XXXX`, as one group, as `1` + ten digits, or in its usual groups.
fn north_american(groups: &[&str], plus_one: bool) -> bool {
    let sizes: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let digits: String = groups.concat();
    let national = match (sizes.as_slice(), plus_one) {
        ([10] | [3, 3, 4], false) => digits.as_str(),
        ([11] | [1, 3, 3, 4], _) if digits.starts_with('1') => &digits[1..],
        _ => return false,
    };
    let b = national.as_bytes();
    b.len() == 10 && (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3])
}
