//! How the router's raw scores become an answer, and how that is tuned: the temperature, the
//! out-of-scope offset and the refusal threshold, chosen on out-of-fold logits (see `train.rs`).
//!
//! Compiled into `build.rs` and `examples/eval_router.rs`, with `train.rs`. Not part of the
//! binary, which has its own few lines for the same arithmetic (`mod.rs`).

// Counts become floats for shares; every value involved is far inside the ranges that would lose
// anything that matters.
#![allow(clippy::cast_precision_loss)]

use super::corpus::{Corpus, Example};

/// The most any in-scope refusal may cost when the threshold is chosen: at most this share of
/// in-scope examples refused on the held-out folds.
const MAX_IN_SCOPE_REFUSAL: f64 = 0.03;

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
    // among the hard out-of-scope questions (CLINC150's and ours) and among everything else out
    // of scope. The second is scored apart because the other domains (weather, recipes) are many
    // and easy to refuse, and would drown it.
    let hardest = |e: &Example| e.origin.is_hard_oos();
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
