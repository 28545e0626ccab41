//! Reads: the cases needing attention, their query plans, and the row mappers.

use super::*;

/// Titles of the cases needing attention on `today`, and whether the limit left some out.
fn attention(db: &Db, today: &str, within: u32, limit: Option<usize>) -> (Vec<String>, bool) {
    let (cases, more) = db.needing_attention(d(today), within, limit).unwrap();
    (cases.into_iter().map(|c| c.title).collect(), more)
}

#[test]
fn attention_covers_follow_ups_due_by_the_window() {
    let mut db = Db::open_in_memory().unwrap();
    for (title, follow_up) in [
        ("due long ago", Some("2026-02-01")),
        ("due today", Some("2026-03-10")),
        ("due in 3 days", Some("2026-03-13")),
        ("due in 4 days", Some("2026-03-14")),
        ("no follow-up", None),
    ] {
        let mut case = new_case("other", title);
        case.follow_up = follow_up.map(d);
        db.insert_case(&case, None, t("2026-01-01T10:00:00Z"))
            .unwrap();
    }
    let mut resolved = new_case("other", "resolved");
    resolved.follow_up = Some(d("2026-03-01"));
    let (resolved, _) = db
        .insert_case(&resolved, None, t("2026-01-01T10:00:00Z"))
        .unwrap();
    db.resolve(resolved, None, t("2026-03-02T10:00:00Z"))
        .unwrap();

    let titles = |within: u32| attention(&db, "2026-03-10", within, None).0;
    assert_eq!(titles(0), ["due long ago", "due today"]);
    assert_eq!(titles(3), ["due long ago", "due today", "due in 3 days"]);
    let err = db.needing_attention(NaiveDate::MAX, 1, None).unwrap_err();
    assert!(err.downcast_ref::<BadInput>().is_some(), "{err:#}");
}

#[test]
fn attention_covers_broken_promises_and_statement_dates_on_open_cases_only() {
    let mut db = Db::open_in_memory().unwrap();
    let mut add = |title: &str,
                   reason: &str,
                   follow_up: Option<&str>,
                   statement: Option<&str>,
                   due: Option<&str>| {
        let mut case = new_case(reason, title);
        case.follow_up = follow_up.map(d);
        case.statement_date = statement.map(d);
        let mut contact = call("2026-03-01T10:00:00Z");
        contact.promises = due
            .map(|due| promise("Call back", Some(due)))
            .into_iter()
            .collect();
        db.insert_case(&case, Some(&contact), t("2026-03-01T10:00:00Z"))
            .unwrap()
            .0
    };
    let (f, s, p) = (Some, Some, Some);
    add(
        "later, promise broken",
        "fraud",
        f("2026-04-01"),
        None,
        p("2026-03-05"),
    );
    add(
        "later, promise due today",
        "fraud",
        f("2026-04-01"),
        None,
        p("2026-03-10"),
    );
    add(
        "later, promise ahead",
        "fraud",
        f("2026-04-01"),
        None,
        p("2026-03-11"),
    );
    add(
        "undated dispute, statement",
        "dispute",
        None,
        s("2026-02-20"),
        None,
    );
    add(
        "undated, promise broken",
        "fraud",
        None,
        None,
        p("2026-03-09"),
    );
    add("undated, nothing", "fraud", None, None, None);
    add(
        "undated lost card, statement",
        "lost-card",
        None,
        s("2026-02-20"),
        None,
    );
    add("due", "fraud", f("2026-03-08"), None, None);
    add(
        "later dispute, statement",
        "dispute",
        f("2026-03-20"),
        s("2026-02-20"),
        None,
    );
    let resolved = add(
        "resolved, promise broken",
        "dispute",
        f("2026-03-01"),
        s("2026-02-20"),
        p("2026-03-02"),
    );
    db.resolve(resolved, None, t("2026-03-09T10:00:00Z"))
        .unwrap();

    // By the earlier of follow-up and first promise; disputes kept only by their statement date
    // come after the dated ones. A statement date means nothing to other reasons.
    let expected = [
        "later, promise broken",
        "due",
        "undated, promise broken",
        "later, promise due today",
        "later dispute, statement",
        "undated dispute, statement",
    ];
    assert_eq!(
        attention(&db, "2026-03-10", 0, None),
        (expected.map(str::to_owned).to_vec(), false)
    );
    // A wider window takes in the promise due tomorrow, in date order.
    let (wider, _) = attention(&db, "2026-03-10", 1, None);
    assert_eq!(wider[4], "later, promise ahead");
    // Every cut of the list is a prefix of it, and says whether it left some out.
    for n in 0..=expected.len() + 1 {
        let (titles, more) = attention(&db, "2026-03-10", 0, Some(n));
        assert_eq!(titles, expected[..n.min(expected.len())], "limit {n}");
        assert_eq!(more, n < expected.len(), "limit {n}");
    }
}

