//! `amex-help route`: the department, the numbers, the better channel and the tips for a problem.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::{resolve_reason, Ctx};
use crate::cli::RouteArgs;
use crate::knowledge::{
    percent, ChannelAdvice, Confidence, Disagreement, Knowledge, MatchMethod, NumberKind,
    PhoneNumber, Reason, Region, Source,
};
use crate::output::{emit, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &RouteArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let (found, input) = resolve_reason(k, &args.reason)?;
    let tier = args.reason.card.and_then(|t| k.tier(t.slug()));
    let numbers = k.numbers_for(found.reason, tier);
    let report = RouteReport {
        reason: &found.reason.slug,
        title: &found.reason.title,
        department: &found.reason.department,
        description: &found.reason.description,
        interpreted_from: (found.method == MatchMethod::FreeText).then_some(input),
        matched_by: found.method,
        confidence: rounded(found.confidence),
        alternatives: found
            .alternatives
            .iter()
            .map(|&(r, p)| Alternative {
                reason: &r.slug,
                confidence: rounded(p),
            })
            .collect(),
        card: tier.map(|t| CardNote::new(k, found.reason, t)),
        disagreements: k.disagreements_for(&numbers),
        sources: sources_of(k, &numbers),
        numbers: numbers.into_iter().map(NumberView::from).collect(),
        channels: &found.reason.channels,
        tips: &found.reason.tips,
        related: &found.reason.related,
        reminder: &k.reminder,
    };
    emit(&report, ctx.format, ctx.style)
}

/// The JSON contract of `route --json` (documented in README.md).
#[derive(Serialize)]
struct RouteReport<'k> {
    reason: &'k str,
    title: &'k str,
    department: &'k str,
    description: &'k str,
    interpreted_from: Option<String>,
    matched_by: MatchMethod,
    /// 1 for a slug or alias, the router's probability for free text.
    confidence: f64,
    alternatives: Vec<Alternative<'k>>,
    card: Option<CardNote<'k>>,
    numbers: Vec<NumberView<'k>>,
    disagreements: Vec<&'k Disagreement>,
    sources: Vec<&'k Source>,
    channels: &'k [ChannelAdvice],
    tips: &'k [String],
    related: &'k [String],
    reminder: &'k str,
}

/// A runner-up reading of free text.
#[derive(Serialize)]
struct Alternative<'k> {
    reason: &'k str,
    confidence: f64,
}

/// A probability to four places, so that scripts see 0.8731 rather than 0.87310004.
fn rounded(p: f32) -> f64 {
    (f64::from(p) * 10_000.0).round() / 10_000.0
}

/// A phone number as scripts see it, in `route`, `numbers` and elsewhere.
#[derive(Serialize)]
pub(crate) struct NumberView<'k> {
    pub(crate) id: &'k str,
    pub(crate) label: &'k str,
    pub(crate) display: &'k str,
    pub(crate) vanity: Option<&'k str>,
    pub(crate) e164: &'k str,
    pub(crate) kind: NumberKind,
    pub(crate) hours: Option<&'k str>,
    pub(crate) region: Region,
    pub(crate) sources: &'k [String],
    pub(crate) confidence: Confidence,
    pub(crate) note: Option<&'k str>,
}

impl<'k> From<&'k PhoneNumber> for NumberView<'k> {
    fn from(n: &'k PhoneNumber) -> Self {
        NumberView {
            id: &n.id,
            label: &n.label,
            display: &n.display,
            vanity: n.vanity.as_deref(),
            e164: &n.e164,
            kind: n.kind,
            hours: n.hours.as_deref(),
            region: n.region,
            sources: &n.sources,
            confidence: n.confidence,
            note: n.note.as_deref(),
        }
    }
}

impl NumberView<'_> {
    /// The number as a person dials it: the vanity form with its digits, or the display form.
    pub(crate) fn dial(&self) -> String {
        match self.vanity {
            Some(vanity) => format!("{vanity}\n({})", self.display),
            None => self.display.to_owned(),
        }
    }
}

/// What the user's card means for this reason.
#[derive(Serialize)]
struct CardNote<'k> {
    tier: &'k str,
    name: &'k str,
    /// Whether this reason's service comes with the card.
    eligible: bool,
    opens: &'k [String],
    /// Tier names whose cards include this reason's service, when it is not for every card.
    eligible_tiers: Vec<&'k str>,
}

