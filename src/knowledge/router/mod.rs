//! The free-text router: a linear classifier over hashed word and character n-grams and the mean
//! of the text's word vectors (see `features.rs`), trained by `build.rs` from the data under
//! `data/router/` and the older corpora (see `train.rs`), with an out-of-scope class and a
//! refusal threshold chosen by cross-validation.
//!
//! The weights are int8 bytes embedded with `include_bytes!` and read in place, one row of 19
//! bytes per hashed feature and one per word of the vectors' vocabulary (its vector already
//! multiplied through, see `train.rs`), the word found by binary search over the sorted
//! vocabulary, itself embedded. Nothing is parsed or built at start-up.

#[cfg(test)]
#[allow(dead_code)] // the eval example reports by origin; the tests need less
mod corpus;
mod features;
#[cfg(test)]
mod tests;

use features::Vocabulary;

// CLASSES, SCALES, WORD_SCALES, BIAS, TEMPERATURE, OOS_OFFSET, THRESHOLD and WORD_STARTS.
include!(concat!(env!("OUT_DIR"), "/router.rs"));

/// The word vectors' vocabulary, as `scripts/derive-word-vectors.py` wrote it; `build.rs`
/// checked it and wrote `WORD_STARTS`.
static VOCABULARY: Vocabulary = Vocabulary {
    words: include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/router/vectors/words.txt"
    )),
    starts: &WORD_STARTS,
};

/// The reasons the model knows, then `oos`.
const CLASS_COUNT: usize = CLASSES.len();
/// The reasons alone.
const REASON_COUNT: usize = CLASS_COUNT - 1;

static SHIPPED: Weights = Weights {
    bytes: include_bytes!(concat!(env!("OUT_DIR"), "/router.bin")),
    scales: &SCALES,
    words: include_bytes!(concat!(env!("OUT_DIR"), "/router-words.bin")),
    word_scales: &WORD_SCALES,
    bias: &BIAS,
};

/// One trained model, as `build.rs` wrote it.
struct Weights {
    /// `bytes[bucket * CLASS_COUNT + class]`, an i8 each.
    bytes: &'static [u8],
    scales: &'static [f32; CLASS_COUNT],
    /// `words[word * CLASS_COUNT + class]`, an i8 each: a word's share of the logits.
    words: &'static [u8],
    word_scales: &'static [f32; CLASS_COUNT],
    bias: &'static [f32; CLASS_COUNT],
}

impl Weights {
    fn logits(&self, text: &str) -> [f32; CLASS_COUNT] {
        let mut sums = [0.0_f32; CLASS_COUNT];
        let mut total = 0.0;
        // A text's share from its words is the mean of their rows, an unknown word's being zero.
        let mut word_sums = [0.0_f32; CLASS_COUNT];
        let words = features::for_each_feature(
            text,
            &VOCABULARY,
            |bucket, weight| {
                total += weight;
                let at = bucket as usize * CLASS_COUNT;
                for (sum, &q) in sums.iter_mut().zip(&self.bytes[at..at + CLASS_COUNT]) {
                    // The bytes are i8 values, as train.rs wrote them.
                    *sum += f32::from(i8::from_ne_bytes([q])) * weight;
                }
            },
            |word| {
                let at = word * CLASS_COUNT;
                for (sum, &q) in word_sums.iter_mut().zip(&self.words[at..at + CLASS_COUNT]) {
                    *sum += f32::from(i8::from_ne_bytes([q]));
                }
            },
        );
        let norm = features::norm(total);
        let mut out = *self.bias;
        for ((o, s), scale) in out.iter_mut().zip(sums).zip(self.scales) {
            *o += s * scale * norm;
        }
        let share = 1.0 / f32::from(words.max(1));
        for ((o, s), scale) in out.iter_mut().zip(word_sums).zip(self.word_scales) {
            *o += s * scale * share;
        }
        out
    }

    fn read(&self, text: &str) -> Reading {
        let mut p = self.logits(text).map(|z| z / TEMPERATURE);
        p[REASON_COUNT] -= OOS_OFFSET;
        softmax(&mut p);
        let mut ranked: [(usize, f32); REASON_COUNT] = std::array::from_fn(|c| (c, p[c]));
        // A stable sort keeps the file's order between equal probabilities.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best = ranked[0].1;
        Reading {
            ranked,
            refused: p[REASON_COUNT] > best || best < THRESHOLD,
        }
    }
}

fn softmax(z: &mut [f32]) {
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

/// What the router made of a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    /// Every reason the model knows, by index into `slugs()`, with its probability, most likely
    /// first. The probabilities and that of "not about the card" sum to one.
    pub(crate) ranked: [(usize, f32); REASON_COUNT],
    /// Whether the text is more likely about none of the reasons, or the best reason falls short
    /// of the threshold.
    pub(crate) refused: bool,
}

/// Reads `text` with the shipped model.
pub(crate) fn read(text: &str) -> Reading {
    SHIPPED.read(text)
}

/// The slugs of the reasons the model was trained on, in `knowledge.toml` order.
pub(crate) fn slugs() -> &'static [&'static str] {
    &CLASSES[..REASON_COUNT]
}
