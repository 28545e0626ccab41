//! Flag-to-domain helpers shared by the commands: what the user typed, checked and turned into
//! domain values before any I/O, with one-line errors that name the flag.

use std::io::Read;

use anyhow::{Context, Result};
use chrono::{DateTime, Datelike, Days, Local, NaiveDate, TimeDelta, Utc};

use super::Ctx;
use crate::calls::{parse_amount, parse_date, Channel, Charge};
use crate::cli::{ChannelArg, ChargeArgs, ReasonArg};
use crate::error::bad_input;
use crate::knowledge::{find_reason, is_invisible, Knowledge, Match, Reason};
use crate::output::Format;
use crate::privacy::{check_last5, Masker};

/// How many rows a list shows people unless told otherwise: a screenful, most urgent or newest first.
const TEXT_LIMIT: usize = 20;

/// The row limit for a list command: `--all` means none, `--limit N` means N, and otherwise
/// scripts (`--json`) get everything while people get a screenful.
pub(crate) fn list_limit(all: bool, limit: Option<usize>, format: Format) -> Option<usize> {
    match (all, limit, format) {
        (true, _, _) | (false, None, Format::Json) => None,
        (false, Some(n), _) => Some(n),
        (false, None, Format::Human) => Some(TEXT_LIMIT),
    }
}

/// Resolves the reason words to a reason, or fails with the three closest slugs (or, for words
/// with no letter or digit, saying there is nothing to read).
pub(crate) fn resolve_reason<'k>(k: &'k Knowledge, arg: &ReasonArg) -> Result<(Match<'k>, String)> {
    let input = arg.words.join(" ");
    resolve_reason_input(k, input)
}

/// Resolves a `--reason` value as `route` would.
pub(crate) fn resolve_reason_text<'k>(k: &'k Knowledge, text: &str) -> Result<&'k Reason> {
    Ok(resolve_reason_input(k, text.to_owned())?.0.reason)
}

fn resolve_reason_input(k: &Knowledge, input: String) -> Result<(Match<'_>, String)> {
    match find_reason(k, &input) {
        Ok(found) => Ok((found, input)),
        Err(refusal) => Err(bad_input(refusal.message(&input))),
    }
}

pub(crate) fn channel(arg: ChannelArg) -> Channel {
    match arg {
        ChannelArg::Phone => Channel::Phone,
        ChannelArg::Chat => Channel::Chat,
        ChannelArg::App => Channel::App,
        ChannelArg::SecureMessage => Channel::SecureMessage,
        ChannelArg::Email => Channel::Email,
        ChannelArg::Letter => Channel::Letter,
        ChannelArg::Social => Channel::Social,
        ChannelArg::InPerson => Channel::InPerson,
    }
}

/// A date flag, checked, or a one-line error naming the flag.
pub(crate) fn date_flag(
    flag: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<NaiveDate, String>,
) -> Result<Option<NaiveDate>> {
    value
        .map(|v| parse(v).map_err(|why| bad_input(format!("{flag}: {why}"))))
        .transpose()
}

/// `--card-last5`, checked without ever echoing what was typed (it may be a whole card number).
pub(crate) fn last5_flag(value: Option<&str>) -> Result<Option<String>> {
    value.map(|s| check_last5(s).map_err(bad_input)).transpose()
}

/// A `--reason` filter or edit, resolved to its slug as `route` would.
pub(crate) fn reason_flag(ctx: &Ctx, value: Option<&str>) -> Result<Option<String>> {
    match value {
        Some(r) => Ok(Some(
            resolve_reason_text(ctx.knowledge()?, r)?.slug.to_string(),
        )),
        None => Ok(None),
    }
}

/// Nothing a card account's log records happened before this year: an earlier date is a typo
/// (`0026-11-03`) or a made-up filler date (`0000-01-01`).
const FIRST_YEAR: i32 = 1970;

/// How far ahead of the clock `--at` may be: time zones and a slow clock, not a call not yet made.
const AT_SLACK: TimeDelta = TimeDelta::days(1);

