//! Prose wrapped at word boundaries to a width, with an indent: first fit, as `textwrap` does it
//! (plain ASCII prose takes a shortcut that gives the same lines).
//!
//! Words are separated at ASCII spaces only and never hyphenated or broken, so whatever a person
//! may have to dial or quote stays on one line: phone numbers (`1-800-528-4800`), references
//! (`AB-1234-XY`), dates (`2026-12-01`) and slugs (`lost-card`) have no space inside. The few
//! numbers written with one (`+1 336-393-1111`, `(855) 411-2372`) are glued before wrapping.
//! Text in scripts written without spaces (Chinese, Japanese) may also break between two of its
//! wide characters, as those scripts break lines, never before closing punctuation such as `。`
//! or `」`. A word longer than the line is left whole and overflows rather than being cut, but
//! for a web address, cut after a `/`.

use std::borrow::Cow;

use textwrap::core::{display_width, Word};
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
    let width = usize::from(width);
    let glued = glue_numbers(text);
    let mut lines = Vec::new();
    let wrapped = if is_plain(&glued) && one_column_each(first) && one_column_each(rest) {
        first_fit_plain(&glued, width, first, rest)
    } else {
        let options = Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_separator(WordSeparator::Custom(words_and_wide_characters))
            .word_splitter(WordSplitter::NoHyphenation)
            .break_words(false)
            // Optimal fit may let a line run past the width to even out the others; first fit
            // overflows only for a single word longer than the line.
            .wrap_algorithm(WrapAlgorithm::FirstFit);
        textwrap::wrap(&glued, &options)
            .into_iter()
            .map(|line| line.replace(GLUE, " "))
            .collect()
    };
    for line in wrapped {
        split_long_path(line, width, rest, &mut lines);
    }
    lines
}

/// How many lines [`wrap_hanging`] gives for the same arguments, without making them: plain text
/// is counted by the same first fit, allocating nothing unless a number needs gluing; anything
/// else, or a word too long for its line (which may be cut after a `/`), is wrapped and counted.
pub(crate) fn line_count(text: &str, width: u16, first: &str, rest: &str) -> usize {
    let glued = glue_numbers(text);
    if is_plain(&glued) && one_column_each(first) && one_column_each(rest) {
        if let Some(n) = first_fit_count(&glued, usize::from(width), first.len(), rest.len()) {
            return n;
        }
    }
    wrap_hanging(text, width, first, rest).len()
}

/// The number of lines [`first_fit_plain`] makes of plain `text` after indents `first` and
/// `rest` columns wide, or `None` when a word does not fit even alone on its line.
fn first_fit_count(text: &str, width: usize, first: usize, rest: usize) -> Option<usize> {
    let (mut lines, mut used, mut room) = (1, 0, width.saturating_sub(first));
    let mut indent = first;
    for (word, spaces) in words(text) {
        let columns = word.chars().count();
        if used > 0 && used + columns > room {
            (lines, used, room, indent) = (lines + 1, 0, width.saturating_sub(rest), rest);
        }
        if used == 0 && indent + columns > width {
            return None;
        }
        used += columns + spaces;
    }
    Some(lines)
}

/// Whether `text` is what most of the output is: printable ASCII words (numbers glued with
/// [`GLUE`]) separated by spaces, with none at either end. Every character of it is one column
/// wide.
fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && (one_column_each(text)
            || text
                .chars()
                .all(|c| c.is_ascii_graphic() || c == ' ' || c == GLUE))
}

