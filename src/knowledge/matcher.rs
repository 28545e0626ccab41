//! Turns what a person typed into a reason: an exact slug, an alias, or free text scored against
//! each reason's keywords and phrases, tolerant of typos and word order.

use std::collections::HashMap;

use super::{Knowledge, Reason};

/// How the input was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MatchMethod {
    Slug,
    Alias,
    FreeText,
}

#[derive(Debug)]
pub(crate) struct Match<'k> {
    pub(crate) reason: &'k Reason,
    pub(crate) method: MatchMethod,
}

/// A free-text score must reach this to count as a match: about one specific keyword.
const MIN_SCORE: f32 = 1.4;
/// The winner must beat the runner-up by this factor, or the input is too ambiguous to route.
const MIN_LEAD: f32 = 1.15;

/// Words that carry no meaning for routing.
const STOPWORDS: &[&str] = &[
    "a", "about", "am", "amex", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has", "have", "he",
    "her", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it", "its", "ive", "just",
    "me", "my", "of", "on", "or", "our", "please", "so", "some", "that", "the", "their", "them",
    "then", "there", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when",
    "where", "which", "who", "will", "with", "would", "you", "your", "american", "express", "need",
    "want", "help", "im", "ive", "id", "its", "dont", "still", "one", "like", "know", "think",
];

/// Finds the reason for `input`, or returns the three closest reasons when nothing fits well.
pub(crate) fn find_reason<'k>(k: &'k Knowledge, input: &str) -> Result<Match<'k>, Vec<&'k Reason>> {
    let slug = normalize(input);
    if let Some(reason) = k.reasons.iter().find(|r| r.slug == slug) {
        return Ok(Match {
            reason,
            method: MatchMethod::Slug,
        });
    }
    if let Some(reason) = k
        .reasons
        .iter()
        .find(|r| r.aliases.iter().any(|a| normalize(a) == slug))
    {
        return Ok(Match {
            reason,
            method: MatchMethod::Alias,
        });
    }
    let scores = score(k, input);
    let mut ranked: Vec<(usize, f32)> = scores.into_iter().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let (best, top) = ranked[0];
    let second = ranked.get(1).map_or(0.0, |r| r.1);
    if top >= MIN_SCORE && top >= second * MIN_LEAD {
        return Ok(Match {
            reason: &k.reasons[best],
            method: MatchMethod::FreeText,
        });
    }
    Err(closest(k, &slug, &ranked))
}

/// The three nearest reasons: by score when anything scored, else by spelling against the slug.
fn closest<'k>(k: &'k Knowledge, slug: &str, ranked: &[(usize, f32)]) -> Vec<&'k Reason> {
    if ranked.first().is_some_and(|r| r.1 > 0.0) {
        return ranked.iter().take(3).map(|&(i, _)| &k.reasons[i]).collect();
    }
    let mut by_spelling: Vec<(f64, &Reason)> = k
        .reasons
        .iter()
        .map(|r| (strsim::jaro_winkler(slug, &r.slug), r))
        .collect();
    by_spelling.sort_by(|a, b| b.0.total_cmp(&a.0));
    by_spelling.into_iter().take(3).map(|(_, r)| r).collect()
}

/// The slug form of any text: lowercase ASCII letters and digits joined by single dashes.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in words(text) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out
}

/// Lowercase words of letters and digits; apostrophes vanish so "don't" reads as "dont".
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
}

