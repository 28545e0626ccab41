//! Cross-validates the free-text router on its training data and writes `docs/router.md`:
//! top-1 accuracy per data origin and per reason, refusal rates in and out of scope, a confusion
//! table, and what quantising the weights to int8 costs.
//!
//! `cargo run --release --example eval_router` (seconds, once built); `-- --misses` also lists
//! every held-out example it got wrong, on stderr. Uses the same training code as
//! `build.rs`, so the figures are those of the shipped model's recipe, with the same temperature
//! and threshold choice, made on the same out-of-fold predictions.

#![allow(clippy::cast_precision_loss)] // counts become percentages

#[allow(dead_code)]
#[path = "../src/knowledge/router/calibrate.rs"]
mod calibrate;
#[allow(dead_code)]
#[path = "../src/knowledge/router/corpus.rs"]
mod corpus;
#[allow(dead_code)]
#[path = "../src/knowledge/router/features.rs"]
mod features;
#[allow(dead_code)]
#[path = "../src/knowledge/router/train.rs"]
mod train;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use calibrate::Verdict;
use corpus::{Corpus, Example, Origin};

/// Right, refused and total, counted over some examples.
#[derive(Default, Clone, Copy)]
struct Tally {
    right: usize,
    refused: usize,
    total: usize,
}

impl Tally {
    /// Counts one example answered `v`.
    fn add(&mut self, e: &Example, v: &Verdict, cal: &calibrate::Calibration) {
        self.total += 1;
        if v.refused(cal) {
            self.refused += 1;
        } else if e.labels.contains(&v.best) {
            self.right += 1;
        }
    }

    fn pct(n: usize, of: usize) -> String {
        if of == 0 {
            "-".to_owned()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / of as f64)
        }
    }
}

/// The cross-validated answers, with what is needed to score them.
struct Eval {
    corpus: Corpus,
    cv: train::CrossValidation,
    cal: calibrate::Calibration,
}

impl Eval {
    /// Tallies the examples that pass `keep`, answered from `logits`.
    fn tally(&self, logits: &[Vec<f32>], keep: &dyn Fn(&Example) -> bool) -> Tally {
        let mut t = Tally::default();
        for (e, z) in self.corpus.examples.iter().zip(logits) {
            if !keep(e) {
                continue;
            }
            t.add(e, &Verdict::of(z, &self.cal), &self.cal);
        }
        t
    }

    fn by_origin(&self, w: &mut String) {
        let oos = self.corpus.oos();
        let _ = writeln!(w, "## By origin\n");
        let _ = writeln!(
            w,
            "| data | examples | right (top-1) | refused | right, full-precision weights |"
        );
        let _ = writeln!(w, "|---|---:|---:|---:|---:|");
        for origin in Origin::ALL {
            let keep = |e: &Example| e.origin == origin;
            let q = self.tally(&self.cv.quantised, &keep);
            let f = self.tally(&self.cv.full, &keep);
            let (right, full) = if matches!(
                origin,
                Origin::PublicOos | Origin::PublicOther | Origin::OwnOos | Origin::Noise
            ) {
                (
                    "-".to_owned(),
                    format!("{} refused", Tally::pct(f.refused, f.total)),
                )
            } else {
                (Tally::pct(q.right, q.total), Tally::pct(f.right, f.total))
            };
            let _ = writeln!(
                w,
                "| {} | {} | {right} | {} | {full} |",
                origin.name(),
                q.total,
                Tally::pct(q.refused, q.total)
            );
        }
        let in_scope = self.tally(&self.cv.quantised, &|e| e.labels[0] != oos);
        let out_scope = self.tally(&self.cv.quantised, &|e| e.labels[0] == oos);
        let _ = writeln!(
            w,
            "| **all in scope** | {} | **{}** | **{}** | |",
            in_scope.total,
            Tally::pct(in_scope.right, in_scope.total),
            Tally::pct(in_scope.refused, in_scope.total)
        );
        let _ = writeln!(
            w,
            "| **all out of scope** | {} | - | **{}** | |\n",
            out_scope.total,
            Tally::pct(out_scope.refused, out_scope.total)
        );
    }

