//! `amex-help export --format ics`: which dates of the call log become calendar events, and what
//! they say. The iCalendar format itself (lines, folding, escaping) is `crate::ics`.

use std::io::{self, Write};

use anyhow::{Context, Result};
use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::calls::{assess, clocks, next_step, CaseRecord, DisputeFacts};
use crate::cmd::Ctx;
use crate::db::{CaseFilter, Db};
use crate::ics::{self, Event};
use crate::knowledge::Knowledge;
use crate::output::{count, Progress};

/// The calendar's name in calendar applications.
const CALENDAR_NAME: &str = "amex-help follow-ups";

pub(super) fn export(ctx: &Ctx) -> Result<()> {
    let today = Local::now().date_naive();
    let mut progress = Progress::start(false);
    let cases = progress.during("reading the open cases", || match ctx.read_db()? {
        Some(db) => open_cases(&db),
        None => Ok(Vec::new()),
    })?;
    let events = if cases.is_empty() {
        Vec::new()
    } else {
        calendar_events(ctx.knowledge()?, &cases, today)
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    ics::write_calendar(&mut out, CALENDAR_NAME, &events)
        .and_then(|()| out.flush())
        .context(crate::output::WRITING_STDOUT)?;
    progress.finish(&format!(
        "exported {} from {}",
        count(events.len() as u64, "event", "events"),
        count(cases.len() as u64, "open case", "open cases")
    ));
    Ok(())
}

/// Every open case with its contacts and promises.
fn open_cases(db: &Db) -> Result<Vec<CaseRecord>> {
    let filter = CaseFilter {
        open_only: true,
        ..CaseFilter::default()
    };
    let mut cases = Vec::new();
    for summary in db.list_cases(&filter)? {
        // A case deleted between the two reads is simply not exported.
        if let Some(case) = db.find_case(summary.id)? {
            cases.push(case);
        }
    }
    Ok(cases)
}

/// One all-day event for each open case's follow-up date, for each promise with a due date, and
/// for the 12 CFR 1026.13 dates of a dispute (the last day for the notice while none is recorded,
/// the issuer's acknowledge-by and resolve-by once one is), in date order. UIDs come from the case and contact uids, which survive export and import, so
/// importing a later export into a calendar updates these events instead of adding copies. The
/// escalation step is the one due on the event's day, or today for a day already past.
fn calendar_events(k: &Knowledge, cases: &[CaseRecord], today: NaiveDate) -> Vec<Event> {
    let mut events = Vec::new();
    for case in cases {
        let facts = CaseFacts::new(k, case);
        if let Some(date) = case.follow_up {
            events.push(Event {
                uid: format!("case-{}-followup@amex-help", case.uid),
                stamp: facts.revised,
                date,
                summary: format!(
                    "Follow up on case {} ({}): {}",
                    case.id, case.reason, case.title
                ),
                description: facts.describe(k, case, None, date.max(today)),
            });
        }
        if let Some(d) = assess(&DisputeFacts::of(case), today, &clocks(k)).deadlines {
            let dated = [
                (
                    "notice",
                    d.notice_by.filter(|_| d.notice_received.is_none()),
                    "Last day for the written billing-error notice to reach the issuer",
                ),
                (
                    "acknowledge",
                    d.acknowledge_by,
                    "Last day for the issuer to acknowledge the billing-error notice",
                ),
                (
                    "resolve",
                    d.resolve_by,
                    "Last day for the issuer to resolve the billing-error notice",
                ),
            ];
            for (slug, date, what) in dated {
                let Some(date) = date else { continue };
                events.push(Event {
                    uid: format!("case-{}-{slug}@amex-help", case.uid),
                    stamp: facts.revised,
                    date,
                    summary: format!("{what}, case {} ({}): {}", case.id, case.reason, case.title),
                    description: facts.describe(k, case, None, date.max(today)),
                });
            }
        }
        for contact in &case.contacts {
            for (n, promise) in contact.promises.iter().enumerate() {
                let Some(due) = promise.due else { continue };
                events.push(Event {
                    // Numbered among all of the contact's promises, dated or not, from 1.
                    uid: format!("promise-{}-{}@amex-help", contact.uid, n + 1),
                    stamp: facts.revised,
                    date: due,
                    summary: format!(
                        "Promise due on case {} ({}): {}",
                        case.id, case.reason, promise.text
                    ),
                    description: facts.describe(
                        k,
                        case,
                        Some((&promise.text, due)),
                        due.max(today),
                    ),
                });
            }
        }
    }
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    events
}

/// What every event of a case says, worked out once.
struct CaseFacts<'k> {
    /// The latest time the log records for the case: its creation, a contact or a resolution.
    /// The log keeps no edit time, so a changed follow-up date keeps its stamp (see README.md).
    revised: DateTime<Utc>,
    reason_title: Option<&'k str>,
    /// The first number `route` would give for the case's reason.
    call: Option<String>,
}

impl<'k> CaseFacts<'k> {
    fn new(k: &'k Knowledge, case: &CaseRecord) -> Self {
        let reason = k.reason(&case.reason);
        let revised = case
            .contacts
            .iter()
            .map(|c| c.at)
            .chain(case.resolved_at)
            .fold(case.created_at, DateTime::max);
        CaseFacts {
            revised,
            reason_title: reason.map(|r| r.title.as_str()),
            call: reason
                .and_then(|r| k.numbers_for(r, None).first().copied())
                .map(|n| format!("{} ({})", n.display, n.label)),
        }
    }

    fn describe(
        &self,
        k: &Knowledge,
        case: &CaseRecord,
        promise: Option<(&str, NaiveDate)>,
        on: NaiveDate,
    ) -> String {
        // The reason's title, unless the case is called by it (the default title).
        let mut lines = vec![match self.reason_title.filter(|t| *t != case.title) {
            Some(title) => format!(
                "Case {}: {} ({title}, {})",
                case.id, case.title, case.reason
            ),
            None => format!("Case {}: {} ({})", case.id, case.title, case.reason),
        }];
        if let Some((text, due)) = promise {
            lines.push(format!("Promised: {text} (due {due})"));
        }
        let last_rep = case.last_rep();
        lines.push(format!(
            "Last representative: {}",
            last_rep.unwrap_or("none logged")
        ));
        lines.push(format!(
            "Last reference: {}",
            case.last_reference().unwrap_or("none logged")
        ));
        if let Some(call) = &self.call {
            lines.push(format!("Number to call: {call}"));
        }
        if let Some(step) = next_step(k, case, on).step {
            lines.push(format!(
                "Next step (rung {}): {} {}: {}.",
                step.rung,
                step.action,
                step.channel.label(),
                step.contact
            ));
        }
        lines.push(format!(
            "Details: amex-help log show {}; amex-help escalate {}",
            case.id, case.id
        ));
        lines.push(k.reminder.to_string());
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests;
