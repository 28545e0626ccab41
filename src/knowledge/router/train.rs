//! Trains the free-text router: a multinomial logistic regression over hashed features (see
//! `features.rs`) and the mean of the text's word vectors (`data/router/vectors/`), 18 reasons
//! plus "not about the card" (`oos`), by SGD over a shuffled order drawn from a fixed-seed PRNG,
//! so that the same data always gives the same model, bit for bit.
//!
//! Compiled into `build.rs`, which trains the shipped model and the cross-validation folds that
//! choose its temperature and refusal threshold, and into `examples/eval_router.rs`, which reports
//! the cross-validated figures. Not part of the binary.
//!
//! The data comes from `corpus.rs`; the temperature and refusal threshold are chosen in
//! `calibrate.rs`.

// Counts and indices become floats for rates and weights, and quantised weights become bytes; every
// value involved is far inside the ranges that would lose anything that matters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::calibrate::{calibrate, softmax, Calibration};
use super::corpus::{fold_of, Corpus, Example, WordVectors, DIMS, FOLDS};
use super::features::{for_each_feature, norm, BUCKET_BITS};

/// Passes over the training data.
const EPOCHS: usize = 12;
/// Adagrad's base step.
const LEARNING_RATE: f32 = 0.4;
/// Adagrad's sums start here, which caps the first steps at `LEARNING_RATE / sqrt(0.01)`.
const ADAGRAD_START: f32 = 0.01;
/// Class weights are (mean class size / class size) to this power: 0 ignores class sizes, 1 makes
/// every class weigh the same in total. Most of the way to 1 keeps the large out-of-scope class
/// from swallowing the small reasons (cross-validated: own phrasings 84.8% right at 0.3, 85.2% at
/// 0.5, 86.0% at 0.8 and at 1.0, where out-of-scope refusals begin to drop).
const CLASS_WEIGHT_POWER: f32 = 0.8;
/// How much more each hard out-of-scope question weighs in training (CLINC150's own 200, and our
/// 414 in `data/router/own/not-about-the-card.tsv`): few against 11,637 other-domain queries,
/// and they are what strangers' questions look like (cross-validation, CLINC150's alone: their
/// refusal rate went from 92.5% to 94.0%, the rest unchanged; with ours weighed 1 instead, 4.9
/// points fewer of them and 0.5 fewer of CLINC150's were refused, in scope within 0.1).
const HARD_OOS_WEIGHT: f32 = 4.0;
/// The seed of every shuffle.
const SEED: u64 = 0x0a3e_c5ee_d000_0010;

/// How much the mean word vector counts against the hashed features, which are scaled to about
/// unit length together. Cross-validated (`eval_router`) on all 18,546 in-scope examples of
/// 2026-12-02, right / refused: 91.0% / 2.9% at 2, 91.4% / 2.2% at 2.5, 91.5% / 2.2% at 3 and
/// 91.4% / 2.2% at 4, where the random-word texts start to get through (93.6% refused, from
/// about 97%). On the 3,159 own phrasings of 2026-12-01 alone, 2 had been best.
const VECTOR_WEIGHT: f32 = 3.0;

/// A text as the model reads it: its feature buckets with their weights, the norm that scales
/// them all so that long and short texts weigh alike, the words the vocabulary knows, and the
/// mean of every word's vector (an unknown word's is zero, so that one known word among strange
/// ones counts for less) times `VECTOR_WEIGHT`.
#[derive(Debug, Clone)]
pub(crate) struct Features {
    pub(crate) buckets: Vec<(u32, f32)>,
    pub(crate) norm: f32,
    pub(crate) known: Vec<usize>,
    /// How many words the text has, known or not.
    pub(crate) words: u16,
    pub(crate) dense: Vec<f32>,
}

pub(crate) fn features(text: &str, vectors: &WordVectors) -> Features {
    let mut buckets = Vec::new();
    let mut total = 0.0;
    let mut known = Vec::new();
    let words = for_each_feature(
        text,
        &vectors.vocabulary(),
        |b, w| {
            buckets.push((b, w));
            total += w;
        },
        |i| known.push(i),
    );
    let mut dense = vec![0.0; DIMS];
    for &i in &known {
        for (d, v) in dense.iter_mut().zip(vectors.vector(i)) {
            *d += v;
        }
    }
    let factor = VECTOR_WEIGHT / f32::from(words.max(1));
    for d in &mut dense {
        *d *= factor;
    }
    Features {
        buckets,
        norm: norm(total),
        known,
        words,
        dense,
    }
}

