//! `amex-help numbers`: every known number, with kind, hours, sources and the reasons that use it.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::{NumbersArgs, RegionArg};
use crate::knowledge::{Disagreement, Region, Source};
use crate::output::{
    emit, emit_json, sources_of, write_disagreements, write_sources, Format, Grid, NumberView,
    Page, Paint, Render, Style,
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
            number: NumberView::new(n, &k.sources),
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
        let mut grid = Grid::new(&["Number", "For", "Details", "Reasons"]).keep_whole(0);
        for row in &self.rows {
            let n = &row.number;
            grid.row([
                n.dial_cell(),
                n.label.to_owned(),
                n.facts_with(true),
                if row.reasons.is_empty() {
                    "-".to_owned()
                } else {
                    row.reasons.join(", ")
                },
            ]);
        }
        let mut page = Page::new(out, style);
        page.grid(&grid)?;
        write_disagreements(&mut page, &self.disagreements)?;
        write_sources(&mut page, &self.sources)?;
        page.painted_para(Paint::Warn, "", self.reminder)
    }
}
