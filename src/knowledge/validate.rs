//! Consistency checks over merged knowledge: unique slugs and aliases, known ids, real phone numbers.

use std::collections::HashSet;

use super::matcher::normalize;
use super::{Confidence, Knowledge};

/// Every problem found, one sentence each; empty means the knowledge is sound.
pub(crate) fn problems(k: &Knowledge) -> Vec<String> {
    let mut out = Vec::new();
    duplicates(
        k.sources.iter().map(|s| s.id.as_str()),
        "source id",
        &mut out,
    );
    duplicates(
        k.numbers.iter().map(|n| n.id.as_str()),
        "number id",
        &mut out,
    );
    duplicates(k.tiers.iter().map(|t| t.slug.as_str()), "tier", &mut out);
    duplicates(
        k.reasons.iter().map(|r| r.slug.as_str()),
        "reason slug",
        &mut out,
    );
    check_numbers(k, &mut out);
    check_tiers(k, &mut out);
    check_reasons(k, &mut out);
    check_ladder(k, &mut out);
    out
}

fn known_number(k: &Knowledge, id: &str, owner: &str, out: &mut Vec<String>) {
    if k.number(id).is_none() {
        out.push(format!("{owner} lists unknown number id `{id}`"));
    }
}

fn check_numbers(k: &Knowledge, out: &mut Vec<String>) {
    let source_ids: HashSet<&str> = k.sources.iter().map(|s| s.id.as_str()).collect();
    for n in &k.numbers {
        if n.sources.is_empty() {
            out.push(format!(
                "number `{}` has no source; add one to its `sources`",
                n.id
            ));
        }
        for s in &n.sources {
            if !source_ids.contains(s.as_str()) {
                out.push(format!("number `{}` cites unknown source `{s}`", n.id));
            }
        }
        if let Err(why) = check_e164(&n.e164) {
            out.push(format!("number `{}`: e164 {why}", n.id));
        } else if keypad_digits(n.vanity.as_deref().unwrap_or(&n.display)) != n.e164[1..] {
            out.push(format!(
                "number `{}`: display {} does not dial {}",
                n.id, n.display, n.e164
            ));
        }
        for slug in &n.use_for {
            if slug != "all" && k.reasons.iter().all(|r| &r.slug != slug) {
                out.push(format!(
                    "number `{}`: use_for names unknown reason `{slug}`",
                    n.id
                ));
            }
        }
    }
    for d in &k.disagreements {
        for id in &d.numbers {
            known_number(k, id, &format!("disagreement `{}`", d.topic), out);
        }
    }
    for s in &k.deadlines.sources {
        if !source_ids.contains(s.as_str()) {
            out.push(format!("[deadlines] cites unknown source `{s}`"));
        }
    }
}

fn check_tiers(k: &Knowledge, out: &mut Vec<String>) {
    for tier in CardTier::ALL {
        if k.tier(tier.slug()).is_none() {
            out.push(format!(
                "card tier `{}` is missing from [[tiers]]",
                tier.slug()
            ));
        }
    }
    for t in &k.tiers {
        for id in &t.numbers {
            known_number(k, id, &format!("tier `{}`", t.slug), out);
        }
    }
}

fn check_reasons(k: &Knowledge, out: &mut Vec<String>) {
    let slugs: HashSet<&str> = k.reasons.iter().map(|r| r.slug.as_str()).collect();
    // Sized up front: growing sets rehash, and this runs on every start-up.
    let mut aliases: HashSet<String> =
        HashSet::with_capacity(k.reasons.iter().map(|r| r.aliases.len()).sum());
    for r in &k.reasons {
        let owner = format!("reason `{}`", r.slug);
        // `route` looks up what is typed in slug form, so a slug in any other form is never found.
        let slug_form = normalize(&r.slug);
        if slug_form.is_empty() {
            out.push(format!("{owner}: the slug has no letters or digits"));
        } else if slug_form != r.slug {
            out.push(format!(
                "{owner}: write the slug as `{slug_form}` (lowercase, words joined by single dashes)"
            ));
        }
        for id in &r.numbers {
            known_number(k, id, &owner, out);
            if k.number(id)
                .is_some_and(|n| n.confidence == Confidence::NotUs)
            {
                out.push(format!(
                    "{owner} offers `{id}`, which is known not to be a US line"
                ));
            }
        }
        for alias in &r.aliases {
            let norm = normalize(alias);
            if norm.is_empty() {
                out.push(format!(
                    "{owner}: alias `{alias}` has no letters or digits, so any input without them \
                     would match it"
                ));
            }
            if slugs.contains(norm.as_str()) {
                out.push(format!("{owner}: alias `{alias}` is another reason's slug"));
            }
            if !aliases.insert(norm) {
                out.push(format!("{owner}: alias `{alias}` is used twice"));
            }
        }
        for t in &r.tiers {
            if t != "all" && k.tier(t).is_none() {
                out.push(format!("{owner}: unknown card tier `{t}`"));
            }
        }
        for rel in &r.related {
            if !slugs.contains(rel.as_str()) {
                out.push(format!("{owner}: related reason `{rel}` does not exist"));
            }
        }
        if r.keywords.is_empty() && r.phrases.is_empty() {
            out.push(format!(
                "{owner} has no keywords or phrases, so free text can never reach it"
            ));
        }
    }
}

