//! `amex-help log add`: record a contact, opening a case for it or adding it to one.

use std::io::{self, Write};

use anyhow::Result;
use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

use super::report_masking;
use crate::calls::{
    parse_at, parse_date, parse_follow_up, CaseId, Channel, ContactId, NewCase, NewContact,
    NewPromise,
};
use crate::cli::LogAddArgs;
use crate::cmd::resolve::{
    channel, charge_flags, check_at, check_not_before_1970, check_title, date_flag, last5_flag,
    resolve_reason_text, rung_flag, statement_date_flag, text_flag,
};
use crate::cmd::Ctx;
use crate::error::bad_input;
use crate::output::{Render, Style};
use crate::privacy::{MaskReport, Masker};

pub(super) fn run(ctx: &Ctx, args: &LogAddArgs) -> Result<()> {
    // Everything is checked and masked before the database is touched: bad input writes nothing.
    let now = Utc::now();
    let today = Local::now().date_naive();
    check_case_flags(args)?;
    let at = match &args.at {
        Some(s) => parse_at(s, Local).map_err(|why| bad_input(format!("--at: {why}")))?,
        None => now,
    };
    check_at(at, now)?;
    // `+10d` counts from the contact's day: today, or the day --at gives, as the help says.
    let base = at.with_timezone(&Local).date_naive();
    let follow_up = date_flag("--follow-up", args.follow_up.as_deref(), |s| {
        parse_follow_up(s, base)
    })?;
    check_not_before_1970("--follow-up", follow_up)?;
    let promises = promises(args, at, base)?;
    let received = date_flag("--received", args.notice.received.as_deref(), parse_date)?;
    let statement_date = statement_date_flag(args.statement_date.as_deref(), today)?;
    let card_last5 = last5_flag(args.card_last5.as_deref())?;
    let mut stdin_used = false;
    let notes = text_flag("--notes", args.notes.as_deref(), &mut stdin_used)?;
    let outcome = text_flag("--outcome", args.outcome.as_deref(), &mut stdin_used)?;
    let k = ctx.knowledge()?;
    let reason = args
        .reason
        .as_deref()
        .map(|r| resolve_reason_text(k, r))
        .transpose()?;
    let channel = channel(args.channel);
    check_dispute_flags(args, channel, received, base)?;
    let rung = rung_flag(k, args.notice.rung.as_deref())?;

    let mut masker = Masker::new();
    let charge = charge_flags(&args.charge, &mut masker)?;
    let mut contact = typed_contact(
        args,
        &mut masker,
        NewContact::new(at, channel),
        [outcome.as_deref(), notes.as_deref()],
        promises,
    );
    contact.received = received;
    contact.rung = rung;
    // Department and number default from the route, so a bare `log add --reason lost-card` is useful.
    if let Some(reason) = reason {
        if contact.department.is_none() {
            contact.department = Some(masker.clean("dept", &reason.department));
        }
        if contact.number.is_none() && channel == Channel::Phone {
            if let Some(n) = k.numbers_for(reason, None).first() {
                contact.number = Some(masker.clean("number", &n.display));
            }
        }
    }

    let mut db = ctx.open_db()?;
    let (case_id, contact_id) = if let Some(case) = args.case {
        let id = CaseId(case);
        let contact_id = db.insert_contact(id, &contact, follow_up.map(Some), statement_date)?;
        (id, contact_id)
    } else {
        {
            let reason = reason.ok_or_else(|| bad_input("a new case needs --reason"))?;
            let title = masker.clean("title", args.title.as_deref().unwrap_or(&reason.title));
            let case = NewCase {
                reason: reason.slug.to_string(),
                title,
                follow_up,
                statement_date,
                card_last5,
                charge,
            };
            // A case opened by logging an earlier call began with that call, which is what
            // "days open" on the escalation ladder should count from.
            let opened = contact.at.min(now);
            let (id, contact_id) = db.insert_case(&case, Some(&contact), opened)?;
            (
                id,
                contact_id.ok_or_else(|| anyhow::anyhow!("the new case {id} has no contact"))?,
            )
        }
    };
    let mask_reports = masker.into_reports();
    report_masking(&mask_reports);
    warn_assumed_receipt(&contact);
    let report = Added {
        case_id,
        contact_id,
        new_case: args.case.is_none(),
        at,
        masked: mask_reports,
    };
    crate::cmd::emit_saved(ctx, &report);
    Ok(())
}

/// A new case needs a reason; an existing one keeps its own; a title says something.
fn check_case_flags(args: &LogAddArgs) -> Result<()> {
    match (args.case, &args.reason) {
        (Some(case), Some(_)) => {
            return Err(bad_input(format!(
                "--reason is for a new case; case {case} keeps its reason (change it with \
                 `amex-help log edit {case} --reason ...`), so leave --reason out"
            )))
        }
        (None, None) => {
            return Err(bad_input(
                "a new case needs --reason (or pass --case N to add to an existing case)",
            ))
        }
        _ => {}
    }
    check_title(args.title.as_deref())
}

