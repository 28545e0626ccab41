//! `amex-help checklist`: what to have at hand, say, write down and do, for one reason.

use std::io::{self, Write};

use anyhow::Result;
use serde::Serialize;

use super::resolve::resolve_reason;
use super::Ctx;
use crate::cli::{ChecklistArgs, ChecklistFormat};
use crate::knowledge::{Knowledge, Reason};
use crate::output::{emit, Format, Page, Paint, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &ChecklistArgs) -> Result<()> {
    let k = ctx.knowledge()?;
    let (found, _) = resolve_reason(k, &args.reason)?;
    let report = Checklist::build(k, found.reason, args.format == ChecklistFormat::Markdown);
    let format = if args.format == ChecklistFormat::Json {
        Format::Json
    } else {
        ctx.format
    };
    emit(&report, format, ctx.style)
}

/// The JSON contract of `checklist --json`: `{reason, sections: [{title, items}]}`.
#[derive(Serialize)]
struct Checklist<'k> {
    reason: &'k str,
    title: &'k str,
    sections: Vec<Section<'k>>,
    reminder: &'k str,
    #[serde(skip)]
    markdown: bool,
}

#[derive(Serialize)]
struct Section<'k> {
    title: &'static str,
    items: Vec<&'k str>,
}

impl<'k> Checklist<'k> {
    fn build(k: &'k Knowledge, reason: &'k Reason, markdown: bool) -> Self {
        let common = &k.checklist;
        let own = &reason.checklist;
        let join =
            |a: &'k [String], b: &'k [String]| a.iter().chain(b).map(String::as_str).collect();
        Checklist {
            reason: &reason.slug,
            title: &reason.title,
            sections: vec![
                Section {
                    title: "Have at hand",
                    items: join(&common.before, &own.before),
                },
                Section {
                    title: "What to say",
                    items: join(&[], &own.say),
                },
                Section {
                    title: "Write down during the call",
                    items: join(&common.during, &own.during),
                },
                Section {
                    title: "After the call",
                    items: join(&common.after, &own.after),
                },
            ]
            .into_iter()
            .filter(|s| !s.items.is_empty())
            .collect(),
            reminder: &k.reminder,
            markdown,
        }
    }
}

impl Render for Checklist<'_> {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        if self.markdown {
            writeln!(out, "# Checklist: {} (`{}`)", self.title, self.reason)?;
            for section in &self.sections {
                writeln!(out, "\n## {}\n", section.title)?;
                for item in &section.items {
                    writeln!(out, "- [ ] {item}")?;
                }
            }
            return writeln!(out, "\n> {}", self.reminder);
        }
        let mut page = Page::new(out, style);
        let title = format!("Checklist: {}  ({})", self.title, self.reason);
        page.painted_para(Paint::Heading, "", &title)?;
        for section in &self.sections {
            page.blank()?;
            page.painted(Paint::Heading, section.title)?;
            for item in &section.items {
                page.hanging("  [ ] ", "      ", item)?;
            }
        }
        page.blank()?;
        page.painted_para(Paint::Warn, "", self.reminder)
    }
}
