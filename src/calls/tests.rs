//! Unit tests of the call-log rules, with fixed dates.

use super::*;
use chrono::FixedOffset;

/// `cfpb_response_days` in the built-in knowledge.toml: how long a formal complaint gets.
const CFPB_DAYS: i64 = 15;
use chrono::{DateTime, Days, NaiveDate, Utc};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn channel_names_round_trip() {
    for channel in Channel::ALL {
        assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
        let json = serde_json::to_string(&channel).unwrap();
        assert_eq!(json, format!("\"{}\"", channel.as_str()));
        assert_eq!(serde_json::from_str::<Channel>(&json).unwrap(), channel);
    }
    assert_eq!(Channel::default(), Channel::Phone);
    assert_eq!("Secure Message".parse(), Ok(Channel::SecureMessage));
    assert_eq!("in_person".parse(), Ok(Channel::InPerson));
    let err = "fax".parse::<Channel>().unwrap_err();
    assert!(
        err.starts_with("fax is not a channel; use one of phone, chat"),
        "{err}"
    );
}

#[test]
fn written_notice_and_transcript_channels() {
    let cases = [
        (Channel::Phone, false, false),
        (Channel::Chat, false, true),
        (Channel::App, false, false),
        (Channel::SecureMessage, true, true),
        (Channel::Email, false, true),
        (Channel::Letter, true, true),
        (Channel::Social, false, false),
        (Channel::InPerson, false, false),
    ];
    for (channel, notice, transcript) in cases {
        assert_eq!(channel.is_written_notice(), notice, "{channel}");
        assert_eq!(channel.leaves_transcript(), transcript, "{channel}");
    }
}

#[test]
fn case_status_round_trips() {
    for status in [CaseStatus::Open, CaseStatus::Resolved] {
        assert_eq!(status.as_str().parse::<CaseStatus>(), Ok(status));
    }
    assert!("closed".parse::<CaseStatus>().is_err());
}

#[test]
fn parse_date_table() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("2026-03-01", Ok("2026-03-01")),
        (" 2024-02-29 ", Ok("2024-02-29")),
        (
            "2026-02-30",
            Err("2026-02-30 is not a real date; use YYYY-MM-DD"),
        ),
        (
            "2025-02-29",
            Err("2025-02-29 is not a real date; use YYYY-MM-DD"),
        ),
        (
            "2026-13-01",
            Err("2026-13-01 is not a real date; use YYYY-MM-DD"),
        ),
        (
            "2026-00-10",
            Err("2026-00-10 is not a real date; use YYYY-MM-DD"),
        ),
        ("2026-3-1", Err("2026-3-1 is not a date; use YYYY-MM-DD")),
        (
            "03/01/2026",
            Err("03/01/2026 is not a date; use YYYY-MM-DD"),
        ),
        (
            "2026-03-01T10:00",
            Err("2026-03-01T10:00 is not a date; use YYYY-MM-DD"),
        ),
        (
            "+2026-03-0",
            Err("+2026-03-0 is not a date; use YYYY-MM-DD"),
        ),
        (
            "２０２６-03-01",
            Err("２０２６-03-01 is not a date; use YYYY-MM-DD"),
        ),
        ("", Err("a date is missing; use YYYY-MM-DD")),
    ];
    for (input, want) in cases {
        let got = parse_date(input);
        let want = want.map(d).map_err(str::to_owned);
        assert_eq!(got, want, "parse_date({input:?})");
    }
}

#[test]
fn parse_follow_up_table() {
    let today = d("2026-03-01");
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("today", Ok("2026-03-01")),
        ("Tomorrow", Ok("2026-03-02")),
        ("+0d", Ok("2026-03-01")),
        ("+3d", Ok("2026-03-04")),
        ("+2w", Ok("2026-03-15")),
        ("+3650d", Ok("2036-02-27")),
        ("+521w", Ok("2036-02-24")),
        ("2026-04-15", Ok("2026-04-15")),
        ("2025-12-31", Ok("2025-12-31")),
        (
            "+3651d",
            Err("+3651d is too far ahead; a follow-up is at most 3650 days away"),
        ),
        (
            "+522w",
            Err("+522w is too far ahead; a follow-up is at most 3650 days away"),
        ),
        (
            "+99999999999999999999d",
            Err("+99999999999999999999d is too far ahead; a follow-up is at most 3650 days away"),
        ),
        (
            "2026-02-30",
            Err("2026-02-30 is not a real date; use YYYY-MM-DD"),
        ),
        (
            "+d",
            Err("+d is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow"),
        ),
        (
            "+3m",
            Err("+3m is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow"),
        ),
        (
            "+-3d",
            Err("+-3d is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow"),
        ),
        (
            "next week",
            Err("next week is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow"),
        ),
        (
            "+3é",
            Err("+3é is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow"),
        ),
    ];
    for (input, want) in cases {
        let got = parse_follow_up(input, today);
        let want = want.map(d).map_err(str::to_owned);
        assert_eq!(got, want, "parse_follow_up({input:?})");
    }
}

