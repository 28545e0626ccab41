//! The escalation ladder on fixed histories: it climbs on facts, never on words.

use super::tests::{d, t};
use super::*;

const FCBA: Deadlines = Deadlines {
    billing_error_notice_days: 60,
    acknowledge_days: 30,
    resolve_days: 90,
};
/// `cfpb_response_days` in the built-in knowledge.toml.
const CFPB_DAYS: i64 = 15;

fn contact(at: &str, channel: Channel) -> ContactRecord {
    ContactRecord {
        id: ContactId(1),
        uid: "k".to_owned(),
        at: t(at),
        channel,
        number: None,
        department: None,
        rep: None,
        rep_id: None,
        reference: None,
        duration_minutes: None,
        outcome: None,
        notes: None,
        promises: Vec::new(),
        billing_error_notice: false,
        received: None,
        rung: None,
    }
}

fn case(reason: &str, contacts: Vec<ContactRecord>) -> CaseRecord {
    CaseRecord {
        id: CaseId(1),
        uid: "c".to_owned(),
        reason: reason.to_owned(),
        title: "A problem".to_owned(),
        status: CaseStatus::Open,
        follow_up: None,
        statement_date: None,
        card_last5: None,
        merchant: None,
        amount_cents: None,
        charge_date: None,
        card_tier: None,
        cycle_day: None,
        created_at: contacts.first().map_or(t("2026-03-01T15:00:00Z"), |c| c.at),
        resolved_at: None,
        resolution_note: None,
        contacts,
    }
}

fn rung_of(slug: &str) -> Option<u32> {
    [
        "call-back",
        "supervisor",
        "in-writing",
        "social",
        "formal-complaint",
        "cfpb",
    ]
    .iter()
    .position(|s| *s == slug)
    .and_then(|i| u32::try_from(i + 1).ok())
}

fn advise(c: &CaseRecord, expected: Option<u32>, today: &str) -> RungAdvice {
    let h = CaseHistory::from_record(c, rung_of, expected, &FCBA, d(today));
    advise_rung(&h, d(today), 6, CFPB_DAYS)
}

fn promised(mut c: ContactRecord, due: &str) -> ContactRecord {
    c.promises.push(PromiseRecord {
        contact_id: ContactId(1),
        text: "credit".to_owned(),
        due: Some(d(due)),
    });
    c
}

#[test]
fn words_in_outcomes_climb_nothing() {
    let mut first = contact("2026-03-01T15:00:00Z", Channel::Phone);
    first.outcome =
        Some("Rep said I do not need to file a complaint; no supervisor available".to_owned());
    let mut second = first.clone();
    second.at = t("2026-03-02T15:00:00Z");
    let c = case("general", vec![first, second]);
    let advice = advise(&c, Some(7), "2026-03-03");
    assert_eq!(advice.rung, None, "{advice:?}");
    let text = advice.because.join("; ");
    assert!(
        !text.contains("supervisor") && !text.contains("complaint"),
        "{text}"
    );
}

#[test]
fn a_quiet_case_is_not_escalated() {
    let c = case(
        "activate",
        vec![contact("2026-03-01T15:00:00Z", Channel::Phone)],
    );
    let advice = advise(&c, Some(3), "2026-03-15");
    assert_eq!(advice.rung, None);
    assert!(advice
        .no_step_because
        .unwrap()
        .contains("no sign of trouble"));
    assert!(advice.because.is_empty());
}

#[test]
fn a_broken_promise_starts_at_the_bottom_and_recorded_rungs_climb() {
    let first = promised(
        contact("2026-03-01T15:00:00Z", Channel::Phone),
        "2026-03-04",
    );
    let c = case("dispute", vec![first.clone()]);
    let advice = advise(&c, Some(30), "2026-03-05");
    assert_eq!(advice.rung, Some(RUNG_CALL_BACK), "{advice:?}");
    assert!(advice.because[0].contains("past due"), "{advice:?}");

    let mut second = contact("2026-03-05T15:00:00Z", Channel::Phone);
    second.rung = Some("supervisor".to_owned());
    let c = case("dispute", vec![first.clone(), second.clone()]);
    let advice = advise(&c, Some(30), "2026-03-06");
    assert_eq!(advice.rung, Some(RUNG_IN_WRITING), "{advice:?}");
    assert!(advice
        .because
        .iter()
        .any(|b| b.contains("rung 2 (supervisor)")));

    let third = contact("2026-03-06T15:00:00Z", Channel::SecureMessage);
    let c = case("dispute", vec![first, second, third]);
    let advice = advise(&c, Some(30), "2026-03-07");
    assert_eq!(advice.rung, Some(RUNG_SOCIAL), "{advice:?}");
}

#[test]
fn a_tried_rung_is_never_advised() {
    let first = promised(
        contact("2026-03-01T15:00:00Z", Channel::SecureMessage),
        "2026-03-02",
    );
    let second = contact("2026-03-03T15:00:00Z", Channel::Phone);
    let c = case("dispute", vec![first, second]);
    let advice = advise(&c, Some(30), "2026-03-10");
    assert_eq!(advice.rung, Some(RUNG_SUPERVISOR), "{advice:?}");
    assert!(advice.because.iter().any(|b| b.contains("written contact")));
}

