//! The dates and times people type: `YYYY-MM-DD`, relative follow-ups and contact times, each
//! checked against the range the log can store. `today` and the local zone are passed in.

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

const DATE_HINT: &str = "use YYYY-MM-DD";

/// Parses `YYYY-MM-DD` and nothing else: `3/4/26` means different days in different countries.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let text = s.trim();
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        if text.is_empty() {
            return Err(format!("a date is missing; {DATE_HINT}"));
        }
        return Err(format!("{text} is not a date; {DATE_HINT}"));
    }
    // The shape check leaves only ASCII digits in these slices, so the parses cannot fail.
    let year: i32 = text[0..4]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    let month: u32 = text[5..7]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    let day: u32 = text[8..10]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{text} is not a real date; {DATE_HINT}"))
}

/// The furthest ahead a relative follow-up may go: ten years catches a typo such as `+300w`
/// without getting in the way of a real plan.
pub(crate) const MAX_FOLLOW_UP_DAYS: u64 = 3650;

/// Parses a follow-up date: `YYYY-MM-DD`, `today`, `tomorrow`, `+Nd` or `+Nw`.
pub(crate) fn parse_follow_up(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = s.trim().to_ascii_lowercase();
    let unknown = || {
        format!(
            "{} is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow",
            s.trim()
        )
    };
    let ahead = |days: u64| {
        today
            .checked_add_days(Days::new(days))
            .ok_or_else(|| format!("{} is too far ahead", s.trim()))
    };
    match text.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return ahead(1),
        _ => {}
    }
    if let Some(rest) = text.strip_prefix('+') {
        let (digits, per_unit) = if let Some(n) = rest.strip_suffix('d') {
            (n, 1)
        } else if let Some(n) = rest.strip_suffix('w') {
            (n, 7)
        } else {
            return Err(unknown());
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let too_far = || {
            format!(
                "{} is too far ahead; a follow-up is at most {MAX_FOLLOW_UP_DAYS} days away",
                s.trim()
            )
        };
        let days = digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(per_unit))
            .filter(|days| *days <= MAX_FOLLOW_UP_DAYS)
            .ok_or_else(too_far)?;
        return ahead(days);
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        // A date written out is held to the same ten years: `9999-12-31` is a typo or a filler,
        // and a calendar cannot hold the day after it.
        let date = parse_date(&text)?;
        let latest = ahead(MAX_FOLLOW_UP_DAYS)?;
        if date > latest {
            return Err(format!(
                "{} is too far ahead; a follow-up is at most {MAX_FOLLOW_UP_DAYS} days away \
                 ({latest} at the latest)",
                s.trim()
            ));
        }
        Ok(date)
    } else {
        Err(unknown())
    }
}

/// A bare date means noon of that day: midnight converted to UTC and shown back in another offset
/// (after a daylight-saving change, or on a trip) can land on the previous day, while noon has
/// eleven hours of room either side and always shows as the day that was typed.
const BARE_DATE_TIME: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(noon) => noon,
    None => NaiveTime::MIN,
};

/// Parses when a contact happened: `YYYY-MM-DD` (noon local), `YYYY-MM-DDTHH:MM[:SS]` in local
/// time, or RFC 3339 with its own offset. `local` is a time zone rather than an offset so that
/// `chrono::Local` applies the offset in force on that date; tests pass a `FixedOffset`.
// By value so that call sites read `parse_at(s, Local)` and `parse_at(s, offset)`; both are tiny.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn parse_at<Tz: TimeZone>(s: &str, local: Tz) -> Result<DateTime<Utc>, String> {
    let text = s.trim();
    let hint = || {
        format!(
            "{text} is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, \
             or RFC 3339 such as 2026-03-01T14:30:00-05:00"
        )
    };
    if !text.is_char_boundary(10.min(text.len())) || text.len() < 10 {
        return Err(hint());
    }
    let (date_part, rest) = text.split_at(10);
    let date = parse_date(date_part).map_err(|e| {
        if e.contains("not a real date") {
            e
        } else {
            hint()
        }
    })?;
    if rest.is_empty() {
        return to_utc(&local, date.and_time(BARE_DATE_TIME), text);
    }
    if !rest.starts_with(['T', 't', ' ']) {
        return Err(hint());
    }
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return in_log_range(with_offset.with_timezone(&Utc), text);
    }
    let clock = &rest[1..];
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(clock, format).ok())
        .ok_or_else(hint)?;
    to_utc(&local, date.and_time(time), text)
}

fn to_utc<Tz: TimeZone>(
    local: &Tz,
    naive: NaiveDateTime,
    text: &str,
) -> Result<DateTime<Utc>, String> {
    let at = match local.from_local_datetime(&naive) {
        LocalResult::Single(at) => at,
        // The hour that repeats when clocks go back: the first pass is the likelier reading.
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(format!(
                "{text} did not happen in local time (the clocks skipped it); give an offset, e.g. \
                 2026-03-08T02:30:00-05:00"
            ))
        }
    };
    in_log_range(at.with_timezone(&Utc), text)
}

/// The call log stores times as UTC text with a four-digit year and cannot read back any other:
/// a time at either end of the years 0000-9999, given in a far offset, lands outside them in UTC.
fn in_log_range(at: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, String> {
    if (0..=9999).contains(&at.year()) {
        Ok(at)
    } else {
        Err(format!(
            "{text} falls outside the years 0000-9999 in UTC; give a time within them"
        ))
    }
}
