//! `amex-help letter CASE`: a draft of the written billing-error notice (12 CFR 1026.13(b)) from a
//! dispute or fraud case, for the user to edit, sign and post to the billing-error address.

use std::fmt::Write as _;
use std::io::{self, Write};

use anyhow::Result;
use chrono::{Local, NaiveDate};
use serde::Serialize;

use super::Ctx;
use crate::calls::{
    assess, clocks, format_amount, is_billing_error_reason, is_business_tier, Assessment, CaseId,
    CaseRecord, DisputeFacts, FRAUD_REASON,
};
use crate::cli::{LetterArgs, LetterFormat};
use crate::error::bad_input;
use crate::output::{emit, escape_stored, Format, Page, Render, Style};

pub(crate) fn run(ctx: &Ctx, args: &LetterArgs) -> Result<()> {
    let case = ctx.find_case(CaseId(args.case))?;
    if !is_billing_error_reason(&case.reason) {
        return Err(bad_input(format!(
            "case {} is a {} case; a billing-error letter is for a dispute or fraud case \
             (`amex-help log edit {} --reason dispute` if that is what it is)",
            case.id, case.reason, case.id
        )));
    }
    let k = ctx.knowledge()?;
    let today = Local::now().date_naive();
    let dates = assess(&DisputeFacts::of(&case), today, &clocks(k));
    let send_by = dates.deadlines.as_ref().and_then(|d| d.notice_by);
    let markdown = args.format == LetterFormat::Markdown;
    let letter = Letter {
        case_id: case.id,
        send_by,
        text: draft(&case, &dates, send_by, markdown),
    };
    let format = if args.format == LetterFormat::Json {
        Format::Json
    } else {
        ctx.format
    };
    emit(&letter, format, ctx.style)
}

/// The JSON contract of `letter CASE --json`: `{case_id, send_by, text}`.
#[derive(Serialize)]
struct Letter {
    case_id: CaseId,
    /// The last day the notice must reach the issuer; null without a statement date.
    send_by: Option<NaiveDate>,
    text: String,
}

impl Render for Letter {
    /// The draft wrapped to the width, each line keeping its indent (and a list item's dash), with
    /// the stored text in it escaped; `--json` carries it as drafted.
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()> {
        let mut page = Page::new(out, style);
        for line in self.text.lines() {
            let body = line.trim_start_matches(' ');
            let indent = &line[..line.len() - body.len()];
            if body.is_empty() {
                page.blank()?;
                continue;
            }
            let rest = if body.starts_with("- ") {
                format!("{indent}  ")
            } else {
                indent.to_owned()
            };
            page.hanging(indent, &rest, &escape_stored(body))?;
        }
        Ok(())
    }
}

/// The letter itself. Everything the case does not know is a `[bracketed blank]` for the user to fill in; the account is
/// named by its last five digits only, never more.
fn draft(
    case: &CaseRecord,
    dates: &Assessment,
    send_by: Option<NaiveDate>,
    markdown: bool,
) -> String {
    let mut t = String::new();
    let heading = |t: &mut String, text: &str| {
        if markdown {
            let _ = writeln!(t, "\n## {text}\n");
        } else {
            let _ = writeln!(t, "\n{text}");
        }
    };
    let item = if markdown { "- " } else { "  " };
    if markdown {
        let _ = writeln!(t, "# Billing-error notice, case {}\n", case.id);
    }
    let _ = writeln!(
        t,
        "DRAFT - edit before sending. Never write the full card number, security code or SSN."
    );
    heading(&mut t, "From");
    let _ = writeln!(t, "{item}[Your name, as on the account]");
    let _ = writeln!(t, "{item}[Your address]");
    let _ = writeln!(t, "{item}[Date]");
    heading(&mut t, "To");
    let _ = writeln!(
        t,
        "{item}American Express, at the billing-error address printed on your statement (in its \
         billing-rights summary; it is often not the payment address). amex-help knows no public \
         source for that address, so copy it from the statement."
    );
    let account = case.card_last5.as_deref().map_or_else(
        || "[the last five digits of your card]".to_owned(),
        |d| format!("ending in {d}"),
    );
    heading(&mut t, &format!("Re: Billing error on account {account}"));
    if !markdown {
        t.push('\n');
    }
    let business = is_business_tier(case.card_tier.as_deref());
    if business {
        let _ = writeln!(t, "I am writing to dispute a charge on my account.");
    } else {
        let _ = writeln!(
            t,
            "I am writing to dispute a billing error on my account, under the Fair Credit Billing \
             Act (12 CFR 1026.13)."
        );
    }
    heading(&mut t, "The charge");
    write_charge(&mut t, case, item);
    heading(&mut t, "Why it is an error (edit this in your own words)");
    if case.reason == FRAUD_REASON {
        let _ = writeln!(t, "{item}I did not make or authorize this charge.");
    }
    let _ = writeln!(t, "{item}{}", case.title);
    for c in &case.contacts {
        for text in [&c.outcome, &c.notes].into_iter().flatten() {
            let _ = writeln!(t, "{item}{text}");
        }
    }
    heading(&mut t, "The correction I ask for");
    let amount = case
        .amount_cents
        .map_or_else(|| "the disputed amount".to_owned(), format_amount);
    let _ = writeln!(
        t,
        "{item}Please remove {amount} and any finance or other charges on it from my account, \
         and send me a statement showing the correction; or, if you find no error, explain why \
         in writing (12 CFR 1026.13(e), (f))."
    );
    if !business {
        let _ = writeln!(
            t,
            "{item}I understand I need not pay the disputed amount while you investigate, and that \
             it may not be reported as delinquent meanwhile (12 CFR 1026.13(d))."
        );
    }
    let _ = writeln!(t, "\nSincerely,\n[Your name]");
    heading(&mut t, "Before you send it (not part of the letter)");
    write_sending(&mut t, case, dates, send_by, item);
    t
}

