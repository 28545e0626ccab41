//! Unit tests of the call-log rules, with fixed dates.

use super::*;
use chrono::FixedOffset;

use chrono::{DateTime, NaiveDate, Utc};

#[test]
fn amounts_table() {
    for (text, cents) in [
        ("$40", 4000),
        ("40.00", 4000),
        ("1,250.5", 125_050),
        (" 0.99 ", 99),
        ("$1,000,000", 100_000_000),
    ] {
        assert_eq!(parse_amount(text), Ok(cents), "{text}");
    }
    for text in [
        "",
        "$",
        "40.",
        "40.123",
        "4,0",
        "1,2500",
        "-5",
        "40 dollars",
        "1e3",
        ",100",
        "$$4",
        "4.0.0",
    ] {
        assert!(parse_amount(text).is_err(), "{text:?} should be refused");
    }
    assert_eq!(format_amount(125_050), "$1,250.50");
    assert_eq!(format_amount(4000), "$40.00");
    assert_eq!(format_amount(5), "$0.05");
}

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn t(s: &str) -> DateTime<Utc> {
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
        (Channel::Email, true, true),
        (Channel::Letter, true, true),
        (Channel::Social, false, false),
        (Channel::InPerson, false, false),
    ];
    for (channel, notice, transcript) in cases {
        assert_eq!(channel.can_be_billing_error_notice(), notice, "{channel}");
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
        ("2036-02-27", Ok("2036-02-27")),
        (
            "2036-02-28",
            Err("2036-02-28 is too far ahead; a follow-up is at most 3650 days away (2036-02-27 at the latest)"),
        ),
        (
            "9999-12-31",
            Err("9999-12-31 is too far ahead; a follow-up is at most 3650 days away (2036-02-27 at the latest)"),
        ),
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
