//! The router's training data, all in the repository: `data/router/public/*.tsv` (derived from
//! the BANKING77 and CLINC150 training splits by `scripts/derive-router-data.py`),
//! `data/router/own/*.tsv` (our own phrasings), `tests/data/*.tsv` (the older corpora) and each
//! reason's phrases and title in `knowledge.toml`; and the fixed split of it into folds.
//!
//! Compiled into `build.rs` and `examples/eval_router.rs` (with `train.rs`), and into the crate's
//! tests, which score the held-out fold.

use std::fs;
use std::path::{Path, PathBuf};

use super::features::{for_each_word, Vocabulary};

/// Dimensions of a word vector in `data/router/vectors/vectors.bin`.
pub(crate) const DIMS: usize = 192;

/// The label of text that is about none of the reasons.
pub(crate) const OOS: &str = "oos";

/// How many random-word texts `Corpus::add_noise` adds.
const NOISE_EXAMPLES: usize = 2000;

/// Phrasings kept out of training, to measure the router on (`Corpus::unseen`).
pub(crate) const UNSEEN: &str = "data/router/unseen";

/// Folds of the cross-validation that chooses temperature and threshold.
pub(crate) const FOLDS: usize = 5;

/// Where an example came from, reported separately because they measure different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// BANKING77 or CLINC150 (training splits), in scope.
    Public,
    /// CLINC150's other domains (weather, recipes, music...): not about the card.
    PublicOther,
    /// CLINC150's own out-of-scope queries: the hardest "not about the card".
    PublicOos,
    /// `data/router/own/`, in scope.
    Own,
    /// `data/router/own/`, labelled `oos`: questions about other things that look like ours (lost
    /// keys, a library card, a poem), which strangers ask and the public data has few of.
    OwnOos,
    /// `tests/data/*.tsv`.
    Corpus,
    /// A phrase or title in `knowledge.toml`.
    Knowledge,
    /// A few words drawn at random from the vectors' vocabulary, none of them used by any
    /// in-scope example (`Corpus::add_noise`): not about the card, as one stray word is no
    /// evidence of anything.
    Noise,
}

impl Origin {
    pub(crate) const ALL: [Origin; 8] = [
        Origin::Public,
        Origin::PublicOther,
        Origin::PublicOos,
        Origin::Own,
        Origin::OwnOos,
        Origin::Corpus,
        Origin::Knowledge,
        Origin::Noise,
    ];

    /// Out-of-scope questions written as strangers ask them (CLINC150's own, and ours), as
    /// against other domains' intents and random words: weighted up in training and scored apart
    /// in calibration.
    pub(crate) fn is_hard_oos(self) -> bool {
        matches!(self, Origin::PublicOos | Origin::OwnOos)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Origin::Public => "public (BANKING77, CLINC150), in scope",
            Origin::PublicOther => "public, other domains (out of scope)",
            Origin::PublicOos => "public, CLINC150's out-of-scope queries",
            Origin::Own => "own phrasings (data/router/own)",
            Origin::OwnOos => "own out-of-scope phrasings (data/router/own)",
            Origin::Corpus => "older corpora (tests/data)",
            Origin::Knowledge => "knowledge.toml phrases",
            Origin::Noise => "random words (out of scope)",
        }
    }
}

/// One labelled text.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub(crate) text: String,
    /// Class indices: the first is trained on, any counts as right. Empty never.
    pub(crate) labels: Vec<usize>,
    pub(crate) origin: Origin,
    /// The file it was read from, as an index into [`Corpus::files`] (none for generated noise).
    pub(crate) file: Option<usize>,
}

/// The training data and the classes: the reasons in `knowledge.toml` order, then `oos`.
#[derive(Debug)]
pub(crate) struct Corpus {
    pub(crate) classes: Vec<String>,
    pub(crate) examples: Vec<Example>,
    /// Every file read, for `cargo::rerun-if-changed`.
    pub(crate) inputs: Vec<PathBuf>,
    /// The names of the files examples came from, in the order first met.
    pub(crate) files: Vec<String>,
}

impl Corpus {
    pub(crate) fn oos(&self) -> usize {
        self.classes.len() - 1
    }

