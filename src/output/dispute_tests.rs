//! Whether each issuer deadline was met, as the complaint draft says it.

use chrono::{DateTime, NaiveDate, Utc};

use super::deadline_report;
use crate::calls::{CaseId, CaseRecord, CaseStatus, DisputeDeadlines};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn case(resolved_at: Option<&str>) -> CaseRecord {
    CaseRecord {
        id: CaseId(1),
        uid: "c".to_owned(),
        reason: "dispute".to_owned(),
        title: "Charged twice".to_owned(),
        status: if resolved_at.is_some() {
            CaseStatus::Resolved
        } else {
            CaseStatus::Open
        },
        follow_up: None,
        statement_date: Some(d("2026-10-28")),
        card_last5: None,
        merchant: None,
        amount_cents: None,
        charge_date: None,
        card_tier: None,
        cycle_day: None,
        // Noon UTC is the same date in any zone the tests run in.
        created_at: DateTime::parse_from_rfc3339("2026-11-02T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        resolved_at: resolved_at
            .map(|t| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc)),
        resolution_note: None,
        contacts: Vec::new(),
    }
}

fn dates(acknowledge_passed: bool, resolve_passed: bool) -> DisputeDeadlines {
    DisputeDeadlines {
        notice_by: Some(d("2026-12-27")),
        notice_passed: false,
        notice_late: false,
        notice_received: Some(d("2026-11-12")),
        received_assumed: false,
        acknowledge_by: Some(d("2026-12-12")),
        acknowledge_passed,
        resolve_by: Some(d("2027-01-28")),
        resolve_passed,
        note: None,
    }
}

#[test]
fn each_deadline_says_whether_it_was_met() {
    let table = [
        (None, false, false, "not yet due", "not yet due"),
        (
            None,
            true,
            true,
            "say whether a written acknowledgement arrived",
            "missed: the dispute is still open",
        ),
        (
            Some("2026-12-01T12:00:00Z"),
            false,
            false,
            "met: resolved on 2026-12-01",
            "met: resolved on 2026-12-01",
        ),
        (
            Some("2027-02-01T12:00:00Z"),
            true,
            true,
            "say whether a written acknowledgement arrived",
            "missed: resolved only on 2027-02-01",
        ),
    ];
    for (resolved, ack_passed, resolve_passed, ack, resolve) in table {
        let lines = deadline_report(&case(resolved), &dates(ack_passed, resolve_passed));
        assert!(lines[0].contains("received by the issuer on 2026-11-12, within the 60 days"));
        assert!(lines[1].contains(ack), "{resolved:?}: {}", lines[1]);
        assert!(lines[2].contains(resolve), "{resolved:?}: {}", lines[2]);
    }
}
