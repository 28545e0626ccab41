//! Trains the free-text router: a multinomial logistic regression over hashed features (see
//! `features.rs`), 18 reasons plus "not about the card" (`oos`), by plain SGD over a shuffled order
//! drawn from a fixed-seed PRNG, so that the same data always gives the same model, bit for bit.
//!
//! Compiled into `build.rs`, which trains the shipped model and the cross-validation folds that
//! choose its temperature and refusal threshold, and into `examples/eval_router.rs`, which reports
//! the cross-validated figures. Not part of the binary.
//!
//! The data comes from `corpus.rs`.

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

use super::corpus::{fold_of, Corpus, Example, Origin, FOLDS};
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
/// How much more each of CLINC150's own out-of-scope queries weighs in training: 200 of them
/// against 11,757 other-domain queries, and they are what strangers' questions look like
/// (cross-validation: their refusal rate went from 92.5% to 94.0%, the rest unchanged).
const HARD_OOS_WEIGHT: f32 = 4.0;
/// The most any in-scope refusal may cost when the threshold is chosen: at most this share of
/// in-scope examples refused on the held-out folds.
const MAX_IN_SCOPE_REFUSAL: f64 = 0.03;
/// The seed of every shuffle.
const SEED: u64 = 0x0a3e_c5ee_d000_0010;

/// A text as the model reads it: its feature buckets with their weights, and the norm that
/// scales them all so that long and short texts weigh alike.
#[derive(Debug, Clone)]
pub(crate) struct Features {
    pub(crate) buckets: Vec<(u32, f32)>,
    pub(crate) norm: f32,
}

pub(crate) fn features(text: &str) -> Features {
    let mut buckets = Vec::new();
    let mut total = 0.0;
    for_each_feature(text, |b, w| {
        buckets.push((b, w));
        total += w;
    });
    Features {
        buckets,
        norm: norm(total),
    }
}

/// A trained model in full precision: `weights[bucket * classes + class]`.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) classes: usize,
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
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
            bias: vec![0.0; classes],
        };
        // Adagrad's running sums of squared gradients, one per weight and bias, started above zero.
        let mut sums = vec![ADAGRAD_START; model.weights.len()];
        let mut bias_sums = vec![ADAGRAD_START; classes];
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
                    * if e.origin == Origin::PublicOos {
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
            }
        }
        model
    }

    /// Int8 weights, class by class scaled to the class's largest magnitude, row-major by bucket
    /// so that one feature's weights for every class sit together. Returns the bytes and scales.
    pub(crate) fn quantise(&self) -> (Vec<u8>, Vec<f32>) {
        let mut scales = vec![0.0_f32; self.classes];
        for row in self.weights.chunks(self.classes) {
            for (s, w) in scales.iter_mut().zip(row) {
                *s = s.max(w.abs());
            }
        }
        for s in &mut scales {
            *s = if *s > 0.0 { *s / 127.0 } else { 1.0 };
        }
        let bytes = self
            .weights
            .chunks(self.classes)
            .flat_map(|row| {
                row.iter()
                    .zip(&scales)
                    .map(|(w, s)| (w / s).round().clamp(-127.0, 127.0) as i8 as u8)
            })
            .collect();
        (bytes, scales)
    }

    /// The model as the binary will see it: weights rounded through `quantise`.
    pub(crate) fn dequantised(&self) -> Model {
        let (bytes, scales) = self.quantise();
        let weights = bytes
            .chunks(self.classes)
            .flat_map(|row| {
                row.iter()
                    .zip(&scales)
                    .map(|(&q, s)| f32::from(q as i8) * s)
            })
            .collect();
        Model {
            classes: self.classes,
            weights,
            bias: self.bias.clone(),
        }
    }
}

/// One Adagrad step of `weights` against `gradient` times `x`.
fn step(weights: &mut [f32], sums: &mut [f32], gradient: &[f32], x: f32) {
    for ((w, s), g) in weights.iter_mut().zip(sums.iter_mut()).zip(gradient) {
        let g = g * x;
        *s += g * g;
        *w -= LEARNING_RATE * g / s.sqrt();
    }
}