/// [`textwrap::wrap`] with the options above, for [plain](is_plain) text, where a word's width
/// is its number of characters: the same lines (a property test holds the two to each other)
/// at a small part of the cost, since `route` wraps a page of such prose on every call.
///
/// Each word carries the spaces after it. A word goes on the current line when the line's words
/// and their spaces leave room for it; the spaces before a line break are dropped.
fn first_fit_plain(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::with_capacity(width);
    line.push_str(first);
    // Columns taken by the current line's words and the spaces after each (0: no word yet), the
    // spaces after its last word (written only if another word follows), and the line's room.
    let (mut used, mut gap, mut room) = (0, 0, width.saturating_sub(first.len()));
    for (word, spaces) in words(text) {
        let columns = word.chars().count();
        if used > 0 && used + columns > room {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            (used, gap, room) = (0, 0, width.saturating_sub(rest.len()));
        }
        push_spaces(&mut line, gap);
        if word.is_ascii() {
            line.push_str(word);
        } else {
            line.extend(word.chars().map(|c| if c == GLUE { ' ' } else { c }));
        }
        used += columns + spaces;
        gap = spaces;
    }
    lines.push(line);
    lines
}

/// Appends `n` spaces to `line`.
fn push_spaces(line: &mut String, n: usize) {
    const SPACES: &str = "        ";
    if n <= SPACES.len() {
        line.push_str(&SPACES[..n]);
    } else {
        line.extend(std::iter::repeat_n(' ', n));
    }
}

/// The words of `text` between ASCII spaces, each with the number of spaces after it (0 for the
/// last). A single pass over the bytes: cheaper than `str::split` for the short words of prose.
fn words(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && bytes[at] != b' ' {
            at += 1;
        }
        let end = at;
        while at < bytes.len() && bytes[at] == b' ' {
            at += 1;
        }
        Some((&text[start..end], at - end))
    })
}

/// Pushes `line`, or, when it is wider than `width` because of a word longer than the line with
/// a `/` in it (a web address), the line cut after a `/` into pieces that fit, each later piece
/// on its own line after `rest`. Other words longer than the line overflow whole.
fn split_long_path(mut line: String, width: usize, rest: &str, lines: &mut Vec<String>) {
    while columns(&line) > width {
        // The last `/` at which the line still fits, not inside the indent.
        let cut = line
            .char_indices()
            .filter(|&(i, c)| c == '/' && i > rest.len() && columns(&line[..=i]) <= width)
            .map(|(i, _)| i + 1)
            .next_back();
        let Some(cut) = cut else { break };
        let tail = format!("{rest}{}", &line[cut..]);
        line.truncate(cut);
        lines.push(std::mem::replace(&mut line, tail));
    }
    lines.push(line);
}

/// The words `WordSeparator::AsciiSpace` finds, each cut further where a line may break inside
/// it: between two characters of which one is wide (an ideograph, kana, hangul, a full-width
/// form), as text in scripts written without spaces breaks, unless the first is punctuation no
/// line may end with or the second one no line may start with. The pieces of one word are joined with nothing between them.
fn words_and_wide_characters(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    Box::new(
        WordSeparator::AsciiSpace
            .find_words(line)
            .flat_map(cut_between_wide),
    )
}

fn cut_between_wide(word: Word<'_>) -> impl Iterator<Item = Word<'_>> {
    let text = word.word;
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let mut before = None;
        for (at, c) in text[from..].char_indices() {
            if let Some(b) = before {
                if (is_wide(b) || is_wide(c)) && !is_opening(b) && !is_closing(c) {
                    start = Some(from + at);
                    return Some(Word::from(&text[from..from + at]));
                }
            }
            before = Some(c);
        }
        start = None;
        Some(Word {
            whitespace: word.whitespace,
            penalty: word.penalty,
            ..Word::from(&text[from..])
        })
    })
}

/// Whether `c` takes two columns.
fn is_wide(c: char) -> bool {
    !c.is_ascii() && display_width(c.encode_utf8(&mut [0; 4])) == 2
}

/// Punctuation that opens a bracket or a quotation, which no line may end with.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '(' | '['
    )
}

/// Punctuation that closes a clause or a bracket, which no line may start with.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | 'ー'
            | '・'
            | '…'
            | ','
            | '.'
            | '!'
            | '?'
            | ':'
            | ';'
            | ')'
    )
}

