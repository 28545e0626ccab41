//! Property tests for the dates people type: nothing panics, every real date reads back as
//! itself, relative follow-ups are plain arithmetic within their limit and an error beyond it,
//! and times written in RFC 3339 read back to the same instant.

use super::*;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono::{Duration, FixedOffset, SecondsFormat};
use proptest::prelude::*;

/// Any day whose year has four digits, the only years `YYYY-MM-DD` can spell; the first and
/// last days often, since a time on them in a far offset is another year in UTC.
fn four_digit_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(0, 1, 1).expect("year 0 exists in chrono");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("year 9999 exists in chrono");
    prop_oneof![
        8 => (0..=(last - first).num_days()).prop_map(move |n| first + Duration::days(n)),
        1 => Just(first),
        1 => Just(last),
    ]
}

/// What `parse_at` must return for `naive` in `local`: the instant, unless it lies outside
/// the years the call log can store.
fn storable(naive: NaiveDateTime, local: FixedOffset) -> Result<DateTime<Utc>, ()> {
    let at = local
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset has one reading")
        .with_timezone(&Utc);
    if (0..=9999).contains(&at.year()) {
        Ok(at)
    } else {
        Err(())
    }
}

/// `parse_at`'s answer with any error reduced to whether it is the one for an unstorable year.
fn outcome(got: Result<DateTime<Utc>, String>) -> Result<DateTime<Utc>, ()> {
    got.map_err(|e| {
        assert!(
            e.contains("falls outside the years 0000-9999 in UTC"),
            "{e}"
        );
    })
}

/// A day a case might really be logged on, with room for ten years of follow-ups.
fn today() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
    (0..=110_000_i64).prop_map(move |n| first + Duration::days(n))
}

/// Any offset chrono can hold, to the second: well past the ±14 hours in use anywhere.
fn offset() -> impl Strategy<Value = FixedOffset> {
    (-86_399..=86_399_i32).prop_map(|s| FixedOffset::east_opt(s).expect("within a day"))
}

/// Text shaped like what the parsers expect, so that they get past their first checks.
const NEAR_MISS: &str = "[+ ]?[0-9+dwDW]{0,6}|[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}([Tt ][0-9]{1,3}(:[0-9]{1,3}){0,2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,2}:?[0-9]{0,2})?)?|today|tomorrow|[+][0-9]{15,25}[dw]";

fn spaced(text: &str, pad: (&str, &str), upper: bool) -> String {
    let text = if upper {
        text.to_ascii_uppercase()
    } else {
        text.to_owned()
    };
    format!("{}{text}{}", pad.0, pad.1)
}

const PAD: &str = "[ \\t\\n]{0,2}";

