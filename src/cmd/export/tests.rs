//! Unit tests of the export writers: the streamed JSON and CSV quoting.

use super::csv::csv_field;
use super::json::write_json;
use crate::db::{Db, Export};
use crate::privacy::Masker;

fn streamed(db: Option<&Db>) -> String {
    let mut out = Vec::new();
    write_json(&mut out, db, &mut |_| {}).unwrap();
    String::from_utf8(out).unwrap()
}

fn whole(db: &Db) -> String {
    serde_json::to_string_pretty(&db.export_all().unwrap()).unwrap() + "\n"
}

#[test]
fn the_streamed_json_is_the_whole_export_pretty_printed() {
    let mut db = Db::open_in_memory().unwrap();
    assert_eq!(streamed(Some(&db)), whole(&db));
    assert_eq!(streamed(None), whole(&db));
    let export: Export = serde_json::from_str(
        r#"{"format": "amex-help-export", "version": 1, "cases": [
          {"uid": "case0001", "reason": "dispute", "title": "Zwei Buchungen \"doppelt\"\nüber €40",
           "status": "open", "follow_up": "2026-12-01", "statement_date": null,
           "card_last5": "71006", "created_at": "2026-11-02T10:15:00Z", "resolved_at": null,
           "resolution_note": null, "contacts": [
             {"uid": "cont0001", "at": "2026-11-02T10:15:00Z", "channel": "phone", "number": null,
              "department": null, "rep": "Dana", "rep_id": null, "reference": "R-1",
              "duration_minutes": 5, "outcome": null, "notes": "line one\nline two",
              "promises": [{"text": "Credit", "due": "2026-11-05"}, {"text": "Letter", "due": null}]}]},
          {"uid": "case0002", "reason": "lost-card", "title": "No contacts", "status": "resolved",
           "follow_up": null, "statement_date": null, "card_last5": null,
           "created_at": "2026-11-03T10:15:00Z", "resolved_at": "2026-11-04T10:15:00Z",
           "resolution_note": "done", "contacts": []}]}"#,
    )
    .unwrap();
    db.import(&export, &mut Masker::new()).unwrap();
    assert_eq!(streamed(Some(&db)), whole(&db));
}

#[test]
fn csv_quoting() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_prefixed() {
    assert_eq!(
        csv_field("=HYPERLINK(\"http://x\",\"y\")"),
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
    );
    assert_eq!(csv_field("+1 800 528 4800"), "'+1 800 528 4800");
    assert_eq!(csv_field("-2+3"), "'-2+3");
    assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_field("\tx"), "'\tx");
    assert_eq!(csv_field("\rx"), "\"'\rx\"");
    // Only the start counts.
    assert_eq!(csv_field("a=b"), "a=b");
    assert_eq!(csv_field(""), "");
}
