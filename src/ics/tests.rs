//! Unit tests of `ics`.

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
        // C1 controls (U+009B is a one-character CSI), DEL and bidi overrides are dropped; the
        // Unicode line separators and NEL break the line as a newline does.
        ("csi\u{9b}2J gone", "csi2J gone"),
        ("del\u{7f} gone", "del gone"),
        ("abc\u{202e}def\u{2066}\u{200f}\u{61c}", "abcdef"),
        (
            "one\u{2028}two\u{2029}three\u{85}four",
            "one\\ntwo\\nthree\\nfour",
        ),
    ];
    for (raw, escaped) in cases {
        assert_eq!(escape_text(raw), escaped, "{raw:?}");
    }
}

/// A follow-up event for case 1 on `(year, month, day)`, stamped 2026-11-02T15:04:05Z.
fn follow_up_on((year, month, day): (i32, u32, u32)) -> Event {
    Event {
        uid: "case-abc-followup@amex-help".to_owned(),
        stamp: DateTime::parse_from_rfc3339("2026-11-02T15:04:05Z")
            .unwrap()
            .with_timezone(&Utc),
        date: NaiveDate::from_ymd_opt(year, month, day).unwrap(),
        summary: "Follow up on case 1 (dispute)".to_owned(),
        description: "Last reference: R-1\nCall: 1-800-528-4800".to_owned(),
    }
}

#[test]
fn the_last_day_a_calendar_can_hold_has_no_dtend() {
    let mut out = Vec::new();
    write_calendar(&mut out, "amex-help", &[follow_up_on((9999, 12, 31))]).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("DTSTART;VALUE=DATE:99991231"), "{text}");
    assert!(!text.contains("DTEND"), "{text}");
}

#[test]
fn calendar_has_the_required_properties_and_an_alarm_per_event() {
    let event = follow_up_on((2026, 12, 31));
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
