//! The text as the scanner reads it: every way of writing a digit, a space, a dash, a dot or a
//! slash becomes its ASCII form, and characters that print as nothing are left out, so a number
//! cannot hide behind how it was typed or pasted.
//!
//! - Digits: the decimal digits of every script (Unicode category Nd: full-width, Arabic-Indic,
//!   Devanagari, Thai, the mathematical digits from U+1D7CE, ...), and the digits that are only
//!   styled: superscripts, subscripts and circled digits.
//! - Spaces: every Unicode space (no-break, thin, hair, em, ideographic, ...). The line and
//!   paragraph separators, NEL, vertical tab, form feed and the ASCII separators read as a line
//!   break.
//! - Dashes (Unicode category Pd and the minus sign), dots (middle dot, bullet, katakana middle
//!   dot, ...) and slashes (fraction and division slash); the full-width forms of all of ASCII.
//! - Blanks that are not spaces (Braille blank, Hangul fillers) read as a space.
//! - Letters: Latin letters with an accent read as the plain letter, and the Greek, Cyrillic and
//!   other letters drawn as O, o, I or l as those, so that `spoken` reads number words and
//!   look-alike digits however they were typed.
//! - Left out: zero-width spaces and joiners, word joiner, byte order mark, soft hyphen,
//!   direction marks and the other invisible format characters (Unicode category Cf), and the
//!   combining marks and variation selectors drawn on a digit (`4\u{301}`, the keycap `4️⃣`).

/// What the scanner reads for one character of the input.
enum Folded {
    Ascii(u8),
    /// Prints as nothing: the scanner does not see it.
    Invisible,
    /// Read as it is.
    Same,
}

/// The zero of each run of ten decimal digits (Unicode category Nd) outside ASCII: Unicode 14,
/// plus Kawi (U+11F50) and Nag Mundari (U+1E4F0) from Unicode 15.
const DIGIT_ZEROS: [u32; 67] = [
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6,
    0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50,
    0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x11f50, 0x16a60, 0x16ac0,
    0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e4f0, 0x1e950,
    0x1fbf0,
];

/// Styled digits (category No), each run as (its zero, if it has one; its one, two, .. nine).
/// Superscripts and subscripts are in [`digit_value`].
const STYLED_DIGITS: [(Option<char>, char); 5] = [
    (Some('\u{24ea}'), '\u{2460}'),  // circled
    (Some('\u{24ff}'), '\u{2776}'),  // negative circled
    (Some('\u{1f10b}'), '\u{2780}'), // sans-serif circled
    (Some('\u{1f10c}'), '\u{278a}'), // negative sans-serif circled
    (None, '\u{24f5}'),              // double circled
];

fn fold_char(c: char) -> Folded {
    // Vertical tab, form feed and the ASCII separators break a line as far as a reader can tell.
    if matches!(c, '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1f}') {
        return Folded::Ascii(b'\n');
    }
    // The other controls (NUL, ESC, DEL, the C1 set but NEL) print nothing of their own: between
    // two digits they hide no more than a zero-width space does (`3782 NUL 822463 NUL 10005`).
    if matches!(c, '\0'..='\u{8}' | '\u{e}'..='\u{1b}' | '\u{7f}'..='\u{84}' | '\u{86}'..='\u{9f}')
    {
        return Folded::Invisible;
    }
    if c.is_ascii() {
        return Folded::Same;
    }
    if let Some(d) = digit_value(c) {
        return Folded::Ascii(b'0' + d);
    }
    let ascii = match c {
        // Full-width ASCII, digits included.
        '\u{ff01}'..='\u{ff5e}' => u8::try_from(u32::from(c) - 0xfee0).ok(),
        '\u{85}' | '\u{2028}' | '\u{2029}' => Some(b'\n'),
        // Letters drawn as O, o, I and l (Greek, Cyrillic, Ø, the Roman numerals one and fifty,
        // the dental click, the script l), which `spoken` reads as digits between digits
        // (`1ΟΟΟ5`), and Latin letters with an accent, read as the plain letter so that "thrée"
        // is a number word as "thre\u{301}e" (whose accent is left out below) is.
        '\u{39f}' | '\u{41e}' | 'Ø' | 'Ò'..='Ö' => Some(b'O'),
        '\u{3bf}' | '\u{43e}' | 'ø' | 'ò'..='ö' => Some(b'o'),
        '\u{399}' | '\u{406}' | '\u{4c0}' | '\u{2160}' | 'Ì'..='Ï' => Some(b'I'),
        '\u{4cf}' | '\u{217c}' | '\u{1c0}' | '\u{2113}' => Some(b'l'),
        'À'..='Å' => Some(b'A'),
        'à'..='å' => Some(b'a'),
        'Ç' => Some(b'C'),
        'ç' => Some(b'c'),
        'È'..='Ë' => Some(b'E'),
        'è'..='ë' => Some(b'e'),
        'ì'..='ï' => Some(b'i'),
        'Ñ' => Some(b'N'),
        'ñ' => Some(b'n'),
        'Ù'..='Ü' => Some(b'U'),
        'ù'..='ü' => Some(b'u'),
        'Ý' => Some(b'Y'),
        'ý' | 'ÿ' => Some(b'y'),
        c if c.is_whitespace() => Some(b' '),
        '\u{2212}' | '\u{2043}' => Some(b'-'),
        '\u{b7}' | '\u{2022}' | '\u{2024}' | '\u{2027}' | '\u{2219}' | '\u{22c5}' | '\u{30fb}'
        | '\u{ff65}' | '\u{fe52}' => Some(b'.'),
        '\u{2044}' | '\u{2215}' | '\u{29f8}' => Some(b'/'),
        // Characters that print as a blank without being spaces: Braille blank, Hangul fillers.
        '\u{2800}' | '\u{3164}' | '\u{ffa0}' | '\u{115f}' | '\u{1160}' => Some(b' '),
        c if is_dash(c) => Some(b'-'),
        c if is_invisible(c) => return Folded::Invisible,
        _ => None,
    };
    ascii.map_or(Folded::Same, Folded::Ascii)
}

