//! RFC 5545 iCalendar output, written by hand: content lines ending in CRLF, folded at 75 octets
//! without splitting a UTF-8 character, TEXT values escaped, and all-day events that carry a
//! display alarm. Only what `export --format ics` needs; the domain (which cases, which words)
//! lives in `cmd/export/calendar.rs`.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};

/// RFC 5545 3.1: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break."
const MAX_LINE_OCTETS: usize = 75;

/// The alarm fires nine hours after the start of the all-day event: 09:00 local time on the day,
/// which is when the phone lines are open and the day's calls get planned. Apple Calendar offers
/// this trigger as "On day of event (9 AM)"; Thunderbird and others read it the same way.
pub(crate) const ALARM_TRIGGER: &str = "PT9H";

/// Names this program in the calendar, as RFC 5545 3.7.3 asks.
pub(crate) const PRODID: &str = concat!(
    "-//amex-help//amex-help ",
    env!("CARGO_PKG_VERSION"),
    "//EN"
);

/// One all-day event with a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// Stable across exports, so that a calendar importing the file twice updates the event.
    pub(crate) uid: String,
    /// When the information in the event last changed (DTSTAMP without a METHOD, RFC 5545 3.8.7.2).
    pub(crate) stamp: DateTime<Utc>,
    pub(crate) date: NaiveDate,
    pub(crate) summary: String,
    pub(crate) description: String,
}

