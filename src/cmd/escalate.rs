//! `amex-help escalate`: the next rung of the ladder for a case, with a timeline to read or paste.

use std::io::{self, Write};

use anyhow::Result;
use chrono::Local;
use serde::Serialize;

use super::Ctx;
use crate::calls::{
    assess, clocks, next_step, step_at, CaseId, DisputeDeadlines, DisputeFacts, Step,
    RUNG_COMPLAINT,
};
use crate::cli::{EscalateArgs, EscalateFormat};
use crate::knowledge::Text;
use crate::output::{
    charge_lines, deadline_report, emit, escape_stored, local_date, write_timeline, CaseView,
    ContactView, Format, Render, Style,
};

pub(crate) fn run(ctx: &Ctx, args: &EscalateArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let case = ctx.find_case(CaseId(args.case))?;
    let today = Local::now().date_naive();
    let next = next_step(k, &case, today);
    let dates = assess(&DisputeFacts::of(&case), today, &clocks(k));
    let view = CaseView::from(&case);
    // The complaint draft is addressed to the formal complaint process even on a quiet case.
    let send_to = next
        .step
        .clone()
        .or_else(|| step_at(k, RUNG_COMPLAINT))
        .map(|s| (s.contact, s.action));
    let mut dispute = charge_lines(&case);
    if let Some(d) = &dates.deadlines {
        dispute.extend(deadline_report(&case, d));
    }
    dispute.extend(dates.no_deadlines_because.clone());
    let documents: Vec<String> = k
        .reason(&case.reason)
        .map(|r| r.checklist.before.iter().map(Text::to_string).collect())
        .unwrap_or_default();
    let report = Escalation {
        case_id: case.id,
        step: next.step,
        because: next.because,
        no_step_because: next.no_step_because,
        deadlines: dates.deadlines,
        no_deadlines_because: dates.no_deadlines_because,
        timeline: view.contacts,
        title: &case.title,
        reason: &case.reason,
        opened: local_date(case.created_at),
        status: case.status.as_str(),
        last_reference: case.last_reference(),
        documents,
        format: args.format,
        dispute,
        send_to,
    };
    let format = if args.format == EscalateFormat::Json {
        Format::Json
    } else {
        ctx.format
    };
    emit(&report, format, ctx.style)
}

/// The JSON contract of `escalate N --json`: `{case_id, step, timeline, ...}`.
#[derive(Serialize)]
struct Escalation<'a> {
    case_id: CaseId,
    /// Null for a case with no sign of trouble, or a resolved one; `no_step_because` says which.
    step: Option<Step>,
    /// The facts from the case history that chose this rung: dates, counts, rungs tried.
    because: Vec<String>,
    no_step_because: Option<String>,
    /// The 12 CFR 1026.13 dates, as `log show --json` has them.
    deadlines: Option<DisputeDeadlines>,
    no_deadlines_because: Option<String>,
    timeline: Vec<ContactView<'a>>,
    title: &'a str,
    reason: &'a str,
    opened: String,
    status: &'static str,
    last_reference: Option<&'a str>,
    /// What to attach to a written complaint, from the reason's checklist.
    documents: Vec<String>,
    #[serde(skip)]
    format: EscalateFormat,
    /// The charge and the deadline lines of the complaint draft.
    #[serde(skip)]
    dispute: Vec<String>,
    #[serde(skip)]
    send_to: Option<(String, String)>,
}

impl Render for Escalation<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        match self.format {
            EscalateFormat::Markdown => self.markdown(out),
            EscalateFormat::Complaint => self.complaint(out),
            EscalateFormat::Text | EscalateFormat::Json => self.text(out, style),
        }
    }
}

impl Escalation<'_> {
    fn text(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        writeln!(
            out,
            "{}  ({}, {}, opened {})",
            style.heading(&format!(
                "Case {}: {}",
                self.case_id,
                style.text(self.title)
            )),
            self.reason,
            self.status,
            self.opened
        )?;
        match &self.step {
            Some(step) => {
                writeln!(
                    out,
                    "\n{} {}",
                    style.heading(&format!("Next step, rung {}:", step.rung)),
                    step.action
                )?;
                writeln!(out, "  how: {} ({})", step.channel.label(), step.contact)?;
            }
            None => writeln!(
                out,
                "\n{} {}",
                style.heading("No escalation now:"),
                self.no_step_because.as_deref().unwrap_or("no rung applies")
            )?,
        }
        if let Some(r) = self.last_reference {
            writeln!(out, "  quote reference {}", style.text(r))?;
        }
        for b in &self.because {
            writeln!(out, "  because {b}")?;
        }
        writeln!(out, "\n{}", style.heading("Timeline"))?;
        if self.timeline.is_empty() {
            writeln!(out, "  (no contacts logged)")?;
        }
        write_timeline(out, style, &self.timeline, "  ")
    }

    fn markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "## Case {}: {} ({})\n",
            self.case_id,
            escape_stored(self.title),
            self.reason
        )?;
        match &self.step {
            Some(step) => {
                writeln!(out, "**Next step (rung {}):** {}  ", step.rung, step.action)?;
                writeln!(
                    out,
                    "**How:** {} ({})\n",
                    step.channel.label(),
                    step.contact
                )?;
            }
            None => writeln!(
                out,
                "**No escalation now:** {}\n",
                self.no_step_because.as_deref().unwrap_or("no rung applies")
            )?,
        }
        for b in &self.because {
            writeln!(out, "- because {b}")?;
        }
        if !self.because.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "### Timeline\n")?;
        write_timeline(
            out,
            Style {
                color: false,
                terminal: false,
                width: None,
            },
            &self.timeline,
            "- ",
        )
    }

    fn complaint(&self, out: &mut dyn Write) -> io::Result<()> {
        let plain = Style {
            color: false,
            terminal: false,
            width: None,
        };
        writeln!(out, "DRAFT - edit before sending. Never include a full card number, security code or SSN.\n")?;
        writeln!(
            out,
            "Subject: {} (case opened {}{})\n",
            escape_stored(self.title),
            self.opened,
            self.last_reference.map_or(String::new(), |r| format!(
                ", reference {}",
                escape_stored(r)
            ))
        )?;
        if !self.dispute.is_empty() {
            writeln!(out, "The disputed charge and the billing-error dates:")?;
            for line in &self.dispute {
                writeln!(out, "  - {}", escape_stored(line))?;
            }
            writeln!(out)?;
        }
        writeln!(out, "What happened, in order:")?;
        write_timeline(out, plain, &self.timeline, "  - ")?;
        writeln!(out, "\nWhat a fair resolution would be:")?;
        let promises: Vec<_> = self.timeline.iter().flat_map(|c| &c.promises).collect();
        for p in &promises {
            match p.due {
                Some(due) => writeln!(
                    out,
                    "  - That what was promised is done: {} (promised by {due}).",
                    escape_stored(p.text)
                )?,
                None => writeln!(
                    out,
                    "  - That what was promised is done: {}.",
                    escape_stored(p.text)
                )?,
            }
        }
        writeln!(
            out,
            "  - [Say what outcome you want: a credit, a correction, a written answer.]"
        )?;
        writeln!(out, "\nDocuments to attach:")?;
        writeln!(out, "  - This timeline, with the reference numbers above")?;
        for d in &self.documents {
            writeln!(out, "  - {d}")?;
        }
        match &self.send_to {
            Some((contact, action)) => writeln!(out, "\nSend to: {contact} ({action})"),
            None => writeln!(out, "\nSend to: [the issuer's formal complaint process]"),
        }
    }
}