#[test]
fn an_unanswered_complaint_goes_to_the_cfpb() {
    let first = promised(
        contact("2026-03-01T15:00:00Z", Channel::Phone),
        "2026-03-02",
    );
    let mut second = contact("2026-03-03T15:00:00Z", Channel::Letter);
    second.rung = Some("formal-complaint".to_owned());
    let c = case("dispute", vec![first, second]);
    let waiting = advise(&c, Some(30), "2026-03-10");
    assert_eq!(
        waiting.rung,
        Some(RUNG_SUPERVISOR),
        "lower rungs first: {waiting:?}"
    );
    let mut all = c.clone();
    for (i, slug) in ["supervisor", "social"].iter().enumerate() {
        let mut k = contact(&format!("2026-03-0{}T15:00:00Z", 4 + i), Channel::Phone);
        k.rung = Some((*slug).to_owned());
        all.contacts.push(k);
    }
    let early = advise(&all, Some(30), "2026-03-10");
    assert_eq!(early.rung, None, "{early:?}");
    assert!(early.no_step_because.unwrap().contains("15 days"));
    let late = advise(&all, Some(30), "2026-03-18");
    assert_eq!(late.rung, Some(RUNG_CFPB), "{late:?}");
}

#[test]
fn a_missed_resolve_by_date_is_a_fact() {
    let mut notice = contact("2026-01-05T15:00:00Z", Channel::Letter);
    notice.billing_error_notice = true;
    let mut c = case("dispute", vec![notice]);
    c.statement_date = Some(d("2025-12-20"));
    c.card_tier = Some("gold".to_owned());
    let advice = advise(&c, Some(30), "2026-05-01");
    assert_eq!(advice.rung, Some(RUNG_CALL_BACK), "{advice:?}");
    assert!(
        advice.because.iter().any(|b| b.contains("resolve")),
        "{advice:?}"
    );
}

#[test]
fn a_resolved_case_gets_no_step() {
    let mut c = case(
        "dispute",
        vec![promised(
            contact("2026-03-01T15:00:00Z", Channel::Phone),
            "2026-03-02",
        )],
    );
    c.status = CaseStatus::Resolved;
    c.resolved_at = Some(t("2026-03-03T15:00:00Z"));
    let advice = advise(&c, Some(30), "2026-04-01");
    assert_eq!(advice.rung, None);
    assert_eq!(
        advice.no_step_because.as_deref(),
        Some("the case is resolved")
    );
}

#[test]
fn the_rung_never_goes_down_as_days_pass() {
    let first = promised(
        contact("2026-03-01T15:00:00Z", Channel::Phone),
        "2026-03-04",
    );
    let second = contact("2026-03-02T15:00:00Z", Channel::Chat);
    let c = case("dispute", vec![first, second]);
    let mut last = 0;
    for day in 1..=28 {
        let today = format!("2026-03-{day:02}");
        let rung = advise(&c, Some(30), &today).rung.unwrap_or(0);
        assert!(
            rung >= last || rung == 0 && last == 0,
            "{today}: {rung} < {last}"
        );
        last = last.max(rung);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const RUNGS: [Option<&str>; 7] = [
        None,
        Some("call-back"),
        Some("supervisor"),
        Some("in-writing"),
        Some("social"),
        Some("formal-complaint"),
        Some("cfpb"),
    ];

    /// A contact: day offset from 2026-03-01, channel index, rung index, promise due offset.
    fn contacts() -> impl Strategy<Value = Vec<(u64, usize, usize, Option<u64>)>> {
        prop::collection::vec(
            (
                0..60u64,
                0..Channel::ALL.len(),
                0..RUNGS.len(),
                prop::option::of(0..30u64),
            ),
            0..6,
        )
    }

    fn build(spec: &[(u64, usize, usize, Option<u64>)], words: &str) -> CaseRecord {
        let start = d("2026-03-01");
        let mut list: Vec<ContactRecord> = spec
            .iter()
            .map(|(day, channel, rung, due)| {
                let on = start.checked_add_days(chrono::Days::new(*day)).unwrap();
                let mut c = contact(&format!("{on}T15:00:00Z"), Channel::ALL[*channel]);
                c.rung = RUNGS[*rung].map(str::to_owned);
                c.outcome = Some(words.to_owned());
                c.notes = Some(words.to_owned());
                if let Some(due) = due {
                    c = promised(
                        c,
                        &on.checked_add_days(chrono::Days::new(*due))
                            .unwrap()
                            .to_string(),
                    );
                }
                c
            })
            .collect();
        list.sort_by_key(|c| c.at);
        let mut c = case("dispute", list);
        c.created_at = t("2026-03-01T12:00:00Z");
        c
    }

    proptest! {
        #[test]
        fn words_change_nothing(spec in contacts(), today in 0..120u64, words in ".{0,40}") {
            let on = d("2026-03-01").checked_add_days(chrono::Days::new(today)).unwrap().to_string();
            let plain = advise(&build(&spec, "ok"), Some(30), &on);
            let wordy = advise(&build(&spec, &words), Some(30), &on);
            let loaded = advise(
                &build(&spec, "escalated to a supervisor; filed a formal complaint with the CFPB"),
                Some(30),
                &on,
            );
            prop_assert_eq!(&plain, &wordy);
            prop_assert_eq!(&plain, &loaded);
        }

        #[test]
        fn the_rung_never_goes_down(spec in contacts(), today in 0..120u64, later in 0..60u64) {
            let c = build(&spec, "ok");
            let at = |days: u64| {
                d("2026-03-01").checked_add_days(chrono::Days::new(days)).unwrap().to_string()
            };
            let now = advise(&c, Some(30), &at(today)).rung;
            let then = advise(&c, Some(30), &at(today + later)).rung;
            if let Some(rung) = now {
                prop_assert!(then.is_some_and(|r| r >= rung), "{now:?} then {then:?}");
            }
            // Another contact, logged the same day, never sends the case back down either.
            let mut more = spec.clone();
            more.push((today.min(59), 0, 0, None));
            let after = advise(&build(&more, "ok"), Some(30), &at(today)).rung;
            if let Some(rung) = now {
                prop_assert!(after.is_some_and(|r| r >= rung), "{now:?} after {after:?}");
            }
        }
    }
}