impl<'k> CardNote<'k> {
    fn new(k: &'k Knowledge, reason: &'k Reason, tier: &'k crate::knowledge::Tier) -> Self {
        let for_all = reason.tiers.iter().any(|t| t == "all");
        CardNote {
            tier: &tier.slug,
            name: &tier.name,
            eligible: for_all || reason.tiers.contains(&tier.slug),
            opens: &tier.opens,
            eligible_tiers: if for_all {
                Vec::new()
            } else {
                reason
                    .tiers
                    .iter()
                    .filter_map(|t| k.tier(t).map(|t| t.name.as_str()))
                    .collect()
            },
        }
    }
}

/// The sources cited by `numbers`, in first-cited order.
pub(crate) fn sources_of<'k>(k: &'k Knowledge, numbers: &[&'k PhoneNumber]) -> Vec<&'k Source> {
    let mut out: Vec<&Source> = Vec::new();
    for id in numbers.iter().flat_map(|n| &n.sources) {
        if let Some(s) = k.sources.iter().find(|s| &s.id == id) {
            if !out.iter().any(|o| o.id == s.id) {
                out.push(s);
            }
        }
    }
    out
}

pub(crate) fn kind_label(kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::TollFree => "toll-free",
        NumberKind::Collect => "collect",
        NumberKind::Toll => "toll",
    }
}

pub(crate) fn confidence_label(c: Confidence) -> &'static str {
    match c {
        Confidence::OwnCard => "your card",
        Confidence::Confirmed => "confirmed",
        Confidence::Informal => "informal",
        Confidence::NotUs => "not a US line",
    }
}

pub(crate) fn region_label(r: Region) -> &'static str {
    match r {
        Region::Us => "US",
        Region::Abroad => "from abroad",
    }
}

/// The sources legend under a table of numbers.
pub(crate) fn write_sources(
    out: &mut dyn Write,
    style: Style,
    sources: &[&Source],
) -> io::Result<()> {
    writeln!(out, "{}", style.dim("Sources:"))?;
    for s in sources {
        match &s.location {
            Some(loc) => writeln!(
                out,
                "{}",
                style.dim(&format!("  {}: {} ({loc})", s.id, s.title))
            )?,
            None => writeln!(out, "{}", style.dim(&format!("  {}: {}", s.id, s.title)))?,
        }
    }
    Ok(())
}

pub(crate) fn write_disagreements(
    out: &mut dyn Write,
    style: Style,
    disagreements: &[&Disagreement],
) -> io::Result<()> {
    for d in disagreements {
        writeln!(
            out,
            "{} {}",
            style.warn(&format!("Sources disagree on the {}:", d.topic)),
            d.note
        )?;
    }
    Ok(())
}

impl Render for RouteReport<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        writeln!(out, "{}  ({})", style.heading(self.title), self.reason)?;
        writeln!(out, "Department: {}", self.department)?;
        if let Some(input) = &self.interpreted_from {
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "Read \"{}\" as {} ({} sure).",
                    style.text(input.trim()),
                    self.reason,
                    percent(self.confidence)
                ))
            )?;
        }
        writeln!(out, "{}", self.description)?;
        if let Some(card) = &self.card {
            if !card.eligible {
                writeln!(
                    out,
                    "{} this comes with {} cards; check your {} card's benefits before relying on it.",
                    style.warn("Note:"),
                    card.eligible_tiers.join(" and "),
                    card.name
                )?;
            } else if !card.eligible_tiers.is_empty() {
                writeln!(out, "Your {} card includes this.", card.name)?;
            }
        }
        writeln!(out)?;

        writeln!(out, "{}", style.heading("Numbers, best first"))?;
        let mut table = style.table(&["Number", "For", "Kind", "Hours", "Sources", "Confidence"]);
        for n in &self.numbers {
            table.add_row(vec![
                n.dial(),
                n.label.to_owned(),
                kind_label(n.kind).to_owned(),
                n.hours.unwrap_or("-").to_owned(),
                n.sources.join(", "),
                confidence_label(n.confidence).to_owned(),
            ]);
        }
        writeln!(out, "{table}")?;
        write_disagreements(out, style, &self.disagreements)?;
        write_sources(out, style, &self.sources)?;
        writeln!(out)?;

        if !self.channels.is_empty() {
            writeln!(out, "{}", style.heading("Better channels"))?;
            for (i, c) in self.channels.iter().enumerate() {
                writeln!(
                    out,
                    "  {}. {}: {}",
                    i + 1,
                    style.emphasis(c.channel.label()),
                    c.why
                )?;
            }
            writeln!(out)?;
        }
        if !self.tips.is_empty() {
            writeln!(out, "{}", style.heading("Tips"))?;
            for tip in self.tips {
                writeln!(out, "  - {tip}")?;
            }
            writeln!(out)?;
        }
        if !self.related.is_empty() {
            writeln!(out, "Related: {}", self.related.join(", "))?;
        }
        writeln!(out, "{}", style.warn(self.reminder))
    }
}
