//! The case views shared by `log show` and `escalate`: a case and its contacts as scripts see
//! them, and the timeline people read.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use super::{Render, Style};
use crate::calls::{
    format_amount, Assessment, CaseId, CaseRecord, Channel, ContactId, DisputeDeadlines,
};

pub(crate) fn local_date(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

pub(crate) fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// The JSON contract of `log show N --json`.
#[derive(Serialize)]
pub(crate) struct CaseView<'a> {
    pub(crate) case_id: CaseId,
    pub(crate) reason: &'a str,
    pub(crate) title: &'a str,
    pub(crate) status: &'static str,
    pub(crate) follow_up: Option<NaiveDate>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<&'a str>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    pub(crate) resolution_note: Option<&'a str>,
    pub(crate) contacts: Vec<ContactView<'a>>,
    pub(crate) merchant: Option<&'a str>,
    /// Whole cents; `amount` is the same as people read it, `$1,250.50`.
    pub(crate) amount_cents: Option<i64>,
    pub(crate) amount: Option<String>,
    pub(crate) charge_date: Option<NaiveDate>,
    pub(crate) card_tier: Option<&'a str>,
    pub(crate) cycle_day: Option<u32>,
    /// The 12 CFR 1026.13 dates, the same object as `followups --json` has; null when none apply.
    pub(crate) deadlines: Option<DisputeDeadlines>,
    /// Why `deadlines` is null for a dispute or fraud case.
    pub(crate) no_deadlines_because: Option<String>,
}

impl CaseView<'_> {
    /// Adds the dispute dates, which need the knowledge file and today.
    pub(crate) fn with_dates(mut self, dates: Assessment) -> Self {
        self.deadlines = dates.deadlines;
        self.no_deadlines_because = dates.no_deadlines_because;
        self
    }
}

#[derive(Serialize)]
pub(crate) struct ContactView<'a> {
    pub(crate) contact_id: ContactId,
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) number: Option<&'a str>,
    pub(crate) department: Option<&'a str>,
    pub(crate) rep: Option<&'a str>,
    pub(crate) rep_id: Option<&'a str>,
    pub(crate) reference: Option<&'a str>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) outcome: Option<&'a str>,
    pub(crate) promises: Vec<PromiseView<'a>>,
    pub(crate) notes: Option<&'a str>,
    /// The user marked this contact as the written billing-error notice.
    pub(crate) billing_error_notice: bool,
    /// When the issuer received the notice, if given.
    pub(crate) received: Option<NaiveDate>,
    /// The escalation rung slug this contact was, if recorded.
    pub(crate) rung: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct PromiseView<'a> {
    pub(crate) text: &'a str,
    pub(crate) due: Option<NaiveDate>,
}

impl<'a> From<&'a CaseRecord> for CaseView<'a> {
    fn from(c: &'a CaseRecord) -> Self {
        CaseView {
            case_id: c.id,
            reason: &c.reason,
            title: &c.title,
            status: c.status.as_str(),
            follow_up: c.follow_up,
            statement_date: c.statement_date,
            card_last5: c.card_last5.as_deref(),
            created_at: c.created_at,
            resolved_at: c.resolved_at,
            resolution_note: c.resolution_note.as_deref(),
            contacts: c
                .contacts
                .iter()
                .map(|k| ContactView {
                    contact_id: k.id,
                    at: k.at,
                    channel: k.channel,
                    number: k.number.as_deref(),
                    department: k.department.as_deref(),
                    rep: k.rep.as_deref(),
                    rep_id: k.rep_id.as_deref(),
                    reference: k.reference.as_deref(),
                    duration_minutes: k.duration_minutes,
                    outcome: k.outcome.as_deref(),
                    promises: k
                        .promises
                        .iter()
                        .map(|p| PromiseView {
                            text: &p.text,
                            due: p.due,
                        })
                        .collect(),
                    notes: k.notes.as_deref(),
                    billing_error_notice: k.billing_error_notice,
                    received: k.received,
                    rung: k.rung.as_deref(),
                })
                .collect(),
            merchant: c.merchant.as_deref(),
            amount_cents: c.amount_cents,
            amount: c.amount_cents.map(format_amount),
            charge_date: c.charge_date,
            card_tier: c.card_tier.as_deref(),
            cycle_day: c.cycle_day,
            deadlines: None,
            no_deadlines_because: None,
        }
    }
}

