//! The facts: departments, numbers, checklists and the escalation ladder.
//!
//! `knowledge.toml` is compiled into the binary; a user overlay (the number on the back of one's own
//! card) is laid over it by id and slug. The merged result is validated before anything uses it.
//!
//! Parsing TOML costs milliseconds that every `route` would pay, so `build.rs` parses the file once
//! at build time (failing the build on a TOML error) and embeds it as code that constructs the
//! parsed values. It also trains the free-text router (`router/`), whose weights are static data.

#[cfg(test)]
mod fuzz;
mod matcher;
mod model;
mod router;
mod text;
mod validate;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use anyhow::{Context, Result};

use crate::error::bad_input;

pub(crate) use matcher::{find_reason, percent, Match, MatchMethod};
use model::{line_column, Meta, RawKnowledge};
pub(crate) use model::{
    ChannelAdvice, ChannelKind, CommonChecklist, Confidence, Deadlines, Disagreement,
    EscalationStep, NumberKind, PhoneNumber, Reason, Region, Source, Tier,
};
pub(crate) use validate::problems;

/// What `build.rs` made of `knowledge.toml`: the parsed facts, as code that constructs them.
#[allow(clippy::too_many_lines)] // the generated constructor is as long as knowledge.toml
mod prebuilt {
    use super::model;

    include!(concat!(env!("OUT_DIR"), "/knowledge.rs"));

    /// One short call per string keeps the generated constructor small.
    fn s(text: &str) -> String {
        text.to_owned()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|&item| item.to_owned()).collect()
    }
}

// The built-in slugs without the rest of the knowledge: shell completion offers them, and building
// the command line must not cost the construction of every fact.
include!(concat!(env!("OUT_DIR"), "/slugs.rs"));

/// Validated knowledge: the embedded file with any overlay merged over it.
#[derive(Debug)]
pub(crate) struct Knowledge {
    pub(crate) reminder: String,
    pub(crate) sources: Vec<Source>,
    pub(crate) numbers: Vec<PhoneNumber>,
    pub(crate) disagreements: Vec<Disagreement>,
    pub(crate) tiers: Vec<Tier>,
    pub(crate) reasons: Vec<Reason>,
    pub(crate) checklist: CommonChecklist,
    pub(crate) escalation: Vec<EscalationStep>,
    pub(crate) deadlines: Deadlines,
    number_index: HashMap<String, usize>,
}

impl Knowledge {
    /// Loads the embedded facts and, when `overlay` is given and exists, merges it over them.
    /// A missing overlay file is not an error only when `required` is false (the default path).
    pub(crate) fn load(overlay: Option<&Path>, required: bool) -> Result<Knowledge> {
        let mut raw = prebuilt::knowledge();
        let mut merged = false;
        if let Some(path) = overlay {
            match fs::read_to_string(path) {
                Ok(text) => {
                    merge(&mut raw, parse(&text, path)?);
                    merged = true;
                }
                Err(err) if err.kind() == io::ErrorKind::NotFound && !required => {}
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
            }
        }
        let knowledge = Knowledge::from_raw(raw)?;
        // The built-in facts alone are checked by a unit test (and so by CI), not on every run.
        if !merged {
            return Ok(knowledge);
        }
        if let Some(problem) = validate::problems(&knowledge).into_iter().next() {
            let origin = overlay.map_or_else(
                || "built-in knowledge".to_owned(),
                |p| format!("knowledge overlay {}", p.display()),
            );
            return Err(bad_input(format!(
                "{origin}: {problem}; run `amex-help knowledge check` on the overlay for every problem"
            )));
        }
        Ok(knowledge)
    }

    /// Parses `text` as an overlay over the built-in facts, without validating the result.
    pub(crate) fn load_unvalidated(text: &str, path: &Path) -> Result<Knowledge> {
        let mut raw = prebuilt::knowledge();
        merge(&mut raw, parse(text, path)?);
        Knowledge::from_raw(raw)
    }

    fn from_raw(raw: RawKnowledge) -> Result<Knowledge> {
        let missing = |table: &str| bad_input(format!("knowledge has no [{table}] table; add it"));
        let meta: Meta = raw.meta.ok_or_else(|| missing("meta"))?;
        let number_index = raw
            .numbers
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        Ok(Knowledge {
            reminder: meta.reminder,
            sources: raw.sources,
            numbers: raw.numbers,
            disagreements: raw.disagreements,
            tiers: raw.tiers,
            reasons: raw.reasons,
            checklist: raw.checklist.ok_or_else(|| missing("checklist"))?,
            escalation: raw.escalation,
            deadlines: raw.deadlines.ok_or_else(|| missing("deadlines"))?,
            number_index,
        })
    }

