//! `Facts`: a whole knowledge base, every table present. The built-in one is a `static` that
//! `build.rs` writes from `knowledge.toml` (after validating it); an overlay merges over a copy.
//!
//! `build.rs` compiles this file too, so keep it free of imports from the crate beyond its
//! siblings `data` and `model`.

use serde::Serialize;

use super::data::{List, Text};
use super::model::{
    CommonChecklist, Deadlines, Disagreement, EscalationStep, PhoneNumber, RawKnowledge, Reason,
    Source, Tier,
};

/// Knowledge with every table: the built-in facts, or the built-in facts with an overlay merged.
/// `Serialize` lets a test compare the static data `build.rs` wrote with a fresh parse of the file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Facts {
    pub(crate) reminder: Text,
    pub(crate) sources: List<Source>,
    pub(crate) numbers: List<PhoneNumber>,
    pub(crate) disagreements: List<Disagreement>,
    pub(crate) tiers: List<Tier>,
    pub(crate) reasons: List<Reason>,
    pub(crate) checklist: CommonChecklist,
    pub(crate) escalation: List<EscalationStep>,
    pub(crate) deadlines: Deadlines,
}

impl Facts {
    /// A whole knowledge file; the error names the first missing table. `build.rs` reads
    /// `knowledge.toml` with it; in the crate only a test does.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn from_raw(raw: RawKnowledge) -> Result<Facts, String> {
        let missing = |table: &str| format!("knowledge has no [{table}] table; add it");
        Ok(Facts {
            reminder: raw.meta.ok_or_else(|| missing("meta"))?.reminder,
            sources: raw.sources,
            numbers: raw.numbers,
            disagreements: raw.disagreements,
            tiers: raw.tiers,
            reasons: raw.reasons,
            checklist: raw.checklist.ok_or_else(|| missing("checklist"))?,
            escalation: raw.escalation,
            deadlines: raw.deadlines.ok_or_else(|| missing("deadlines"))?,
        })
    }

    /// Lays `overlay` over these facts: entries with a known id or slug replace, new ones are
    /// added. Returns whether the overlay touched the reasons, which makes the prebuilt free-text
    /// index stale.
    pub(crate) fn merge(&mut self, overlay: RawKnowledge) -> bool {
        fn upsert<T: Clone>(into: &mut List<T>, items: List<T>, key: impl Fn(&T) -> &str) {
            if items.is_empty() {
                // Leaves a borrowed list borrowed.
                return;
            }
            let into = into.to_mut();
            for item in items.into_vec() {
                match into.iter().position(|x| key(x) == key(&item)) {
                    Some(i) => into[i] = item,
                    None => into.push(item),
                }
            }
        }
        let reasons_changed = !overlay.reasons.is_empty();
        if let Some(meta) = overlay.meta {
            self.reminder = meta.reminder;
        }
        if let Some(checklist) = overlay.checklist {
            self.checklist = checklist;
        }
        if let Some(deadlines) = overlay.deadlines {
            self.deadlines = deadlines;
        }
        if !overlay.escalation.is_empty() {
            self.escalation = overlay.escalation;
        }
        upsert(&mut self.sources, overlay.sources, |s| &s.id);
        upsert(&mut self.numbers, overlay.numbers, |n| &n.id);
        upsert(&mut self.tiers, overlay.tiers, |t| &t.slug);
        upsert(&mut self.reasons, overlay.reasons, |r| &r.slug);
        if !overlay.disagreements.is_empty() {
            self.disagreements
                .to_mut()
                .extend(overlay.disagreements.into_vec());
        }
        reasons_changed
    }

    /// The number with this id. A scan: the file holds a few dozen, and an index would cost
    /// every start-up its construction.
    pub(crate) fn number(&self, id: &str) -> Option<&PhoneNumber> {
        self.numbers.iter().find(|n| n.id == id)
    }

    /// The reason with this exact slug.
    pub(crate) fn reason(&self, slug: &str) -> Option<&Reason> {
        self.reasons.iter().find(|r| r.slug == slug)
    }

    pub(crate) fn tier(&self, slug: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.slug == slug)
    }
}
