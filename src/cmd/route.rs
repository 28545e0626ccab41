//! `amex-help route`: the department, the numbers, the better channel and the tips for a problem.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::resolve::resolve_reason;
use super::Ctx;
use crate::cli::RouteArgs;
use crate::knowledge::{
    percent, quote, ChannelAdvice, Disagreement, Knowledge, MatchMethod, NumberKind, Reason,
    Region, Source, Text,
};
use crate::output::{
    emit, sources_of, write_disagreement_lines, write_disagreements, write_sources, NumberView,
    Page, Paint, Render, Style,
};

/// One tip, as the page lists it.
fn write_tip(page: &mut Page<'_>, tip: &str) -> io::Result<()> {
    page.hanging("  - ", "    ", tip)
}

/// A runner-up reading of free text.
#[derive(Clone, Serialize)]
struct Alternative<'k> {
    reason: &'k str,
    confidence: f64,
}

/// A probability to four places, so that scripts see 0.8731 rather than 0.87310004.
fn rounded(p: f32) -> f64 {
    (f64::from(p) * 10_000.0).round() / 10_000.0
}

/// Reasons whose caller is abroad, as `--abroad` says.
const ABROAD_REASONS: [&str; 2] = ["international", "global-assist"];

pub(crate) fn run(ctx: &Ctx, args: &RouteArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let (found, input) = resolve_reason(k, &args.reason)?;
    let tier = args
        .reason
        .card
        .and_then(|t| k.tier(crate::knowledge::CardTier::from(t).slug()));
    let abroad = args.abroad || ABROAD_REASONS.contains(&found.reason.slug.as_str());
    let mut numbers = k.numbers_for(found.reason, tier);
    if abroad {
        // Stable: among collect and abroad lines, and among the rest, the ranking stays.
        numbers.sort_by_key(|n| !(n.kind == NumberKind::Collect || n.region == Region::Abroad));
    }
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
        numbers: numbers
            .into_iter()
            .map(|n| NumberView::new(n, &k.sources))
            .collect(),
        abroad,
        show_sources: args.sources,
        all_tips: args.all,
        channels: &found.reason.channels,
        tips: &found.reason.tips,
        related: &found.reason.related,
        reminder: &k.reminder,
    };
    emit(&report, ctx.format, ctx.style)
}

/// The JSON contract of `route --json` (documented in README.md).
#[derive(Clone, Serialize)]
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
    tips: &'k [Text],
    related: &'k [Text],
    reminder: &'k str,
    /// Whether the numbers are for someone abroad: collect and abroad lines first.
    abroad: bool,
    #[serde(skip)]
    show_sources: bool,
    #[serde(skip)]
    all_tips: bool,
}

/// What the user's card means for this reason.
#[derive(Clone, Serialize)]
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

/// The most lines `route` writes at 80 columns: tips past this budget are left to `--all`.
const LINE_BUDGET: usize = 35;

/// The width at which the budget holds.
const BUDGET_WIDTH: u16 = 80;

impl Render for RouteReport<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let tips = if self.all_tips {
            self.tips.len()
        } else {
            self.tips_within_budget()?
        };
        self.write_page(&mut Page::new(out, style), tips)
    }
}