/// Writes a whole VCALENDAR named `name` holding `events`.
pub(crate) fn write_calendar(out: &mut impl Write, name: &str, events: &[Event]) -> io::Result<()> {
    let mut line = |property: &str, value: &str| out.write_all(fold(property, value).as_bytes());
    line("BEGIN", "VCALENDAR")?;
    line("VERSION", "2.0")?;
    line("PRODID", &escape_text(PRODID))?;
    line("CALSCALE", "GREGORIAN")?;
    // Not in RFC 5545, but Apple Calendar, Google Calendar and Outlook name the calendar by it.
    line("X-WR-CALNAME", &escape_text(name))?;
    for event in events {
        line("BEGIN", "VEVENT")?;
        line("UID", &escape_text(&event.uid))?;
        line("DTSTAMP", &utc_stamp(event.stamp))?;
        line("DTSTART;VALUE=DATE", &date(event.date))?;
        // DTEND is exclusive: the next day makes a one-day event.
        if let Some(next) = event.date.succ_opt() {
            line("DTEND;VALUE=DATE", &date(next))?;
        }
        line("SUMMARY", &escape_text(&event.summary))?;
        line("DESCRIPTION", &escape_text(&event.description))?;
        // A reminder, not an appointment: it should not make the day look busy.
        line("TRANSP", "TRANSPARENT")?;
        line("BEGIN", "VALARM")?;
        line("ACTION", "DISPLAY")?;
        line("DESCRIPTION", &escape_text(&event.summary))?;
        line("TRIGGER", ALARM_TRIGGER)?;
        line("END", "VALARM")?;
        line("END", "VEVENT")?;
    }
    line("END", "VCALENDAR")
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma are escaped with a backslash,
/// a line break becomes `\n`. Other control characters are not allowed in TEXT and are dropped.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are one line break each, like LF.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line `NAME:value`, folded (RFC 5545 3.1) and ending in CRLF. A physical line holds
/// at most 75 octets; each continuation starts with one space, which counts towards its 75. A
/// line is broken only between characters, so every physical line is valid UTF-8.
pub(crate) fn fold(property: &str, value: &str) -> String {
    let octets = property.len() + 1 + value.len();
    let mut out = String::with_capacity(octets + octets / (MAX_LINE_OCTETS - 1) * 3 + 2);
    let mut used = 0;
    for c in property.chars().chain([':']).chain(value.chars()) {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}

/// A DATE value: `20261106`.
fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// A DATE-TIME in UTC: `20261102T150405Z`.
fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The physical lines of folded output, without their CRLFs; fails on a bare LF or CR.
    fn physical_lines(folded: &str) -> Vec<&str> {
        let body = folded.strip_suffix("\r\n").expect("ends in CRLF");
        let lines: Vec<&str> = body.split("\r\n").collect();
        for l in &lines {
            assert!(!l.contains(['\r', '\n']), "bare line break in {l:?}");
        }
        lines
    }

    /// Undoes folding as RFC 5545 says: remove every CRLF followed by one space.
    fn unfold(folded: &str) -> String {
        folded.replace("\r\n ", "")
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let value = "x".repeat(75 - "SUMMARY:".len());
        let folded = fold("SUMMARY", &value);
        assert_eq!(physical_lines(&folded), [format!("SUMMARY:{value}")]);
    }

    #[test]
    fn a_line_of_76_octets_folds_after_75() {
        let value = "x".repeat(76 - "SUMMARY:".len());
        let folded = fold("SUMMARY", &value);
        let lines = physical_lines(&folded);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1], " x");
        assert_eq!(unfold(&folded), format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn continuation_lines_hold_74_octets_after_their_space() {
        let value = "y".repeat(300);
        let folded = fold("DESCRIPTION", &value);
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 75);
        for l in &lines[1..lines.len() - 1] {
            assert_eq!(l.len(), 75, "{l:?}");
            assert!(l.starts_with(' ') && !l[1..].starts_with(' '));
        }
        assert_eq!(unfold(&folded), format!("DESCRIPTION:{value}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_multibyte_character() {
        // Put each width of character across the 75-octet boundary at every offset.
        for filler in 60..80 {
            for c in ['é', '€', '😀'] {
                let value = format!("{}{}", "a".repeat(filler), c.to_string().repeat(40));
                let folded = fold("SUMMARY", &value);
                for l in physical_lines(&folded) {
                    assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
                    // Slicing a &str can only split between characters; check the bytes anyway.
                    assert!(std::str::from_utf8(l.as_bytes()).is_ok());
                }
                assert_eq!(unfold(&folded), format!("SUMMARY:{value}\r\n"));
            }
        }
    }

    #[test]
    fn a_character_that_would_end_past_75_moves_to_the_next_line() {
        // 73 octets, then a 4-octet character: 77 > 75, so the first line stops at 73.
        let value = "a".repeat(73 - "SUMMARY:".len());
        let folded = fold("SUMMARY", &format!("{value}😀"));
        let lines = physical_lines(&folded);
        assert_eq!(lines[0].len(), 73);
        assert_eq!(lines[1], " 😀");
    }

    #[test]
    fn text_escaping_follows_rfc_5545_3_3_11() {
        let cases = [
            ("plain words", "plain words"),
            ("a;b", "a\\;b"),
            ("a,b", "a\\,b"),
            ("back\\slash", "back\\\\slash"),
            ("two\nlines", "two\\nlines"),
            ("crlf\r\nline", "crlf\\nline"),
            ("cr\ronly", "cr\\nonly"),
            ("tab\tkept", "tab\tkept"),
            ("bell\u{7}gone", "bellgone"),
            ("colon: stays", "colon: stays"),
            ("\"quotes\" stay", "\"quotes\" stay"),
            ("café, 5€; ok", "café\\, 5€\\; ok"),
            ("\\n is not a newline", "\\\\n is not a newline"),
        ];
        for (raw, escaped) in cases {
            assert_eq!(escape_text(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn calendar_has_the_required_properties_and_an_alarm_per_event() {
        let event = Event {
            uid: "case-abc-followup@amex-help".to_owned(),
            stamp: DateTime::parse_from_rfc3339("2026-11-02T15:04:05Z")
                .unwrap()
                .with_timezone(&Utc),
            date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            summary: "Follow up on case 1 (dispute)".to_owned(),
            description: "Last reference: R-1\nCall: 1-800-528-4800".to_owned(),
        };
        let mut out = Vec::new();
        write_calendar(&mut out, "amex-help", &[event.clone(), event]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines = physical_lines(&text);
        assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
        assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
        for required in [
            "VERSION:2.0",
            "DTSTAMP:20261102T150405Z",
            "DTSTART;VALUE=DATE:20261231",
            "DTEND;VALUE=DATE:20270101",
            "DESCRIPTION:Last reference: R-1\\nCall: 1-800-528-4800",
            "ACTION:DISPLAY",
            "TRIGGER:PT9H",
        ] {
            assert!(lines.contains(&required), "{required} in\n{text}");
        }
        assert!(lines.iter().any(|l| l.starts_with("PRODID:-//amex-help//")));
        let count = |l: &str| lines.iter().filter(|x| **x == l).count();
        assert_eq!(count("BEGIN:VEVENT"), 2);
        assert_eq!(count("BEGIN:VALARM"), 2);
        assert_eq!(count("END:VALARM"), 2);
    }
}
