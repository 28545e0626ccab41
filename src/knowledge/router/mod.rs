//! The free-text router: a linear classifier over hashed word and character n-grams (see
//! `features.rs`), trained by `build.rs` from the data under `data/router/` and the older corpora
//! (see `train.rs`), with an out-of-scope class and a refusal threshold chosen by
//! cross-validation.
//!
//! The weights are int8 bytes embedded with `include_bytes!` and read in place, one row of 19
//! bytes per feature; nothing is parsed or built at start-up.

#[cfg(test)]
#[allow(dead_code)] // the eval example reports by origin; the tests need less
mod corpus;
mod features;
#[cfg(test)]
mod tests;

// CLASSES, SCALES, BIAS, TEMPERATURE, OOS_OFFSET and THRESHOLD.
include!(concat!(env!("OUT_DIR"), "/router.rs"));

/// The reasons the model knows, then `oos`.
const CLASS_COUNT: usize = CLASSES.len();
/// The reasons alone.
const REASON_COUNT: usize = CLASS_COUNT - 1;

static SHIPPED: Weights = Weights {
    bytes: include_bytes!(concat!(env!("OUT_DIR"), "/router-weights.bin")),
    scales: &SCALES,
    bias: &BIAS,
};

/// One trained model, as `build.rs` wrote it.
struct Weights {
    /// `bytes[bucket * CLASS_COUNT + class]`, an i8 each.
    bytes: &'static [u8],
    scales: &'static [f32; CLASS_COUNT],
    bias: &'static [f32; CLASS_COUNT],
}

impl Weights {
    fn logits(&self, text: &str) -> [f32; CLASS_COUNT] {
        let mut sums = [0.0_f32; CLASS_COUNT];
        let mut total = 0.0;
        features::for_each_feature(text, |bucket, weight| {
            total += weight;
            let at = bucket as usize * CLASS_COUNT;
            for (sum, &q) in sums.iter_mut().zip(&self.bytes[at..at + CLASS_COUNT]) {
                // The bytes are i8 values, as train.rs wrote them.
                *sum += f32::from(i8::from_ne_bytes([q])) * weight;
            }
        });
        let norm = features::norm(total);
        let mut out = *self.bias;
        for ((o, s), scale) in out.iter_mut().zip(sums).zip(self.scales) {
            *o += s * scale * norm;
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
