//! Digits not written as digits: read out as words ("three seven eight two ...", "double five",
//! "oh" for zero), or typed with look-alike letters (`37828224631OOO5`, `l` and `I` for one).
//! `fold` reads each such word or letter as the digit it stands for, so the scanner's rules apply
//! to it as to any other digit.
//!
//! Number words count only in a run that stands for at least three digits (`pin is two five
//! eight zero`, `cvv triple seven`, `cvv 12 three`), so "one more thing" and "called two times"
//! keep their words; a run longer than a PIN needs three digits said as words, so a count after
//! a reference ("ref 4411 2233 5566 five stars") is a count. Look-alike letters count in a word
//! of digits and those letters with a digit in it (`1OOO5`, `O78`, `2O8O`), and among two or
//! more digits glued to other letters (`pin2O8O`), never in a word of letters alone such as
//! "lol" or "Oil".
//! The words are read in the folded text (see `fold`), so invisible characters inside a word,
//! full-width letters and Unicode spaces and dashes between words hide nothing.

/// The spoken names of the digits, and "oh" for zero. A lone "o" is not one: in a reference
/// (`D-0-O-22393284397`) it is a letter.
const DIGIT_WORDS: [(&str, u8); 13] = [
    ("zero", 0),
    ("oh", 0),
    ("nought", 0),
    ("naught", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
];

/// The fewest digits a run must stand for to read as a number read out: "pin two five eight
/// zero", "cvv triple seven", "cvv 12 three"; not "one 2" or "double check".
const MIN_RUN: usize = 3;

/// A run longer than a PIN (six digits) must have at least [`MIN_RUN`] of them said as words:
/// "ref 4411 2233 5566 five stars" is a reference and a count, not a card read out in part.
const SHORT_RUN: usize = 6;

/// The most bytes, and the most marks other than blanks, that may separate two words of a run.
const MAX_GAP: usize = 8;
const MAX_GAP_MARKS: usize = 3;

/// A byte range of the text and the ASCII bytes the scanner reads for it: a digit (or two, for
/// "triple"), or a space for what separates two spoken digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Respelling {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) ascii: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Digits,
    /// A number word, with its digit.
    Word(u8),
    /// "double" or "triple": the next digit, that many times.
    Repeat(usize),
    /// Digits and look-alike letters.
    LookAlike,
    Other,
}

/// One word of the text: a maximal run of ASCII letters and digits.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
}

fn kind(word: &str) -> Kind {
    let b = word.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return Kind::Digits;
    }
    if let Some(&(_, d)) = DIGIT_WORDS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
    {
        return Kind::Word(d);
    }
    if word.eq_ignore_ascii_case("double") {
        return Kind::Repeat(2);
    }
    if word.eq_ignore_ascii_case("triple") {
        return Kind::Repeat(3);
    }
    if b.len() >= 2
        && b.iter().any(u8::is_ascii_digit)
        && b.iter()
            .all(|&c| c.is_ascii_digit() || look_alike(c).is_some())
    {
        Kind::LookAlike
    } else {
        Kind::Other
    }
}

/// The digit a letter is typed for: `O` and `o` for zero, `l` and `I` for one.
fn look_alike(c: u8) -> Option<u8> {
    match c {
        b'O' | b'o' => Some(0),
        b'l' | b'I' => Some(1),
        _ => None,
    }
}

/// Whether what lies between two spoken digits keeps them in one run: blanks and ASCII
/// punctuation, up to [`MAX_GAP`] bytes with at most [`MAX_GAP_MARKS`] marks ("three, seven",
/// "three-seven", "'three' 'seven'", "(three seven) (eight two)", "three;  seven"). The text is
/// folded first, so a no-break space or an em dash is a space or a dash here.
fn is_run_gap(gap: &[u8]) -> bool {
    (1..=MAX_GAP).contains(&gap.len())
        && gap
            .iter()
            .all(|&c| super::cards::is_blank(c) || c.is_ascii_punctuation())
        && gap.iter().filter(|c| c.is_ascii_punctuation()).count() <= MAX_GAP_MARKS
}

/// How many digits a word of a run stands for.
fn digits(token: &Token) -> usize {
    match token.kind {
        Kind::Digits | Kind::LookAlike => token.end - token.start,
        Kind::Word(_) => 1,
        Kind::Repeat(times) => times - 1,
        Kind::Other => 0,
    }
}

fn tokens(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        tokens.push(Token {
            start,
            end: i,
            kind: kind(&text[start..i]),
        });
    }
    // "double" and "triple" stand for digits only before a single digit.
    for k in 0..tokens.len() {
        if let Kind::Repeat(_) = tokens[k].kind {
            let next = tokens.get(k + 1).map(|t| (t.kind, t.end - t.start));
            if !matches!(next, Some((Kind::Word(_), _) | (Kind::Digits, 1))) {
                tokens[k].kind = Kind::Other;
            }
        }
    }
    tokens
}

