//! Fair Credit Billing Act (Regulation Z) dispute deadlines, from the numbers in the knowledge file.

use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The Fair Credit Billing Act clocks, in days. The numbers are data in the knowledge file.
// The field names are the knowledge file's, so the suffix stays.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadlines {
    pub(crate) billing_error_notice_days: i64,
    pub(crate) acknowledge_days: i64,
    pub(crate) resolve_days: i64,
}

// Each field is a last day; `_by` says so in the JSON too.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct DisputeDeadlines {
    /// Last day for the written billing-error notice to reach the issuer.
    pub(crate) notice_by: NaiveDate,
    /// Last day for the issuer to acknowledge the notice; unknown until one is sent.
    pub(crate) acknowledge_by: Option<NaiveDate>,
    /// Last day for the issuer to resolve the dispute; unknown until a notice is sent.
    pub(crate) resolve_by: Option<NaiveDate>,
}

/// Works out the dispute clocks. The law counts the notice period from when the statement was
/// sent and the issuer's periods from when the notice was received; the statement's closing date
/// and the notice's sending date are the dates a cardholder knows, and both are no later than the
/// legal ones, so every date here is on or before the real deadline, never after it.
pub(crate) fn dispute_deadlines(
    statement_date: NaiveDate,
    first_written_notice: Option<NaiveDate>,
    d: &Deadlines,
) -> DisputeDeadlines {
    DisputeDeadlines {
        notice_by: add_days(statement_date, d.billing_error_notice_days),
        acknowledge_by: first_written_notice.map(|sent| add_days(sent, d.acknowledge_days)),
        resolve_by: first_written_notice.map(|sent| add_days(sent, d.resolve_days)),
    }
}

/// Adds days without panicking: a wild number from a hand-edited file gives the calendar's end.
fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let step = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(step).unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(step).unwrap_or(NaiveDate::MIN)
    }
}

pub(super) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}
