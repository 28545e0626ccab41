//! What an export must be before any of it is imported: a header this binary reads, plain
//! uids that are not repeated, known reasons, and dispute facts the database would accept.

use anyhow::Result;
use chrono::Datelike;

use super::{Export, ExportCase, EXPORT_FORMAT, EXPORT_VERSION, READABLE_VERSIONS};
use crate::calls::{CaseStatus, MAX_CENTS};
use crate::db::write::check_card_last5;
use crate::error::bad_input;
use crate::privacy::Masker;

/// uids become calendar UIDs and keys in other tools: keep them plain, and never a card number.
/// This binary writes 32 hex digits; a hand-made export may use any 8 to 64 letters, digits and
/// hyphens that start with a letter or digit, long enough not to be a typo or a dummy value (`x`).
fn is_plain_uid(uid: &str) -> bool {
    (8..=64).contains(&uid.len())
        && uid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && uid
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && !crate::privacy::identifier_holds_secret(uid)
}

const UID_RULE: &str =
    "is not 8 to 64 letters, digits or hyphens starting with a letter or digit (and never a card number)";

/// A reason is a slug (`lost-card`): it is shown and exported as it is, so it is never masked and
/// must not need to be.
fn is_slug(reason: &str) -> bool {
    (1..=40).contains(&reason.len())
        && reason.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && !holds_private_data(reason)
}

/// Whether masking would change `text`: a card number, security code or SSN in it.
fn holds_private_data(text: &str) -> bool {
    Masker::new().clean("check", text).as_str() != text
}

impl Export {
    /// Whether this binary reads this export at all: the format name and the one version it
    /// writes. The only place the version is checked, so `import` and the database agree.
    pub(crate) fn check_header(&self) -> Result<(), String> {
        if self.format != EXPORT_FORMAT {
            return Err(format!(
                "not an amex-help export: its format is not {EXPORT_FORMAT:?}"
            ));
        }
        if !READABLE_VERSIONS.contains(&self.version) {
            return Err(format!(
                "export version {} is not one this amex-help reads (it reads versions 1 to {EXPORT_VERSION}); \
                 upgrade amex-help",
                self.version
            ));
        }
        Ok(())
    }
}

impl Export {
    /// Checks the whole file as [`Db::import`] does, and also that every reason is one this
    /// build knows (`known_reason`), so that a bad file is refused, naming its first offending
    /// case, before the log is opened.
    pub(crate) fn check(&self, known_reason: &dyn Fn(&str) -> bool) -> Result<()> {
        check_export(self, Some(known_reason))
    }
}

/// Checks a whole export before the write lock is taken, so a mistake in the last case of a
/// hand-edited file is reported without having written or locked anything. Problems are placed
/// by position (and by uid once it is known to be plain), not by quoting the text, which could be
/// anything a hand edit put there. Refused: a malformed or repeated uid (a repeat would be
/// skipped or merged silently), a reason that is not a known slug, a NUL character anywhere.
pub(super) fn check_export(
    export: &Export,
    known_reason: Option<&dyn Fn(&str) -> bool>,
) -> Result<()> {
    export.check_header().map_err(bad_input)?;
    let mut case_uids = std::collections::HashMap::new();
    let mut contact_uids = std::collections::HashMap::new();
    for (index, case) in export.cases.iter().enumerate() {
        let uid = if is_plain_uid(&case.uid) {
            format!(" (uid {})", case.uid)
        } else {
            String::new()
        };
        let problem =
            |why: &str| bad_input(format!("case {} of the export: {why}{uid}", index + 1));
        if !is_plain_uid(&case.uid) {
            return Err(problem(&format!("uid {UID_RULE}")));
        }
        if let Some(first) = case_uids.insert(case.uid.as_str(), index + 1) {
            return Err(problem(&format!(
                "the uid is also case {first}'s; each case must appear once"
            )));
        }
        // Every field at once, and any field added later: JSON writes a NUL as \u0000.
        if serde_json::to_string(case).is_ok_and(|json| json.contains("\\u0000")) {
            return Err(problem(
                "a field holds a NUL character (\\u0000), which no field may hold",
            ));
        }
        if !is_slug(&case.reason) {
            return Err(problem(
                "reason is not a slug such as `lost-card` (lowercase letters, digits, hyphens)",
            ));
        }
        if case
            .card_last5
            .as_deref()
            .is_some_and(|last5| check_card_last5(last5).is_err())
        {
            return Err(problem("card_last5 must be exactly 5 digits"));
        }
        if let Some(problem_text) = dispute_fact_problem(case) {
            return Err(problem(problem_text));
        }
        let dates = [case.follow_up, case.statement_date, case.charge_date]
            .into_iter()
            .flatten()
            .chain(case.contacts.iter().filter_map(|k| k.received))
            .chain(
                case.contacts
                    .iter()
                    .flat_map(|k| k.promises.iter().filter_map(|p| p.due)),
            );
        let times = [Some(case.created_at), case.resolved_at]
            .into_iter()
            .flatten()
            .chain(case.contacts.iter().map(|k| k.at));
        if !dates
            .map(|d| d.year())
            .chain(times.map(|t| t.year()))
            .all(|y| (0..=9999).contains(&y))
        {
            return Err(problem("a date or time is outside the years 0000 to 9999"));
        }
        match (case.status, case.resolved_at) {
            (CaseStatus::Resolved, None) => {
                return Err(problem("resolved but resolved_at is null"));
            }
            (CaseStatus::Open, Some(_)) => return Err(problem("open but resolved_at is set")),
            _ => {}
        }
        if known_reason.is_some_and(|known| !known(&case.reason)) {
            return Err(problem(&format!(
                "reason `{}` is not one amex-help knows; `amex-help reasons` lists them",
                case.reason
            )));
        }
        for (position, contact) in case.contacts.iter().enumerate() {
            if !is_plain_uid(&contact.uid) {
                return Err(problem(&format!(
                    "contact {}: uid {UID_RULE}",
                    position + 1
                )));
            }
            let here = (index + 1, position + 1);
            if let Some((case, contact)) = contact_uids.insert(contact.uid.as_str(), here) {
                return Err(problem(&format!(
                    "contact {}: the uid is also contact {contact} of case {case}; each contact must appear once",
                    position + 1
                )));
            }
        }
    }
    Ok(())
}

/// The version 2 fields, checked as the database's constraints and `log add` would check them.
fn dispute_fact_problem(case: &ExportCase) -> Option<&'static str> {
    if case.amount_cents.is_some_and(|cents| cents < 0) {
        return Some("amount_cents is negative");
    }
    if case.amount_cents.is_some_and(|cents| cents > MAX_CENTS) {
        // As `log add --amount` refuses it: no statement holds a billion dollars, and a card
        // number read as cents is larger still.
        return Some("amount_cents is larger than any card statement amount");
    }
    if case.cycle_day.is_some_and(|day| !(1..=31).contains(&day)) {
        return Some("cycle_day is not a day of the month (1 to 31)");
    }
    if case.card_tier.as_deref().is_some_and(|t| !is_slug(t)) {
        return Some("card_tier is not a slug such as `gold`");
    }
    for contact in &case.contacts {
        if contact.rung.as_deref().is_some_and(|r| !is_slug(r)) {
            return Some("a contact's rung is not a slug such as `supervisor`");
        }
        if contact.billing_error_notice && !contact.channel.can_be_billing_error_notice() {
            return Some(
                "a contact marked as the billing-error notice is not a letter, secure message or email",
            );
        }
    }
    None
}