/// One contact as a line of the timeline: date, channel, who, reference, what, promises.
pub(crate) fn write_timeline(
    out: &mut dyn Write,
    style: Style,
    contacts: &[ContactView<'_>],
    bullet: &str,
) -> io::Result<()> {
    // Detail lines line up under the contact line, without a bullet of their own.
    let indent = " ".repeat(bullet.chars().count());
    for c in contacts {
        let mut line = format!("{bullet}{} {}", local_time(c.at), c.channel.as_str());
        if let Some(n) = c.number {
            let _ = write!(line, " {}", style.text(n));
        }
        if let Some(d) = c.department {
            let _ = write!(line, ", {}", style.text(d));
        }
        if let Some(r) = c.rep {
            let _ = write!(line, ", rep {}", style.text(r));
            if let Some(id) = c.rep_id {
                let _ = write!(line, " (ID {})", style.text(id));
            }
        }
        if let Some(r) = c.reference {
            let _ = write!(line, ", ref {}", style.text(r));
        }
        if let Some(m) = c.duration_minutes {
            let _ = write!(line, ", {m} min");
        }
        if c.billing_error_notice {
            line.push_str(", billing-error notice");
            if let Some(r) = c.received {
                let _ = write!(line, " (received {r})");
            }
        }
        if let Some(r) = c.rung {
            let _ = write!(line, ", rung {r}");
        }
        writeln!(out, "{line}")?;
        if let Some(o) = c.outcome {
            writeln!(out, "{indent}    outcome: {}", style.text(o))?;
        }
        for p in &c.promises {
            match p.due {
                Some(due) => writeln!(
                    out,
                    "{indent}    promised: {} (by {due})",
                    style.text(p.text)
                )?,
                None => writeln!(out, "{indent}    promised: {}", style.text(p.text))?,
            }
        }
        if let Some(n) = c.notes {
            writeln!(out, "{indent}    notes: {}", style.text(n))?;
        }
    }
    Ok(())
}

impl Render for CaseView<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        writeln!(
            out,
            "{}  ({}, {})",
            style.heading(&format!(
                "Case {}: {}",
                self.case_id,
                style.text(self.title)
            )),
            self.reason,
            self.status
        )?;
        writeln!(out, "Opened {}", local_time(self.created_at))?;
        if let Some(d) = self.follow_up {
            writeln!(out, "Follow up: {d}")?;
        }
        if let Some(d) = self.statement_date {
            writeln!(out, "Statement date: {d}")?;
        }
        if let Some(d) = self.card_last5 {
            writeln!(out, "Card ending: {d}")?;
        }
        if let Some(m) = self.merchant {
            writeln!(out, "Merchant: {}", style.text(m))?;
        }
        if let Some(a) = &self.amount {
            writeln!(out, "Amount: {a}")?;
        }
        if let Some(d) = self.charge_date {
            writeln!(out, "Charge date: {d}")?;
        }
        if let Some(t) = self.card_tier {
            writeln!(out, "Card: {t}")?;
        }
        if let Some(day) = self.cycle_day {
            writeln!(out, "Billing cycles close on day {day}")?;
        }
        if let Some(d) = &self.deadlines {
            writeln!(
                out,
                "\n{}",
                style.heading("Billing-error dates (12 CFR 1026.13)")
            )?;
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
        if let Some(why) = &self.no_deadlines_because {
            writeln!(out, "\nNo billing-error dates: {why}")?;
        }
        if let Some(t) = self.resolved_at {
            writeln!(
                out,
                "Resolved {}{}",
                local_time(t),
                self.resolution_note
                    .map_or(String::new(), |n| format!(": {}", style.text(n)))
            )?;
        }
        writeln!(out, "\n{}", style.heading("Timeline"))?;
        write_timeline(out, style, &self.contacts, "  ")
    }
}