    /// Our own phrasings by the round they were written in: the files of `data/router/own/` named
    /// `batchN-...` are round N; the others were written first.
    fn by_round(&self, w: &mut String) {
        let round = |e: &Example| -> Option<String> {
            if e.origin != Origin::Own {
                return None;
            }
            let path = &self.corpus.files[e.file?];
            let name = Path::new(path).file_name()?.to_str()?;
            Some(match name.split_once('-') {
                Some((batch, _)) if batch.starts_with("batch") => batch.to_owned(),
                _ => "first written".to_owned(),
            })
        };
        let mut rounds: Vec<String> = self.corpus.examples.iter().filter_map(round).collect();
        // First written, then batch3, batch4, ... by number (batch10 after batch9).
        rounds.sort_by_key(|r| r.strip_prefix("batch").map(|n| (n.len(), n.to_owned())));
        rounds.dedup();
        let _ = writeln!(
            w,
            "## Own phrasings by round
"
        );
        let _ = writeln!(
            w,
            "Files `batchN-*.tsv` in `data/router/own/` are round N; the rest were written first. Every \
             round is scored by the same cross-validation, with all rounds in the training folds.\n"
        );
        let _ = writeln!(w, "| round | examples | right (top-1) | refused |");
        let _ = writeln!(w, "|---|---:|---:|---:|");
        for r in &rounds {
            let t = self.tally(&self.cv.quantised, &|e| round(e).as_ref() == Some(r));
            let _ = writeln!(
                w,
                "| {r} | {} | {} | {} |",
                t.total,
                Tally::pct(t.right, t.total),
                Tally::pct(t.refused, t.total)
            );
        }
        let _ = writeln!(w);
    }

    /// `confusion[true][answer]`, where answer `classes` means refused.
    fn confusion(&self) -> Vec<Vec<usize>> {
        let classes = self.corpus.classes.len();
        let mut confusion = vec![vec![0_usize; classes + 1]; classes];
        for (e, z) in self.corpus.examples.iter().zip(&self.cv.quantised) {
            let v = Verdict::of(z, &self.cal);
            let got = if v.refused(&self.cal) {
                classes
            } else if e.labels.contains(&v.best) {
                e.labels[0]
            } else {
                v.best
            };
            confusion[e.labels[0]][got] += 1;
        }
        confusion
    }

    fn by_reason(&self, w: &mut String, confusion: &[Vec<usize>]) {
        let _ = writeln!(w, "## By reason (all origins)\n");
        let _ = writeln!(
            w,
            "| reason | examples | right | refused | most often mistaken for |"
        );
        let _ = writeln!(w, "|---|---:|---:|---:|---|");
        let classes = &self.corpus.classes;
        for (c, name) in classes
            .iter()
            .enumerate()
            .filter(|&(c, _)| c != self.corpus.oos())
        {
            let t = self.tally(&self.cv.quantised, &|e| e.labels[0] == c);
            let mut wrong: Vec<(usize, usize)> = (0..classes.len())
                .filter(|&o| o != c && confusion[c][o] > 0)
                .map(|o| (confusion[c][o], o))
                .collect();
            wrong.sort_unstable_by(|a, b| b.cmp(a));
            let worst: Vec<String> = wrong
                .iter()
                .take(3)
                .map(|&(n, o)| format!("{} ({n})", classes[o]))
                .collect();
            let _ = writeln!(
                w,
                "| {name} | {} | {} | {} | {} |",
                t.total,
                Tally::pct(t.right, t.total),
                Tally::pct(t.refused, t.total),
                worst.join(", ")
            );
        }
    }