#[test]
fn parse_at_table() {
    let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("2026-03-01", Ok("2026-03-01T17:00:00Z")),
        ("2026-03-01T09:30", Ok("2026-03-01T14:30:00Z")),
        ("2026-03-01 09:30", Ok("2026-03-01T14:30:00Z")),
        ("2026-03-01T09:30:15", Ok("2026-03-01T14:30:15Z")),
        ("2026-03-01T23:30", Ok("2026-03-02T04:30:00Z")),
        ("2026-03-01T09:30:00+01:00", Ok("2026-03-01T08:30:00Z")),
        ("2026-03-01T09:30:00Z", Ok("2026-03-01T09:30:00Z")),
        // The log cannot store a year outside 0000-9999 in UTC.
        ("0000-01-01T00:00:00Z", Ok("0000-01-01T00:00:00Z")),
        ("9999-12-31", Ok("9999-12-31T17:00:00Z")),
        ("0000-01-01T00:30:00+01:00", Err("0000-01-01T00:30:00+01:00 falls outside the years 0000-9999 in UTC; give a time within them")),
        ("9999-12-31T23:30:00-01:00", Err("9999-12-31T23:30:00-01:00 falls outside the years 0000-9999 in UTC; give a time within them")),
        ("9999-12-31T20:00", Err("9999-12-31T20:00 falls outside the years 0000-9999 in UTC; give a time within them")),
        ("2026-02-30T09:30", Err("2026-02-30 is not a real date; use YYYY-MM-DD")),
        ("2026-03-01T25:00", Err("2026-03-01T25:00 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
        ("2026-03-01X09:30", Err("2026-03-01X09:30 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
        ("yesterday", Err("yesterday is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
        ("2026-03-é1", Err("2026-03-é1 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
    ];
    for (input, want) in cases {
        let got = parse_at(input, new_york);
        let want = want.map(t).map_err(str::to_owned);
        assert_eq!(got, want, "parse_at({input:?})");
    }
}

#[test]
fn a_bare_date_shows_as_the_same_day_in_any_nearby_offset() {
    for hours in -11..=11 {
        let offset = FixedOffset::east_opt(hours * 3600).unwrap();
        let at = parse_at("2026-03-01", offset).unwrap();
        for shown in (hours - 1).max(-12)..=(hours + 1).min(12) {
            let shown_in = FixedOffset::east_opt(shown * 3600).unwrap();
            assert_eq!(at.with_timezone(&shown_in).date_naive(), d("2026-03-01"));
        }
    }
}

const FCBA: Deadlines = Deadlines {
    billing_error_notice_days: 60,
    acknowledge_days: 30,
    resolve_days: 90,
};

#[test]
fn dispute_deadlines_table() {
    let cases = [
        ("2026-01-15", None, "2026-03-16", None, None),
        (
            "2026-01-15",
            Some("2026-02-01"),
            "2026-03-16",
            Some("2026-03-03"),
            Some("2026-05-02"),
        ),
        (
            "2024-12-31",
            Some("2025-01-10"),
            "2025-03-01",
            Some("2025-02-09"),
            Some("2025-04-10"),
        ),
        ("2024-01-01", None, "2024-03-01", None, None),
    ];
    for (statement, notice, notice_by, ack, resolve) in cases {
        let got = dispute_deadlines(d(statement), notice.map(d), &FCBA);
        assert_eq!(
            got,
            DisputeDeadlines {
                notice_by: d(notice_by),
                acknowledge_by: ack.map(d),
                resolve_by: resolve.map(d),
            },
            "statement {statement}, notice {notice:?}"
        );
    }
}

#[test]
fn dispute_deadlines_never_panic_on_wild_numbers() {
    let wild = Deadlines {
        billing_error_notice_days: i64::MAX,
        acknowledge_days: i64::MIN,
        resolve_days: 0,
    };
    let got = dispute_deadlines(d("2026-01-15"), Some(d("2026-01-20")), &wild);
    assert_eq!(got.notice_by, NaiveDate::MAX);
    assert_eq!(got.acknowledge_by, Some(NaiveDate::MIN));
    assert_eq!(got.resolve_by, Some(d("2026-01-20")));
}

/// A history opened on 2026-03-01 with its first contact that day.
fn history() -> CaseHistory {
    CaseHistory {
        opened_on: d("2026-03-01"),
        contacts: 1,
        first_contact_on: Some(d("2026-03-01")),
        ..CaseHistory::default()
    }
}

#[test]
#[allow(clippy::type_complexity, clippy::too_many_lines)]
fn next_rung_table() {
    let cases: &[(&str, fn(&mut CaseHistory), &str, u32)] = &[
        (
            "nothing logged yet",
            |h| {
                h.contacts = 0;
                h.first_contact_on = None;
            },
            "2026-03-01",
            1,
        ),
        ("one call, same day", |_| {}, "2026-03-01", 1),
        (
            "one call, a promise due tomorrow",
            |h| h.promise_dues = vec![d("2026-03-05")],
            "2026-03-04",
            1,
        ),
        (
            "one call, promise broken",
            |h| h.promise_dues = vec![d("2026-03-03")],
            "2026-03-04",
            2,
        ),
        ("one call, 15 days on", |_| {}, "2026-03-16", 2),
        ("one call, 14 days on", |_| {}, "2026-03-15", 1),
        ("two calls", |h| h.contacts = 2, "2026-03-03", 2),
        (
            "two calls, promise broken",
            |h| {
                h.contacts = 2;
                h.promise_dues = vec![d("2026-03-02")];
            },
            "2026-03-03",
            3,
        ),
        (
            "two calls and a supervisor",
            |h| {
                h.contacts = 2;
                h.supervisor = true;
            },
            "2026-03-03",
            3,
        ),
        (
            "first contact in writing",
            |h| h.written = true,
            "2026-03-02",
            1,
        ),
        (
            "call-back, supervisor, writing",
            |h| {
                h.contacts = 3;
                h.supervisor = true;
                h.written = true;
            },
            "2026-03-05",
            4,
        ),
        (
            "call-back, supervisor, writing, 20 days",
            |h| {
                h.contacts = 3;
                h.supervisor = true;
                h.written = true;
            },
            "2026-03-21",
            5,
        ),
        (
            "supervisor and writing, 31 days, one call",
            |h| {
                h.supervisor = true;
                h.written = true;
            },
            "2026-04-01",
            5,
        ),
        (
            "supervisor and writing, 30 days, one call",
            |h| {
                h.supervisor = true;
                h.written = true;
            },
            "2026-03-31",
            2,
        ),
        (
            "supervisor and writing, 2 broken, one call",
            |h| {
                h.supervisor = true;
                h.written = true;
                h.promise_dues = vec![d("2026-03-02"), d("2026-03-03")];
            },
            "2026-03-05",
            5,
        ),
        (
            "2 broken but no supervisor yet",
            |h| {
                h.contacts = 2;
                h.written = true;
                h.promise_dues = vec![d("2026-03-02"), d("2026-03-03")];
            },
            "2026-03-05",
            3,
        ),
        (
            "everything but a complaint",
            |h| {
                h.contacts = 4;
                h.supervisor = true;
                h.written = true;
                h.social = true;
            },
            "2026-03-05",
            5,
        ),
        (
            "complaint filed 14 days ago",
            |h| {
                h.contacts = 5;
                h.supervisor = true;
                h.written = true;
                h.social = true;
                h.complaint_on = Some(d("2026-03-10"));
            },
            "2026-03-24",
            5,
        ),
        (
            "complaint filed 15 days ago",
            |h| {
                h.contacts = 5;
                h.supervisor = true;
                h.written = true;
                h.social = true;
                h.complaint_on = Some(d("2026-03-10"));
            },
            "2026-03-25",
            6,
        ),
        (
            "complaint on the first call, 15 days on",
            |h| h.complaint_on = Some(d("2026-03-01")),
            "2026-03-16",
            6,
        ),
        (
            "resolved case: promises are not broken",
            |h| {
                h.contacts = 2;
                h.promise_dues = vec![d("2026-03-02")];
                h.resolved_on = Some(d("2026-03-03"));
            },
            "2026-03-09",
            2,
        ),
        (
            "resolved after a complaint: no regulator",
            |h| {
                h.complaint_on = Some(d("2026-03-01"));
                h.resolved_on = Some(d("2026-03-05"));
            },
            "2026-04-01",
            1,
        ),
    ];
    for (name, tweak, today, want) in cases {
        let mut h = history();
        tweak(&mut h);
        assert_eq!(next_rung(&h, d(today), 6, CFPB_DAYS), *want, "{name}");
    }
}

#[test]
fn next_rung_is_capped_by_the_ladder() {
    let mut h = history();
    h.complaint_on = Some(d("2026-03-01"));
    assert_eq!(next_rung(&h, d("2026-05-01"), 6, CFPB_DAYS), 6);
    assert_eq!(next_rung(&h, d("2026-05-01"), 4, CFPB_DAYS), 4);
    assert_eq!(next_rung(&h, d("2026-05-01"), 1, CFPB_DAYS), 1);
    assert_eq!(next_rung(&h, d("2026-05-01"), 0, CFPB_DAYS), 0);
}

#[test]
fn advice_names_its_reasons() {
    let mut h = history();
    h.contacts = 2;
    h.promise_dues = vec![d("2026-03-02")];
    let advice = advise_rung(&h, d("2026-03-20"), 6, CFPB_DAYS);
    assert_eq!(advice.rung, 3);
    assert_eq!(
        advice.because,
        [
            "a call-back was made",
            "1 promise(s) broken",
            "open 19 days"
        ]
    );
}

/// More of anything, or a later day, never gives a lower rung.
#[test]
fn next_rung_is_monotone() {
    let today = d("2026-03-01");
    let build = |bits: u32, contacts: u32, broken: usize, complaint_ago: Option<u64>| {
        let mut h = CaseHistory {
            opened_on: today,
            contacts,
            first_contact_on: Some(today),
            supervisor: bits & 1 != 0,
            written: bits & 2 != 0,
            social: bits & 4 != 0,
            ..CaseHistory::default()
        };
        h.promise_dues = vec![today; broken];
        h.complaint_on = complaint_ago.map(|_| today);
        h
    };
    let later = |days: u64| today.checked_add_days(Days::new(days)).unwrap();
    for bits in 0..8u32 {
        for contacts in 0..4 {
            for broken in 0..3 {
                for complaint in [None, Some(0)] {
                    let base = build(bits, contacts, broken, complaint);
                    let mut previous = 0;
                    for age in [1, 10, 15, 20, 31, 40] {
                        let rung = next_rung(&base, later(age), 6, CFPB_DAYS);
                        assert!(rung >= previous, "{base:?} went down at day {age}");
                        previous = rung;
                        let mut more = vec![
                            build(bits, contacts + 1, broken, complaint),
                            build(bits, contacts, broken + 1, complaint),
                            build(bits, contacts, broken, Some(0)),
                        ];
                        for flag in [1, 2, 4] {
                            more.push(build(bits | flag, contacts, broken, complaint));
                        }
                        for bigger in more {
                            assert!(
                                next_rung(&bigger, later(age), 6, CFPB_DAYS) >= rung,
                                "{bigger:?} ranks below {base:?} on day {age}"
                            );
                        }
                    }
                }
            }
        }
    }
}

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
    }
}

#[test]
fn history_from_a_record() {
    let mut first = contact("2026-03-01T15:00:00Z", Channel::Phone);
    first.reference = Some("REF-1".to_owned());
    first.promises.push(PromiseRecord {
        contact_id: ContactId(1),
        text: "credit in 3 days".to_owned(),
        due: Some(d("2026-03-04")),
    });
    let mut second = contact("2026-03-05T15:00:00Z", Channel::Chat);
    second.outcome = Some("Asked for a Supervisor; none free".to_owned());
    let mut third = contact("2026-03-07T15:00:00Z", Channel::Letter);
    third.notes = Some("Sent formal COMPLAINT by post".to_owned());
    let case = CaseRecord {
        id: CaseId(1),
        uid: "c".to_owned(),
        reason: "billing-dispute".to_owned(),
        title: "Double charge".to_owned(),
        status: CaseStatus::Open,
        follow_up: None,
        statement_date: None,
        card_last5: None,
        created_at: t("2026-03-01T15:00:00Z"),
        resolved_at: None,
        resolution_note: None,
        contacts: vec![first, second, third],
    };
    let h = CaseHistory::from_record(&case);
    assert_eq!(
        h,
        CaseHistory {
            opened_on: d("2026-03-01"),
            resolved_on: None,
            contacts: 3,
            first_contact_on: Some(d("2026-03-01")),
            promise_dues: vec![d("2026-03-04")],
            written: true,
            social: false,
            supervisor: true,
            complaint_on: Some(d("2026-03-07")),
        }
    );
    assert_eq!(h.broken_promises(d("2026-03-05")), 1);
    assert_eq!(h.age(d("2026-03-05")), 4);
    assert_eq!(case.last_reference(), Some("REF-1"));
    assert_eq!(case.first_written_notice(), Some(t("2026-03-07T15:00:00Z")));
}
