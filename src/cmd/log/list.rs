//! `amex-help log list`: case summaries, most recently active first.

use std::io::{self, Write};
use std::num::NonZeroUsize;

use anyhow::Result;
use chrono::{Local, NaiveDate, Utc};
use serde::Serialize;

use crate::calls::{parse_date, CaseStatus, CaseSummary};
use crate::cli::LogListArgs;
use crate::cmd::resolve::{date_flag, list_limit, reason_flag};
use crate::cmd::{note_more, Ctx};
use crate::db::CaseFilter;
use crate::output::{emit, local_date, Grid, Page, Render, Style};

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
    // "No cases yet" only when the log is empty; a filter that matches nothing says so.
    let filtered = args.open || filter.reason.is_some() || since.is_some() || args.search.is_some();
    let log_empty = cases.is_empty()
        && (!filtered
            || match ctx.read_db()? {
                Some(db) => db
                    .list_cases(&CaseFilter {
                        limit: Some(1),
                        ..CaseFilter::default()
                    })?
                    .is_empty(),
                None => true,
            });
    let shown = cases.len();
    let list = CaseList {
        cases,
        today: Local::now().date_naive(),
        log_empty,
    };
    emit(&list, ctx.format, ctx.style)?;
    note_more(ctx, more, shown);
    Ok(())
}

/// The `log list --json` array, and what the human form adds: today, for the overdue marker.
#[derive(Serialize)]
#[serde(transparent)]
struct CaseList {
    cases: Vec<CaseSummary>,
    #[serde(skip)]
    today: NaiveDate,
    #[serde(skip)]
    log_empty: bool,
}

impl Render for CaseList {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut page = Page::new(out, style);
        if self.cases.is_empty() {
            let text = if self.log_empty {
                "No cases yet. Record a call with `amex-help log add --reason <reason> ...`."
            } else {
                "No cases match. Drop a filter (--open, --reason, --since, --search) to see more."
            };
            return page.para("", text);
        }
        let mut grid = Grid::new(&[
            "Case",
            "Status",
            "Reason",
            "Title",
            "Last contact",
            "Next due",
            "Reference",
            "Rep",
        ])
        .compact(4);
        let dash = || "-".to_owned();
        for c in &self.cases {
            // A follow-up date matters while the case is open; passed, it is overdue.
            let due = c.follow_up.filter(|_| c.status == CaseStatus::Open);
            let overdue = due.is_some_and(|d| d < self.today);
            grid.row([
                c.id.to_string(),
                c.status.as_str().to_owned(),
                c.reason.clone(),
                style.text(&c.title).into_owned(),
                c.last_contact_at.map_or_else(dash, local_date),
                match due {
                    Some(d) if overdue => format!("{d} (overdue)"),
                    Some(d) => d.to_string(),
                    None => dash(),
                },
                c.last_reference
                    .as_deref()
                    .map_or_else(dash, |r| style.text(r).into_owned()),
                c.last_rep
                    .as_deref()
                    .map_or_else(dash, |r| style.text(r).into_owned()),
            ]);
            if overdue {
                grid.mark(5);
            }
        }
        page.grid(&grid)
    }
}