#[test]
fn attention_and_list_queries_read_their_indexes_in_order() {
    let db = Db::open_in_memory().unwrap();
    for (sql, index) in [
        (ATTENTION_SQL, "INDEX cases_attention"),
        (LIST_CASES_SQL, "INDEX cases_last_activity"),
    ] {
        let mut stmt = db
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(
                rusqlite::params_from_iter(std::iter::repeat_n(
                    rusqlite::types::Null,
                    stmt.parameter_count(),
                )),
                |row| row.get("detail"),
            )
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        // The outer query walks the index in order, so a limit stops it early: no sort of the
        // whole table first.
        assert!(plan.iter().any(|step| step.contains(index)), "{plan:?}");
        assert!(
            plan.iter().all(|step| !step.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}

#[test]
// One table of every statement's columns.
#[allow(clippy::too_many_lines)]
fn row_mappers_read_the_columns_their_statements_select() {
    let db = Db::open_in_memory().unwrap();
    for (sql, columns) in [
        (
            LOAD_CASE_SQL,
            &[
                "id",
                "uid",
                "reason",
                "title",
                "status",
                "follow_up",
                "statement_date",
                "card_last5",
                "created_at",
                "resolved_at",
                "resolution_note",
                "merchant",
                "amount_cents",
                "charge_date",
                "card_tier",
                "cycle_day",
            ][..],
        ),
        (
            LOAD_CONTACTS_SQL,
            &[
                "id",
                "uid",
                "at",
                "channel",
                "number",
                "department",
                "rep",
                "rep_id",
                "reference",
                "duration_minutes",
                "outcome",
                "notes",
                "billing_error_notice",
                "received",
                "rung",
            ][..],
        ),
        (LOAD_PROMISES_SQL, &["contact_id", "text", "due"][..]),
        (
            crate::db::export::EXPORT_CASES_SQL,
            &[
                "id",
                "uid",
                "reason",
                "title",
                "status",
                "follow_up",
                "statement_date",
                "card_last5",
                "created_at",
                "resolved_at",
                "resolution_note",
                "merchant",
                "amount_cents",
                "charge_date",
                "card_tier",
                "cycle_day",
            ][..],
        ),
        (
            crate::db::export::EXPORT_CONTACTS_SQL,
            &[
                "id",
                "uid",
                "at",
                "channel",
                "number",
                "department",
                "rep",
                "rep_id",
                "reference",
                "duration_minutes",
                "outcome",
                "notes",
                "billing_error_notice",
                "received",
                "rung",
            ][..],
        ),
        (crate::db::export::EXPORT_PROMISES_SQL, &["text", "due"][..]),
        (
            LIST_CASES_SQL,
            &[
                "id",
                "reason",
                "title",
                "status",
                "follow_up",
                "created_at",
                "last_contact_at",
                "contact_count",
                "last_reference",
                "last_rep",
            ][..],
        ),
    ] {
        let stmt = db.conn.prepare(sql).unwrap();
        assert_eq!(stmt.column_names().collect::<Vec<_>>(), columns, "{sql}");
    }
}

/// The quick reads of the log's own time and date forms give what rusqlite's chrono reading
/// gives, and leave every other form to it.
#[test]
fn quick_time_and_date_reads_agree_with_rusqlite() {
    use crate::db::sql_types::{StoredDate, StoredTime};
    use chrono::{DateTime, NaiveDate, Utc};
    use rusqlite::types::{FromSql, ValueRef};

    for text in [
        "2026-03-01T10:00:00Z",
        "1999-12-31T23:59:59Z",
        "0001-01-01T00:00:00Z",
        "2024-02-29T12:30:45Z",
        "2026-03-01 10:00:00Z",
        "2026-03-01T10:00:00.250Z",
        "2026-03-01T10:00:00+02:00",
    ] {
        let value = ValueRef::Text(text.as_bytes());
        let quick = StoredTime::column_result(value).map(|t| t.0).ok();
        let general = DateTime::<Utc>::column_result(value).ok();
        assert!(quick.is_some(), "{text}");
        assert_eq!(quick, general, "{text}");
    }
    for bad in [
        "2026-02-30T10:00:00Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T1a:00:00Z",
        "",
    ] {
        let value = ValueRef::Text(bad.as_bytes());
        assert_eq!(
            StoredTime::column_result(value).is_ok(),
            DateTime::<Utc>::column_result(value).is_ok(),
            "{bad:?}"
        );
    }
    for text in [
        "2026-03-01",
        "2024-02-29",
        "2026-02-29",
        "2026-3-1",
        "20260301",
        "x",
    ] {
        let value = ValueRef::Text(text.as_bytes());
        assert_eq!(
            StoredDate::column_result(value).map(|d| d.0).ok(),
            NaiveDate::column_result(value).ok(),
            "{text}"
        );
    }
}