impl RouteReport<'_> {
    /// How many tips fit in [`LINE_BUDGET`] lines at [`BUDGET_WIDTH`] columns with everything
    /// else shown. The same at every width, so a narrow screen shows the same tips, only longer.
    fn tips_within_budget(&self) -> io::Result<usize> {
        let budget = Style {
            color: false,
            width: Some(BUDGET_WIDTH),
        };
        let without_sources = RouteReport {
            show_sources: false,
            ..self.clone()
        };
        let lines = |write: &dyn Fn(&mut Page<'_>) -> io::Result<()>| -> io::Result<usize> {
            let mut page = Page::counting(budget);
            write(&mut page)?;
            Ok(page.lines())
        };
        // One page with every tip, then tips dropped from the end, each giving back its own lines
        // while the "N more tips" line takes its place: wrapping the whole page once per tip count
        // cost more than the rest of `route`.
        let all = self.tips.len();
        let mut total = lines(&|page| without_sources.write_page(page, all))?;
        let (mut shown, mut more) = (all, 0);
        while total > LINE_BUDGET && shown > 0 {
            shown -= 1;
            total -= lines(&|page| write_tip(page, &self.tips[shown]))? + more;
            more = lines(&|page| self.write_more(page, all - shown))?;
            total += more;
        }
        Ok(shown)
    }

    /// The page, with the first `tips` tips.
    fn write_page(&self, page: &mut Page<'_>, tips: usize) -> io::Result<()> {
        let style = page.style();
        page.painted_para(
            Paint::Heading,
            "",
            &format!("{}  ({})", self.title, self.reason),
        )?;
        if let Some(input) = &self.interpreted_from {
            let read = format!(
                "Read \"{}\" as {} ({} sure).",
                // Escaped first, so that the quote's length is what the page shows.
                quote(&style.text(input)),
                self.reason,
                percent(self.confidence)
            );
            page.painted_para(Paint::Dim, "", &read)?;
        }
        page.para("", self.description)?;
        if let Some(card) = &self.card {
            if !card.eligible {
                let note = format!(
                    "this comes with {} cards; check your {} card's benefits before relying on it.",
                    card.eligible_tiers.join(" and "),
                    card.name
                );
                page.lead(("", ""), (Paint::Warn, "Note:"), &note)?;
            } else if !card.eligible_tiers.is_empty() {
                page.para("", &format!("Your {} card includes this.", card.name))?;
            }
        }
        page.blank()?;
        self.write_numbers(page)?;
        if self.show_sources {
            page.blank()?;
            self.write_sources(page)?;
        }
        page.blank()?;
        if !self.channels.is_empty() {
            page.painted(Paint::Heading, "Better channels")?;
            for (i, c) in self.channels.iter().enumerate() {
                let number = format!("{}.", i + 1);
                let rest = " ".repeat(3 + number.len());
                page.lead(
                    (&format!("  {number} "), &rest),
                    (Paint::Emphasis, &format!("{}:", c.channel.label())),
                    &c.why,
                )?;
            }
        }
        if !self.tips.is_empty() {
            page.painted(Paint::Heading, "Tips")?;
            for tip in &self.tips[..tips] {
                write_tip(page, tip)?;
            }
            self.write_more(page, self.tips.len() - tips)?;
        }
        if !self.related.is_empty() {
            page.para("", &format!("Related: {}", self.related.join(", ")))?;
        }
        page.painted_para(Paint::Warn, "", self.reminder)
    }

    /// The line that says how many tips `--all` would add, when there are any.
    fn write_more(&self, page: &mut Page<'_>, left: usize) -> io::Result<()> {
        if left == 0 {
            return Ok(());
        }
        let more = format!(
            "{left} more tip{}: amex-help route {} --all",
            if left == 1 { "" } else { "s" },
            self.reason
        );
        page.painted_para(Paint::Dim, "  ", &more)
    }

    /// The number to call first, alone on its line, then the others, then the disagreements.
    fn write_numbers(&self, page: &mut Page<'_>) -> io::Result<()> {
        let Some((first, others)) = self.numbers.split_first() else {
            return page.para("", &format!("Call {}.", self.department));
        };
        let call = if self.abroad {
            format!("From abroad, call {}:", self.department)
        } else {
            format!("Call {}:", self.department)
        };
        page.painted_para(Paint::Heading, "", &call)?;
        page.painted(Paint::Emphasis, &format!("  {}", first.dial(self.abroad)))?;
        page.para("  ", &first.facts())?;
        if self.abroad && first.kind == NumberKind::Collect {
            page.para(
                "  ",
                "Ask the local operator for a collect (reverse-charge) call to this number.",
            )?;
        } else if let Some(collect) = self
            .numbers
            .iter()
            .find(|n| self.abroad && n.kind == NumberKind::Collect)
        {
            let how = format!(
                "To call collect, ask the local operator for a reverse-charge call to {}.",
                collect.international
            );
            page.para("  ", &how)?;
        }
        if !others.is_empty() {
            page.painted(Paint::Heading, "Other numbers")?;
            for n in others {
                page.hanging(
                    "  ",
                    "      ",
                    &format!("{}  ({}) {}", n.dial(self.abroad), n.facts(), n.label),
                )?;
            }
        }
        if !self.show_sources {
            write_disagreement_lines(page, &self.disagreements, &self.numbers, self.abroad)?;
            if self.disagreements.is_empty() {
                let more = format!(
                    "Where they come from: amex-help route {} --sources",
                    self.reason
                );
                page.painted_para(Paint::Dim, "", &more)?;
            }
        }
        Ok(())
    }

    /// `--sources`: every disagreement in full, each number's note, and the sources legend.
    fn write_sources(&self, page: &mut Page<'_>) -> io::Result<()> {
        write_disagreements(page, &self.disagreements)?;
        let notes: Vec<_> = self
            .numbers
            .iter()
            .filter_map(|n| n.note.map(|note| (n, note)))
            .collect();
        if !notes.is_empty() {
            page.painted(Paint::Heading, "About the numbers")?;
            for (n, note) in notes {
                page.hanging("  ", "    ", &format!("{}: {note}", n.dial(self.abroad)))?;
            }
        }
        write_sources(page, &self.sources)
    }
}
