//! Consistency checks over merged knowledge: unique slugs and aliases, known ids, real phone
//! numbers, rival numbers listed together, tier names that read right in a sentence.
//!
//! `build.rs` runs these checks on `knowledge.toml`, so the binary never checks the built-in facts
//! again; at run time they check the facts with an overlay merged. So keep this file free of
//! imports from the crate beyond its siblings `data`, `facts`, `model` and `text`.

use std::collections::HashSet;

use super::data::{List, Text};
use super::facts::Facts;
use super::model::Confidence;
use super::text::normalize;

/// Every problem found, one sentence each; empty means the knowledge is sound.
pub(crate) fn problems(k: &Facts) -> Vec<String> {
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
    duplicates(
        k.escalation.iter().map(|s| s.slug.as_str()),
        "escalation rung slug",
        &mut out,
    );
    check_numbers(k, &mut out);
    check_tiers(k, &mut out);
    check_reasons(k, &mut out);
    check_rivals_listed_together(k, &mut out);
    check_ladder(k, &mut out);
    out
}

fn known_number(k: &Facts, id: &str, owner: &str, out: &mut Vec<String>) {
    if k.number(id).is_none() {
        out.push(format!("{owner} lists unknown number id `{id}`"));
    }
}

fn check_numbers(k: &Facts, out: &mut Vec<String>) {
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
        match check_e164(&n.e164) {
            Err(why) => out.push(format!("number `{}`: e164 {why}", n.id)),
            Ok(dialled) => {
                let printed = keypad_digits(n.vanity.as_deref().unwrap_or(&n.display));
                if !dialled.is_dialled_by(&printed) {
                    out.push(format!(
                        "number `{}`: display {} does not dial {}",
                        n.id, n.display, n.e164
                    ));
                }
                if dialled.country != "1" && n.confidence != Confidence::NotUs {
                    out.push(format!(
                        "number `{}`: {} is not a North American number; set confidence = \"not-us\"",
                        n.id, n.e164
                    ));
                }
            }
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

fn check_tiers(k: &Facts, out: &mut Vec<String>) {
    for tier in CardTier::ALL {
        if k.tier(tier.slug()).is_none() {
            out.push(format!(
                "card tier `{}` is missing from [[tiers]]",
                tier.slug()
            ));
        }
    }
    for t in &k.tiers {
        let owner = format!("tier `{}`", t.slug);
        for id in &t.numbers {
            known_number(k, id, &owner, out);
            refuse_not_us(k, id, &owner, out);
        }
        // Text reads the name before the word "card": "Your Platinum card includes this".
        let words: Vec<&str> = t.name.split_whitespace().collect();
        let starts_the = words.first().is_some_and(|w| w.eq_ignore_ascii_case("the"));
        let ends_card = words
            .last()
            .is_some_and(|w| w.eq_ignore_ascii_case("card") || w.eq_ignore_ascii_case("cards"));
        if words.is_empty() || starts_the || ends_card {
            out.push(format!(
                "{owner}: name `{}` is read before the word \"card\" (\"Your Platinum card\"), so \
                 give it without a leading \"The\" or a trailing \"Card\", as in `Platinum`",
                t.name
            ));
        }
    }
}

/// Numbers known not to be US lines are never offered, so no list may name one.
fn refuse_not_us(k: &Facts, id: &str, owner: &str, out: &mut Vec<String>) {
    if k.number(id)
        .is_some_and(|n| n.confidence == Confidence::NotUs)
    {
        out.push(format!(
            "{owner} offers `{id}`, which is known not to be a US line"
        ));
    }
}

fn check_reasons(k: &Facts, out: &mut Vec<String>) {
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
            refuse_not_us(k, id, &owner, out);
        }
        for s in &r.sources {
            if k.sources.iter().all(|known| &known.id != s) {
                out.push(format!("{owner} cites unknown source `{s}`"));
            }
        }
        if let Some(days) = r.expected_days {
            if !(1..=365).contains(&days) {
                out.push(format!(
                    "{owner}: expected_days is {days}; give a number of days from 1 to 365, or leave it out"
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

/// Where sources disagree and none of the rival numbers is confirmed, there is no better one to
/// show alone: a reason or card tier that lists one of them lists them all, so that every answer
/// showing one also shows the disagreement.
fn check_rivals_listed_together(k: &Facts, out: &mut Vec<String>) {
    let unsettled = k.disagreements.iter().filter(|d| {
        d.numbers.iter().all(|id| {
            k.number(id)
                .is_none_or(|n| n.confidence > Confidence::Confirmed)
        })
    });
    let lists = k
        .reasons
        .iter()
        .map(|r| (format!("reason `{}`", r.slug), &r.numbers))
        .chain(
            k.tiers
                .iter()
                .map(|t| (format!("tier `{}`", t.slug), &t.numbers)),
        );
    let lists: Vec<(String, &List<Text>)> = lists.collect();
    for d in unsettled {
        for (owner, numbers) in &lists {
            if !numbers.iter().any(|id| d.numbers.contains(id)) {
                continue;
            }
            for rival in d.numbers.iter().filter(|id| !numbers.contains(id)) {
                out.push(format!(
                    "{owner} lists a {} number but not `{rival}`; sources disagree and neither is \
                     confirmed, so list both",
                    d.topic
                ));
            }
        }
    }
}

fn check_ladder(k: &Facts, out: &mut Vec<String>) {
    if k.escalation.is_empty() {
        out.push("the [[escalation]] ladder is empty".to_owned());
    }
    for step in &k.escalation {
        let slug_form = normalize(&step.slug);
        if slug_form.is_empty() || slug_form != step.slug {
            out.push(format!(
                "escalation rung {}: write the slug `{}` in kebab-case, as in `call-back`",
                step.rung, step.slug
            ));
        }
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

/// A phone number in E.164, split at its country code.
#[derive(Debug, PartialEq, Eq)]
struct Dialled<'a> {
    country: &'a str,
    national: &'a str,
}

impl Dialled<'_> {
    /// Whether `printed` (keypad digits of the printed number) dials this number: with its country
    /// code, or as dialled inside its own country (`1800-419-2122` in India, `(855) 411-2372` in
    /// the US).
    fn is_dialled_by(&self, printed: &str) -> bool {
        printed == self.national
            || printed
                .strip_prefix(self.country)
                .is_some_and(|rest| rest == self.national)
    }
}

/// An E.164 number of the two plans the knowledge holds, following libphonenumber's metadata:
/// North American (`+1`, an area code and exchange starting with 2-9), and India (`+91`, ten
/// digits starting with 2-9, or a toll-free `1800` number of eleven digits).
fn check_e164(e164: &str) -> Result<Dialled<'_>, String> {
    let digits = e164
        .strip_prefix('+')
        .ok_or_else(|| format!("{e164} must start with + and a country code"))?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{e164} must be + followed by digits only"));
    }
    if let Some(national) = digits.strip_prefix("91") {
        let b = national.as_bytes();
        let ordinary = b.len() == 10 && b[0] >= b'2';
        let toll_free = b.len() == 11 && national.starts_with("1800");
        return if ordinary || toll_free {
            Ok(Dialled {
                country: "91",
                national,
            })
        } else {
            Err(format!(
                "{e164} is not a valid India number (ten digits starting with 2-9, or 1800 and seven digits)"
            ))
        };
    }
    let national = digits
        .strip_prefix('1')
        .ok_or_else(|| format!("{e164} must be a North American (+1) or India (+91) number"))?;
    let bytes = national.as_bytes();
    if bytes.len() != 10 {
        return Err(format!("{e164} must be +1 followed by exactly 10 digits"));
    }
    if bytes[0] < b'2' || bytes[3] < b'2' {
        return Err(format!(
            "{e164} is not a valid North American number (area code and exchange start with 2-9)"
        ));
    }
    Ok(Dialled {
        country: "1",
        national,
    })
}

/// The digits a printed number dials, letters mapped by the phone keypad (AXP-EARN is 297-3276).
pub(crate) fn keypad_digits(printed: &str) -> String {
    printed
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
        .collect()
}

/// The slug of the reason whose cases carry the Fair Credit Billing Act clocks (a statement date
/// and the dispute deadlines); the one reason the code, and the attention query, name.
pub(crate) const DISPUTE_SLUG: &str = "dispute";

/// The slug of the fraud reason: unauthorized use is a billing error too (12 CFR 1026.13(a)(1)),
/// so its cases carry the same clocks.
pub(crate) const FRAUD_SLUG: &str = "fraud";

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
