//! `amex-help checklist`: what to have at hand, say, write down and do, for one reason.

use std::borrow::Cow;
use std::io::{self, Write};

use anyhow::Result;
use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::resolve::{resolve_reason, statement_date_flag};
use super::{refuse_json, Ctx};
use crate::calls::is_billing_error_reason;
use crate::cli::{ChecklistArgs, ChecklistFormat};
use crate::error::bad_input;
use crate::knowledge::{Knowledge, Reason, Text};
use crate::output::{emit, Format, Page, Paint, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &ChecklistArgs) -> Result<()> {
    if args.format == ChecklistFormat::Markdown {
        refuse_json(
            ctx,
            "`checklist --format markdown` writes Markdown",
            "drop --json, or use `--format json`",
        )?;
    }
    // As `log add` holds it: a statement that exists, so not in the future nor before 1970.
    let statement = statement_date_flag(
        args.statement_date.as_deref(),
        chrono::Local::now().date_naive(),
    )?;
    let k = ctx.knowledge()?;
    let (found, _) = resolve_reason(k, &args.reason)?;
    let billing_error = is_billing_error_reason(&found.reason.slug);
    if statement.is_some() && !billing_error {
        return Err(bad_input(format!(
            "--statement-date is for a dispute or fraud checklist, not {}",
            found.reason.slug
        )));
    }
    let mut report = Checklist::build(k, found.reason, args.format == ChecklistFormat::Markdown);
    if billing_error {
        // The written notice is what protects the cardholder, so it comes first, not last.
        report.sections.insert(
            0,
            Section {
                title: "Do first",
                items: vec![Cow::Owned(notice_item(
                    statement,
                    k.deadlines.billing_error_notice_days,
                    found.reason.slug == crate::knowledge::DISPUTE_SLUG,
                ))],
            },
        );
    }
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
    items: Vec<Cow<'k, str>>,
}

/// The written billing-error notice (12 CFR 1026.13(b)), dated when the statement date is known.
/// For a purchase dispute it adds that the merchant need not come first (comment 13(a)(3)-3).
fn notice_item(statement: Option<NaiveDate>, notice_days: i64, purchase: bool) -> String {
    let by = statement.and_then(|s| {
        s.checked_add_days(Days::new(u64::try_from(notice_days).ok()?))
            .map(|by| (s, by))
    });
    let when = match by {
        Some((s, by)) => format!(
            "so that it arrives by {by} ({notice_days} days after the statement of {s}; 12 CFR \
             1026.13(b)(1))"
        ),
        None => format!(
            "so that it arrives within {notice_days} days after the statement that first showed \
             the charge (12 CFR 1026.13(b)(1); `--statement-date DATE` works out the day)"
        ),
    };
    let merchant = if purchase {
        ", and you need not wait for the merchant"
    } else {
        ""
    };
    format!(
        "Send a written billing-error notice to the billing-error address on your statement {when}: \
         a call does not start the issuer's duties{merchant}. `amex-help letter CASE` drafts it; \
         keep proof of mailing and delivery"
    )
}

impl<'k> Checklist<'k> {
    fn build(k: &'k Knowledge, reason: &'k Reason, markdown: bool) -> Self {
        let common = &k.checklist;
        let own = &reason.checklist;
        let join = |a: &'k [Text], b: &'k [Text]| {
            a.iter()
                .chain(b)
                .map(|item| Cow::Borrowed(item.as_str()))
                .collect()
        };
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