    pub(crate) fn number(&self, id: &str) -> Option<&PhoneNumber> {
        self.number_index.get(id).map(|&i| &self.numbers[i])
    }

    #[cfg(test)]
    pub(crate) fn reason(&self, slug: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.slug == slug)
    }

    pub(crate) fn tier(&self, slug: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.slug == slug)
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

/// Lays `overlay` over `base`: entries with a known id or slug replace, new ones are added.
fn merge(base: &mut RawKnowledge, overlay: RawKnowledge) {
    fn upsert<T>(into: &mut Vec<T>, items: Vec<T>, key: impl Fn(&T) -> &str) {
        for item in items {
            match into.iter().position(|x| key(x) == key(&item)) {
                Some(i) => into[i] = item,
                None => into.push(item),
            }
        }
    }
    if overlay.meta.is_some() {
        base.meta = overlay.meta;
    }
    if overlay.checklist.is_some() {
        base.checklist = overlay.checklist;
    }
    if overlay.deadlines.is_some() {
        base.deadlines = overlay.deadlines;
    }
    if !overlay.escalation.is_empty() {
        base.escalation = overlay.escalation;
    }
    upsert(&mut base.sources, overlay.sources, |s| &s.id);
    upsert(&mut base.numbers, overlay.numbers, |n| &n.id);
    upsert(&mut base.tiers, overlay.tiers, |t| &t.slug);
    upsert(&mut base.reasons, overlay.reasons, |r| &r.slug);
    base.disagreements.extend(overlay.disagreements);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_slugs_are_the_built_in_reasons() {
        let k = Knowledge::load(None, false).unwrap();
        let built_in: Vec<(&str, &str)> = k
            .reasons
            .iter()
            .map(|r| (r.slug.as_str(), r.title.as_str()))
            .collect();
        assert_eq!(REASON_SLUGS, built_in.as_slice());
    }

    #[test]
    fn embedded_knowledge_loads_and_validates() {
        let k = Knowledge::load(None, false).unwrap();
        assert_eq!(validate::problems(&k), Vec::<String>::new());
        assert_eq!(k.reasons.len(), 18);
    }

    #[test]
    fn build_time_knowledge_matches_knowledge_toml() {
        let text = include_str!("../../knowledge.toml");
        let parsed = parse(text, Path::new("knowledge.toml")).unwrap();
        assert_eq!(
            serde_json::to_string_pretty(&prebuilt::knowledge()).unwrap(),
            serde_json::to_string_pretty(&parsed).unwrap()
        );
    }

    #[test]
    fn overlay_reasons_are_found_by_their_keywords() {
        let overlay = r#"
            [[reasons]]
            slug = "parking"
            title = "Parking tickets"
            department = "d"
            description = "d"
            tiers = ["all"]
            keywords = ["zebracrossing"]
        "#;
        let k = Knowledge::load_unvalidated(overlay, Path::new("o.toml")).unwrap();
        let m = find_reason(&k, "fined at a zebracrossing").unwrap();
        assert_eq!(
            (m.reason.slug.as_str(), m.method, m.confidence),
            ("parking", MatchMethod::FreeText, 1.0)
        );
        // A part of a word is no keyword, and the router still reads everything else.
        assert!(find_reason(&k, "zebracrossings everywhere").is_err());
        let m = find_reason(&k, "my car broke down").unwrap();
        assert_eq!(m.reason.slug, "roadside");
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("a\nbc\nd", 0), (1, 1));
        assert_eq!(line_column("a\nbc\nd", 3), (2, 2));
        assert_eq!(line_column("a\nbc\nd", 5), (3, 1));
    }

    #[test]
    fn overlay_number_goes_first_and_replaces_by_id() {
        let overlay = r#"
            [[numbers]]
            id = "my-card"
            label = "Number on the back of my card"
            display = "1-800-555-0199"
            e164 = "+18005550199"
            kind = "toll-free"
            region = "us"
            sources = ["own-card"]
            confidence = "own-card"
            use_for = ["all"]
        "#;
        let k = Knowledge::load_unvalidated(overlay, Path::new("o.toml")).unwrap();
        let lost = k.reason("lost-card").unwrap();
        assert_eq!(k.numbers_for(lost, None)[0].id, "my-card");
    }

    #[test]
    fn malformed_overlay_names_file_line_and_column() {
        let err = Knowledge::load_unvalidated("[[numbers]]\nid = 3\n", Path::new("o.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("o.toml:2:6: "), "{err}");
        let err = Knowledge::load_unvalidated("[[reasons]]\nslugg = \"x\"\n", Path::new("o.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `slugg`"), "{err}");
    }
}
