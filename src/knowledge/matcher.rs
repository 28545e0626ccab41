//! Turns what a person typed into a reason: an exact slug, an alias, or free text scored against
//! each reason's keywords and phrases, tolerant of typos and word order.

use super::index::{letters, Index};
use super::text::{for_each_term, pieces, push_word};
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
const MIN_SCORE: f32 = 1.0;
/// The winner must beat the runner-up by this factor, or the input is too ambiguous to route.
const MIN_LEAD: f32 = 1.0;

/// A term that matched only through a typo or a prefix counts for less.
const FUZZY: f32 = 0.7;
/// Every word of a phrase present, in any order, earns this much per word on top.
const PHRASE_BONUS: f32 = 0.6;

/// Longest word, in characters, whose edit distance is computed on the stack; longer words (none in
/// the shipped vocabulary) take the allocating path.
const STACK_WORD: usize = 32;

/// Finds the reason for `input`, or returns the three closest reasons when nothing fits well.
pub(crate) fn find_reason<'k>(k: &'k Knowledge, input: &str) -> Result<Match<'k>, Vec<&'k Reason>> {
    let slug = normalize(input);
    if let Some(reason) = k.reasons.iter().find(|r| r.slug == slug) {
        return Ok(Match {
            reason,
            method: MatchMethod::Slug,
        });
    }
    // One buffer for every alias of every reason.
    let mut alias = String::new();
    if let Some(reason) = k.reasons.iter().find(|r| {
        r.aliases.iter().any(|a| {
            normalize_into(a, &mut alias);
            alias == slug
        })
    }) {
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
    normalize_into(text, &mut out);
    out
}

/// `normalize`, into a buffer that the caller can reuse across many texts.
fn normalize_into(text: &str, out: &mut String) {
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

/// Scores every reason against free text; the result is indexed like `k.reasons`.
pub(crate) fn score(k: &Knowledge, input: &str) -> Vec<f32> {
    let mut scores = vec![0.0_f32; k.reasons.len()];
    k.free_text_index().score(input, &mut scores);
    scores
}

/// Free-text search over an index; the index itself is built in `index.rs`, shared with build.rs.
impl Index {
    /// Scores every reason against free text into `scores`, indexed like the reasons indexed.
    fn score(&self, input: &str, scores: &mut [f32]) {
        // Which vocabulary terms the query stands for, by id: the phrase bonus asks of each phrase
        // word whether it is among them.
        let mut resolved = vec![false; self.terms.len()];
        let mut hits: Vec<u32> = Vec::new();
        for_each_term(input, |q| {
            hits.clear();
            let factor = self.lookup(q, &mut hits);
            for &id in &hits {
                resolved[id as usize] = true;
                let term = &self.terms[id as usize];
                for p in &self.postings[term.postings_start as usize..term.postings_end as usize] {
                    scores[p.reason as usize] += p.weight * term.idf * factor;
                }
            }
        });
        let mut best_phrase = vec![0.0_f32; scores.len()];
        for phrase in self.phrases.iter() {
            let words = &self.phrase_words[phrase.start as usize..phrase.end as usize];
            // Two or more words of a phrase together say more than each word alone.
            let present = words.iter().filter(|&&id| resolved[id as usize]).count();
            if present >= 2 {
                #[allow(clippy::cast_precision_loss)] // phrases are a handful of words
                let bonus = PHRASE_BONUS * present as f32 * present as f32 / words.len() as f32;
                let best = &mut best_phrase[phrase.reason as usize];
                *best = best.max(bonus);
            }
        }
        for (score, bonus) in scores.iter_mut().zip(best_phrase) {
            *score += bonus;
        }
    }

    /// Pushes onto `hits` the ids of the vocabulary terms `q` stands for: itself, or its nearest
    /// spellings within a typo or two, or terms it is a prefix of (or that are a prefix of it).
    /// Returns how much to trust the match.
    fn lookup(&self, q: &str, hits: &mut Vec<u32>) -> f32 {
        if let Ok(id) = self.terms.binary_search_by(|t| self.term_text(t).cmp(q)) {
            hits.push(id_of(id));
            return 1.0;
        }
        let len = q.chars().count();
        let max_distance = match len {
            0..=3 => return 0.0,
            4..=6 => 1,
            _ => 2,
        };
        let query = Word::new(q, len);
        let mut best = usize::MAX;
        for (id, term) in self.terms.iter().enumerate() {
            // Cheap tests first: most terms fail both on length and letters alone.
            let tlen = term.chars as usize;
            let near = tlen.abs_diff(len) <= max_distance
                && query.could_be_within(term.letters, max_distance);
            let long = tlen >= 5 && len >= 5;
            if !near && !long {
                continue;
            }
            let d = if near {
                query.distance_within(self.term_text(term), tlen, max_distance)
            } else {
                None
            };
            let d = match d {
                Some(d) => d,
                // A word typed short ("activat") or with an extra ending still counts as a prefix
                // match, a step worse than any typo.
                None if long && either_begins_other(self.term_bytes(term), q.as_bytes()) => {
                    max_distance + 1
                }
                None => continue,
            };
            if d < best {
                best = d;
                hits.clear();
            }
            if d == best {
                hits.push(id_of(id));
            }
        }
        FUZZY
    }
}

/// Whether `a` starts with `b` or `b` with `a`. Most pairs differ in the first byte, which is
/// tested before any slice comparison.
fn either_begins_other(a: &[u8], b: &[u8]) -> bool {
    let n = a.len().min(b.len());
    a.first() == b.first() && a[..n] == b[..n]
}

fn id_of(i: usize) -> u32 {
    u32::try_from(i).expect("the index was built with u32 ids")
}

/// A query word ready for edit distances: its characters decoded once, onto the stack.
struct Word<'q> {
    text: &'q str,
    chars: [char; STACK_WORD],
    len: usize,
    letters: u64,
}

impl<'q> Word<'q> {
    fn new(text: &'q str, len: usize) -> Word<'q> {
        let mut chars = ['\0'; STACK_WORD];
        for (slot, c) in chars.iter_mut().zip(text.chars()) {
            *slot = c;
        }
        Word {
            text,
            chars,
            len,
            letters: letters(text),
        }
    }

    /// Whether a word with these `letters` might lie within `max` edits: false rules it out.
    fn could_be_within(&self, theirs: u64, max: usize) -> bool {
        let missing = (self.letters & !theirs).count_ones();
        let extra = (theirs & !self.letters).count_ones();
        missing.max(extra) as usize <= max
    }

    /// The optimal-string-alignment distance to `other` (of `other_len` characters) when it is at
    /// most `max`, else `None`: the same figure as `strsim::osa_distance`, without allocating.
    fn distance_within(&self, other: &str, other_len: usize, max: usize) -> Option<usize> {
        let d = if self.len > STACK_WORD || other_len > STACK_WORD {
            strsim::osa_distance(self.text, other)
        } else if self.len == self.text.len() && other_len == other.len() {
            osa_within(self.text.as_bytes(), other.as_bytes(), max)?
        } else {
            let mut theirs = ['\0'; STACK_WORD];
            for (slot, c) in theirs.iter_mut().zip(other.chars()) {
                *slot = c;
            }
            osa_within(&self.chars[..self.len], &theirs[..other_len], max)?
        };
        (d <= max).then_some(d)
    }
}

/// Optimal-string-alignment distance (edits plus adjacent swaps) between two words of at most
/// `STACK_WORD` symbols, giving up with `None` as soon as it must exceed `max`: a row's smallest
/// entry never shrinks further down the table, so once it passes `max` so does the answer.
fn osa_within<T: Copy + PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    const W: usize = STACK_WORD + 1;
    let (mut rows_a, mut rows_b, mut rows_c) = ([0_usize; W], [0_usize; W], [0_usize; W]);
    // Rotating references, not arrays: three rows are all the table the recurrence looks back on.
    let (mut before_prev, mut prev, mut cur) = (&mut rows_a, &mut rows_b, &mut rows_c);
    for (j, slot) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *slot = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (cur[j] + 1).min(prev[j + 1] + 1).min(prev[j] + cost);
            if i > 0 && j > 0 && ca != cb && ca == b[j - 1] && cb == a[i - 1] {
                d = d.min(before_prev[j - 1] + 1);
            }
            cur[j + 1] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before_prev, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> Knowledge {
        Knowledge::load(None, false).unwrap()
    }

    /// Routes every `slug<TAB>phrase` line, prints the misses and the figure, returns the share right.
    fn accuracy(k: &Knowledge, corpus: &str, name: &str) -> f64 {
        let mut total = 0_u32;
        let mut right = 0_u32;
        for line in corpus.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let (want, phrase) = line.split_once('\t').expect("slug<TAB>phrase");
            total += 1;
            match find_reason(k, phrase) {
                Ok(m) if m.reason.slug == want => right += 1,
                Ok(m) => println!("MISS {want:>16} -> {:<16} {phrase}", m.reason.slug),
                Err(near) => println!(
                    "NONE {want:>16} -> {:<16} {phrase}",
                    near.iter()
                        .map(|r| r.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            }
        }
        let share = f64::from(right) / f64::from(total);
        println!(
            "{name}: {right}/{total} routed correctly ({:.1}%)",
            share * 100.0
        );
        share
    }

    #[test]
    fn free_text_routes_at_least_95_percent_of_phrasings() {
        let k = knowledge();
        let corpus = include_str!("../../tests/data/phrasings.tsv");
        let second = include_str!("../../tests/data/phrasings2.tsv");
        let first_share = accuracy(&k, corpus, "phrasings.tsv");
        let second_share = accuracy(&k, second, "phrasings2.tsv");
        assert!(first_share >= 0.95 && second_share >= 0.95);
    }

    /// A corpus written apart from the vocabulary and never used to tune it: its figure is the
    /// honest estimate for phrasings nobody has seen. The bar guards against regressions.
    #[test]
    fn free_text_generalises_to_held_out_phrasings() {
        let k = knowledge();
        let corpus = include_str!("../../tests/data/holdout.tsv");
        assert!(accuracy(&k, corpus, "holdout.tsv") >= 0.85);
    }

    #[test]
    fn slugs_and_aliases_match_exactly() {
        let k = knowledge();
        for (input, slug, method) in [
            ("lost-card", "lost-card", MatchMethod::Slug),
            ("Lost Card", "lost-card", MatchMethod::Slug),
            ("stolen", "lost-card", MatchMethod::Alias),
            ("4506-C", "financial-review", MatchMethod::Alias),
            (
                "I left my wallet in a taxi",
                "lost-card",
                MatchMethod::FreeText,
            ),
            ("my car broke down", "roadside", MatchMethod::FreeText),
            (
                "they want my tax returns",
                "financial-review",
                MatchMethod::FreeText,
            ),
            (
                "charged twice for one dinner",
                "dispute",
                MatchMethod::FreeText,
            ),
            ("taxi wallet left", "lost-card", MatchMethod::FreeText),
            (
                "my car brokke down on the hihgway",
                "roadside",
                MatchMethod::FreeText,
            ),
        ] {
            let m = find_reason(&k, input).unwrap_or_else(|_| panic!("{input} did not match"));
            assert_eq!(
                (m.reason.slug.as_str(), m.method),
                (slug, method),
                "{input}"
            );
        }
    }

    #[test]
    fn nonsense_gets_three_suggestions() {
        let k = knowledge();
        for input in ["blah blah", "zzzz", "", "the of and", "💳💳"] {
            let near = find_reason(&k, input).expect_err(input);
            assert_eq!(near.len(), 3, "{input}");
        }
    }

    #[test]
    fn normalize_joins_words_with_single_dashes() {
        for (text, slug) in [
            ("Lost Card", "lost-card"),
            ("  lost--card ", "lost-card"),
            ("4506-C", "4506-c"),
            ("don't’s", "donts"),
            ("’ lost", "lost"),
            ("lost ' - ' card", "lost-card"),
            ("", ""),
            ("💳", ""),
            ("Ünïcode CAFÉ", "ünïcode-café"),
        ] {
            assert_eq!(normalize(text), slug, "{text:?}");
        }
    }

    #[test]
    fn distance_agrees_with_strsim() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "highway", "hihgway", "hgihway", "broke", "brokke",
            "brok", "card", "crad", "cart", "wallet", "walet", "wallte", "café", "cafe", "naïve",
            "naive", "activat", "activate", "ca", "ac", "abcdef", "badcfe",
        ];
        for a in words {
            let wa = Word::new(a, a.chars().count());
            for b in words {
                let want = strsim::osa_distance(a, b);
                for max in 0..4 {
                    let within = (want <= max).then_some(want);
                    let len = b.chars().count();
                    assert_eq!(wa.distance_within(b, len, max), within, "{a} / {b} {max}");
                    if within.is_some() {
                        assert!(wa.could_be_within(letters(b), max), "{a} / {b} {max}");
                    }
                }
            }
        }
    }

    #[test]
    fn long_words_fall_back_to_strsim() {
        let a = "pneumonoultramicroscopicsilicovolcanoconiosis";
        let b = "qneumonoultramicroscopicsilicovolcanoconiosiz";
        let w = Word::new(a, a.chars().count());
        let len = b.chars().count();
        assert_eq!(w.distance_within(b, len, 2), Some(2));
        assert_eq!(w.distance_within(b, len, 1), None);
    }
}

