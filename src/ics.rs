//! RFC 5545 iCalendar output, written by hand: content lines ending in CRLF, folded at 75 octets
//! without splitting a UTF-8 character, TEXT values escaped, and all-day events that carry a
//! display alarm. Only what `export --format ics` needs; the domain (which cases, which words)
//! lives in `cmd/export/calendar.rs`.

use std::io::{self, Write};

use chrono::{DateTime, Datelike, NaiveDate, Utc};

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
        // Without one (9999-12-31 has no next day of four digits), the event lasts its one day
        // all the same (RFC 5545, 3.6.1).
        if let Some(next) = event.date.succ_opt().filter(|next| next.year() <= 9999) {
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
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            // Other controls (C1 ones such as the one-character CSI included) and bidi overrides
            // would reach whatever shows the event raw: they are dropped.
            c if crate::output::needs_escape(c) => {}
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
mod tests;
