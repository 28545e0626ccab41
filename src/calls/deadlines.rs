//! Fair Credit Billing Act (Regulation Z, 12 CFR 1026.13) dispute dates, from the numbers in the
//! knowledge file: when the written billing-error notice must arrive, whether it did, and the
//! issuer's deadlines once it has. `today` is passed in; nothing here reads the clock.

use chrono::{Datelike, Days, Local, NaiveDate};
use serde::Serialize;

use super::model::{CaseId, CaseRecord};

/// The Fair Credit Billing Act clocks, in days. The numbers are data in the knowledge file.
// The field names are the knowledge file's, so the suffix stays.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadlines {
    pub(crate) billing_error_notice_days: i64,
    pub(crate) acknowledge_days: i64,
    pub(crate) resolve_days: i64,
}

/// The facts of a case that the dates depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DisputeFacts<'a> {
    /// Names the case in the commands the notes suggest; `CASE` when unknown.
    pub(crate) case: Option<CaseId>,
    /// The case's reason slug: only `dispute` and `fraud` cases are billing errors.
    pub(crate) reason: &'a str,
    pub(crate) card_tier: Option<&'a str>,
    /// Closing date of the statement that first showed the charge.
    pub(crate) statement_date: Option<NaiveDate>,
    /// The day of the month cycles close; `None` means the statement date's day.
    pub(crate) cycle_day: Option<u32>,
    pub(crate) notice: Option<NoticeReceipt>,
}

/// When the issuer received the written billing-error notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NoticeReceipt {
    pub(crate) received: NaiveDate,
    /// No receipt date was given, so the contact's own (local) date stands in for it.
    pub(crate) assumed: bool,
}

impl<'a> DisputeFacts<'a> {
    /// The facts as the log holds them. The notice is the first contact the user marked as it.
    pub(crate) fn of(case: &'a CaseRecord) -> Self {
        DisputeFacts {
            case: Some(case.id),
            reason: &case.reason,
            card_tier: case.card_tier.as_deref(),
            statement_date: case.statement_date,
            cycle_day: case.cycle_day,
            notice: case.billing_error_notice().map(|c| NoticeReceipt {
                received: c
                    .received
                    .unwrap_or_else(|| c.at.with_timezone(&Local).date_naive()),
                assumed: c.received.is_none(),
            }),
        }
    }
}

/// The dates of `followups --json` and `log show --json` (`deadlines`); the field names are the
/// script contract. Each `_by` is a last day: on or before it is in time.
// Each flag is a separate fact that scripts test on its own.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DisputeDeadlines {
    /// Last day for the written billing-error notice to reach the issuer: the statement date + 60
    /// (1026.13(b)(1)). Null only when no statement date is recorded.
    pub(crate) notice_by: Option<NaiveDate>,
    /// The notice date is past and no billing-error notice is recorded.
    pub(crate) notice_passed: bool,
    /// A notice is recorded, received after the notice date: it starts no issuer duties.
    pub(crate) notice_late: bool,
    /// When the issuer received the notice (the contact's date when none was given).
    pub(crate) notice_received: Option<NaiveDate>,
    /// `notice_received` is the contact's date, not a receipt date the user gave.
    pub(crate) received_assumed: bool,
    /// Last day for the issuer to acknowledge the notice (1026.13(c)(1)); null without a timely notice.
    pub(crate) acknowledge_by: Option<NaiveDate>,
    pub(crate) acknowledge_passed: bool,
    /// Last day for the issuer to resolve it (1026.13(c)(2)); null without a timely notice.
    pub(crate) resolve_by: Option<NaiveDate>,
    pub(crate) resolve_passed: bool,
    /// What the user should know about these dates, in plain sentences; null when nothing.
    pub(crate) note: Option<String>,
}

/// The dates for a case, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Assessment {
    pub(crate) deadlines: Option<DisputeDeadlines>,
    /// Why `deadlines` is null, for a dispute or fraud case; null for other reasons.
    pub(crate) no_deadlines_because: Option<String>,
}

const LATE_NOTE: &str = "This notice reached the issuer after the 60 days, so the Regulation Z \
    billing-error duties do not apply (12 CFR 1026.13(b)(1)); the issuer's own dispute process, \
    the unauthorized-use limit (1026.12(b)) or a claim against the issuer for a purchase \
    (1026.12(c)), and a complaint are still open.";
