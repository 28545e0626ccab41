//! The dispute facts as text, shared by `log show`, the complaint draft of `escalate` and
//! `letter`: the charge, and each 12 CFR 1026.13 date with whether the issuer met it.

use chrono::{Local, NaiveDate};

use crate::calls::{format_amount, CaseRecord, CaseStatus, DisputeDeadlines};

/// The charge a case is about, one fact a line; empty when none is recorded.
pub(crate) fn charge_lines(case: &CaseRecord) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(m) = &case.merchant {
        lines.push(format!("Merchant: {m}"));
    }
    if let Some(a) = case.amount_cents {
        lines.push(format!("Amount: {}", format_amount(a)));
    }
    if let Some(d) = case.charge_date {
        lines.push(format!("Charge date: {d}"));
    }
    if let Some(d) = case.statement_date {
        lines.push(format!("Statement date: {d}"));
    }
    if let Some(t) = &case.card_tier {
        lines.push(format!("Card: {t}"));
    }
    if let Some(day) = case.cycle_day {
        lines.push(format!("Billing cycles close on day {day}"));
    }
    lines
}

/// Each deadline and whether it was met, as far as the log can tell: a resolution on or before
/// a date meets it; an acknowledgement is not something the log records, so the user says.
pub(crate) fn deadline_report(case: &CaseRecord, d: &DisputeDeadlines) -> Vec<String> {
    let resolved_on: Option<NaiveDate> = match case.status {
        CaseStatus::Resolved => case
            .resolved_at
            .map(|t| t.with_timezone(&Local).date_naive()),
        CaseStatus::Open => None,
    };
    let mut lines = Vec::new();
    match (d.notice_received, d.notice_by) {
        (Some(r), by) => {
            let how = if d.received_assumed {
                "sent on"
            } else {
                "received by the issuer on"
            };
            let timely = match by {
                Some(by) if d.notice_late => format!(", after the last day ({by}): late"),
                Some(by) => format!(", within the 60 days (last day {by})"),
                None => String::new(),
            };
            lines.push(format!("Written billing-error notice {how} {r}{timely}."));
        }
        (None, Some(by)) if d.notice_passed => lines.push(format!(
            "No written billing-error notice is recorded; the last day for one was {by}."
        )),
        (None, Some(by)) => lines.push(format!(
            "No written billing-error notice is recorded yet; it must reach the issuer by {by}."
        )),
        (None, None) => {}
    }
    if let Some(by) = d.acknowledge_by {
        let met = match resolved_on {
            Some(r) if r <= by => format!("met: resolved on {r}, before it was due"),
            _ if d.acknowledge_passed => {
                "passed: [say whether a written acknowledgement arrived, and when]".to_owned()
            }
            _ => "not yet due".to_owned(),
        };
        lines.push(format!(
            "The issuer had to acknowledge it by {by} (12 CFR 1026.13(c)(1)): {met}."
        ));
    }
    if let Some(by) = d.resolve_by {
        let met = match resolved_on {
            Some(r) if r <= by => format!("met: resolved on {r}"),
            Some(r) => format!("missed: resolved only on {r}"),
            None if d.resolve_passed => "missed: the dispute is still open".to_owned(),
            None => "not yet due".to_owned(),
        };
        lines.push(format!(
            "The issuer had to resolve it by {by} (12 CFR 1026.13(c)(2)): {met}."
        ));
    }
    lines
}

#[cfg(test)]
#[path = "dispute_tests.rs"]
mod tests;