proptest! {
    #[test]
    fn date_parsers_never_panic(
        input in prop_oneof![any::<String>(), NEAR_MISS],
        today in prop_oneof![
            today(),
            Just(NaiveDate::MIN),
            Just(NaiveDate::MAX),
            (0..30_u64).prop_map(|n| NaiveDate::MAX - Days::new(n)),
        ],
        local in offset(),
    ) {
        if let Ok(date) = parse_date(&input) {
            // A date parsed is a date that was written.
            prop_assert_eq!(date.format("%Y-%m-%d").to_string(), input.trim());
        }
        if let Ok(date) = parse_follow_up(&input, today) {
            let lower = input.trim().to_ascii_lowercase();
            if lower.starts_with('+') || lower == "tomorrow" || lower == "today" {
                prop_assert!(date >= today && date - today <= Duration::days(3650), "{:?}", input);
            }
        }
        if let Ok(at) = parse_at(&input, local) {
            // The call log stores four-digit years only.
            prop_assert!((0..=9999).contains(&at.year()), "{:?} -> {}", input, at);
        }
    }

    #[test]
    fn a_written_date_reads_back_as_itself(
        date in four_digit_date(),
        pad in (PAD, PAD),
        today in today(),
        local in offset(),
    ) {
        let written = date.format("%Y-%m-%d").to_string();
        prop_assert_eq!(written.len(), 10);
        let typed = spaced(&written, (&pad.0, &pad.1), false);
        prop_assert_eq!(parse_date(&typed), Ok(date));
        // A follow-up is held to ten years ahead, written out or not.
        match today.checked_add_days(Days::new(MAX_FOLLOW_UP_DAYS)) {
            Some(latest) if date <= latest => {
                prop_assert_eq!(parse_follow_up(&typed, today), Ok(date));
            }
            _ => {
                let err = parse_follow_up(&typed, today).expect_err("too far ahead");
                prop_assert!(err.contains("is too far ahead"), "{}", err);
            }
        }
        // A bare date is noon local time on that day.
        let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("a real time");
        let got = outcome(parse_at(&typed, local));
        prop_assert_eq!(got, storable(date.and_time(noon), local), "{}", typed);
    }

    #[test]
    fn days_and_weeks_ahead_are_added_to_today(
        n in 0..=3650_u64,
        weeks in any::<bool>(),
        today in today(),
        pad in (PAD, PAD),
        upper in any::<bool>(),
    ) {
        let (n, unit, days) = if weeks { (n / 7, 'w', n / 7 * 7) } else { (n, 'd', n) };
        let typed = spaced(&format!("+{n}{unit}"), (&pad.0, &pad.1), upper);
        let want = today.checked_add_days(Days::new(days)).expect("within chrono's range");
        prop_assert_eq!(parse_follow_up(&typed, today), Ok(want));
    }

    #[test]
    fn too_far_ahead_is_an_error_not_a_panic(
        n in prop_oneof![
            522..=3650_u64,
            3651..=u64::MAX,
            Just(u64::MAX),
            Just(u64::MAX / 7 + 1),
        ],
        extra_digits in "[0-9]{0,30}",
        weeks in any::<bool>(),
        today in prop_oneof![today(), Just(NaiveDate::MAX)],
    ) {
        // 522 weeks is past the limit; 522 days is not.
        let unit = if weeks || n <= 3650 { 'w' } else { 'd' };
        for typed in [format!("+{n}{unit}"), format!("+{n}{extra_digits}{unit}")] {
            let err = parse_follow_up(&typed, today).expect_err(&typed);
            prop_assert!(err.starts_with(&format!("{typed} is too far ahead")), "{}", err);
        }
    }

    #[test]
    fn a_day_past_the_calendar_is_an_error_not_a_panic(
        back in 0..=3650_u64,
        ahead in 1..=3650_u64,
    ) {
        let today = NaiveDate::MAX - Days::new(back);
        let got = parse_follow_up(&format!("+{}d", back + ahead), today);
        prop_assert!(got.is_err(), "{:?}", got);
    }

    #[test]
    fn rfc_3339_reads_back_to_the_same_instant(
        secs in -30_610_224_000_i64..=253_370_764_800, // 1000-01-01 to 9998-12-31
        nanos in prop_oneof![Just(0_u32), 0..1_000_000_000_u32],
        // RFC 3339 offsets are whole minutes; UTC is the one written as `Z` with `use_z`.
        written_in in prop_oneof![Just(0), -1439..=1439_i32]
            .prop_map(|minutes| FixedOffset::east_opt(minutes * 60).expect("within a day")),
        local in offset(),
        use_z in any::<bool>(),
        sep in prop::sample::select(vec!["T", "t", " "]),
        zulu in prop::sample::select(vec!["Z", "z"]),
    ) {
        let at = DateTime::from_timestamp(secs, nanos).expect("in range");
        let written = at
            .with_timezone(&written_in)
            .to_rfc3339_opts(SecondsFormat::AutoSi, use_z)
            .replacen('T', sep, 1)
            .replacen('Z', zulu, 1);
        prop_assert_eq!(parse_at(&written, local), Ok(at), "{}", written);
    }

    #[test]
    fn local_date_and_time_read_back_in_the_local_offset(
        date in four_digit_date(),
        (h, m, s) in (0..24_u32, 0..60_u32, 0..60_u32),
        with_seconds in any::<bool>(),
        local in offset(),
    ) {
        let s = if with_seconds { s } else { 0 };
        let time = NaiveTime::from_hms_opt(h, m, s).expect("a real time");
        let format = if with_seconds { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%dT%H:%M" };
        let written = date.and_time(time).format(format).to_string();
        let got = outcome(parse_at(&written, local));
        prop_assert_eq!(got, storable(date.and_time(time), local), "{}", written);
    }
}
