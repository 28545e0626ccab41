//! Flag-to-domain helpers shared by the commands: what the user typed, checked and turned into
//! domain values before any I/O, with one-line errors that name the flag.

use anyhow::Result;
use chrono::NaiveDate;

use super::Ctx;
use crate::calls::{parse_amount, parse_date, Channel, Charge};
use crate::cli::{ChannelArg, ChargeArgs, ReasonArg};
use crate::error::bad_input;
use crate::knowledge::{find_reason, Knowledge, Match, Reason};
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

/// Resolves the reason words to a reason, or fails with the three closest slugs.
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
        Err(closest) => {
            let names: Vec<&str> = closest.iter().map(|r| r.slug.as_str()).collect();
            Err(bad_input(format!(
                "no reason matches \"{}\"; closest: {} (see `amex-help reasons`)",
                input.trim(),
                names.join(", ")
            )))
        }
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
        Some(r) => Ok(Some(resolve_reason_text(ctx.knowledge()?, r)?.slug.clone())),
        None => Ok(None),
    }
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
        charge_date: date_flag("--charge-date", args.charge_date.as_deref(), parse_date)?,
        card_tier: args
            .card
            .map(|t| crate::knowledge::CardTier::from(t).slug().to_owned()),
        cycle_day: args.cycle_day,
    })
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
