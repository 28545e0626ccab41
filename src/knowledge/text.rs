//! Words as slugs see them: the pieces of a text that hold one word each, lowercased, which
//! `normalize` joins with dashes to compare what was typed with slugs and aliases.

/// The stretches of `text` that hold one word each: letters, digits and apostrophes.
pub(super) fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || is_zero_width(c)))
}

/// Characters that print as nothing: inside a word ("lo\u{200b}st") they do not cut it, and
/// `push_word` drops them. The router's features use the same list.
pub(super) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Appends the word in `piece` to `out`: its letters and digits, lowercased.
pub(super) fn push_word(piece: &str, out: &mut String) {
    // Nearly every piece is ASCII, where a byte test does the work of the Unicode tables at a
    // fraction of the cost; for ASCII both branches append the same characters.
    if piece.is_ascii() {
        out.extend(
            piece
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.extend(
            piece
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
    }
}

/// The slug form of any text: lowercase letters and digits, words joined by single dashes. What
/// `route` looks a typed reason up by, and so the form `validate` requires of slugs and aliases.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// `normalize`, into a buffer that the caller can reuse across many texts.
pub(super) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    for piece in pieces(text) {
        let before = out.len();
        if before > 0 {
            out.push('-');
        }
        let start = out.len();
        push_word(piece, out);
        if out.len() == start {
            // No word here after all: take back its dash.
            out.truncate(before);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_lose_apostrophes_and_case() {
        let mut out = String::new();
        for piece in pieces("I don't RECOGNISE these’s") {
            push_word(piece, &mut out);
            out.push('|');
        }
        assert_eq!(out, "i|dont|recognise|theses|");
    }
}