const PASSED_NOTE: &str = "The 60 days for a written billing-error notice have passed, so the \
    Regulation Z billing-error duties can no longer start (12 CFR 1026.13(b)(1)); the issuer's own \
    dispute process, the unauthorized-use limit (1026.12(b)) or a claim against the issuer for a \
    purchase (1026.12(c)), and a complaint are still open.";
const ASSUMED_NOTE: &str =
    "No receipt date was given, so the notice's contact date is taken as the \
    day the issuer received it; the clock runs from receipt (1026.13(c)), which may be later.";
const NO_STATEMENT_NOTE: &str = "Without a statement date the notice's timeliness is not checked; \
    `log edit CASE --statement-date DATE` records it.";
const NO_CYCLE_NOTE: &str = "Resolve-by is the 90-day limit alone: the end of the second complete \
    billing cycle, which may be earlier, needs the statement date or --cycle-day (1026.13(c)(2)).";
const TIER_UNKNOWN_NOTE: &str = "These rules cover personal cards only; business and corporate \
    cards are outside them (1026.3(a)): `log edit CASE --card TIER` records the card.";
const FRAUD_NOTE: &str = "Separately, your liability for charges you did not authorize is at most \
    $50, however you reported them (1026.12(b)).";
const BUSINESS_REASON: &str = "Business and corporate cards are outside the Regulation Z \
    billing-error rules (12 CFR 1026.3(a), comment 3(a)-2.i), so no dates apply; the issuer's own \
    dispute process still does, and so does the $50 limit on liability for unauthorized use \
    (1026.12(b)).";
const NO_DATES_REASON: &str = "No statement date yet: `log edit CASE --statement-date DATE` (the \
    statement that first showed the charge) works out the date the written billing-error notice \
    must reach the issuer by (12 CFR 1026.13(b)(1)).";

/// The reason slug of unauthorized use.
pub(crate) const FRAUD_REASON: &str = crate::knowledge::FRAUD_SLUG;

/// Whether a reason's cases are billing errors: disputes, and unauthorized use (1026.13(a)(1)).
pub(crate) fn is_billing_error_reason(reason: &str) -> bool {
    reason == crate::knowledge::DISPUTE_SLUG || reason == crate::knowledge::FRAUD_SLUG
}

/// Puts the case number into the commands a note suggests.
fn name_case(text: &str, case: Option<CaseId>) -> String {
    match case {
        Some(id) => text.replace("CASE", &id.to_string()),
        None => text.to_owned(),
    }
}

/// Business-purpose credit is outside Regulation Z (1026.3(a); comment 3(a)-2.i says so for cards).
pub(crate) fn is_business_tier(tier: Option<&str>) -> bool {
    matches!(tier, Some("business" | "corporate"))
}