fn check_ladder(k: &Knowledge, out: &mut Vec<String>) {
    if k.escalation.is_empty() {
        out.push("the [[escalation]] ladder is empty".to_owned());
    }
    for (i, step) in k.escalation.iter().enumerate() {
        if usize::try_from(step.rung).ok() != Some(i + 1) {
            out.push(format!(
                "escalation rungs must be numbered 1, 2, 3... in order; found {} at position {}",
                step.rung,
                i + 1
            ));
        }
    }
}

fn duplicates<'a>(items: impl Iterator<Item = &'a str>, what: &str, out: &mut Vec<String>) {
    let mut seen = HashSet::with_capacity(items.size_hint().0);
    for item in items {
        if !seen.insert(item) {
            out.push(format!("{what} `{item}` appears twice"));
        }
    }
}

/// A North American number in E.164: `+1`, then an area code and exchange that start with 2-9.
fn check_e164(e164: &str) -> Result<(), String> {
    let digits = e164
        .strip_prefix("+1")
        .ok_or_else(|| format!("{e164} must start with +1 (a North American number)"))?;
    let bytes = digits.as_bytes();
    if bytes.len() != 10 || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(format!("{e164} must be +1 followed by exactly 10 digits"));
    }
    if bytes[0] < b'2' || bytes[3] < b'2' {
        return Err(format!(
            "{e164} is not a valid North American number (area code and exchange start with 2-9)"
        ));
    }
    Ok(())
}

/// The digits a printed number dials, letters mapped by the phone keypad (AXP-EARN is 297-3276).
pub(crate) fn keypad_digits(printed: &str) -> String {
    let digits: String = printed
        .chars()
        .filter_map(|c| match c.to_ascii_uppercase() {
            d @ '0'..='9' => Some(d),
            'A'..='C' => Some('2'),
            'D'..='F' => Some('3'),
            'G'..='I' => Some('4'),
            'J'..='L' => Some('5'),
            'M'..='O' => Some('6'),
            'P'..='S' => Some('7'),
            'T'..='V' => Some('8'),
            'W'..='Z' => Some('9'),
            _ => None,
        })
        .collect();
    // Printed numbers may omit the leading country code 1.
    if digits.len() == 10 {
        format!("1{digits}")
    } else {
        digits
    }
}

/// The slug of the reason whose cases carry the Fair Credit Billing Act clocks (a statement date
/// and the dispute deadlines); the one reason the code, and the attention query, name.
pub(crate) const DISPUTE_SLUG: &str = "dispute";

/// The card tiers the command line offers (`--card`); each must have a `[[tiers]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CardTier {
    Green,
    Gold,
    Platinum,
    Centurion,
    Business,
    Corporate,
    Other,
}

impl CardTier {
    pub(crate) const ALL: [CardTier; 7] = [
        CardTier::Green,
        CardTier::Gold,
        CardTier::Platinum,
        CardTier::Centurion,
        CardTier::Business,
        CardTier::Corporate,
        CardTier::Other,
    ];

    /// The tier's slug in the knowledge file.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            CardTier::Green => "green",
            CardTier::Gold => "gold",
            CardTier::Platinum => "platinum",
            CardTier::Centurion => "centurion",
            CardTier::Business => "business",
            CardTier::Corporate => "corporate",
            CardTier::Other => "other",
        }
    }
}

#[cfg(test)]
mod tests;