/// A trained model in full precision: `weights[bucket * classes + class]`, and
/// `dense[dimension * classes + class]` for the word vectors' mean. The binary has no vectors:
/// as the mean is linear, each word's share of the logits is its vector times `dense`, one row
/// of `classes` values per word (`word_rows`), and a text's share is the mean of its words' rows.
/// A model rounded as the binary has it (`dequantised`) carries those rows, and reads by them.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) classes: usize,
    pub(crate) weights: Vec<f32>,
    pub(crate) dense: Vec<f32>,
    pub(crate) bias: Vec<f32>,
    pub(crate) word_rows: Option<Vec<f32>>,
}

impl Model {
    pub(crate) fn logits(&self, x: &Features, out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        for &(b, value) in &x.buckets {
            let row = &self.weights[b as usize * self.classes..][..self.classes];
            for (o, w) in out.iter_mut().zip(row) {
                *o += w * value * x.norm;
            }
        }
        if let Some(rows) = &self.word_rows {
            let share = 1.0 / f32::from(x.words.max(1));
            for &i in &x.known {
                for (o, w) in out
                    .iter_mut()
                    .zip(&rows[i * self.classes..][..self.classes])
                {
                    *o += w * share;
                }
            }
        } else {
            for (row, &value) in self.dense.chunks(self.classes).zip(&x.dense) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w * value;
                }
            }
        }
    }

    /// Each word's share of the logits: its vector times `VECTOR_WEIGHT` times `dense`.
    fn word_rows(&self, vectors: &WordVectors) -> Vec<f32> {
        let mut rows = vec![0.0; vectors.vocabulary().len() * self.classes];
        for (i, row) in rows.chunks_mut(self.classes).enumerate() {
            for (v, dense) in vectors.vector(i).zip(self.dense.chunks(self.classes)) {
                for (r, w) in row.iter_mut().zip(dense) {
                    *r += VECTOR_WEIGHT * v * w;
                }
            }
        }
        rows
    }

    /// Trains on `examples` (with their features `xs`, alike indexed) over `classes` classes, by
    /// Adagrad: each weight's step shrinks with the gradients it has seen, so the many rare
    /// features (a typo's n-grams, a word seen twice) still learn fast while common ones settle.
    pub(crate) fn train(examples: &[&Example], xs: &[&Features], classes: usize) -> Model {
        let mut counts = vec![0_usize; classes];
        for e in examples {
            counts[e.labels[0]] += 1;
        }
        let seen = counts.iter().filter(|&&n| n > 0).count().max(1);
        let mean = examples.len() as f32 / seen as f32;
        let class_weight: Vec<f32> = counts
            .iter()
            .map(|&n| (mean / n.max(1) as f32).powf(CLASS_WEIGHT_POWER))
            .collect();
        let mut model = Model {
            classes,
            weights: vec![0.0; (1 << BUCKET_BITS) * classes],
            dense: vec![0.0; DIMS * classes],
            bias: vec![0.0; classes],
            word_rows: None,
        };
        // Adagrad's running sums of squared gradients, one per weight and bias, started above zero.
        let mut sums = vec![ADAGRAD_START; model.weights.len()];
        let mut bias_sums = vec![ADAGRAD_START; classes];
        let mut dense_sums = vec![ADAGRAD_START; model.dense.len()];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Rng(SEED);
        let mut z = vec![0.0_f32; classes];
        for _ in 0..EPOCHS {
            rng.shuffle(&mut order);
            for &i in &order {
                let (e, x) = (examples[i], xs[i]);
                model.logits(x, &mut z);
                softmax(&mut z);
                // A public intent that means either of two reasons teaches both equally.
                let share = 1.0 / e.labels.len() as f32;
                for &label in &e.labels {
                    z[label] -= share;
                }
                let weight = class_weight[e.labels[0]]
                    * if e.origin.is_hard_oos() {
                        HARD_OOS_WEIGHT
                    } else {
                        1.0
                    };
                for g in &mut z {
                    *g *= weight;
                }
                step(&mut model.bias, &mut bias_sums, &z, 1.0);
                for &(bucket, value) in &x.buckets {
                    let at = bucket as usize * classes;
                    step(
                        &mut model.weights[at..at + classes],
                        &mut sums[at..at + classes],
                        &z,
                        value * x.norm,
                    );
                }
                for (d, &value) in x.dense.iter().enumerate() {
                    let at = d * classes;
                    step(
                        &mut model.dense[at..at + classes],
                        &mut dense_sums[at..at + classes],
                        &z,
                        value,
                    );
                }
            }
        }
        model
    }

    /// The hashed features' weights as int8 bytes (see `quantise`).
    pub(crate) fn quantise(&self) -> (Vec<u8>, Vec<f32>) {
        quantise(&self.weights, self.classes)
    }

    /// The model as the binary will see it: weights and word rows rounded through `quantise`.
    pub(crate) fn dequantised(&self, vectors: &WordVectors) -> Model {
        let round = |matrix: &[f32]| {
            let (bytes, scales) = quantise(matrix, self.classes);
            // Row-major: the k-th value of every row is class k's.
            bytes
                .iter()
                .zip(scales.iter().cycle())
                .map(|(&q, s)| f32::from(q as i8) * s)
                .collect::<Vec<f32>>()
        };
        Model {
            classes: self.classes,
            weights: round(&self.weights),
            dense: self.dense.clone(),
            bias: self.bias.clone(),
            word_rows: Some(round(&self.word_rows(vectors))),
        }
    }
}