/// Works out the 12 CFR 1026.13 dates.
///
/// - Notice by = statement + 60 days (1026.13(b)(1)). The law counts from when the statement was
///   transmitted, which is never before its closing date, so this is never later than the real
///   last day.
/// - A notice received after that is late: no duties arise (1026.13(b)(1)), and `note` says what
///   is still open.
/// - Acknowledge by = receipt + 30 days (1026.13(c)(1)).
/// - Resolve by = the earlier of the end of the second complete billing cycle after receipt and
///   receipt + 90 days (1026.13(c)(2), comment 13(c)(2)-1). Cycles close on `cycle_day`, or the
///   statement date's day, clamped to short months.
/// - Business and corporate cards get none (1026.3(a), comment 3(a)-2.i).
pub(crate) fn assess(facts: &DisputeFacts<'_>, today: NaiveDate, d: &Deadlines) -> Assessment {
    if !is_billing_error_reason(facts.reason) {
        return Assessment::default();
    }
    if is_business_tier(facts.card_tier) {
        return Assessment {
            deadlines: None,
            no_deadlines_because: Some(BUSINESS_REASON.to_owned()),
        };
    }
    if facts.statement_date.is_none() && facts.notice.is_none() {
        return Assessment {
            deadlines: None,
            no_deadlines_because: Some(name_case(NO_DATES_REASON, facts.case)),
        };
    }
    let mut notes: Vec<&str> = Vec::new();
    let notice_by = facts
        .statement_date
        .map(|s| add_days(s, d.billing_error_notice_days));
    let notice_late = match (facts.notice, notice_by) {
        (Some(n), Some(by)) => n.received > by,
        _ => false,
    };
    let notice_passed = facts.notice.is_none() && notice_by.is_some_and(|by| today > by);
    let cycle_day = facts.cycle_day.or(facts.statement_date.map(|s| s.day()));
    let (mut acknowledge_by, mut resolve_by) = (None, None);
    if let Some(n) = facts.notice {
        if n.assumed {
            notes.push(ASSUMED_NOTE);
        }
        if notice_late {
            notes.push(LATE_NOTE);
        } else {
            acknowledge_by = Some(add_days(n.received, d.acknowledge_days));
            let cap = add_days(n.received, d.resolve_days);
            resolve_by = Some(if let Some(day) = cycle_day {
                second_complete_cycle_end(n.received, day).min(cap)
            } else {
                notes.push(NO_CYCLE_NOTE);
                cap
            });
            if facts.statement_date.is_none() {
                notes.push(NO_STATEMENT_NOTE);
            }
        }
    }
    if notice_passed {
        notes.push(PASSED_NOTE);
    }
    if facts.card_tier.is_none() {
        notes.push(TIER_UNKNOWN_NOTE);
    }
    if facts.reason == crate::knowledge::FRAUD_SLUG {
        notes.push(FRAUD_NOTE);
    }
    Assessment {
        deadlines: Some(DisputeDeadlines {
            notice_by,
            notice_passed,
            notice_late,
            notice_received: facts.notice.map(|n| n.received),
            received_assumed: facts.notice.is_some_and(|n| n.assumed),
            acknowledge_by,
            acknowledge_passed: acknowledge_by.is_some_and(|by| today > by),
            resolve_by,
            resolve_passed: resolve_by.is_some_and(|by| today > by),
            note: (!notes.is_empty()).then(|| name_case(&notes.join(" "), facts.case)),
        }),
        no_deadlines_because: None,
    }
}

impl DisputeDeadlines {
    /// The dates as lines for people, each date marked when it has passed.
    pub(crate) fn lines(&self) -> Vec<String> {
        let passed = |yes: bool| if yes { " (passed)" } else { "" };
        let mut lines = Vec::new();
        match (self.notice_received, self.notice_by) {
            (None, Some(by)) if self.notice_passed => lines.push(format!(
                "the written billing-error notice had to reach the issuer by {by} (passed)"
            )),
            (None, Some(by)) => lines.push(format!(
                "written billing-error notice must reach the issuer by {by}"
            )),
            (Some(received), by) => {
                let when = if self.received_assumed {
                    format!("sent {received} (no receipt date given)")
                } else {
                    format!("received {received}")
                };
                let against = by.map_or_else(String::new, |by| {
                    if self.notice_late {
                        format!(", after the last day, {by}: late, so it starts no issuer duties")
                    } else {
                        format!(", in time (last day {by})")
                    }
                });
                lines.push(format!("billing-error notice {when}{against}"));
            }
            (None, None) => {}
        }
        if let Some(a) = self.acknowledge_by {
            lines.push(format!(
                "issuer must acknowledge by {a}{}",
                passed(self.acknowledge_passed)
            ));
        }
        if let Some(r) = self.resolve_by {
            lines.push(format!(
                "issuer must resolve by {r}{}",
                passed(self.resolve_passed)
            ));
        }
        lines
    }
}

/// The end of the second complete billing cycle after `received` (comment 13(c)(2)-1): the cycle
/// in which the notice arrives closes on the first closing day on or after receipt; the two
/// complete cycles after it end two closings later.
pub(crate) fn second_complete_cycle_end(received: NaiveDate, cycle_day: u32) -> NaiveDate {
    let this_month = close_in(month_index(received), cycle_day);
    let first = if this_month >= received {
        month_index(received)
    } else {
        month_index(received) + 1
    };
    close_in(first + 2, cycle_day)
}

/// Months since year 0, so that adding months is adding integers.
fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The closing day of the month `index`: `day`, or the month's last day when it is shorter.
fn close_in(index: i64, day: u32) -> NaiveDate {
    let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
    let month = u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1;
    (1..=day.clamp(1, 31))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(year, month, d))
        .unwrap_or(NaiveDate::MAX)
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
