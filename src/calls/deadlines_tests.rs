//! The 12 CFR 1026.13 dates on the worked examples of docs/regulation-z.md, with fixed dates.

use super::tests::d;
use super::*;
use chrono::NaiveDate;

const FCBA: Deadlines = Deadlines {
    billing_error_notice_days: 60,
    acknowledge_days: 30,
    resolve_days: 90,
};

fn facts(
    statement: Option<&str>,
    received: Option<&str>,
    cycle_day: Option<u32>,
) -> DisputeFacts<'static> {
    DisputeFacts {
        case: None,
        reason: "dispute",
        card_tier: Some("gold"),
        statement_date: statement.map(d),
        cycle_day,
        notice: received.map(|r| NoticeReceipt {
            received: d(r),
            assumed: false,
        }),
    }
}

fn dates(f: &DisputeFacts<'_>, today: &str) -> DisputeDeadlines {
    assess(f, d(today), &FCBA).deadlines.expect("dates apply")
}

#[test]
fn the_worked_examples() {
    // (statement, received, cycle day, notice by, acknowledge by, resolve by)
    let table = [
        (
            Some("2026-10-05"),
            None,
            None,
            Some("2026-12-04"),
            None,
            None,
        ),
        (
            None,
            Some("2026-10-20"),
            Some(5),
            None,
            Some("2026-11-19"),
            Some("2027-01-05"),
        ),
        (
            None,
            Some("2026-10-06"),
            Some(5),
            None,
            Some("2026-11-05"),
            Some("2027-01-04"),
        ),
        (
            None,
            Some("2026-10-05"),
            Some(5),
            None,
            Some("2026-11-04"),
            Some("2026-12-05"),
        ),
        (
            None,
            Some("2027-01-31"),
            Some(31),
            None,
            Some("2027-03-02"),
            Some("2027-03-31"),
        ),
        (
            Some("2026-10-28"),
            Some("2026-11-07"),
            None,
            Some("2026-12-27"),
            Some("2026-12-07"),
            Some("2027-01-28"),
        ),
    ];
    for (statement, received, cycle, notice_by, ack, resolve) in table {
        let got = dates(&facts(statement, received, cycle), "2026-10-01");
        assert_eq!(
            got.notice_by,
            notice_by.map(d),
            "{statement:?} {received:?}"
        );
        assert_eq!(got.acknowledge_by, ack.map(d), "{statement:?} {received:?}");
        assert_eq!(got.resolve_by, resolve.map(d), "{statement:?} {received:?}");
        assert!(!got.notice_late);
    }
}

#[test]
fn the_cycle_end_clamps_to_short_months() {
    assert_eq!(
        second_complete_cycle_end(d("2026-12-01"), 31),
        d("2027-02-28")
    );
    assert_eq!(
        second_complete_cycle_end(d("2027-12-15"), 30),
        d("2028-02-29")
    );
    assert_eq!(
        second_complete_cycle_end(d("2026-11-30"), 30),
        d("2027-01-30")
    );
}

#[test]
fn a_late_notice_starts_no_duties() {
    let got = dates(
        &facts(Some("2026-10-05"), Some("2027-01-25"), None),
        "2027-02-01",
    );
    assert!(got.notice_late);
    assert!(!got.notice_passed);
    assert_eq!((got.acknowledge_by, got.resolve_by), (None, None));
    assert!(
        got.note
            .as_deref()
            .unwrap_or("")
            .contains("after the 60 days"),
        "{got:?}"
    );
}

#[test]
fn a_notice_date_gone_by_is_passed() {
    let got = dates(&facts(Some("2026-09-25"), None, None), "2026-12-01");
    assert_eq!(got.notice_by, Some(d("2026-11-24")));
    assert!(got.notice_passed);
    assert!(got.lines()[0].contains("(passed)"), "{:?}", got.lines());
    let ahead = dates(&facts(Some("2026-09-25"), None, None), "2026-11-24");
    assert!(!ahead.notice_passed, "the last day itself is still in time");
}

#[test]
fn business_cards_and_other_reasons_get_none() {
    for tier in ["business", "corporate"] {
        let mut f = facts(Some("2026-10-05"), None, None);
        f.card_tier = Some(tier);
        let got = assess(&f, d("2026-10-10"), &FCBA);
        assert_eq!(got.deadlines, None);
        assert!(got.no_deadlines_because.unwrap().contains("1026.3(a)"));
    }
    let mut f = facts(Some("2026-10-05"), None, None);
    f.reason = "rewards";
    assert_eq!(assess(&f, d("2026-10-10"), &FCBA), Assessment::default());
    f.reason = "fraud";
    let fraud = assess(&f, d("2026-10-10"), &FCBA).deadlines.unwrap();
    assert_eq!(fraud.notice_by, Some(d("2026-12-04")));
    assert!(fraud.note.unwrap().contains("1026.12(b)"));
}

#[test]
fn a_notice_without_a_statement_date_gets_the_cap() {
    let got = dates(&facts(None, Some("2026-10-06"), None), "2026-10-07");
    assert_eq!(got.acknowledge_by, Some(d("2026-11-05")));
    assert_eq!(got.resolve_by, Some(d("2027-01-04")));
    assert!(got.note.unwrap().contains("90-day limit alone"));
}

#[test]
fn wild_numbers_never_panic() {
    let wild = Deadlines {
        billing_error_notice_days: i64::MAX,
        acknowledge_days: i64::MIN,
        resolve_days: i64::MAX,
    };
    let f = facts(Some("2026-10-05"), Some("2026-10-06"), Some(31));
    let _ = assess(&f, d("2026-10-10"), &wild);
    let _ = second_complete_cycle_end(NaiveDate::MAX, 31);
}

mod props {
    use super::*;
    use chrono::{Datelike, Days};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn resolve_by_is_within_the_cap_and_on_a_closing_day_or_the_cap(
            received_days in 0..40_000u64,
            cycle_day in 1..=31u32,
        ) {
            let received = d("1990-01-01").checked_add_days(Days::new(received_days)).unwrap();
            let f = DisputeFacts {
                case: None,
                reason: "fraud",
                card_tier: Some("gold"),
                statement_date: None,
                cycle_day: Some(cycle_day),
                notice: Some(NoticeReceipt { received, assumed: false }),
            };
            let got = assess(&f, received, &FCBA).deadlines.unwrap();
            let by = got.resolve_by.unwrap();
            let cap = received.checked_add_days(Days::new(90)).unwrap();
            prop_assert!(by <= cap && by > received, "{received} {cycle_day}: {by}");
            let end = second_complete_cycle_end(received, cycle_day);
            let last_of_month = end.checked_add_days(Days::new(1)).unwrap().month() != end.month();
            prop_assert!(end.day() == cycle_day || (last_of_month && end.day() < cycle_day));
            // Two whole cycles lie between receipt and the end: at least 56 days (two Februaries
            // cannot follow each other), and the cycle of receipt adds at most one month more.
            prop_assert!((end - received).num_days() >= 56, "{received} {cycle_day}: {end}");
            prop_assert!((end - received).num_days() <= 92, "{received} {cycle_day}: {end}");
            prop_assert_eq!(got.acknowledge_by, received.checked_add_days(Days::new(30)));
        }
    }
}
