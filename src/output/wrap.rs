//! Prose wrapped at word boundaries to a width, with an indent, through `textwrap`.
//!
//! Words are separated at ASCII spaces only and never hyphenated or broken, so whatever a person
//! may have to dial or quote stays on one line: phone numbers (`1-800-528-4800`), references
//! (`AB-1234-XY`), dates (`2026-12-01`) and slugs (`lost-card`) have no space inside. The few
//! numbers written with one (`+1 336-393-1111`, `(855) 411-2372`) are glued before wrapping.
//! A word longer than the line is left whole and overflows rather than being cut.

use textwrap::core::display_width;
use textwrap::{Options, WordSeparator, WordSplitter, WrapAlgorithm};

/// Stands for a space inside a phone number while wrapping (a no-break space, one column wide,
/// which `WordSeparator::AsciiSpace` does not split at); turned back into a space afterwards.
const GLUE: char = '\u{a0}';

/// `text` wrapped to `width` columns, every line starting with `indent`.
#[cfg(test)]
pub(crate) fn wrap(text: &str, width: u16, indent: &str) -> Vec<String> {
    wrap_hanging(text, width, indent, indent)
}

/// `text` wrapped to `width` columns: the first line starts with `first`, the others with `rest`
/// (a hanging indent, as in `  notes: ...` followed by aligned continuation lines).
pub(crate) fn wrap_hanging(text: &str, width: u16, first: &str, rest: &str) -> Vec<String> {
    // Most lines fit as they are (headings, numbers, short notes): plain single-spaced ASCII that
    // fits comes out as textwrap would give it, without the cost of its machinery.
    let plain = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ");
    if plain && first.is_ascii() && first.len() + text.len() <= usize::from(width) {
        return vec![format!("{first}{text}")];
    }
    let glued = glue_numbers(text);
    let options = Options::new(usize::from(width))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(false)
        // Optimal fit may let a line run past the width to even out the others; first fit
        // overflows only for a single word longer than the line.
        .wrap_algorithm(WrapAlgorithm::FirstFit);
    let mut lines = Vec::new();
    for line in textwrap::wrap(&glued, &options) {
        split_long_path(
            &line.replace(GLUE, " "),
            usize::from(width),
            rest,
            &mut lines,
        );
    }
    lines
}

/// Pushes `line`, or, when it is wider than `width` because of a word longer than the line with
/// a `/` in it (a web address), the line cut after a `/` into pieces that fit, each later piece
/// on its own line after `rest`. Other words longer than the line overflow whole.
fn split_long_path(line: &str, width: usize, rest: &str, lines: &mut Vec<String>) {
    let mut line = line.to_owned();
    while display_width(&line) > width {
        // The last `/` at which the line still fits, not inside the indent.
        let cut = line
            .char_indices()
            .filter(|&(i, c)| c == '/' && i > rest.len() && display_width(&line[..=i]) <= width)
            .map(|(i, _)| i + 1)
            .next_back();
        let Some(cut) = cut else { break };
        let tail = format!("{rest}{}", &line[cut..]);
        line.truncate(cut);
        lines.push(std::mem::replace(&mut line, tail));
    }
    lines.push(line);
}

/// `wrap`, joined with newlines (no trailing newline).
#[cfg(test)]
pub(crate) fn fill(text: &str, width: u16, indent: &str) -> String {
    wrap(text, width, indent).join("\n")
}

/// Whether `token` is part of a phone number: digits and the punctuation numbers are written
/// with, and at least one digit. Punctuation that ends a clause may follow (`336-393-1111,`).
fn is_number_part(token: &str) -> bool {
    let token = token.trim_end_matches([',', ';', ':', '!', '?', '"', '\'']);
    token.chars().any(|c| c.is_ascii_digit())
        && token
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | '.'))
}

/// `text` with each space inside a phone number replaced by [`GLUE`]. A space is glued when a
/// short group (at most four digits: `+1`, `(855)`, `800`) is followed by another number part and
/// the number so far has fewer than ten digits. That covers `+1 336-393-1111`, `(855) 411-2372`
/// and `1 800 528 4800`, and leaves `call 1-800-528-4800 24 hours` or `2026-12-01 1 800 ...` alone.
fn glue_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The digits of the number being glued, and of the token before this one (None: not a part).
    let mut digits_in_run = 0;
    let mut previous: Option<usize> = None;
    for (i, token) in text.split(' ').enumerate() {
        let digits =
            is_number_part(token).then(|| token.chars().filter(char::is_ascii_digit).count());
        if i > 0 {
            let glue =
                matches!((previous, digits), (Some(p), Some(_)) if p <= 4 && digits_in_run < 10);
            out.push(if glue { GLUE } else { ' ' });
            if !glue {
                digits_in_run = 0;
            }
        }
        digits_in_run += digits.unwrap_or(0);
        if digits.is_none() {
            digits_in_run = 0;
        }
        previous = digits;
        out.push_str(token);
    }
    out
}

#[cfg(test)]
#[path = "wrap_tests.rs"]
mod tests;
