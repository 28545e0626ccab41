//! The facts: departments, numbers, checklists and the escalation ladder.
//!
//! `knowledge.toml` is compiled into the binary; a user overlay (the number on the back of one's own
//! card) is laid over it by id and slug. The merged result is validated before anything uses it.
//!
//! `build.rs` parses and validates the file at build time (a bad edit fails the build with the
//! file, line and problem) and writes it out as `static` data: every string a `&'static str`, every
//! list a static slice. A run without an overlay borrows that data as it is, parsing, checking and
//! allocating nothing; an overlay merges over a copy of the tables it touches, whose untouched
//! entries still borrow. `build.rs` also trains the free-text router (`router/`), whose weights
//! are static data too.

mod data;
mod facts;
#[cfg(test)]
mod fuzz;
mod matcher;
mod model;
mod router;
mod text;
mod validate;

use std::borrow::Cow;
use std::fs;
use std::io;
use std::ops::Deref;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::bad_input;

pub(crate) use data::Text;
pub(crate) use facts::Facts;
pub(crate) use matcher::{find_reason, is_invisible, percent, quote, Match, MatchMethod};
use model::{line_column, RawKnowledge};
pub(crate) use model::{
    ChannelAdvice, ChannelKind, Confidence, Disagreement, NumberKind, PhoneNumber, Reason, Region,
    Source, Tier,
};
pub(crate) use validate::{problems, CardTier, DISPUTE_SLUG, FRAUD_SLUG};

/// What `build.rs` made of `knowledge.toml`: the validated facts as static data.
mod prebuilt {
    use super::data::{List, Text};
    use super::facts;
    use super::model;
    use std::borrow::Cow;

    include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

    /// A short name keeps the generated tables small.
    const fn s(text: &'static str) -> Text {
        Text::borrowed(text)
    }
}

// The built-in slugs without the rest of the knowledge: shell completion offers them, and building
// the command line must not cost the construction of every fact.
include!(concat!(env!("OUT_DIR"), "/slugs.rs"));

/// Validated knowledge: the built-in facts, borrowed, or a copy with an overlay merged over it.
/// Derefs to its [`Facts`], so `k.reasons`, `k.number(id)` and the rest read straight through.
#[derive(Debug)]
pub(crate) struct Knowledge {
    facts: Cow<'static, Facts>,
}

impl Deref for Knowledge {
    type Target = Facts;

    fn deref(&self) -> &Facts {
        &self.facts
    }
}

impl Knowledge {
    /// The built-in facts alone: borrowed, and already validated by `build.rs`.
    pub(crate) fn builtin() -> Knowledge {
        Knowledge {
            facts: Cow::Borrowed(&prebuilt::FACTS),
        }
    }

    /// Loads the embedded facts and, when `overlay` is given and exists, merges it over them.
    /// A missing overlay file is not an error only when `required` is false (the default path).
    pub(crate) fn load(overlay: Option<&Path>, required: bool) -> Result<Knowledge> {
        let Some(path) = overlay else {
            return Ok(Knowledge::builtin());
        };
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == io::ErrorKind::NotFound && !required => {
                return Ok(Knowledge::builtin());
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Err(bad_input(format!(
                    "knowledge overlay {} does not exist; create it or drop --knowledge/AMEX_HELP_KNOWLEDGE",
                    path.display()
                )));
            }
            Err(err) if err.kind() == io::ErrorKind::InvalidData => return Err(not_utf8(path)),
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("reading knowledge overlay {}", path.display()))
            }
        };
        let knowledge = Knowledge::load_unvalidated(&text, path)?;
        if let Some(problem) = validate::problems(&knowledge).into_iter().next() {
            return Err(bad_input(format!(
                "knowledge overlay {}: {problem}; run `amex-help knowledge check` on the overlay for every problem",
                path.display()
            )));
        }
        Ok(knowledge)
    }

    /// Parses `text` as an overlay over the built-in facts, without validating the result.
    pub(crate) fn load_unvalidated(text: &str, path: &Path) -> Result<Knowledge> {
        let overlay = parse(text, path)?;
        let mut facts = prebuilt::FACTS.clone();
        facts.merge(overlay);
        Ok(Knowledge {
            facts: Cow::Owned(facts),
        })
    }

    /// The numbers to offer for `reason`, best first: the user's own-card numbers, then the card
    /// tier's line (when the reason allows it), then the reason's own list ranked by confidence.
    /// Numbers known not to be US lines are never offered.
    pub(crate) fn numbers_for(&self, reason: &Reason, tier: Option<&Tier>) -> Vec<&PhoneNumber> {
        let own = self
            .numbers
            .iter()
            .filter(|n| n.use_for.iter().any(|s| s == "all" || *s == reason.slug));
        let tier_lines = tier
            .filter(|_| reason.card_lines)
            .into_iter()
            .flat_map(|t| t.numbers.iter().filter_map(|id| self.number(id)));
        let mut listed: Vec<&PhoneNumber> = reason
            .numbers
            .iter()
            .filter_map(|id| self.number(id))
            .collect();
        // A stable sort keeps the file's order among numbers of equal confidence.
        listed.sort_by_key(|n| n.confidence);
        let mut out: Vec<&PhoneNumber> = Vec::new();
        for n in own.chain(tier_lines).chain(listed) {
            if n.confidence != Confidence::NotUs && !out.iter().any(|o| o.id == n.id) {
                out.push(n);
            }
        }
        out
    }

    /// Disagreements between sources where at least two of the rival numbers are among `numbers`:
    /// a lone shared number (the general line is also a fraud line) is no disagreement here.
    pub(crate) fn disagreements_for(&self, numbers: &[&PhoneNumber]) -> Vec<&Disagreement> {
        self.disagreements
            .iter()
            .filter(|d| {
                d.numbers
                    .iter()
                    .filter(|id| numbers.iter().any(|n| &n.id == *id))
                    .count()
                    >= 2
            })
            .collect()
    }

    /// Reason slugs that list `number_id`.
    pub(crate) fn reasons_using(&self, number_id: &str) -> Vec<&str> {
        self.reasons
            .iter()
            .filter(|r| r.numbers.iter().any(|id| id == number_id))
            .map(|r| r.slug.as_str())
            .collect()
    }
}

/// An overlay saved in another encoding is a malformed overlay like any other (exit 2), not an
/// unreadable file.
pub(crate) fn not_utf8(path: &Path) -> anyhow::Error {
    bad_input(format!(
        "knowledge overlay {} is not UTF-8 text; save it as UTF-8",
        path.display()
    ))
}

fn parse(text: &str, path: &Path) -> Result<RawKnowledge> {
    toml::from_str(text).map_err(|err| {
        let (line, column) = err
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        bad_input(format!(
            "{}:{line}:{column}: {}; fix the file (`amex-help knowledge check FILE` lists every problem)",
            path.display(),
            err.message().trim_end().replace('\n', " ")
        ))
    })
}

#[cfg(test)]
mod tests;