/// Property tests: whatever is typed, the matcher answers with a reason of the knowledge base or
/// three suggestions, never a panic; slugs and aliases are found however they are cased or spaced.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// The slugs the README promises scripts, written out so that the test does not take the
    /// knowledge base's word for what exists.
    const SLUGS: [&str; 18] = [
        "lost-card",
        "fraud",
        "dispute",
        "account",
        "activate",
        "travel",
        "rewards",
        "business",
        "roadside",
        "international",
        "global-assist",
        "concierge",
        "retention",
        "financial-review",
        "apply",
        "fee-waiver",
        "complaint",
        "general",
    ];

    fn knowledge() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| Knowledge::load(None, false).expect("the built-in knowledge loads"))
    }

    /// Checks one answer of `find_reason` for `input` against everything that must hold of it.
    /// Returns whether the answer was suggestions ranked by score (something scored, too little).
    fn check_answer(input: &str) -> Result<bool, TestCaseError> {
        let k = knowledge();
        let scores = score(k, input);
        prop_assert!(
            scores.iter().all(|s| s.is_finite() && *s >= 0.0),
            "scores {:?} for {:?}",
            scores,
            input
        );
        match find_reason(k, input) {
            Ok(m) => {
                let slug = m.reason.slug.as_str();
                prop_assert!(SLUGS.contains(&slug), "{:?} -> unknown {}", input, slug);
                let typed = normalize(input);
                let by_alias = m.reason.aliases.iter().any(|a| normalize(a) == typed);
                match m.method {
                    MatchMethod::Slug => prop_assert_eq!(typed.as_str(), slug),
                    MatchMethod::Alias => prop_assert!(by_alias, "{:?} -> {}", input, slug),
                    MatchMethod::FreeText => {
                        prop_assert!(!SLUGS.contains(&typed.as_str()), "{:?}", input);
                        prop_assert!(!by_alias, "{:?} is an alias of {}", input, slug);
                    }
                }
            }
            Err(near) => {
                let mut slugs: Vec<&str> = near.iter().map(|r| r.slug.as_str()).collect();
                prop_assert!(slugs.iter().all(|s| SLUGS.contains(s)), "{:?}", slugs);
                slugs.sort_unstable();
                slugs.dedup();
                prop_assert_eq!(slugs.len(), 3, "suggestions for {:?}", input);
                // When anything scored, the suggestions are three of the best-scoring reasons.
                let score_of = |slug: &str| {
                    k.reasons
                        .iter()
                        .position(|r| r.slug == slug)
                        .map_or(f32::NAN, |i| scores[i])
                };
                let worst_suggested = slugs.iter().map(|s| score_of(s)).fold(f32::MAX, f32::min);
                let best_other = k
                    .reasons
                    .iter()
                    .filter(|r| !slugs.contains(&r.slug.as_str()))
                    .map(|r| score_of(&r.slug))
                    .fold(0.0_f32, f32::max);
                if best_other > 0.0 {
                    prop_assert!(
                        worst_suggested >= best_other,
                        "{:?}: suggested {:?} over a reason scoring {}",
                        input,
                        slugs,
                        best_other
                    );
                }
                return Ok(scores.iter().any(|s| *s > 0.0));
            }
        }
        Ok(false)
    }

    /// Words the matcher knows, alone or a few together, with typos: deletions, doubled letters,
    /// swaps, case changes. A lone common word ("card") scores too little to route, which is what
    /// reaches the suggestions ranked by score.
    fn typed_words() -> impl Strategy<Value = String> {
        let words = knowledge()
            .reasons
            .iter()
            .flat_map(|r| {
                r.keywords
                    .iter()
                    .chain(&r.aliases)
                    .chain(&r.phrases)
                    .chain([&r.title, &r.description])
            })
            .flat_map(|text| text.split_whitespace().map(str::to_owned))
            .collect::<Vec<String>>();
        prop::collection::vec(
            (
                prop::sample::select(words),
                any::<prop::sample::Index>(),
                0..5u8,
            ),
            1..6,
        )
        .prop_map(|picked| {
            let mut out = String::new();
            for (word, at, typo) in picked {
                let mut chars: Vec<char> = word.chars().collect();
                let i = at
                    .index(chars.len().max(1))
                    .min(chars.len().saturating_sub(1));
                match typo {
                    0 if !chars.is_empty() => {
                        chars.remove(i);
                    }
                    1 if !chars.is_empty() => chars.insert(i, chars[i]),
                    2 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    _ => chars = chars.iter().flat_map(|c| c.to_uppercase()).collect(),
                }
                out.extend(chars);
                out.push(' ');
            }
            out
        })
    }

    /// `text` with each ASCII letter's case chosen by `upper` and each run of dashes and spaces
    /// replaced by one of `gaps`, with `pad` around it.
    fn respelled(text: &str, upper: &[bool], gaps: &[&str], pad: (&str, &str)) -> String {
        let mut out = pad.0.to_owned();
        let mut gap = 0;
        for (k, c) in text.chars().enumerate() {
            if c == '-' || c == ' ' {
                out.push_str(gaps[gap % gaps.len()]);
                gap += 1;
            } else if upper[k % upper.len()] {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
        }
        out.push_str(pad.1);
        out
    }

    const GAP: &str = "( |-|_|  | - |\\.|/|\\t|–)";
    const PAD: &str = "[ \\t\\n\u{a0}]{0,3}";

    #[test]
    fn every_slug_and_alias_as_written_finds_its_reason() {
        let k = knowledge();
        let mut slugs: Vec<&str> = k.reasons.iter().map(|r| r.slug.as_str()).collect();
        slugs.sort_unstable();
        let mut promised = SLUGS.to_vec();
        promised.sort_unstable();
        assert_eq!(slugs, promised);
        for reason in &k.reasons {
            let m = find_reason(k, &reason.slug).unwrap_or_else(|_| panic!("{}", reason.slug));
            assert_eq!(
                (m.reason.slug.as_str(), m.method),
                (reason.slug.as_str(), MatchMethod::Slug)
            );
            for alias in &reason.aliases {
                let m = find_reason(k, alias).unwrap_or_else(|_| panic!("{alias}"));
                assert_eq!(
                    (m.reason.slug.as_str(), m.method),
                    (reason.slug.as_str(), MatchMethod::Alias),
                    "alias {alias}"
                );
            }
        }
    }

    /// Every word the knowledge base uses, alone and with each letter dropped in turn: a lone
    /// common word ("card", "numbr") scores too little to route, the one way to reach the
    /// suggestions ranked by score, which random text seldom finds.
    #[test]
    fn every_known_word_alone_and_misspelled_is_answered() {
        let k = knowledge();
        let mut words: Vec<&str> = k
            .reasons
            .iter()
            .flat_map(|r| {
                r.keywords
                    .iter()
                    .chain(&r.aliases)
                    .chain(&r.phrases)
                    .chain([&r.title, &r.description])
            })
            .flat_map(|text| text.split_whitespace())
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut weak = 0;
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            // Dropping the middle letter is enough to make most words weak.
            let misspelled = [chars.len() / 2]
                .into_iter()
                .filter(|_| chars.len() > 1)
                .map(|skip| {
                    let mut typo = chars.clone();
                    typo.remove(skip);
                    typo.into_iter().collect::<String>()
                });
            for typed in std::iter::once(word.to_owned()).chain(misspelled) {
                weak += usize::from(check_answer(&typed).unwrap());
            }
        }
        // The suggestions-by-score path was reached, so the check above covered it.
        assert!(weak > 10, "only {weak} weak words");
    }

    proptest! {
        #[test]
        fn any_text_gets_a_known_reason_or_three_suggestions(input in any::<String>()) {
            check_answer(&input)?;
        }

        #[test]
        fn long_text_whitespace_and_known_words_are_answered(
            input in prop_oneof![
                "\\PC{100,1500}",
                "[ \\t\\n\\r\u{a0}\u{3000}\u{2028}]{0,40}",
                "[a-z]{30,80}( [a-zé]{1,40}){0,5}",
                typed_words(),
            ],
        ) {
            check_answer(&input)?;
        }

        #[test]
        fn a_slug_in_any_case_and_spacing_is_found(
            index in any::<prop::sample::Index>(),
            upper in prop::collection::vec(any::<bool>(), 1..20),
            gaps in prop::collection::vec(GAP, 1..3),
            pad in (PAD, PAD),
        ) {
            let reason = index.get(&knowledge().reasons);
            let gaps: Vec<&str> = gaps.iter().map(String::as_str).collect();
            let typed = respelled(&reason.slug, &upper, &gaps, (&pad.0, &pad.1));
            let m = find_reason(knowledge(), &typed);
            let got = m.map(|m| (m.reason.slug.as_str(), m.method)).ok();
            prop_assert_eq!(got, Some((reason.slug.as_str(), MatchMethod::Slug)), "{:?}", typed);
        }

        #[test]
        fn an_alias_in_any_case_and_spacing_is_found(
            index in any::<prop::sample::Index>(),
            upper in prop::collection::vec(any::<bool>(), 1..20),
            gaps in prop::collection::vec(GAP, 1..3),
            pad in (PAD, PAD),
        ) {
            let aliases: Vec<(&str, &str)> = knowledge()
                .reasons
                .iter()
                .flat_map(|r| r.aliases.iter().map(move |a| (r.slug.as_str(), a.as_str())))
                .collect();
            let (slug, alias) = *index.get(&aliases);
            let gaps: Vec<&str> = gaps.iter().map(String::as_str).collect();
            let typed = respelled(alias, &upper, &gaps, (&pad.0, &pad.1));
            let m = find_reason(knowledge(), &typed);
            let got = m.map(|m| (m.reason.slug.as_str(), m.method)).ok();
            prop_assert_eq!(got, Some((slug, MatchMethod::Alias)), "{:?}", typed);
        }
    }
}
