//! `amex-help numbers`: every known number, with kind, hours, sources and the reasons that use it.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::{NumbersArgs, RegionArg};
use crate::knowledge::{Disagreement, Region, Source};
use crate::output::{
    confidence_label, emit, emit_json, kind_label, region_label, sources_of, write_disagreements,
    write_sources, Format, NumberView, Render, Style,
};

pub(crate) fn run(ctx: &Ctx, args: &NumbersArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let wanted = args.region.map(|r| match r {
        RegionArg::Us => Region::Us,
        RegionArg::Abroad => Region::Abroad,
    });
    let mut chosen: Vec<_> = k
        .numbers
        .iter()
        .filter(|n| wanted.is_none_or(|r| n.region == r))
        .collect();
    // Best first, as `route` ranks them; the stable sort keeps the file's order among equals.
    chosen.sort_by_key(|n| n.confidence);
    if let Some(limit) = args.limit {
        chosen.truncate(limit.get());
    }
    let rows = chosen
        .iter()
        .map(|n| Row {
            number: NumberView::from(*n),
            reasons: k.reasons_using(&n.id),
        })
        .collect();
    let report = Numbers {
        rows,
        disagreements: k.disagreements_for(&chosen),
        sources: sources_of(k, &chosen),
        reminder: &k.reminder,
    };
    match ctx.format {
        // The contract is a bare array of number objects.
        Format::Json => emit_json(&report.rows),
        Format::Human => emit(&report, ctx.format, ctx.style),
    }
}

#[derive(Serialize)]
struct Row<'k> {
    #[serde(flatten)]
    number: NumberView<'k>,
    reasons: Vec<&'k str>,
}

#[derive(Serialize)]
struct Numbers<'k> {
    rows: Vec<Row<'k>>,
    disagreements: Vec<&'k Disagreement>,
    sources: Vec<&'k Source>,
    reminder: &'k str,
}

impl Render for Numbers<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut table = style.table(&[
            "Number",
            "For",
            "Kind",
            "Hours",
            "Region",
            "Sources",
            "Confidence",
            "Reasons",
        ]);
        for row in &self.rows {
            let n = &row.number;
            table.add_row(vec![
                n.dial(),
                n.label.to_owned(),
                kind_label(n.kind).to_owned(),
                n.hours.unwrap_or("-").to_owned(),
                region_label(n.region).to_owned(),
                n.sources.join(", "),
                confidence_label(n.confidence).to_owned(),
                if row.reasons.is_empty() {
                    "-".to_owned()
                } else {
                    row.reasons.join(", ")
                },
            ]);
        }
        writeln!(out, "{table}")?;
        write_disagreements(out, style, &self.disagreements)?;
        write_sources(out, style, &self.sources)?;
        writeln!(out, "{}", style.warn(self.reminder))
    }
}