/// `--at`: not before 1970, and not more than a day from `now` (a call is logged after it
/// happens). Both are refused, since neither can be right.
pub(crate) fn check_at(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<()> {
    let shown = at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    if at.year() < FIRST_YEAR {
        return Err(bad_input(format!(
            "--at: {shown} is before {FIRST_YEAR}; give the date of the call"
        )));
    }
    if at > now + AT_SLACK {
        return Err(bad_input(format!(
            "--at: {shown} is more than a day from now, and a call is logged after it happens; \
             for a date ahead use --follow-up or --promise-due"
        )));
    }
    Ok(())
}

/// `--statement-date`: the date of a statement that exists, so not in the future (a day of slack
/// for time zones) and not before 1970. Refused, since neither can be right.
pub(crate) fn statement_date_flag(
    value: Option<&str>,
    today: NaiveDate,
) -> Result<Option<NaiveDate>> {
    let date = date_flag("--statement-date", value, parse_date)?;
    check_past_date(
        "--statement-date",
        date,
        today,
        "give the date printed on the statement that showed the charge",
    )?;
    Ok(date)
}

/// A date that has already happened (a statement, a charge): not before 1970 and not in the
/// future, with a day of slack for time zones.
fn check_past_date(flag: &str, date: Option<NaiveDate>, today: NaiveDate, fix: &str) -> Result<()> {
    let Some(date) = date else { return Ok(()) };
    if date.year() < FIRST_YEAR {
        return Err(bad_input(format!(
            "{flag}: {date} is before {FIRST_YEAR}; {fix}"
        )));
    }
    if today
        .checked_add_days(Days::new(1))
        .is_some_and(|limit| date > limit)
    {
        return Err(bad_input(format!("{flag}: {date} is in the future; {fix}")));
    }
    Ok(())
}

/// A date ahead (`--follow-up`): only a year before 1970 is refused; a date in the past can be
/// right when an old call is logged.
pub(crate) fn check_not_before_1970(flag: &str, date: Option<NaiveDate>) -> Result<()> {
    match date {
        Some(date) if date.year() < FIRST_YEAR => Err(bad_input(format!(
            "{flag}: {date} is before {FIRST_YEAR}; check the year"
        ))),
        _ => Ok(()),
    }
}

/// The most a text flag may read from standard input: a long call transcript fits many times.
const STDIN_LIMIT: u64 = 1 << 20;

/// A free-text flag whose value `-` means "read standard input" (for notes longer than the
/// command line allows, or a transcript piped in). Only one flag of a run can read it: `used`
/// remembers. One trailing line break is dropped; empty input means the flag was not given.
pub(crate) fn text_flag(
    flag: &str,
    value: Option<&str>,
    used: &mut bool,
) -> Result<Option<String>> {
    if value != Some("-") {
        return Ok(value.map(str::to_owned));
    }
    if *used {
        return Err(bad_input(format!(
            "{flag} -: standard input is already read by another flag; give only one flag as `-`"
        )));
    }
    *used = true;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(STDIN_LIMIT + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("read {flag} from standard input"))?;
    if bytes.len() as u64 > STDIN_LIMIT {
        return Err(bad_input(format!(
            "{flag} -: standard input is over 1 MiB; keep the text shorter"
        )));
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|_| bad_input(format!("{flag} -: standard input is not UTF-8 text")))?;
    // No field may hold one (`import` refuses them too, so an export stays importable); only
    // standard input can carry it, as the command line cannot.
    if text.contains('\0') {
        return Err(bad_input(format!(
            "{flag} -: standard input holds a NUL character (\\0); send text without it"
        )));
    }
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok((!text.is_empty()).then_some(text))
}

/// A title the user typed: not empty or only spaces (a case needs something to show in lists).
pub(crate) fn check_title(title: Option<&str>) -> Result<()> {
    // Nothing that shows: spaces, controls, zero-width and direction characters.
    let shows_nothing = |t: &str| t.chars().all(|c| c.is_control() || is_invisible(c));
    if title.is_some_and(shows_nothing) {
        return Err(bad_input(
            "--title is empty; give a short title, or leave --title out to keep the current one \
             (a new case takes the reason's title)",
        ));
    }
    Ok(())
}

/// The charge flags, checked; the merchant goes through the masker like any free text.
pub(crate) fn charge_flags(args: &ChargeArgs, masker: &mut Masker) -> Result<Charge> {
    let amount_cents = args
        .amount
        .as_deref()
        .map(|a| parse_amount(a).map_err(|why| bad_input(format!("--amount: {why}"))))
        .transpose()?;
    Ok(Charge {
        merchant: masker.clean_opt("merchant", args.merchant.as_deref()),
        amount_cents,
        charge_date: charge_date_flag(args.charge_date.as_deref())?,
        card_tier: args
            .card
            .map(|t| crate::knowledge::CardTier::from(t).slug().to_owned()),
        cycle_day: args.cycle_day,
    })
}

/// `--charge-date`: the day the card was charged, which has happened (see `check_past_date`).
fn charge_date_flag(value: Option<&str>) -> Result<Option<NaiveDate>> {
    let date = date_flag("--charge-date", value, parse_date)?;
    check_past_date(
        "--charge-date",
        date,
        Local::now().date_naive(),
        "give the date the charge was made, as the statement shows it",
    )?;
    Ok(date)
}

/// A `--rung` slug, checked against the ladder in the knowledge file.
pub(crate) fn rung_flag(k: &Knowledge, value: Option<&str>) -> Result<Option<String>> {
    let Some(text) = value else { return Ok(None) };
    let wanted = text.trim().to_ascii_lowercase();
    if k.escalation.iter().any(|r| r.slug == wanted) {
        return Ok(Some(wanted));
    }
    let slugs: Vec<&str> = k.escalation.iter().map(|r| r.slug.as_str()).collect();
    Err(bad_input(format!(
        "--rung: {} is not a rung of the escalation ladder; use one of {}",
        text.trim(),
        slugs.join(", ")
    )))
}