    /// Reads every training file under `root` (the repository).
    pub(crate) fn load(root: &Path) -> Result<Corpus, String> {
        let mut corpus = Corpus {
            classes: Vec::new(),
            examples: Vec::new(),
            inputs: Vec::new(),
            files: Vec::new(),
        };
        let knowledge = corpus.read(&root.join("knowledge.toml"))?;
        let table: toml::Table = knowledge
            .parse()
            .map_err(|err| format!("knowledge.toml: {err}"))?;
        let reasons = table
            .get("reasons")
            .and_then(toml::Value::as_array)
            .ok_or("knowledge.toml has no [[reasons]]")?;
        let mut phrases = Vec::new();
        for reason in reasons {
            let field = |name: &str| reason.get(name).and_then(toml::Value::as_str);
            let slug = field("slug").ok_or("a reason has no slug")?;
            corpus.classes.push(slug.to_owned());
            let listed = reason.get("phrases").and_then(toml::Value::as_array);
            for text in listed
                .into_iter()
                .flatten()
                .filter_map(toml::Value::as_str)
                .chain(field("title"))
            {
                phrases.push((text.to_owned(), slug.to_owned()));
            }
        }
        corpus.classes.push(OOS.to_owned());
        for (text, slug) in phrases {
            corpus.push(&text, &slug, Origin::Knowledge, "knowledge.toml")?;
        }
        for (dir, origin) in [
            ("data/router/public", Origin::Public),
            ("data/router/own", Origin::Own),
            ("tests/data", Origin::Corpus),
        ] {
            corpus.read_dir(&root.join(dir), origin)?;
        }
        Ok(corpus)
    }

    /// The phrasings of `data/router/unseen/`, which no model is trained on: written by people
    /// who never saw the training data, to measure how the router reads text unlike it. Same
    /// classes as `self`, same format as `data/router/own/`.
    pub(crate) fn unseen(&self, root: &Path) -> Result<Corpus, String> {
        let mut unseen = Corpus {
            classes: self.classes.clone(),
            examples: Vec::new(),
            inputs: Vec::new(),
            files: Vec::new(),
        };
        unseen.read_dir(&root.join(UNSEEN), Origin::Own)?;
        Ok(unseen)
    }

    /// Reads every `.tsv` file of `dir`, in name order, as examples of `origin`.
    fn read_dir(&mut self, dir: &Path, origin: Origin) -> Result<(), String> {
        self.inputs.push(dir.to_owned());
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map_err(|err| format!("cannot list {}: {err}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
            .collect();
        // Directory order differs between machines; the model must not.
        files.sort();
        for file in files {
            let text = self.read(&file)?;
            let name = file.display().to_string();
            for (n, line) in text.lines().enumerate() {
                let Some((a, b)) = line.split_once('\t') else {
                    if line.trim().is_empty() {
                        continue;
                    }
                    return Err(format!("{name}:{}: no tab in {line:?}", n + 1));
                };
                // The older corpora are `slug<TAB>phrase` with a header; ours the other way.
                let (text, labels) = if origin == Origin::Corpus {
                    (b, a)
                } else {
                    (a, b)
                };
                if origin == Origin::Corpus && n == 0 {
                    continue;
                }
                let origin = match origin {
                    Origin::Public if name.ends_with("-oos.tsv") => Origin::PublicOos,
                    Origin::Public if labels == OOS => Origin::PublicOther,
                    Origin::Own if labels == OOS => Origin::OwnOos,
                    other => other,
                };
                self.push(text, labels.trim(), origin, &name)
                    .map_err(|err| format!("{name}:{}: {err}", n + 1))?;
            }
        }
        Ok(())
    }

    /// Adds `NOISE_EXAMPLES` texts of one to three words drawn from `vocabulary`, each word one
    /// that no in-scope example uses, labelled out of scope. The draw is seeded: the same data
    /// gives the same texts.
    pub(crate) fn add_noise(&mut self, vocabulary: &Vocabulary) {
        let oos = self.oos();
        let mut used = std::collections::HashSet::new();
        for e in self.examples.iter().filter(|e| e.labels[0] != oos) {
            for_each_word(&e.text, |w| {
                used.insert(w.to_owned());
            });
        }
        let unused: Vec<&str> = (0..vocabulary.len())
            .map(|i| vocabulary.word(i))
            .filter(|w| w.len() >= 3 && !used.contains(*w))
            .collect();
        if unused.is_empty() {
            return;
        }
        let mut state: u64 = 0x6e6f_6973_6521;
        let mut next = |n: usize| {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            // The remainder is below n, a usize.
            #[allow(clippy::cast_possible_truncation)]
            let pick = ((z ^ (z >> 31)) % n as u64) as usize;
            pick
        };
        for _ in 0..NOISE_EXAMPLES {
            let words: Vec<&str> = (0..=next(3)).map(|_| unused[next(unused.len())]).collect();
            self.examples.push(Example {
                text: words.join(" "),
                labels: vec![oos],
                origin: Origin::Noise,
                file: None,
            });
        }
    }

    fn read(&mut self, path: &Path) -> Result<String, String> {
        self.inputs.push(path.to_owned());
        fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))
    }

