//! `amex-help route`: the department, the numbers, the better channel and the tips for a problem.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::resolve::resolve_reason;
use super::Ctx;
use crate::cli::RouteArgs;
use crate::knowledge::{ChannelAdvice, Disagreement, Knowledge, MatchMethod, Reason, Source, Text};
use crate::output::{
    confidence_label, emit, kind_label, sources_of, write_disagreements, write_sources, NumberView,
    Render, Style,
};

pub(crate) fn run(ctx: &Ctx, args: &RouteArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let (found, input) = resolve_reason(k, &args.reason)?;
    let tier = args
        .reason
        .card
        .and_then(|t| k.tier(crate::knowledge::CardTier::from(t).slug()));
    let numbers = k.numbers_for(found.reason, tier);
    let report = RouteReport {
        reason: &found.reason.slug,
        title: &found.reason.title,
        department: &found.reason.department,
        description: &found.reason.description,
        interpreted_from: (found.method == MatchMethod::FreeText).then_some(input),
        matched_by: found.method,
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
    card: Option<CardNote<'k>>,
    numbers: Vec<NumberView<'k>>,
    disagreements: Vec<&'k Disagreement>,
    sources: Vec<&'k Source>,
    channels: &'k [ChannelAdvice],
    tips: &'k [Text],
    related: &'k [Text],
    reminder: &'k str,
}

/// What the user's card means for this reason.
#[derive(Serialize)]
struct CardNote<'k> {
    tier: &'k str,
    name: &'k str,
    /// Whether this reason's service comes with the card.
    eligible: bool,
    opens: &'k [Text],
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

impl Render for RouteReport<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        writeln!(out, "{}  ({})", style.heading(self.title), self.reason)?;
        writeln!(out, "Department: {}", self.department)?;
        if let Some(input) = &self.interpreted_from {
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "Read \"{}\" as {}.",
                    style.text(input.trim()),
                    self.reason
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
