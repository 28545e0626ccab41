//! `amex-help escalate`: the next rung of the ladder for a case, with a timeline to read or paste.

use std::io::{self, Write};

use anyhow::Result;
use chrono::Local;
use serde::Serialize;

use super::Ctx;
use crate::calls::{next_step, CaseId, Step};
use crate::cli::{EscalateArgs, EscalateFormat};
use crate::output::{
    emit, escape_stored, local_date, write_timeline, CaseView, ContactView, Format, Page, Paint,
    Render, Style,
};

pub(crate) fn run(ctx: &Ctx, args: &EscalateArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let case = ctx.find_case(CaseId(args.case))?;
    let today = Local::now().date_naive();
    let (step, because) = next_step(k, &case, today)
        .ok_or_else(|| anyhow::anyhow!("the escalation ladder in the knowledge file is empty"))?;
    let view = CaseView::from(&case);
    let documents: Vec<String> = k
        .reason(&case.reason)
        .map(|r| r.checklist.before.clone())
        .unwrap_or_default();
    let report = Escalation {
        case_id: case.id,
        step,
        because,
        timeline: view.contacts,
        title: &case.title,
        reason: &case.reason,
        opened: local_date(case.created_at),
        status: case.status.as_str(),
        last_reference: case.last_reference(),
        documents,
        format: args.format,
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
    step: Step,
    /// The facts from the case history that chose this rung.
    because: Vec<String>,
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
}

impl Render for Escalation<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        match self.format {
            // Meant to be pasted or saved: no colour, but the same width.
            EscalateFormat::Markdown => self.markdown(
                out,
                Style {
                    color: false,
                    ..style
                },
            ),
            EscalateFormat::Complaint => self.complaint(
                out,
                Style {
                    color: false,
                    ..style
                },
            ),
            EscalateFormat::Text | EscalateFormat::Json => self.text(out, style),
        }
    }
}

impl Escalation<'_> {
    fn text(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut page = Page::new(out, style);
        let head = format!(
            "Case {}: {}  ({}, {}, opened {})",
            self.case_id,
            style.text(self.title),
            self.reason,
            self.status,
            self.opened
        );
        page.painted_para(Paint::Heading, "", &head)?;
        page.blank()?;
        page.lead(
            ("", "  "),
            (
                Paint::Heading,
                &format!("Next step, rung {}:", self.step.rung),
            ),
            &self.step.action,
        )?;
        let how = format!("{} ({})", self.step.channel.label(), self.step.contact);
        page.lead(("  ", "    "), (Paint::Emphasis, "how:"), &how)?;
        if let Some(r) = self.last_reference {
            page.hanging("  quote reference ", "    ", &style.text(r))?;
        }
        for b in &self.because {
            page.hanging("  because ", "    ", b)?;
        }
        page.blank()?;
        page.painted(Paint::Heading, "Timeline")?;
        if self.timeline.is_empty() {
            page.para("  ", "(no contacts logged)")?;
        }
        write_timeline(out, style, &self.timeline, "  ")
    }

    fn markdown(&self, out: &mut dyn Write, plain: Style) -> io::Result<()> {
        let mut page = Page::new(out, plain);
        let title = format!(
            "## Case {}: {} ({})",
            self.case_id,
            escape_stored(self.title),
            self.reason
        );
        page.hanging("", "", &title)?;
        page.blank()?;
        // Markdown joins the wrapped lines back into one paragraph; a blank line ends it.
        let step = format!(
            "**Next step (rung {}):** {}",
            self.step.rung, self.step.action
        );
        page.para("", &step)?;
        page.blank()?;
        let how = format!(
            "**How:** {} ({})",
            self.step.channel.label(),
            self.step.contact
        );
        page.para("", &how)?;
        page.blank()?;
        page.para("", "### Timeline")?;
        page.blank()?;
        write_timeline(out, plain, &self.timeline, "- ")
    }

    fn complaint(&self, out: &mut dyn Write, plain: Style) -> io::Result<()> {
        let mut page = Page::new(out, plain);
        page.para(
            "",
            "DRAFT - edit before sending. Never include a full card number, security code or SSN.",
        )?;
        page.blank()?;
        let subject = format!(
            "Subject: {} (case opened {}{})",
            escape_stored(self.title),
            self.opened,
            self.last_reference.map_or(String::new(), |r| format!(
                ", reference {}",
                escape_stored(r)
            ))
        );
        page.hanging("", "  ", &subject)?;
        page.blank()?;
        page.para("", "What happened, in order:")?;
        write_timeline(out, plain, &self.timeline, "  - ")?;
        let mut page = Page::new(out, plain);
        page.blank()?;
        page.para("", "What a fair resolution would be:")?;
        for p in self.timeline.iter().flat_map(|c| &c.promises) {
            let text = match p.due {
                Some(due) => format!(
                    "That what was promised is done: {} (promised by {due}).",
                    escape_stored(p.text)
                ),
                None => format!("That what was promised is done: {}.", escape_stored(p.text)),
            };
            page.hanging("  - ", "    ", &text)?;
        }
        page.hanging(
            "  - ",
            "    ",
            "[Say what outcome you want: a credit, a correction, a written answer.]",
        )?;
        page.blank()?;
        page.para("", "Documents to attach:")?;
        page.hanging(
            "  - ",
            "    ",
            "This timeline, with the reference numbers above",
        )?;
        for d in &self.documents {
            page.hanging("  - ", "    ", d)?;
        }
        page.blank()?;
        let send = format!("Send to: {} ({})", self.step.contact, self.step.action);
        page.hanging("", "  ", &send)
    }
}