    fn confusion_table(&self, w: &mut String, confusion: &[Vec<usize>]) {
        let classes = &self.corpus.classes;
        let _ = writeln!(w, "\n## Confusion table\n");
        let _ = writeln!(
            w,
            "Rows: the true label (first label of the example). Columns: what the router answered, \
             `?` for a refusal. Counts of held-out examples.\n"
        );
        let short: Vec<String> = classes
            .iter()
            .map(|c| c.chars().take(6).collect())
            .collect();
        let _ = writeln!(w, "| true \\ answer | {} | ? |", short.join(" | "));
        let _ = writeln!(w, "|---|{}---:|", "---:|".repeat(classes.len()));
        for (c, row) in confusion.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .map(|&n| if n == 0 { String::new() } else { n.to_string() })
                .collect();
            let _ = writeln!(w, "| {} | {} |", classes[c], cells.join(" | "));
        }
    }

    /// Whether "87% sure" is right 87 times in 100: in-scope examples answered, by confidence.
    fn calibration(&self, w: &mut String) {
        let _ = writeln!(w, "\n## Calibration\n");
        let _ = writeln!(
            w,
            "In-scope examples the router answered, grouped by the confidence it gave: if the \
             confidence is honest, the share right matches the mean confidence.\n"
        );
        let _ = writeln!(w, "| confidence | answers | mean confidence | right |");
        let _ = writeln!(w, "|---|---:|---:|---:|");
        let bins = [0.0_f32, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01];
        for pair in bins.windows(2) {
            let (mut n, mut sum, mut right) = (0_usize, 0.0_f64, 0_usize);
            for (e, z) in self.corpus.examples.iter().zip(&self.cv.quantised) {
                let v = Verdict::of(z, &self.cal);
                let answered = e.labels[0] != self.corpus.oos() && !v.refused(&self.cal);
                if answered && v.confidence >= pair[0] && v.confidence < pair[1] {
                    n += 1;
                    sum += f64::from(v.confidence);
                    right += usize::from(e.labels.contains(&v.best));
                }
            }
            let mean = if n == 0 { 0.0 } else { sum / n as f64 };
            let _ = writeln!(
                w,
                "| {:.2} to {:.2} | {n} | {:.1}% | {} |",
                pair[0],
                pair[1].min(1.0),
                100.0 * mean,
                Tally::pct(right, n)
            );
        }
    }

    /// Every held-out example answered wrongly or refused, on stderr, for whoever writes phrasings.
    fn misses(&self) {
        for (e, z) in self.corpus.examples.iter().zip(&self.cv.quantised) {
            let v = Verdict::of(z, &self.cal);
            print_miss(
                &format!("{:?}", e.origin),
                &self.corpus.classes,
                e,
                &v,
                &self.cal,
            );
        }
    }
}

/// One line on stderr for `e` if `v` is wrong or a refusal: where it came from, its label, the
/// answer and the text, for whoever writes phrasings.
fn print_miss(
    tag: &str,
    classes: &[String],
    e: &Example,
    v: &Verdict,
    cal: &calibrate::Calibration,
) {
    let answer = if v.refused(cal) {
        format!(
            "refused (closest {} {:.0}%)",
            classes[v.best],
            100.0 * v.confidence
        )
    } else if e.labels.contains(&v.best) {
        return;
    } else {
        format!("{} {:.0}%", classes[v.best], 100.0 * v.confidence)
    };
    eprintln!("{tag}\t{}\t-> {answer}\t{}", classes[e.labels[0]], e.text);
}

/// The phrasings of `data/router/unseen/`, answered by a model trained as the shipped one is, on
/// all the training data: text the recipe never saw, unlike the held-out folds, whose phrasings
/// were written beside the ones trained on.
struct Unseen {
    corpus: Corpus,
    answers: Vec<Verdict>,
    cal: calibrate::Calibration,
}

impl Unseen {
    fn score(
        root: &Path,
        corpus: &Corpus,
        xs: &[train::Features],
        vectors: &corpus::WordVectors,
        cal: &calibrate::Calibration,
    ) -> Result<Unseen, String> {
        let unseen = corpus.unseen(root)?;
        let all: Vec<&Example> = corpus.examples.iter().collect();
        let all_x: Vec<&train::Features> = xs.iter().collect();
        let model = train::Model::train(&all, &all_x, corpus.classes.len()).dequantised(vectors);
        let mut z = vec![0.0; corpus.classes.len()];
        let answers = unseen
            .examples
            .iter()
            .map(|e| {
                model.logits(&train::features(&e.text, vectors), &mut z);
                Verdict::of(&z, cal)
            })
            .collect();
        Ok(Unseen {
            corpus: unseen,
            answers,
            cal: *cal,
        })
    }