/// What `fold` reads differently in `text`, sorted by start and never overlapping.
pub(super) fn respellings(text: &str) -> Vec<Respelling> {
    if !text.bytes().any(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let b = text.as_bytes();
    let tokens = tokens(text);
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        // The run of number-like words from token k.
        let mut end = k;
        while end < tokens.len() && tokens[end].kind != Kind::Other {
            let next = end + 1;
            if next < tokens.len()
                && tokens[next].kind != Kind::Other
                && is_run_gap(&b[tokens[end].end..tokens[next].start])
            {
                end = next;
            } else {
                break;
            }
        }
        if tokens[k].kind == Kind::Other {
            glued_look_alikes(b, &tokens[k], &mut out);
            k += 1;
            continue;
        }
        let run = &tokens[k..=end];
        let said: usize = run
            .iter()
            .filter(|t| matches!(t.kind, Kind::Word(_) | Kind::Repeat(_)))
            .map(digits)
            .sum();
        let all: usize = run.iter().map(digits).sum();
        let spoken = said > 0 && all >= MIN_RUN && (all <= SHORT_RUN || said >= MIN_RUN);
        for (at, token) in run.iter().enumerate() {
            match token.kind {
                Kind::LookAlike => {
                    for (i, &c) in b.iter().enumerate().take(token.end).skip(token.start) {
                        if let Some(d) = look_alike(c) {
                            out.push(Respelling {
                                start: i,
                                end: i + 1,
                                ascii: vec![b'0' + d],
                            });
                        }
                    }
                }
                Kind::Word(d) if spoken => out.push(Respelling {
                    start: token.start,
                    end: token.end,
                    ascii: vec![b'0' + d],
                }),
                // Last in its run ("double (one"), it has no digit to repeat.
                Kind::Repeat(times) if spoken && at + 1 < run.len() => {
                    let next = &run[at + 1];
                    let digit = match next.kind {
                        Kind::Word(d) => b'0' + d,
                        _ => b[next.start],
                    };
                    // The word stands for all but the last of the repeats; the next word is that.
                    out.push(Respelling {
                        start: token.start,
                        end: token.end,
                        ascii: vec![digit; times - 1],
                    });
                }
                _ => {}
            }
            // What separates a spoken digit from the next (", ", "-") reads as the one blank it
            // stands for. Between two groups of digits it stays as typed: "2026-04-03, 2026-09-14"
            // is dates whatever words follow, and the scanner reads digits and joiners as they are.
            let said = |t: &Token| matches!(t.kind, Kind::Word(_) | Kind::Repeat(_));
            if spoken
                && at + 1 < run.len()
                && (said(token) || said(&run[at + 1]))
                && &b[token.end..run[at + 1].start] != b" "
            {
                out.push(Respelling {
                    start: token.end,
                    end: run[at + 1].start,
                    ascii: vec![b' '],
                });
            }
        }
        k = end + 1;
    }
    out
}

/// In a word that has other letters too ("pin2O8O", "card37828224631OOO5x"), the look-alike
/// letters among two or more digits in a stretch of digits and look-alikes: those between two of
/// its digits, and those after its last digit where the stretch ends the word. Look-alikes next
/// to the word's other letters belong to them ("lol12", "543998999039Om").
fn glued_look_alikes(b: &[u8], token: &Token, out: &mut Vec<Respelling>) {
    let word = &b[token.start..token.end];
    let mut at = 0;
    while at < word.len() {
        let len = word[at..]
            .iter()
            .take_while(|&&c| c.is_ascii_digit() || look_alike(c).is_some())
            .count();
        if len == 0 {
            at += 1;
            continue;
        }
        let stretch = &word[at..at + len];
        let digits = stretch.iter().filter(|c| c.is_ascii_digit()).count();
        if let (true, Some(first), Some(last)) = (
            digits >= 2,
            stretch.iter().position(u8::is_ascii_digit),
            stretch.iter().rposition(u8::is_ascii_digit),
        ) {
            let end = if at + len == word.len() { len } else { last };
            for (i, &c) in stretch.iter().enumerate().take(end).skip(first) {
                if let Some(d) = look_alike(c) {
                    let start = token.start + at + i;
                    out.push(Respelling {
                        start,
                        end: start + 1,
                        ascii: vec![b'0' + d],
                    });
                }
            }
        }
        at += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for r in respellings(text) {
            out.push_str(&text[last..r.start]);
            out.push_str(std::str::from_utf8(&r.ascii).expect("ascii"));
            last = r.end;
        }
        out.push_str(&text[last..]);
        out
    }

    #[test]
    fn spoken_digits_in_a_run_read_as_digits() {
        for (text, read_as) in [
            (
                "three seven eight two eight two two four six three one zero zero zero five",
                "3 7 8 2 8 2 2 4 6 3 1 0 0 0 5",
            ),
            ("Three, Seven, EIGHT", "3 7 8"),
            ("pin is two-five-eight-oh", "pin is 2 5 8 0"),
            ("double five triple zero 7", "5 5 00 0 7"),
            ("3782 eight two two four", "3782 8 2 2 4"),
            ("card 37828224631OOO5", "card 378282246310005"),
            ("1lI0 and 2O", "1110 and 20"),
            ("I378O5 10O", "137805 100"),
            ("l0005 1000O 111l 4lll 2O8O", "10005 10000 1111 4111 2080"),
            ("cvv triple seven", "cvv 77 7"),
            ("cvv 12 three", "cvv 12 3"),
            ("one; two / three", "1 2 3"),
            ("'three' 'seven' 'eight'", "'3 7 8'"),
            ("(three seven) (eight two)", "(3 7 8 2)"),
            ("three    seven:  eight", "3 7 8"),
            ("naught nought oh", "0 0 0"),
        ] {
            assert_eq!(read(text), read_as, "{text:?}");
        }
    }

    #[test]
    fn words_outside_a_run_are_kept() {
        for text in [
            "one more thing",
            "called two times, then one",
            "lol Oil IO O",
            "one 2 lots",
            "double check the one",
            "triple A",
            "a O",
            "one 2",
            "double five",
            "one two",
            "twenty one",
            "2026-11-03 double ((((one.",
            "1 2 double",
        ] {
            assert_eq!(read(text), text, "{text:?}");
        }
    }
}