/// The words of `text` that matter for routing, lightly stemmed so "charged" meets "charge".
fn terms(text: &str) -> Vec<String> {
    words(text)
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(word: &str) -> String {
    let n = word.chars().count();
    for (suffix, min_len, replacement) in [
        ("ies", 5, "y"),
        ("ing", 6, ""),
        ("ed", 5, ""),
        ("es", 5, ""),
        ("s", 4, ""),
    ] {
        if n >= min_len && word.ends_with(suffix) && !word.ends_with("ss") {
            return format!("{}{replacement}", &word[..word.len() - suffix.len()]);
        }
    }
    word.to_owned()
}

/// Vocabulary weight of a term for one reason, by where it came from.
const KEYWORD: f32 = 1.0;
const PHRASE_WORD: f32 = 0.8;
const TITLE_WORD: f32 = 0.6;
/// A term that matched only through a typo or a prefix counts for less.
const FUZZY: f32 = 0.7;
/// Every word of a phrase present, in any order, earns this much per word on top.
const PHRASE_BONUS: f32 = 0.6;

/// Scores every reason against free text; the result is indexed like `k.reasons`.
pub(crate) fn score(k: &Knowledge, input: &str) -> Vec<f32> {
    let index = Index::build(k);
    let query = terms(input);
    let mut scores = vec![0.0_f32; k.reasons.len()];
    // Each query term resolves to the vocabulary terms it stands for (itself, or typo neighbours).
    let mut resolved: Vec<&str> = Vec::new();
    for q in &query {
        let (hits, factor) = index.lookup(q);
        for term in &hits {
            resolved.push(term);
        }
        for term in hits {
            if let Some(entry) = index.terms.get(term) {
                for &(r, weight) in &entry.reasons {
                    scores[r] += weight * entry.idf * factor;
                }
            }
        }
    }
    for (r, reason) in k.reasons.iter().enumerate() {
        for phrase in &reason.phrases {
            let words = terms(phrase);
            if words.len() >= 2 && words.iter().all(|w| resolved.contains(&w.as_str())) {
                #[allow(clippy::cast_precision_loss)] // phrases are a handful of words
                let len = words.len() as f32;
                scores[r] += PHRASE_BONUS * len;
            }
        }
    }
    scores
}

struct Entry {
    /// (reason index, weight), one per reason, the highest weight kept.
    reasons: Vec<(usize, f32)>,
    idf: f32,
}

struct Index {
    terms: HashMap<String, Entry>,
}

impl Index {
    fn build(k: &Knowledge) -> Index {
        let mut vocab: HashMap<String, Entry> = HashMap::new();
        let mut add = |term: String, r: usize, weight: f32| {
            let entry = vocab.entry(term).or_insert(Entry {
                reasons: Vec::new(),
                idf: 0.0,
            });
            match entry.reasons.iter_mut().find(|(i, _)| *i == r) {
                Some(slot) => slot.1 = slot.1.max(weight),
                None => entry.reasons.push((r, weight)),
            }
        };
        for (r, reason) in k.reasons.iter().enumerate() {
            for text in reason
                .keywords
                .iter()
                .chain(&reason.aliases)
                .chain([&reason.slug])
            {
                for t in terms(text) {
                    add(t, r, KEYWORD);
                }
            }
            for t in reason.phrases.iter().flat_map(|p| terms(p)) {
                add(t, r, PHRASE_WORD);
            }
            for t in terms(&reason.title) {
                add(t, r, TITLE_WORD);
            }
        }
        #[allow(clippy::cast_precision_loss)] // a few dozen reasons
        let n = k.reasons.len() as f32;
        for entry in vocab.values_mut() {
            #[allow(clippy::cast_precision_loss)]
            let df = entry.reasons.len() as f32;
            entry.idf = (1.0 + n / df).ln();
        }
        Index { terms: vocab }
    }

    /// The vocabulary terms `q` stands for, and how much to trust the match.
    fn lookup<'q>(&'q self, q: &'q str) -> (Vec<&'q str>, f32) {
        if let Some((term, _)) = self.terms.get_key_value(q) {
            return (vec![term.as_str()], 1.0);
        }
        let len = q.chars().count();
        let max_distance = match len {
            0..=3 => return (Vec::new(), 0.0),
            4..=6 => 1,
            _ => 2,
        };
        let mut best = usize::MAX;
        let mut hits: Vec<&str> = Vec::new();
        for term in self.terms.keys() {
            let tlen = term.chars().count();
            let d = if tlen.abs_diff(len) <= max_distance {
                strsim::osa_distance(q, term)
            } else {
                usize::MAX
            };
            // A word typed short ("activat") or with an extra ending still counts as a prefix match.
            let prefix =
                tlen >= 5 && len >= 5 && (term.starts_with(q) || q.starts_with(term.as_str()));
            let d = if d <= max_distance {
                d
            } else if prefix {
                max_distance + 1
            } else {
                continue;
            };
            if d < best {
                best = d;
                hits.clear();
            }
            if d == best {
                hits.push(term);
            }
        }
        (hits, FUZZY)
    }
}