    fn report(&self, w: &mut String) {
        let _ = writeln!(w, "## Phrasings it never trained on\n");
        let _ = writeln!(
            w,
            "`data/router/unseen/`: phrasings written by writers who never saw the training data, \
             answered by a model trained on all of it, as the shipped one is. No model is trained or \
             tuned on them; they estimate how the router reads text that was not written beside what \
             it learned from. What files a to e got wrong did choose the topics of the training round \
             batch8, so those files flatter it a little; f and g were only ever scored (see \
             data/router/unseen/README.md).\n"
        );
        let _ = writeln!(w, "| file | examples | right (top-1) | refused |");
        let _ = writeln!(w, "|---|---:|---:|---:|");
        let mut total = Tally::default();
        for (f, path) in self.corpus.files.iter().enumerate() {
            let mut t = Tally::default();
            for (e, v) in self.corpus.examples.iter().zip(&self.answers) {
                if e.file == Some(f) {
                    t.add(e, v, &self.cal);
                }
            }
            let name = Path::new(path)
                .file_name()
                .map_or(path.as_str(), |n| n.to_str().unwrap_or_default());
            let _ = writeln!(
                w,
                "| {name} | {} | {} | {} |",
                t.total,
                Tally::pct(t.right, t.total),
                Tally::pct(t.refused, t.total)
            );
            total.total += t.total;
            total.right += t.right;
            total.refused += t.refused;
        }
        let _ = writeln!(
            w,
            "| **all** | {} | **{}** | **{}** |\n",
            total.total,
            Tally::pct(total.right, total.total),
            Tally::pct(total.refused, total.total)
        );
    }

    fn misses(&self) {
        for (e, v) in self.corpus.examples.iter().zip(&self.answers) {
            print_miss("Unseen", &self.corpus.classes, e, v, &self.cal);
        }
    }
}

fn main() -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let train::Prepared {
        corpus,
        cv,
        cal,
        xs,
        vectors,
    } = train::Prepared::load(root)?;
    eprintln!(
        "cross-validated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let unseen = Unseen::score(root, &corpus, &xs, &vectors, &cal)?;
    let eval = Eval { corpus, cv, cal };

    let mut md = String::new();
    let _ = writeln!(md, "# How well the free-text router reads people\n");
    let _ = writeln!(
        md,
        "Generated by `cargo run --release --example eval_router`; do not edit. {}-fold cross-validation \
         over the router's own training data ({} examples, {} classes: 18 reasons and `oos`, \"not about \
         the card\"); every figure is on examples held out of the model that answered them. Folds are \
         fixed by each text's hash, so a phrasing repeated in two files is never both trained on and \
         tested on. The temperature ({:.2}), out-of-scope offset ({:.2}) and refusal threshold ({:.2}) \
         were chosen on these same out-of-fold answers, as `build.rs` chooses them for the shipped \
         model.\n",
        corpus::FOLDS,
        eval.corpus.examples.len(),
        eval.corpus.classes.len(),
        eval.cal.temperature,
        eval.cal.oos_offset,
        eval.cal.threshold,
    );
    let _ = writeln!(
        md,
        "\"Right\" is top-1 among the answers given (a refused example is not right); a public example \
         whose intent maps to two reasons counts either. \"Refused\" means the router would answer \
         \"not sure what ... is about\" (exit 2).\n"
    );
    eval.by_origin(&mut md);
    unseen.report(&mut md);
    eval.by_round(&mut md);
    let confusion = eval.confusion();
    eval.by_reason(&mut md, &confusion);
    eval.calibration(&mut md);
    eval.confusion_table(&mut md, &confusion);
    if std::env::args().any(|a| a == "--misses") {
        eval.misses();
        unseen.misses();
    }
    print!("{md}");
    let doc = root.join("docs/router.md");
    std::fs::write(&doc, md).map_err(|err| format!("cannot write {}: {err}", doc.display()))?;
    eprintln!("wrote {}", doc.display());
    Ok(())
}
