//! `amex-help followups`: what is due or overdue, broken promises, and the dispute clocks.

use std::io::{self, Write};
use std::num::NonZeroUsize;

use anyhow::Result;
use chrono::{Local, NaiveDate};
use serde::Serialize;

use super::resolve::list_limit;
use super::{note_more, Ctx};
use crate::calls::{assess, clocks, CaseRecord, DisputeDeadlines, DisputeFacts};
use crate::calls::{next_step, CaseId, Step};
use crate::cli::FollowupsArgs;
use crate::knowledge::Knowledge;
use crate::output::{emit, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &FollowupsArgs) -> Result<()> {
    let today = Local::now().date_naive();
    let limit = list_limit(args.all, args.limit.map(NonZeroUsize::get), ctx.format);
    let Some(db) = ctx.read_db()? else {
        return show(ctx, Vec::new());
    };
    let (cases, more) = db.needing_attention(today, args.within, limit)?;
    let k = ctx.knowledge()?;
    let items: Vec<FollowUp> = cases.iter().map(|c| FollowUp::new(k, c, today)).collect();
    let shown = items.len();
    emit(&FollowUps(items), ctx.format, ctx.style)?;
    note_more(ctx, more, shown);
    Ok(())
}

fn show(ctx: &Ctx, items: Vec<FollowUp>) -> Result<()> {
    emit(&FollowUps(items), ctx.format, ctx.style)
}

/// One element of the `followups --json` array; the field names are the script contract.
#[allow(clippy::struct_field_names)]
#[derive(Serialize)]
struct FollowUp {
    case_id: CaseId,
    reason: String,
    title: String,
    follow_up: Option<NaiveDate>,
    overdue: bool,
    /// Days past the follow-up date (0 when due today, negative when still ahead); null without a date.
    days_overdue: Option<i64>,
    last_reference: Option<String>,
    last_rep: Option<String>,
    next_step: Option<Step>,
    /// Promises whose due date has passed while the case is still open.
    broken_promises: Vec<BrokenPromise>,
    /// For a dispute or fraud case: the Fair Credit Billing Act dates (12 CFR 1026.13).
    deadlines: Option<DisputeDeadlines>,
    /// Why `deadlines` is null for a dispute or fraud case (a business card, no statement date).
    no_deadlines_because: Option<String>,
    /// Why `next_step` is null (a quiet case, a resolved one).
    no_step_because: Option<String>,
}

#[derive(Serialize)]
struct BrokenPromise {
    text: String,
    due: NaiveDate,
}

impl FollowUp {
    fn new(k: &Knowledge, c: &CaseRecord, today: NaiveDate) -> FollowUp {
        let days_overdue = c.follow_up.map(|d| (today - d).num_days());
        let dates = assess(&DisputeFacts::of(c), today, &clocks(k));
        let next = next_step(k, c, today);
        FollowUp {
            case_id: c.id,
            reason: c.reason.clone(),
            title: c.title.clone(),
            follow_up: c.follow_up,
            overdue: days_overdue.is_some_and(|d| d > 0),
            days_overdue,
            last_reference: c.last_reference().map(str::to_owned),
            last_rep: c.last_rep().map(str::to_owned),
            next_step: next.step,
            no_step_because: next.no_step_because,
            broken_promises: c
                .contacts
                .iter()
                .flat_map(|x| &x.promises)
                .filter_map(|p| {
                    p.due.filter(|due| *due < today).map(|due| BrokenPromise {
                        text: p.text.clone(),
                        due,
                    })
                })
                .collect(),
            deadlines: dates.deadlines,
            no_deadlines_because: dates.no_deadlines_because,
        }
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct FollowUps(Vec<FollowUp>);

impl Render for FollowUps {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(
                out,
                "Nothing due. (`amex-help followups --within 7` looks a week ahead.)"
            );
        }
        for f in &self.0 {
            let when = match (f.follow_up, f.days_overdue) {
                (Some(d), Some(n)) if n > 0 => style
                    .warn(&format!("{n} day(s) overdue (follow up {d})"))
                    .into_owned(),
                (Some(d), Some(0)) => format!("due today ({d})"),
                (Some(d), Some(n)) => format!("due in {} day(s) ({d})", -n),
                _ => "no follow-up date".to_owned(),
            };
            writeln!(
                out,
                "{}  ({}) {when}",
                style.heading(&format!("Case {}: {}", f.case_id, style.text(&f.title))),
                f.reason
            )?;
            if let Some(r) = &f.last_reference {
                writeln!(out, "  last reference: {}", style.text(r))?;
            }
            if let Some(r) = &f.last_rep {
                writeln!(out, "  last representative: {}", style.text(r))?;
            }
            for p in &f.broken_promises {
                writeln!(
                    out,
                    "  {} {} (was due {})",
                    style.warn("promise not kept:"),
                    style.text(&p.text),
                    p.due
                )?;
            }
            if let Some(d) = &f.deadlines {
                for line in d.lines() {
                    if line.contains("(passed)") || line.contains("late") {
                        writeln!(out, "  {}", style.warn(&line))?;
                    } else {
                        writeln!(out, "  {line}")?;
                    }
                }
                if let Some(n) = &d.note {
                    writeln!(out, "  note: {n}")?;
                }
            }
            if let Some(why) = &f.no_deadlines_because {
                writeln!(out, "  no dispute dates: {why}")?;
            }
            if let Some(s) = &f.next_step {
                writeln!(out, "  next step ({}): {}", s.rung, s.action)?;
            }
        }
        Ok(())
    }
}