/// Int8 values of a row-major matrix of `classes` columns, column by column scaled to the
/// column's largest magnitude, so that one row's values for every class sit together. Returns
/// the bytes and the scales.
fn quantise(matrix: &[f32], classes: usize) -> (Vec<u8>, Vec<f32>) {
    let mut scales = vec![0.0_f32; classes];
    for row in matrix.chunks(classes) {
        for (s, w) in scales.iter_mut().zip(row) {
            *s = s.max(w.abs());
        }
    }
    for s in &mut scales {
        *s = if *s > 0.0 { *s / 127.0 } else { 1.0 };
    }
    let bytes = matrix
        .chunks(classes)
        .flat_map(|row| {
            row.iter()
                .zip(&scales)
                .map(|(w, s)| (w / s).round().clamp(-127.0, 127.0) as i8 as u8)
        })
        .collect();
    (bytes, scales)
}

/// One Adagrad step of `weights` against `gradient` times `x`.
fn step(weights: &mut [f32], sums: &mut [f32], gradient: &[f32], x: f32) {
    for ((w, s), g) in weights.iter_mut().zip(sums.iter_mut()).zip(gradient) {
        let g = g * x;
        *s += g * g;
        *w -= LEARNING_RATE * g / s.sqrt();
    }
}

/// xorshift64*: a few lines, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Fisher-Yates.
    fn shuffle(&mut self, items: &mut [usize]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Cross-validation: for every example, the logits of the model trained on the other folds, with
/// its weights quantised as the binary has them (`quantised`), and in full precision (`full`, to
/// show what quantising costs); and the model trained without fold 0, for the held-out test.
pub(crate) struct CrossValidation {
    pub(crate) quantised: Vec<Vec<f32>>,
    pub(crate) full: Vec<Vec<f32>>,
    pub(crate) fold0: Model,
}

pub(crate) fn cross_validate(
    corpus: &Corpus,
    xs: &[Features],
    vectors: &WordVectors,
) -> CrossValidation {
    let classes = corpus.classes.len();
    let folds: Vec<usize> = corpus.examples.iter().map(|e| fold_of(&e.text)).collect();
    let mut quantised = vec![Vec::new(); corpus.examples.len()];
    let mut full = vec![Vec::new(); corpus.examples.len()];
    let mut without_first = None;
    for k in 0..FOLDS {
        let (train, train_x) = split(corpus, xs, &folds, |f| f != k);
        let model = Model::train(&train, &train_x, classes);
        let rounded = model.dequantised(vectors);
        for (i, x) in xs.iter().enumerate() {
            if folds[i] == k {
                let mut z = vec![0.0; classes];
                rounded.logits(x, &mut z);
                quantised[i].clone_from(&z);
                model.logits(x, &mut z);
                full[i] = z;
            }
        }
        if k == 0 {
            without_first = Some(model);
        }
    }
    CrossValidation {
        quantised,
        full,
        // FOLDS is at least 1, so fold 0 was trained.
        fold0: without_first.unwrap_or_else(|| Model::train(&[], &[], classes)),
    }
}

/// The examples (and their features) whose fold passes `keep`.
pub(crate) fn split<'c>(
    corpus: &'c Corpus,
    xs: &'c [Features],
    folds: &[usize],
    keep: impl Fn(usize) -> bool,
) -> (Vec<&'c Example>, Vec<&'c Features>) {
    corpus
        .examples
        .iter()
        .zip(xs)
        .zip(folds)
        .filter(|(_, &f)| keep(f))
        .map(|(pair, _)| pair)
        .unzip()
}

/// The training data with its features, cross-validated and calibrated: what both `generate` and
/// the eval example start from.
pub(crate) struct Prepared {
    pub(crate) corpus: Corpus,
    pub(crate) vectors: WordVectors,
    pub(crate) xs: Vec<Features>,
    pub(crate) cv: CrossValidation,
    pub(crate) cal: Calibration,
}

impl Prepared {
    pub(crate) fn load(root: &Path) -> Result<Prepared, String> {
        let mut corpus = Corpus::load(root)?;
        let vectors = WordVectors::load(root)?;
        corpus.add_noise(&vectors.vocabulary());
        let xs: Vec<Features> = corpus
            .examples
            .iter()
            .map(|e| features(&e.text, &vectors))
            .collect();
        let cv = cross_validate(&corpus, &xs, &vectors);
        let cal = calibrate(&corpus, &cv.quantised);
        Ok(Prepared {
            corpus,
            vectors,
            xs,
            cv,
            cal,
        })
    }
}