/// The columns `text` takes on a terminal.
fn columns(text: &str) -> usize {
    if one_column_each(text) {
        text.len()
    } else {
        display_width(text)
    }
}

/// Whether every byte of `text` is a printable ASCII character or a space, one column each (a tab
/// or an escape sequence is not: `display_width` knows what those take).
fn one_column_each(text: &str) -> bool {
    text.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// `wrap`, joined with newlines (no trailing newline).
#[cfg(test)]
pub(crate) fn fill(text: &str, width: u16, indent: &str) -> String {
    wrap(text, width, indent).join("\n")
}

/// Whether `token` is part of a phone number: digits and the punctuation numbers are written
/// with, and at least one digit. Punctuation that ends a clause may follow (`336-393-1111,`).
/// Bytes, not characters: every character of a number is ASCII, and a word fails at its first
/// letter, which is the common case.
fn is_number_part(token: &str) -> bool {
    let bytes = token.as_bytes();
    let end = bytes
        .iter()
        .rposition(|&b| !is_clause_end(b))
        .map_or(0, |i| i + 1);
    let number = &bytes[..end];
    number.iter().copied().all(is_number_byte) && number.iter().any(u8::is_ascii_digit)
}

/// A byte a phone number is written with: a digit, a bracket, a plus, a dash or a dot.
fn is_number_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'(' | b')' | b'.')
}

/// Punctuation that may end a clause right after a number (`336-393-1111,`).
fn is_clause_end(b: u8) -> bool {
    matches!(b, b',' | b';' | b':' | b'!' | b'?' | b'"' | b'\'')
}

/// `text` with each space inside a phone number replaced by [`GLUE`]; `text` itself, borrowed,
/// when no space needs gluing (most text, even with digits in it: `24/7`, `1-800-528-4800`).
fn glue_numbers(text: &str) -> Cow<'_, str> {
    let mut spaces = glued_spaces(text).peekable();
    if spaces.peek().is_none() {
        return Cow::Borrowed(text);
    }
    // GLUE takes two bytes where the space took one: room for eight.
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    for at in spaces {
        out.push_str(&text[from..at]);
        out.push(GLUE);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// The byte offsets of the spaces inside phone numbers. A space is glued when a short group (at
/// most four digits: `+1`, `(855)`, `800`) is followed by another number part and the number so
/// far has fewer than ten digits. That covers `+1 336-393-1111`, `(855) 411-2372` and
/// `1 800 528 4800`, and leaves `call 1-800-528-4800 24 hours` or `2026-12-01 1 800 ...` alone.
fn glued_spaces(text: &str) -> impl Iterator<Item = usize> + '_ {
    // A glued space has a number part on each side: one that ends in a number's byte or the
    // punctuation after a number, and one that starts with a number's byte.
    // Text without such a space (most of it, numbers included) has nothing to glue.
    let may_glue = text.as_bytes().windows(3).any(|w| {
        w[1] == b' ' && (is_number_byte(w[0]) || is_clause_end(w[0])) && is_number_byte(w[2])
    });
    // The digits of the number being glued so far, and of the word before this one when it was
    // a number part followed by a single space (None otherwise).
    let mut digits_in_run = 0;
    let mut previous: Option<usize> = None;
    let mut at = 0;
    words(if may_glue { text } else { "" }).filter_map(move |(word, spaces)| {
        let start = at;
        at += word.len() + spaces;
        let digits = is_number_part(word).then(|| word.bytes().filter(u8::is_ascii_digit).count());
        let glue = matches!((previous, digits), (Some(p), Some(_)) if p <= 4 && digits_in_run < 10);
        if !glue {
            digits_in_run = 0;
        }
        digits_in_run += digits.unwrap_or(0);
        if digits.is_none() {
            digits_in_run = 0;
        }
        previous = digits.filter(|_| spaces == 1);
        // A glued word follows a single space.
        glue.then(|| start - 1)
    })
}

#[cfg(test)]
#[path = "wrap_tests.rs"]
mod tests;