pub(crate) fn softmax(z: &mut [f32]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
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

pub(crate) fn cross_validate(corpus: &Corpus, xs: &[Features]) -> CrossValidation {
    let classes = corpus.classes.len();
    let folds: Vec<usize> = corpus.examples.iter().map(|e| fold_of(&e.text)).collect();
    let mut quantised = vec![Vec::new(); corpus.examples.len()];
    let mut full = vec![Vec::new(); corpus.examples.len()];
    let mut without_first = None;
    for k in 0..FOLDS {
        let (train, train_x) = split(corpus, xs, &folds, |f| f != k);
        let model = Model::train(&train, &train_x, classes);
        let rounded = model.dequantised();
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

/// How raw logits become an answer: divided by `temperature`, the out-of-scope logit lowered by
/// `oos_offset`, and a best reason below `threshold` refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Calibration {
    pub(crate) temperature: f32,
    pub(crate) oos_offset: f32,
    pub(crate) threshold: f32,
}

/// What the router makes of one text: the best reason and its probability, and whether the
/// out-of-scope class beat it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verdict {
    pub(crate) best: usize,
    pub(crate) confidence: f32,
    pub(crate) oos_won: bool,
}

impl Verdict {
    pub(crate) fn of(logits: &[f32], cal: &Calibration) -> Verdict {
        let oos = logits.len() - 1;
        let mut p: Vec<f32> = logits.iter().map(|z| z / cal.temperature).collect();
        p[oos] -= cal.oos_offset;
        softmax(&mut p);
        let (best, &confidence) = p[..oos]
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((0, &0.0));
        Verdict {
            best,
            confidence,
            oos_won: p[oos] > confidence,
        }
    }

    pub(crate) fn refused(&self, cal: &Calibration) -> bool {
        self.oos_won || self.confidence < cal.threshold
    }
}

/// The calibration chosen on out-of-fold logits: the temperature that minimises the negative
/// log-likelihood of the true labels; then the out-of-scope offset and threshold that maximise
/// in-scope right answers plus out-of-scope refusals (as shares), refusing at most
/// `MAX_IN_SCOPE_REFUSAL` of in-scope examples.
pub(crate) fn calibrate(corpus: &Corpus, oof: &[Vec<f32>]) -> Calibration {
    let mut best_t = (f64::INFINITY, 1.0_f32);
    for step in 0..=60 {
        let t = 0.4 + 0.05 * step as f32;
        let mut nll = 0.0_f64;
        for (e, z) in corpus.examples.iter().zip(oof) {
            let mut p: Vec<f32> = z.iter().map(|v| v / t).collect();
            softmax(&mut p);
            nll -= f64::from(p[e.labels[0]].max(1e-9)).ln();
        }
        if nll < best_t.0 {
            best_t = (nll, t);
        }
    }
    let oos = corpus.oos();
    // Three shares, each counted over its own examples: in-scope examples right, and refused
    // among CLINC150's out-of-scope queries and among everything else out of scope. The second
    // is scored apart because the other domains (weather, recipes) are many and easy to refuse,
    // and would drown it.
    let hardest = |e: &Example| e.origin == Origin::PublicOos;
    let count = |keep: &dyn Fn(&Example) -> bool| {
        (corpus.examples.iter().filter(|e| keep(e)).count() as f64).max(1.0)
    };
    let in_scope = count(&|e| e.labels[0] != oos);
    let out_hard = count(&|e| e.labels[0] == oos && hardest(e));
    let out_other = count(&|e| e.labels[0] == oos && !hardest(e));
    let mut best = (
        f64::NEG_INFINITY,
        Calibration {
            temperature: best_t.1,
            oos_offset: 0.0,
            threshold: 0.0,
        },
    );
    for offset_step in -12..=12 {
        let mut cal = Calibration {
            temperature: best_t.1,
            oos_offset: offset_step as f32 * 0.25,
            threshold: 0.0,
        };
        let verdicts: Vec<Verdict> = oof.iter().map(|z| Verdict::of(z, &cal)).collect();
        for step in 0..=95 {
            cal.threshold = step as f32 / 100.0;
            let (mut right, mut refused_in, mut refused_hard, mut refused_other) =
                (0.0, 0.0, 0.0, 0.0);
            for (e, v) in corpus.examples.iter().zip(&verdicts) {
                let refused = f64::from(u8::from(v.refused(&cal)));
                if e.labels[0] != oos {
                    refused_in += refused;
                    if refused == 0.0 && e.labels.contains(&v.best) {
                        right += 1.0;
                    }
                } else if hardest(e) {
                    refused_hard += refused;
                } else {
                    refused_other += refused;
                }
            }
            let score = right / in_scope
                + f64::midpoint(refused_hard / out_hard, refused_other / out_other);
            if refused_in / in_scope <= MAX_IN_SCOPE_REFUSAL && score > best.0 {
                best = (score, cal);
            }
        }
    }
    best.1
}

/// Trains the shipped model and the cross-validation folds, and writes into `out`:
/// `router-weights.bin` (int8, bucket-major) and `router.rs` (classes, scales, biases,
/// temperature, offset, threshold) for the binary; `router-fold0.bin` and `router-fold0.rs`, the
/// model trained without fold 0, for the held-out test.
/// Returns the files read, for `cargo::rerun-if-changed`.
pub(crate) fn generate(root: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let corpus = Corpus::load(root)?;
    let xs: Vec<Features> = corpus.examples.iter().map(|e| features(&e.text)).collect();
    let cv = cross_validate(&corpus, &xs);
    let cal = calibrate(&corpus, &cv.quantised);
    let classes = corpus.classes.len();
    let all: Vec<&Example> = corpus.examples.iter().collect();
    let all_x: Vec<&Features> = xs.iter().collect();
    let model = Model::train(&all, &all_x, classes);
    let fold0 = cv.fold0;

    let write = |name: &str, bytes: &[u8]| {
        let path = out.join(name);
        fs::write(&path, bytes).map_err(|err| format!("cannot write {}: {err}", path.display()))
    };
    let header = "// Generated by build.rs from the router's training data; do not edit.\n\n";
    let (mut code, mut fold0_code) = (String::from(header), String::from(header));
    let (bytes, scales) = model.quantise();
    write("router-weights.bin", &bytes)?;
    render(&mut code, "", &corpus.classes, &scales, &model.bias).map_err(|e| e.to_string())?;
    let (bytes, scales) = fold0.quantise();
    write("router-fold0.bin", &bytes)?;
    render(
        &mut fold0_code,
        "FOLD0_",
        &corpus.classes,
        &scales,
        &fold0.bias,
    )
    .map_err(|e| e.to_string())?;
    write("router-fold0.rs", fold0_code.as_bytes())?;
    writeln!(
        code,
        "pub(super) const TEMPERATURE: f32 = {};",
        float(cal.temperature)
    )
    .and_then(|()| {
        writeln!(
            code,
            "pub(super) const OOS_OFFSET: f32 = {};",
            float(cal.oos_offset)
        )
    })
    .and_then(|()| {
        writeln!(
            code,
            "pub(super) const THRESHOLD: f32 = {};",
            float(cal.threshold)
        )
    })
    .map_err(|e| e.to_string())?;
    write("router.rs", code.as_bytes())?;
    Ok(corpus.inputs)
}

fn render(
    code: &mut String,
    prefix: &str,
    classes: &[String],
    scales: &[f32],
    bias: &[f32],
) -> std::fmt::Result {
    if prefix.is_empty() {
        writeln!(
            code,
            "pub(super) const CLASSES: [&str; {}] = {classes:?};",
            classes.len()
        )?;
    }
    let list = |xs: &[f32]| xs.iter().map(|&x| float(x)).collect::<Vec<_>>().join(", ");
    writeln!(
        code,
        "pub(super) const {prefix}SCALES: [f32; {}] = [{}];",
        scales.len(),
        list(scales)
    )?;
    writeln!(
        code,
        "pub(super) const {prefix}BIAS: [f32; {}] = [{}];",
        bias.len(),
        list(bias)
    )
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
    for input in generate(&root, &out)? {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    Ok(())
}