/// Each `--promise` with its `--promise-due`, paired in order (`none`, or no more dues, means no
/// date). A promise due before the call that made it cannot be right, so it is refused.
fn promises(
    args: &LogAddArgs,
    at: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<(&str, Option<NaiveDate>)>> {
    if args.promise_due.len() > args.promise.len() {
        return Err(bad_input(format!(
            "{} --promise-due for {} --promise; give one --promise-due per --promise, in the same \
             order (`none` for a promise without a date)",
            args.promise_due.len(),
            args.promise.len()
        )));
    }
    let call_day = at.with_timezone(&Local).date_naive();
    let mut out = Vec::with_capacity(args.promise.len());
    for (i, text) in args.promise.iter().enumerate() {
        if text.trim().is_empty() {
            return Err(bad_input(format!(
                "--promise {} is empty; say what was promised",
                i + 1
            )));
        }
        let due = match args.promise_due.get(i).map(|s| s.trim()) {
            None => None,
            Some(s) if s.eq_ignore_ascii_case("none") => None,
            Some(s) => date_flag("--promise-due", Some(s), |s| parse_follow_up(s, today))?,
        };
        check_not_before_1970("--promise-due", due)?;
        if let Some(due) = due.filter(|&due| due < call_day) {
            return Err(bad_input(format!(
                "--promise-due {due} is before the call it was made in ({call_day}); a promise falls \
                 due after it is made: check the date, or --at"
            )));
        }
        out.push((text.as_str(), due));
    }
    Ok(out)
}

/// The contact as typed, its free text masked (`outcome` and `notes` as read, perhaps from
/// standard input); the caller adds what needs the knowledge file.
fn typed_contact(
    args: &LogAddArgs,
    masker: &mut Masker,
    mut contact: NewContact,
    [outcome, notes]: [Option<&str>; 2],
    promises: Vec<(&str, Option<NaiveDate>)>,
) -> NewContact {
    contact.billing_error_notice = args.notice.billing_error_notice;
    contact.number = args
        .number
        .as_deref()
        .map(|n| masker.clean_number("number", n));
    contact.department = masker.clean_opt("dept", args.dept.as_deref());
    contact.rep = masker.clean_opt("rep", args.rep.as_deref());
    contact.rep_id = masker.clean_opt("rep_id", args.rep_id.as_deref());
    contact.reference = masker.clean_opt("ref", args.reference.as_deref());
    contact.duration_minutes = args.duration;
    contact.outcome = masker.clean_opt("outcome", outcome);
    contact.notes = masker.clean_opt("notes", notes);
    for (text, due) in promises {
        contact.promises.push(NewPromise {
            text: masker.clean("promise", text),
            due,
        });
    }
    contact
}

/// The issuer's clock runs from receipt (12 CFR 1026.13(c)); without a date, the contact's stands in.
fn warn_assumed_receipt(contact: &NewContact) {
    if contact.billing_error_notice && contact.received.is_none() {
        crate::output::notice(
            "no --received date: the issuer's clock is counted from this contact's date; it runs \
             from when the issuer received the notice, so log that date with --received if you know it",
        );
    }
}

/// The billing-error notice flags and the charge flags, checked against the rest of the contact.
fn check_dispute_flags(
    args: &LogAddArgs,
    channel: Channel,
    received: Option<NaiveDate>,
    sent: NaiveDate,
) -> Result<()> {
    // 12 CFR 1026.13(b): the notice is written; comment 13(b)-2 lets an electronic one count.
    if args.notice.billing_error_notice && !channel.can_be_billing_error_notice() {
        return Err(bad_input(format!(
            "--billing-error-notice: a {channel} contact cannot be the written billing-error \
             notice (12 CFR 1026.13(b) asks for writing); log it as --channel letter, \
             secure-message or email"
        )));
    }
    if let Some(r) = received.filter(|r| *r < sent) {
        return Err(bad_input(format!(
            "--received: {r} is before the notice was sent ({sent}); give the day it arrived"
        )));
    }
    if args.case.is_some() && !args.charge.is_empty() {
        return Err(bad_input(
            "--merchant, --amount, --charge-date, --card and --cycle-day describe a new case; \
             for an existing one use `amex-help log edit CASE`",
        ));
    }
    Ok(())
}

/// The JSON contract of `log add --json`.
#[derive(Serialize)]
struct Added {
    case_id: CaseId,
    contact_id: ContactId,
    new_case: bool,
    at: DateTime<Utc>,
    masked: Vec<MaskReport>,
}

impl Render for Added {
    fn human(&self, out: &mut dyn Write, _: Style) -> io::Result<()> {
        if self.new_case {
            writeln!(
                out,
                "Opened case {} with contact {}.",
                self.case_id, self.contact_id
            )
        } else {
            writeln!(
                out,
                "Added contact {} to case {}.",
                self.contact_id, self.case_id
            )
        }
    }
}
