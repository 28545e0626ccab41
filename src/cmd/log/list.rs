//! `amex-help log list`: case summaries, most recently active first.

use std::io::{self, Write};
use std::num::NonZeroUsize;

use anyhow::Result;
use chrono::{Local, Utc};
use serde::Serialize;

use crate::calls::{parse_date, CaseSummary};
use crate::cli::LogListArgs;
use crate::cmd::resolve::{date_flag, list_limit, reason_flag};
use crate::cmd::{note_more, Ctx};
use crate::db::CaseFilter;
use crate::output::{emit, local_date, Render, Style};

pub(super) fn run(ctx: &Ctx, args: &LogListArgs) -> Result<()> {
    let since = date_flag("--since", args.since.as_deref(), parse_date)?
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| d.and_local_timezone(Local).earliest())
        .map(|d| d.with_timezone(&Utc));
    let reason = reason_flag(ctx, args.reason.as_deref())?;
    let limit = list_limit(args.all, args.limit.map(NonZeroUsize::get), ctx.format);
    let filter = CaseFilter {
        open_only: args.open,
        reason,
        since,
        search: args.search.clone(),
        // One more than shown tells whether the limit left some out.
        limit: limit.map(|n| n.saturating_add(1)),
    };
    let mut cases = match ctx.read_db()? {
        Some(db) => db.list_cases(&filter)?,
        None => Vec::new(),
    };
    let more = limit.is_some_and(|n| cases.len() > n);
    if let Some(n) = limit {
        cases.truncate(n);
    }
    let shown = cases.len();
    emit(&CaseList(cases), ctx.format, ctx.style)?;
    note_more(ctx, more, shown);
    Ok(())
}

#[derive(Serialize)]
#[serde(transparent)]
struct CaseList(Vec<CaseSummary>);

impl Render for CaseList {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(
                out,
                "No cases yet. Record a call with `amex-help log add --reason <reason> ...`."
            );
        }
        let mut table = style.table(&[
            "Case",
            "Status",
            "Reason",
            "Title",
            "Last contact",
            "Follow up",
            "Reference",
            "Rep",
        ]);
        for c in &self.0 {
            table.add_row(vec![
                c.id.to_string(),
                c.status.as_str().to_owned(),
                c.reason.clone(),
                style.text(&c.title).into_owned(),
                c.last_contact_at.map_or_else(|| "-".to_owned(), local_date),
                c.follow_up
                    .map_or_else(|| "-".to_owned(), |d| d.to_string()),
                c.last_reference
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| style.text(r).into_owned()),
                c.last_rep
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |r| style.text(r).into_owned()),
            ]);
        }
        writeln!(out, "{table}")
    }
}