/// The charge: what the case knows, and a `[bracketed blank]` for what it does not.
fn write_charge(t: &mut String, case: &CaseRecord, item: &str) {
    let unknown = |v: Option<String>, what: &str| v.unwrap_or_else(|| format!("[{what}]"));
    let _ = writeln!(
        t,
        "{item}Merchant: {}",
        unknown(case.merchant.clone(), "merchant, as on the statement")
    );
    let _ = writeln!(
        t,
        "{item}Amount: {}",
        unknown(case.amount_cents.map(format_amount), "amount")
    );
    let _ = writeln!(
        t,
        "{item}Charge date: {}",
        unknown(
            case.charge_date.map(|d| d.to_string()),
            "date of the charge"
        )
    );
    let _ = writeln!(
        t,
        "{item}Statement date: {}",
        unknown(
            case.statement_date.map(|d| d.to_string()),
            "date of the statement that first showed it"
        )
    );
}

/// How and by when to send it, and how to log it: notes for the user, after the letter.
fn write_sending(
    t: &mut String,
    case: &CaseRecord,
    dates: &Assessment,
    send_by: Option<NaiveDate>,
    item: &str,
) {
    match send_by {
        // A business card has no legal last day; the reason below says so.
        None if is_business_tier(case.card_tier.as_deref()) => {}
        Some(by) if by < Local::now().date_naive() => {
            let _ = writeln!(
                t,
                "{item}It had to reach the issuer by {by}, 60 days after the statement date \
                 (12 CFR 1026.13(b)(1)), and that day has passed: send it anyway for the issuer's \
                 own dispute process, but the Regulation Z duties will not apply."
            );
        }
        Some(by) => {
            let _ = writeln!(
                t,
                "{item}It must REACH the issuer by {by}, 60 days after the statement date \
                 (12 CFR 1026.13(b)(1)); posting it on that day is too late."
            );
        }
        None => {
            let _ = writeln!(
                t,
                "{item}It must reach the issuer within 60 days after the statement that first \
                 showed the charge (12 CFR 1026.13(b)(1)); `amex-help log edit {} \
                 --statement-date DATE` works out the day.",
                case.id
            );
        }
    }
    if let Some(why) = &dates.no_deadlines_because {
        let _ = writeln!(t, "{item}{why}");
    }
    let _ = writeln!(
        t,
        "{item}Send it by post, with proof of mailing and of delivery (for example certified mail \
         with a return receipt), and keep a copy. A secure message or email counts only if your \
         statement's billing-rights summary says the issuer takes billing-error notices that way \
         (comment 13(b)-2)."
    );
    let _ = writeln!(
        t,
        "{item}Then log it: `amex-help log add --case {} --channel letter --billing-error-notice \
         --received DATE`.",
        case.id
    );
}