    fn push(&mut self, text: &str, labels: &str, origin: Origin, file: &str) -> Result<(), String> {
        let labels = labels
            .split(',')
            .map(|slug| {
                self.classes
                    .iter()
                    .position(|c| c == slug.trim())
                    .ok_or_else(|| format!("{file}: unknown reason {slug:?}"))
            })
            .collect::<Result<Vec<usize>, String>>()?;
        if labels.is_empty() || text.trim().is_empty() {
            return Ok(());
        }
        if self.files.last().is_none_or(|last| last != file) {
            self.files.push(file.to_owned());
        }
        self.examples.push(Example {
            text: text.trim().to_owned(),
            labels,
            origin,
            file: Some(self.files.len() - 1),
        });
        Ok(())
    }
}

/// The word vectors of `data/router/vectors/`, read and checked.
#[derive(Debug)]
pub(crate) struct WordVectors {
    pub(crate) words: String,
    pub(crate) starts: Vec<u32>,
    pub(crate) values: Vec<u8>,
    pub(crate) scale: f32,
    /// The files read, for `cargo::rerun-if-changed`.
    pub(crate) inputs: Vec<PathBuf>,
}

impl WordVectors {
    pub(crate) const DIR: &'static str = "data/router/vectors";

    pub(crate) fn load(root: &Path) -> Result<WordVectors, String> {
        let dir = root.join(Self::DIR);
        let path = |name: &str| dir.join(name);
        let fail =
            |name: &str, err: &dyn std::fmt::Display| format!("{}: {err}", path(name).display());
        let words = fs::read_to_string(path("words.txt")).map_err(|e| fail("words.txt", &e))?;
        let values = fs::read(path("vectors.bin")).map_err(|e| fail("vectors.bin", &e))?;
        let scale: f32 = fs::read_to_string(path("scale.txt"))
            .map_err(|e| fail("scale.txt", &e))?
            .trim()
            .parse()
            .map_err(|e| fail("scale.txt", &e))?;
        let mut starts = vec![0_u32];
        let mut prev: Option<&str> = None;
        for (n, word) in words.split_terminator('\n').enumerate() {
            if word.is_empty() || prev.is_some_and(|p| p.as_bytes() >= word.as_bytes()) {
                return Err(fail(
                    "words.txt",
                    &format!("line {}: {word:?} is empty or out of order", n + 1),
                ));
            }
            prev = Some(word);
            let end = starts[starts.len() - 1] as usize + word.len() + 1;
            starts.push(u32::try_from(end).map_err(|e| fail("words.txt", &e))?);
        }
        if !words.is_empty() && !words.ends_with('\n') {
            return Err(fail("words.txt", &"the last line has no newline"));
        }
        let count = starts.len() - 1;
        if values.len() != count * DIMS || !(scale.is_finite() && scale > 0.0) {
            return Err(fail(
                "vectors.bin",
                &format!(
                    "{} bytes and scale {scale} for {count} words of {DIMS} dimensions",
                    values.len()
                ),
            ));
        }
        Ok(WordVectors {
            inputs: ["words.txt", "vectors.bin", "scale.txt"].map(path).to_vec(),
            words,
            starts,
            values,
            scale,
        })
    }

    pub(crate) fn vocabulary(&self) -> Vocabulary<'_> {
        Vocabulary {
            words: &self.words,
            starts: &self.starts,
        }
    }

    /// The vector of word `i`.
    pub(crate) fn vector(&self, i: usize) -> impl Iterator<Item = f32> + '_ {
        self.values[i * DIMS..][..DIMS]
            .iter()
            .map(|&b| f32::from(i8::from_ne_bytes([b])) * self.scale)
    }
}

/// The fold of an example: fixed by its text alone, so that the same phrasing in two files lands
/// in the same fold and cannot be trained on and tested on at once.
#[allow(clippy::cast_possible_truncation)] // the remainder is below FOLDS
pub(crate) fn fold_of(text: &str) -> usize {
    let mut h: u64 = 0x811c_9dc5;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    ((h ^ (h >> 29)) % FOLDS as u64) as usize
}