/// The value of a decimal digit of another script, or of a styled digit.
fn digit_value(c: char) -> Option<u8> {
    let code = u32::from(c);
    let value = match c {
        '\u{2070}' => Some(0),
        '\u{b9}' => Some(1),
        '\u{b2}' => Some(2),
        '\u{b3}' => Some(3),
        '\u{2074}'..='\u{2079}' => Some(code - 0x2070),
        '\u{2080}'..='\u{2089}' => Some(code - 0x2080),
        _ => DIGIT_ZEROS
            .iter()
            .find_map(|&zero| code.checked_sub(zero).filter(|d| *d < 10))
            .or_else(|| {
                STYLED_DIGITS.iter().find_map(|&(zero, one)| {
                    if Some(c) == zero {
                        return Some(0);
                    }
                    let d = code.checked_sub(u32::from(one))?;
                    (d < 9).then_some(d + 1)
                })
            }),
    };
    value.and_then(|d| u8::try_from(d).ok())
}

/// Unicode category Pd (dash punctuation) outside ASCII.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{58a}' | '\u{5be}' | '\u{1400}' | '\u{1806}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2e17}'
                | '\u{2e1a}'
                | '\u{2e3a}'
                | '\u{2e3b}'
                | '\u{2e40}'
                | '\u{2e5d}'
                | '\u{301c}'
                | '\u{3030}'
                | '\u{30a0}'
                | '\u{fe31}'
                | '\u{fe32}'
                | '\u{fe58}'
                | '\u{fe63}'
                | '\u{10ead}'
    )
}

/// Characters that print as nothing of their own between two digits. Format characters
/// (category Cf): soft hyphen, zero-width space and joiners, direction marks and embeddings, word
/// joiner and the invisible operators, byte order mark, Mongolian vowel separator, Arabic letter
/// mark, tags. And marks drawn on the digit before them: the combining diacritics (`4\u{301}`),
/// the combining grapheme joiner, combining marks for symbols (the keycap of `4\u{fe0f}\u{20e3}`)
/// and the variation selectors.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{300}'..='\u{36f}'
            | '\u{61c}'
            | '\u{180e}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{fe20}'..='\u{fe2f}'
            | '\u{feff}'
            | '\u{e0000}'..='\u{e007f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
}

/// The text as the scanner reads it, and for each of its byte positions (and its end) the byte
/// position in `text`. An invisible character has no byte of its own: it goes with the next one,
/// so a span that ends after it removes it too.
pub(super) fn fold(text: &str) -> (String, Vec<usize>) {
    fold_with(text, &[])
}

/// [`fold`], with digits read out as words or typed with look-alike letters read as digits (see
/// `spoken`), each at its word's first byte; `None` when the text has none. The scanner reads
/// both: a look-alike letter next to a card (`I378282246310005`) would otherwise hide it.
///
/// Takes what [`fold`] made of the text, so the words are read after folding: "th\u{200b}ree",
/// full-width "ｔｈｒｅｅ" and "three\u{a0}seven" read as "three" and "three seven" do.
pub(super) fn fold_respelled(folded: &str, offsets: &[usize]) -> Option<(String, Vec<usize>)> {
    let respellings = super::spoken::respellings(folded);
    if respellings.is_empty() {
        return None;
    }
    // Folding folded text changes nothing but the respelled words; its offsets point into
    // `folded`, whose offsets point into the text.
    let (respelled, inner) = fold_with(folded, &respellings);
    Some((respelled, inner.iter().map(|&at| offsets[at]).collect()))
}

fn fold_with(text: &str, respellings: &[super::spoken::Respelling]) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut next = respellings.iter().peekable();
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            continue;
        }
        if let Some(r) = next.next_if(|r| r.start == at) {
            for (k, &ascii) in r.ascii.iter().enumerate() {
                folded.push(char::from(ascii));
                // "triple" reads as two digits: the second stands at the word's second byte.
                offsets.push(at + k);
            }
            skip_to = r.end;
            continue;
        }
        match fold_char(c) {
            Folded::Ascii(ascii) => {
                folded.push(char::from(ascii));
                offsets.push(at);
            }
            Folded::Invisible => {}
            Folded::Same => {
                folded.push(c);
                offsets.extend(std::iter::repeat_n(at, c.len_utf8()));
            }
        }
    }
    offsets.push(text.len());
    (folded, offsets)
}