/// Trains the shipped model and the cross-validation folds, and writes into `out`:
/// `router.bin` (int8, bucket-major), `router-words.bin` (int8, word-major) and `router.rs`
/// (classes, scales, biases, temperature, offset, threshold, where each word starts in the
/// vocabulary) for the binary; `router-fold0.bin`, `router-fold0-words.bin` and
/// `router-fold0.rs`, the model trained without fold 0, for the held-out test.
/// Returns the files read, for `cargo::rerun-if-changed`.
pub(crate) fn generate(root: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let Prepared {
        corpus,
        vectors,
        xs,
        cv,
        cal,
    } = Prepared::load(root)?;
    let classes = corpus.classes.len();
    let all: Vec<&Example> = corpus.examples.iter().collect();
    let all_x: Vec<&Features> = xs.iter().collect();
    let model = Model::train(&all, &all_x, classes);

    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        fs::write(&path, bytes).map_err(|err| format!("cannot write {}: {err}", path.display()))
    };
    let header = "// Generated by build.rs from the router's training data; do not edit.\n\n";
    let mut code = String::from(header);
    let mut fold0_code = String::from(header);
    for (model, prefix, file, code) in [
        (&model, "", "router", &mut code),
        (&cv.fold0, "FOLD0_", "router-fold0", &mut fold0_code),
    ] {
        let (bytes, scales) = model.quantise();
        write(&format!("{file}.bin"), &bytes)?;
        let (word_bytes, word_scales) = quantise(&model.word_rows(&vectors), classes);
        write(&format!("{file}-words.bin"), &word_bytes)?;
        render(code, prefix, &corpus.classes, model, &scales, &word_scales)
            .map_err(|e| e.to_string())?;
    }
    write("router-fold0.rs", fold0_code.as_bytes())?;
    let mut constant = |name: &str, value: String| {
        writeln!(code, "pub(super) const {name} = {value};").map_err(|e| e.to_string())
    };
    constant("TEMPERATURE: f32", float(cal.temperature))?;
    constant("OOS_OFFSET: f32", float(cal.oos_offset))?;
    constant("THRESHOLD: f32", float(cal.threshold))?;
    // Offsets of up to six digits: written by the thousand, they would only grow the file.
    writeln!(
        code,
        "#[allow(clippy::unreadable_literal)]\npub(super) static WORD_STARTS: [u32; {}] = {:?};",
        vectors.starts.len(),
        vectors.starts
    )
    .map_err(|e| e.to_string())?;
    write("router.rs", code.as_bytes())?;
    let mut inputs = corpus.inputs;
    inputs.extend(vectors.inputs);
    Ok(inputs)
}

/// The constants of one model: the classes (for the shipped one), the int8 scales of its hashed
/// features and of its word rows, and its biases.
fn render(
    code: &mut String,
    prefix: &str,
    classes: &[String],
    model: &Model,
    scales: &[f32],
    word_scales: &[f32],
) -> std::fmt::Result {
    if prefix.is_empty() {
        writeln!(
            code,
            "pub(super) const CLASSES: [&str; {}] = {classes:?};",
            classes.len()
        )?;
    }
    let list = |xs: &[f32]| xs.iter().map(|&x| float(x)).collect::<Vec<_>>().join(", ");
    for (name, values) in [
        ("SCALES", scales),
        ("WORD_SCALES", word_scales),
        ("BIAS", &model.bias),
    ] {
        writeln!(
            code,
            "pub(super) const {prefix}{name}: [f32; {}] = [{}];",
            values.len(),
            list(values)
        )?;
    }
    Ok(())
}

/// A float as the bit pattern that rebuilds it exactly.
fn float(x: f32) -> String {
    let bits = x.to_bits();
    format!("f32::from_bits(0x{:04x}_{:04x})", bits >> 16, bits & 0xffff)
}

/// The build script's share: trains into `OUT_DIR` and tells Cargo which files to watch.
pub(crate) fn build_script() -> Result<(), String> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .ok_or_else(|| format!("{name} is not set"))
    };
    let (root, out) = (var("CARGO_MANIFEST_DIR")?, var("OUT_DIR")?);
    println!("cargo::rerun-if-changed=src/knowledge/router/features.rs");
    println!("cargo::rerun-if-changed=src/knowledge/router/train.rs");
    println!("cargo::rerun-if-changed=src/knowledge/router/corpus.rs");
    println!("cargo::rerun-if-changed=src/knowledge/router/calibrate.rs");
    for input in generate(&root, &out)? {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    Ok(())
}
