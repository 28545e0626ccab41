//! Unit tests of `calendar`.

use super::*;
use crate::calls::{CaseId, ContactId};
use crate::calls::{CaseStatus, Channel, ContactRecord, PromiseRecord};

fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn contact(
    uid: &str,
    when: &str,
    rep: Option<&str>,
    promises: &[(&str, Option<&str>)],
) -> ContactRecord {
    ContactRecord {
        id: ContactId(1),
        uid: uid.to_owned(),
        at: at(when),
        channel: Channel::Phone,
        number: None,
        department: None,
        rep: rep.map(str::to_owned),
        rep_id: None,
        reference: Some(format!("REF-{uid}")),
        duration_minutes: None,
        outcome: None,
        notes: None,
        promises: promises
            .iter()
            .map(|(text, due)| PromiseRecord {
                contact_id: ContactId(1),
                text: (*text).to_owned(),
                due: due.map(day),
            })
            .collect(),
        billing_error_notice: false,
        received: None,
        rung: None,
    }
}

fn case(follow_up: Option<&str>, contacts: Vec<ContactRecord>) -> CaseRecord {
    CaseRecord {
        id: CaseId(7),
        uid: "c0ffee".to_owned(),
        reason: "dispute".to_owned(),
        title: "Charged twice".to_owned(),
        status: CaseStatus::Open,
        follow_up: follow_up.map(day),
        statement_date: None,
        card_last5: None,
        merchant: None,
        amount_cents: None,
        charge_date: None,
        card_tier: None,
        cycle_day: None,
        created_at: at("2026-11-01T12:00:00Z"),
        resolved_at: None,
        resolution_note: None,
        contacts,
    }
}

#[test]
fn one_event_per_follow_up_and_dated_promise_with_stable_uids() {
    let k = Knowledge::load(None, false).unwrap();
    let c = case(
        Some("2026-12-01"),
        vec![
            contact(
                "k1",
                "2026-11-02T09:00:00Z",
                Some("Dana"),
                &[("no date", None), ("credit", Some("2026-11-20"))],
            ),
            contact(
                "k2",
                "2026-11-05T09:00:00Z",
                None,
                &[("letter", Some("2026-11-25"))],
            ),
        ],
    );
    let events = calendar_events(&k, &[c], day("2026-11-10"));
    let uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    // In date order; the undated promise is the contact's first, so "credit" is number 2.
    assert_eq!(
        uids,
        [
            "promise-k1-2@amex-help",
            "promise-k2-1@amex-help",
            "case-c0ffee-followup@amex-help"
        ]
    );
    for e in &events {
        // The latest time the log has for the case: the second contact.
        assert_eq!(e.stamp, at("2026-11-05T09:00:00Z"));
        assert!(e.summary.contains("case 7 (dispute)"), "{}", e.summary);
        // The last representative is the latest one named, the reference the latest one.
        assert!(
            e.description.contains("Last representative: Dana"),
            "{}",
            e.description
        );
        assert!(
            e.description.contains("Last reference: REF-k2"),
            "{}",
            e.description
        );
        assert!(
            e.description.contains("Number to call: 1-"),
            "{}",
            e.description
        );
    }
    assert_eq!(events[0].summary, "Promise due on case 7 (dispute): credit");
    assert!(events[0]
        .description
        .starts_with("Case 7: Charged twice (Billing questions and disputes, dispute)\n"));
    assert!(events[0]
        .description
        .contains("Promised: credit (due 2026-11-20)"));
    assert_eq!(events[2].date, day("2026-12-01"));
}

#[test]
fn the_next_step_is_the_one_due_on_the_day_or_today_when_past() {
    let k = Knowledge::load(None, false).unwrap();
    let c = case(
        Some("2026-11-03"),
        vec![contact("k1", "2026-11-02T09:00:00Z", None, &[])],
    );
    let step_on = |c: &CaseRecord, on: &str| {
        next_step(&k, c, day(on))
            .step
            .map(|step| format!("Next step (rung {}):", step.rung))
    };
    // On the follow-up day nothing is overdue yet; once it is past, the case needs a step.
    let today = "2026-12-31";
    assert_eq!(step_on(&c, "2026-11-03"), None);
    let due_today = step_on(&c, today).expect("a passed follow-up date is a sign of trouble");
    let events = calendar_events(&k, std::slice::from_ref(&c), day(today));
    assert!(
        events[0].description.contains(&due_today),
        "{}",
        events[0].description
    );
    // A date still ahead gets the step due on it: here a promise will be past due by then.
    let promised = vec![contact(
        "k1",
        "2026-11-02T09:00:00Z",
        None,
        &[("credit", Some("2027-01-01"))],
    )];
    let ahead = case(Some("2027-01-31"), promised);
    let events = calendar_events(&k, std::slice::from_ref(&ahead), day("2026-11-03"));
    let follow_up = events
        .iter()
        .find(|e| e.date == day("2027-01-31"))
        .expect("the follow-up event");
    let expected = step_on(&ahead, "2027-01-31").expect("a step on the day");
    assert!(
        follow_up.description.contains(&expected),
        "{}",
        follow_up.description
    );
}

#[test]
fn a_case_without_dates_gives_no_event() {
    let k = Knowledge::load(None, false).unwrap();
    let c = case(
        None,
        vec![contact(
            "k1",
            "2026-11-02T09:00:00Z",
            None,
            &[("call", None)],
        )],
    );
    assert!(calendar_events(&k, &[c], day("2026-11-10")).is_empty());
}
