//! What the free-text router sees of a text: hashed word unigrams, word bigrams and character
//! 3- to 5-grams of each word with its boundaries marked, so that "pickpocketed", "pickpocket" and
//! "pikpocketed" share most of their features and typos need no edit distance; and the mean of its
//! words' vectors (looked up in a `Vocabulary`; the vectors themselves are `corpus::WordVectors`,
//! at build time), so that a word no training sentence used still counts by what it means.
//!
//! Compiled into the binary, into `build.rs` (which trains the model) and into
//! `examples/eval_router.rs`: all three must cut text into exactly the same features, hence one
//! file with no dependencies.

use std::cmp::Ordering;

/// The model has `1 << BUCKET_BITS` feature rows.
pub(crate) const BUCKET_BITS: u32 = 16;

/// Words beyond this many are ignored: a pasted letter says what it is about long before its end,
/// and the cap bounds the work on any input. A count of words fits in a `u16`.
const MAX_WORDS: usize = 200;
const _: () = assert!(MAX_WORDS <= u16::MAX as usize);

/// Longest word, in characters, whose character n-grams are taken; a longer run of letters is no
/// word anyone types, and the cap bounds the work per word.
const MAX_WORD_CHARS: usize = 40;

/// How much a word or a pair of words counts against one character n-gram: a word has a dozen
/// n-grams, and without this the words themselves would be drowned out (cross-validation: about a
/// point of accuracy).
const WORD_WEIGHT: f32 = 3.0;

/// Calls `f` with each word of `text`, lowercased, letters and digits only: the text is cut at
/// anything else but an apostrophe, which is dropped ("don't" is "dont"). At most `MAX_WORDS`.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut words = 0;
    for piece in text.split(|c: char| !(is_word_char(c) || is_zero_width(c))) {
        word.clear();
        for c in piece.chars().filter(|c| c.is_alphanumeric()) {
            word.extend(c.to_lowercase());
        }
        if word.is_empty() {
            continue;
        }
        words += 1;
        if words > MAX_WORDS {
            break;
        }
        f(&word);
    }
}

/// A letter or digit, or an apostrophe (which is dropped from the word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// Characters that print as nothing: inside a word ("lo\u{200b}st") they do not cut it, and are
/// dropped from it as an apostrophe is. `text::is_zero_width` is the same list (a test holds the
/// two together), as this file is compiled on its own into `build.rs`.
pub(super) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Reads `text` once: calls `f` with the bucket and weight of every hashed feature, once per
/// occurrence, and `known` with the index of each word that `vocabulary` has; returns how many
/// words `text` has, known or not.
pub(crate) fn for_each_feature(
    text: &str,
    vocabulary: &Vocabulary,
    mut f: impl FnMut(u32, f32),
    mut known: impl FnMut(usize),
) -> u16 {
    let mut prev: Option<u64> = None;
    let mut words = 0;
    for_each_word(text, |word| {
        words += 1;
        if let Some(i) = vocabulary.find(word) {
            known(i);
        }
        let whole = hash(1, word.as_bytes());
        f(bucket(whole), WORD_WEIGHT);
        if let Some(p) = prev {
            f(bucket(mix(p, whole)), WORD_WEIGHT);
        }
        prev = Some(whole);
        char_ngrams(word, &mut |b| f(b, 1.0));
    });
    words
}

/// The 3- to 5-grams of `<word>`, in characters. A word of one or two letters is left to its
/// unigram: its n-grams would be the word itself again.
fn char_ngrams(word: &str, f: &mut impl FnMut(u32)) {
    let mut bounds: [usize; MAX_WORD_CHARS + 3] = [0; MAX_WORD_CHARS + 3];
    // Byte offsets of each character of "<word>": '<' at 0, the word's characters after it.
    let mut n = 0;
    for (i, _) in word.char_indices() {
        if n == MAX_WORD_CHARS {
            return;
        }
        bounds[n + 1] = i + 1;
        n += 1;
    }
    if n < 3 {
        return;
    }
    bounds[n + 1] = word.len() + 1;
    bounds[n + 2] = word.len() + 2;
    let mut marked = [0_u8; 4 * MAX_WORD_CHARS + 2];
    marked[0] = b'<';
    marked[1..=word.len()].copy_from_slice(word.as_bytes());
    marked[word.len() + 1] = b'>';
    let chars = n + 2;
    for len in 3..=5_u8 {
        let n = usize::from(len);
        for start in 0..=chars.saturating_sub(n) {
            let gram = &marked[bounds[start]..bounds[start + n]];
            f(bucket(hash(2 + len, gram)));
        }
    }
}

/// The factor that scales a text's features, from the sum of their weights: long and short texts
/// then weigh alike.
pub(crate) fn norm(total_weight: f32) -> f32 {
    1.0 / total_weight.max(1.0).sqrt()
}

/// FNV-1a over `kind` then `bytes`, so that the word "the" and the trigram "the" differ.
fn hash(kind: u8, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in std::iter::once(&kind).chain(bytes) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A bigram's hash from its two words' hashes; order matters ("card lost" is not "lost card").
fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The top bits of a multiplicative hash: FNV's low bits alone are poorly mixed.
fn bucket(h: u64) -> u32 {
    // The shift leaves BUCKET_BITS bits, which fit in a u32.
    #[allow(clippy::cast_possible_truncation)]
    let b = (h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BUCKET_BITS)) as u32;
    b
}

/// The vocabulary of the word vectors (`data/router/vectors/words.txt`, made by
/// `scripts/derive-word-vectors.py`), sorted by bytes so that a word is found by binary search.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Vocabulary<'a> {
    /// Every word followed by a newline.
    pub(crate) words: &'a str,
    /// Where each word starts in `words`, then `words.len()`.
    pub(crate) starts: &'a [u32],
}

impl Vocabulary<'_> {
    pub(crate) fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub(crate) fn word(&self, i: usize) -> &str {
        let (start, end) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.words.get(start..end - 1).unwrap_or_default()
    }

    /// The index of `word`.
    pub(crate) fn find(&self, word: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).as_bytes().cmp(word.as_bytes()) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}
