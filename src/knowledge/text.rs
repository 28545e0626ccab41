//! Words and routing terms: the tokeniser and stemmer shared by the matcher at run time and by
//! `build.rs`, which uses them to index the built-in knowledge ahead of time.
//!
//! Both sides must cut text into exactly the same terms, or the prebuilt index would disagree with
//! one built at run time; hence one file, compiled into both.

/// Words that carry no meaning for routing. Kept sorted (a test checks) so membership is a binary
/// search: indexing tests every word of every phrase against this list.
const STOPWORDS: &[&str] = &[
    "a", "about", "am", "american", "amex", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "dont", "express", "for", "from", "get",
    "got", "had", "has", "have", "he", "help", "her", "him", "his", "how", "i", "id", "if", "im",
    "in", "into", "is", "it", "its", "ive", "just", "know", "like", "me", "my", "need", "of", "on",
    "one", "or", "our", "please", "so", "some", "still", "that", "the", "their", "them", "then",
    "there", "they", "think", "this", "to", "up", "us", "want", "was", "we", "were", "what",
    "when", "where", "which", "who", "will", "with", "would", "you", "your",
];

/// Calls `f` with each lowercase word of letters and digits in `text`; apostrophes vanish so
/// "don't" reads as "dont". One buffer serves every word, so a long text costs no allocation per
/// word; `f` may rewrite the word in place.
pub(super) fn for_each_word(text: &str, mut f: impl FnMut(&mut String)) {
    let mut word = String::new();
    for piece in pieces(text) {
        word.clear();
        push_word(piece, &mut word);
        if !word.is_empty() {
            f(&mut word);
        }
    }
}

/// The stretches of `text` that hold one word each: letters, digits and apostrophes.
pub(super) fn pieces(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
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

/// Calls `f` with each word of `text` that matters for routing, lightly stemmed so "charged"
/// meets "charge".
pub(super) fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    for_each_word(text, |word| {
        if STOPWORDS.binary_search(&word.as_str()).is_err() {
            stem_in_place(word);
            f(word);
        }
    });
}

/// A light suffix stripper: enough to make "charged", "charges" and "charge" one term, and
/// "cancelled" meet "cancel". Not a full Porter stemmer; routing needs only the common endings.
pub(super) fn stem_in_place(w: &mut String) {
    let n = w.chars().count();
    for (suffix, min_len, replacement) in [
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("es", 5, ""),
        ("s", 4, ""),
    ] {
        if n >= min_len && w.ends_with(suffix) && !w.ends_with("ss") {
            w.truncate(w.len() - suffix.len());
            w.push_str(replacement);
            break;
        }
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    // "cancell" and "stopp" lose the doubled consonant their suffix left behind.
    let bytes = w.as_bytes();
    if bytes.len() > 4 {
        let (a, b) = (bytes[bytes.len() - 2], bytes[bytes.len() - 1]);
        if a == b && b.is_ascii_alphabetic() && !b"aeious".contains(&b) {
            w.pop();
        }
    }
}

/// The slug form of any text: lowercase letters and digits, words joined by single dashes. What
/// `route` looks a typed reason up by, and so the form `validate` requires of slugs and aliases.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for piece in pieces(text) {
        let before = out.len();
        if before > 0 {
            out.push('-');
        }
        let start = out.len();
        push_word(piece, &mut out);
        if out.len() == start {
            // No word here after all: take back its dash.
            out.truncate(before);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> String {
        let mut w = word.to_owned();
        stem_in_place(&mut w);
        w
    }

    fn terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_term(text, |t| out.push(t.to_owned()));
        out
    }

    #[test]
    fn stopwords_are_sorted_and_unique() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stemming_joins_common_forms() {
        for (a, b) in [
            ("charged", "charge"),
            ("cancelled", "cancel"),
            ("charges", "charge"),
            ("fees", "fee"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn terms_drop_stopwords_and_apostrophes() {
        assert_eq!(
            terms("I don't recognise THESE charges’s"),
            ["recognis", "thes", "chargess"]
        );
        assert_eq!(terms("the of and"), Vec::<String>::new());
    }
}
