//! The free-text index: every routing term of every reason, with its weights, and the phrases as
//! term ids, laid out flat so that the built-in knowledge's index can be written out by `build.rs`
//! as static data and cost nothing to load.
//!
//! This file is compiled into both the crate and `build.rs`; it sees the model and the tokeniser as
//! `super::model` and `super::text` in either place. An index is built at run time only when an
//! overlay adds or replaces reasons. Searching it is the matcher's business.

use std::borrow::Cow;
use std::collections::HashMap;

use super::model::Reason;
use super::text::for_each_term;

/// Vocabulary weight of a term for one reason, by where it came from.
const KEYWORD: f32 = 1.0;
const PHRASE_WORD: f32 = 0.8;
const TITLE_WORD: f32 = 0.6;

/// Terms, postings and phrases of a list of reasons. `Cow` lets the same type hold the static
/// tables `build.rs` generates and the vectors built at run time.
#[derive(Clone, PartialEq)]
pub(super) struct Index {
    /// Every term's text, concatenated in sorted order.
    pub(super) text: Cow<'static, str>,
    /// Sorted by text, so an exact lookup is a binary search.
    pub(super) terms: Cow<'static, [Term]>,
    pub(super) postings: Cow<'static, [Posting]>,
    /// In reason order, then in each reason's phrase order.
    pub(super) phrases: Cow<'static, [Phrase]>,
    /// Term ids of every phrase's words, phrase after phrase.
    pub(super) phrase_words: Cow<'static, [u32]>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Term {
    /// Byte range of the term in `Index::text`.
    pub(super) start: u32,
    pub(super) end: u32,
    /// Length in characters: the typo search filters on it before computing any distance.
    pub(super) chars: u32,
    /// The term's `letters`, the typo search's second filter.
    pub(super) letters: u64,
    /// Range of the term's postings in `Index::postings`, one per reason, in reason order.
    pub(super) postings_start: u32,
    pub(super) postings_end: u32,
    pub(super) idf: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Posting {
    pub(super) reason: u32,
    /// The highest weight the term earns for the reason.
    pub(super) weight: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Phrase {
    pub(super) reason: u32,
    /// Range of the phrase's term ids in `Index::phrase_words`.
    pub(super) start: u32,
    pub(super) end: u32,
}

impl std::fmt::Debug for Index {
    // The full tables run to thousands of lines; their sizes say enough.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("terms", &self.terms.len())
            .field("postings", &self.postings.len())
            .field("phrases", &self.phrases.len())
            .finish_non_exhaustive()
    }
}

/// A set of the characters in `text`, hashed onto 64 bits. Each edit brings at most one character
/// into a word, so the characters either word has and the other lacks bound their edit distance
/// from below: the typo search rules out most of the vocabulary with this alone.
pub(super) fn letters(text: &str) -> u64 {
    text.chars()
        .fold(0, |set, c| set | 1 << (u32::from(c) % 64))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("the knowledge index has fewer than 2^32 entries")
}

/// Vocabulary in first-seen order, before it is sorted and flattened.
#[derive(Default)]
struct Builder {
    ids: HashMap<String, u32>,
    /// Per term: (reason, weight), one per reason, the highest weight kept.
    postings: Vec<Vec<(u32, f32)>>,
}

impl Builder {
    fn add(&mut self, term: &str, reason: u32, weight: f32) -> u32 {
        let id = if let Some(&id) = self.ids.get(term) {
            id
        } else {
            let id = to_u32(self.postings.len());
            self.ids.insert(term.to_owned(), id);
            self.postings.push(Vec::new());
            id
        };
        let postings = &mut self.postings[id as usize];
        match postings.iter_mut().find(|(r, _)| *r == reason) {
            Some(slot) => slot.1 = slot.1.max(weight),
            None => postings.push((reason, weight)),
        }
        id
    }
}

impl Index {
    pub(super) fn build(reasons: &[Reason]) -> Index {
        let mut vocab = Builder::default();
        let mut phrases = Vec::new();
        let mut phrase_words = Vec::new();
        for (r, reason) in reasons.iter().enumerate() {
            let r = to_u32(r);
            for text in reason
                .keywords
                .iter()
                .chain(&reason.aliases)
                .chain([&reason.slug])
            {
                for_each_term(text, |t| {
                    vocab.add(t, r, KEYWORD);
                });
            }
            for phrase in &reason.phrases {
                let start = to_u32(phrase_words.len());
                for_each_term(phrase, |t| phrase_words.push(vocab.add(t, r, PHRASE_WORD)));
                phrases.push(Phrase {
                    reason: r,
                    start,
                    end: to_u32(phrase_words.len()),
                });
            }
            for_each_term(&reason.title, |t| {
                vocab.add(t, r, TITLE_WORD);
            });
        }

        let mut order: Vec<(&str, u32)> =
            vocab.ids.iter().map(|(t, &id)| (t.as_str(), id)).collect();
        order.sort_unstable();
        let mut renumber = vec![0_u32; order.len()];
        #[allow(clippy::cast_precision_loss)] // a few dozen reasons
        let n = reasons.len() as f32;
        let mut text = String::new();
        let mut terms = Vec::with_capacity(order.len());
        let mut postings = Vec::new();
        for (new_id, &(term, old_id)) in order.iter().enumerate() {
            renumber[old_id as usize] = to_u32(new_id);
            let own = &vocab.postings[old_id as usize];
            #[allow(clippy::cast_precision_loss)]
            let df = own.len() as f32;
            terms.push(Term {
                start: to_u32(text.len()),
                end: to_u32(text.len() + term.len()),
                chars: to_u32(term.chars().count()),
                letters: letters(term),
                postings_start: to_u32(postings.len()),
                postings_end: to_u32(postings.len() + own.len()),
                idf: (1.0 + n / df).ln(),
            });
            text.push_str(term);
            postings.extend(
                own.iter()
                    .map(|&(reason, weight)| Posting { reason, weight }),
            );
        }
        for id in &mut phrase_words {
            *id = renumber[*id as usize];
        }
        Index {
            text: Cow::Owned(text),
            terms: Cow::Owned(terms),
            postings: Cow::Owned(postings),
            phrases: Cow::Owned(phrases),
            phrase_words: Cow::Owned(phrase_words),
        }
    }

    pub(super) fn term_text(&self, term: &Term) -> &str {
        &self.text[term.start as usize..term.end as usize]
    }

    /// `term_text` as bytes, without the character-boundary checks.
    pub(super) fn term_bytes(&self, term: &Term) -> &[u8] {
        &self.text.as_bytes()[term.start as usize..term.end as usize]
    }
}
