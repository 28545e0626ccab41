//! `amex-help reasons`: every reason with its slug, title, department and aliases.

use std::io::{self, Write};
use std::num::NonZeroUsize;

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::ReasonsArgs;
use crate::knowledge::Text;
use crate::output::{emit, emit_json, Format, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &ReasonsArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let rows: Vec<Row> = k
        .reasons
        .iter()
        .take(args.limit.map_or(usize::MAX, NonZeroUsize::get))
        .map(|r| Row {
            slug: &r.slug,
            title: &r.title,
            department: &r.department,
            aliases: &r.aliases,
        })
        .collect();
    match ctx.format {
        Format::Json => emit_json(&rows),
        Format::Human => emit(&Table(rows), ctx.format, ctx.style),
    }
}

/// One element of the `reasons --json` array.
#[derive(Serialize)]
struct Row<'k> {
    slug: &'k str,
    title: &'k str,
    department: &'k str,
    aliases: &'k [Text],
}

#[derive(Serialize)]
#[serde(transparent)]
struct Table<'k>(Vec<Row<'k>>);

impl Render for Table<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut table = style.table(&["Reason", "Title", "Department", "Aliases"]);
        for r in &self.0 {
            table.add_row(vec![r.slug, r.title, r.department, &r.aliases.join(", ")]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "Use a slug, an alias or your own words: amex-help route \"card was stolen\""
        )
    }
}
