//! Unit tests of the database layer against in-memory and temporary files.

use super::*;
use crate::calls::NewPromise;
use crate::error::BadInput;
use crate::privacy::Masker;
use std::fs;
use std::path::PathBuf;

fn clean(text: &str) -> Clean {
    Masker::new().clean("test", text)
}

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn new_case(reason: &str, title: &str) -> NewCase {
    NewCase {
        reason: reason.to_owned(),
        title: clean(title),
        follow_up: None,
        statement_date: None,
        card_last5: None,
    }
}

fn call(at: &str) -> NewContact {
    NewContact::new(t(at), Channel::Phone)
}

fn promise(text: &str, due: Option<&str>) -> NewPromise {
    NewPromise {
        text: clean(text),
        due: due.map(d),
    }
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
            row.get(0)
        })
        .unwrap()
}

/// Whether `err` is the bad-input error (exit code 2) for a missing case `id`.
fn is_no_case(err: &anyhow::Error, id: CaseId) -> bool {
    err.downcast_ref::<BadInput>()
        .is_some_and(|e| e.0.starts_with(&format!("no case {id};")))
}

/// Two cases: a dispute with two contacts and promises, and a lost card resolved later.
fn sample(db: &mut Db) -> (CaseId, CaseId) {
    let mut first = call("2026-03-01T14:00:00Z");
    first.department = Some(clean("Billing disputes"));
    first.rep = Some(clean("Dana"));
    first.rep_id = Some(clean("D-17"));
    first.reference = Some(clean("REF-100"));
    first.duration_minutes = Some(25);
    first.outcome = Some(clean("Opened a dispute"));
    first.promises = vec![
        promise("Provisional credit in 3 days", Some("2026-03-04")),
        promise("Letter by post", None),
    ];
    let mut case = new_case("billing-dispute", "Double charge at Hotel Lisboa");
    case.follow_up = Some(d("2026-03-05"));
    case.statement_date = Some(d("2026-02-20"));
    case.card_last5 = Some("71006".to_owned());
    let (dispute, _) = db
        .insert_case(&case, Some(&first), t("2026-03-01T14:30:00.123456Z"))
        .unwrap();
    let mut second = NewContact::new(t("2026-03-06T16:00:00Z"), Channel::Chat);
    second.notes = Some(clean("Asked for a SUPERVISOR; transcript saved"));
    db.insert_contact(dispute, &second, None, None).unwrap();

    let (lost, _) = db
        .insert_case(
            &new_case("lost-card", "Card lost on the train"),
            Some(&call("2026-03-02T09:00:00Z")),
            t("2026-03-02T09:05:00Z"),
        )
        .unwrap();
    db.resolve(
        lost,
        Some(clean("New card arrived")),
        t("2026-03-04T10:00:00Z"),
    )
    .unwrap();
    (dispute, lost)
}

#[test]
fn a_case_reads_back_as_written() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, _) = sample(&mut db);
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(case.id, dispute);
    assert_eq!(case.uid.len(), 32);
    assert_eq!(case.reason, "billing-dispute");
    assert_eq!(case.title, "Double charge at Hotel Lisboa");
    assert_eq!(case.status, CaseStatus::Open);
    assert_eq!(case.follow_up, Some(d("2026-03-05")));
    assert_eq!(case.statement_date, Some(d("2026-02-20")));
    assert_eq!(case.card_last5.as_deref(), Some("71006"));
    // Stored to the second, so that the text sorts by time.
    assert_eq!(case.created_at, t("2026-03-01T14:30:00Z"));
    assert_eq!(case.resolved_at, None);
    assert_eq!(case.contacts.len(), 2);
    let first = &case.contacts[0];
    assert_eq!(first.channel, Channel::Phone);
    assert_eq!(first.department.as_deref(), Some("Billing disputes"));
    assert_eq!(first.rep.as_deref(), Some("Dana"));
    assert_eq!(first.rep_id.as_deref(), Some("D-17"));
    assert_eq!(first.reference.as_deref(), Some("REF-100"));
    assert_eq!(first.duration_minutes, Some(25));
    assert_eq!(first.outcome.as_deref(), Some("Opened a dispute"));
    assert_eq!(first.number, None);
    let promises: Vec<(&str, Option<NaiveDate>)> = first
        .promises
        .iter()
        .map(|p| (p.text.as_str(), p.due))
        .collect();
    assert_eq!(
        promises,
        [
            ("Provisional credit in 3 days", Some(d("2026-03-04"))),
            ("Letter by post", None)
        ]
    );
    assert!(first.promises.iter().all(|p| p.contact_id == first.id));
    assert_eq!(case.contacts[1].channel, Channel::Chat);
    assert!(case.contacts[1].promises.is_empty());
    assert_ne!(case.contacts[0].uid, case.contacts[1].uid);

    let stored: (String, String, String) = db
        .conn
        .query_row(
            "SELECT c.created_at, k.at, c.follow_up FROM cases c JOIN contacts k ON k.case_id = c.id \
             WHERE c.id = ?1 ORDER BY k.at LIMIT 1",
            [dispute],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        (
            "2026-03-01T14:30:00Z".to_owned(),
            "2026-03-01T14:00:00Z".to_owned(),
            "2026-03-05".to_owned()
        )
    );
    assert!(db.find_case(CaseId(999)).unwrap().is_none());
}

#[test]
fn contacts_are_ordered_by_time_then_id() {
    let mut db = Db::open_in_memory().unwrap();
    let (id, _) = db
        .insert_case(
            &new_case("other", "Order"),
            Some(&call("2026-03-05T10:00:00Z")),
            t("2026-03-05T10:00:00Z"),
        )
        .unwrap();
    let early = db
        .insert_contact(id, &call("2026-03-01T10:00:00Z"), None, None)
        .unwrap();
    let same_a = db
        .insert_contact(id, &call("2026-03-03T10:00:00Z"), None, None)
        .unwrap();
    let same_b = db
        .insert_contact(id, &call("2026-03-03T10:00:00Z"), None, None)
        .unwrap();
    let ids: Vec<ContactId> = db
        .find_case(id)
        .unwrap()
        .unwrap()
        .contacts
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids[..3], [early, same_a, same_b]);
}

#[test]
fn a_contact_updates_follow_up_and_statement_date_but_not_status() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, lost) = sample(&mut db);
    db.insert_contact(
        dispute,
        &call("2026-03-07T10:00:00Z"),
        Some(Some(d("2026-03-20"))),
        Some(d("2026-02-21")),
    )
    .unwrap();
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(case.follow_up, Some(d("2026-03-20")));
    assert_eq!(case.statement_date, Some(d("2026-02-21")));

    db.insert_contact(dispute, &call("2026-03-08T10:00:00Z"), Some(None), None)
        .unwrap();
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(case.follow_up, None);
    assert_eq!(case.statement_date, Some(d("2026-02-21")));

    db.insert_contact(lost, &call("2026-03-09T10:00:00Z"), None, None)
        .unwrap();
    let lost = db.find_case(lost).unwrap().unwrap();
    assert_eq!(lost.status, CaseStatus::Resolved);
    assert_eq!(lost.contacts.len(), 2);
}

#[test]
fn a_contact_for_a_missing_case_is_bad_input() {
    let mut db = Db::open_in_memory().unwrap();
    let err = db
        .insert_contact(CaseId(42), &call("2026-03-01T10:00:00Z"), None, None)
        .unwrap_err();
    assert!(is_no_case(&err, CaseId(42)), "{err:#}");
    assert!(err.to_string().starts_with("no case 42"), "{err}");
    assert_eq!(count(&db, "contacts"), 0);
}

#[test]
fn a_bad_card_last5_is_refused_before_writing() {
    let mut db = Db::open_in_memory().unwrap();
    for bad in ["7100", "71 06", " 71006", "7100x"] {
        let mut case = new_case("other", "x");
        case.card_last5 = Some(bad.to_owned());
        let err = db
            .insert_case(&case, None, t("2026-03-01T10:00:00Z"))
            .unwrap_err();
        assert!(err.downcast_ref::<BadInput>().is_some(), "{bad:?}: {err}");
    }
    // A card number typed in the wrong field is never echoed back.
    let mut case = new_case("other", "x");
    case.card_last5 = Some("378282246310005".to_owned());
    let err = db
        .insert_case(&case, None, t("2026-03-01T10:00:00Z"))
        .unwrap_err();
    assert!(!format!("{err:#}").contains("3782"), "{err:#}");
    assert_eq!(count(&db, "cases"), 0);
    // The table's own check backs up the one in Rust.
    let direct = db.conn.execute(
        "INSERT INTO cases (uid, reason, title, status, created_at, card_last5) \
         VALUES ('u', 'r', 't', 'open', '2026-03-01T10:00:00Z', '1234a')",
        [],
    );
    assert!(direct.is_err());
}

#[test]
fn list_cases_orders_filters_and_summarises() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, lost) = sample(&mut db);
    let (quiet, _) = db
        .insert_case(
            &new_case("rewards", "Points missing"),
            None,
            t("2026-03-03T08:00:00Z"),
        )
        .unwrap();
    let all = db.list_cases(&CaseFilter::default()).unwrap();
    let ids: Vec<CaseId> = all.iter().map(|s| s.id).collect();
    // Dispute last contact 03-06, quiet created 03-03, lost last contact 03-02.
    assert_eq!(ids, [dispute, quiet, lost]);
    let top = &all[0];
    assert_eq!(top.contact_count, 2);
    assert_eq!(top.last_contact_at, Some(t("2026-03-06T16:00:00Z")));
    // The chat has neither, so both come from the call before it.
    assert_eq!(top.last_reference.as_deref(), Some("REF-100"));
    assert_eq!(top.last_rep.as_deref(), Some("Dana"));
    assert_eq!(top.follow_up, Some(d("2026-03-05")));
    assert_eq!(top.reason, "billing-dispute");
    assert_eq!(all[1].contact_count, 0);
    assert_eq!(all[1].last_contact_at, None);
    assert_eq!(all[2].status, CaseStatus::Resolved);

    let ids_for = |filter: CaseFilter| -> Vec<CaseId> {
        db.list_cases(&filter)
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect()
    };
    let search = |text: &str| CaseFilter {
        search: Some(text.to_owned()),
        ..CaseFilter::default()
    };
    let cases: Vec<(&str, CaseFilter, Vec<CaseId>)> = vec![
        (
            "open only",
            CaseFilter {
                open_only: true,
                ..CaseFilter::default()
            },
            vec![dispute, quiet],
        ),
        (
            "reason",
            CaseFilter {
                reason: Some("lost-card".to_owned()),
                ..CaseFilter::default()
            },
            vec![lost],
        ),
        (
            "since",
            CaseFilter {
                since: Some(t("2026-03-03T08:00:00Z")),
                ..CaseFilter::default()
            },
            vec![dispute, quiet],
        ),
        (
            "limit",
            CaseFilter {
                limit: Some(1),
                ..CaseFilter::default()
            },
            vec![dispute],
        ),
        ("title, any case", search("hotel LISBOA"), vec![dispute]),
        ("notes", search("supervisor"), vec![dispute]),
        ("outcome", search("opened a"), vec![dispute]),
        ("rep", search("dana"), vec![dispute]),
        ("reference", search("ref-100"), vec![dispute]),
        ("promise", search("provisional"), vec![dispute]),
        ("no match", search("nothing like this"), vec![]),
        ("title of another case", search("train"), vec![lost]),
        (
            "everything at once",
            CaseFilter {
                open_only: true,
                reason: Some("billing-dispute".to_owned()),
                since: Some(t("2026-03-01T00:00:00Z")),
                search: Some("credit".to_owned()),
                limit: Some(5),
            },
            vec![dispute],
        ),
    ];
    for (name, filter, want) in cases {
        assert_eq!(ids_for(filter), want, "{name}");
    }
}

#[test]
fn update_case_changes_only_what_is_given() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, _) = sample(&mut db);
    db.update_case(
        dispute,
        &CaseEdit {
            title: Some(clean("Charged twice")),
            ..CaseEdit::default()
        },
    )
    .unwrap();
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(case.title, "Charged twice");
    assert_eq!(case.follow_up, Some(d("2026-03-05")));
    assert_eq!(case.card_last5.as_deref(), Some("71006"));

    db.update_case(
        dispute,
        &CaseEdit {
            reason: Some("fraud".to_owned()),
            follow_up: Some(None),
            statement_date: Some(d("2026-01-20")),
            card_last5: Some("12345".to_owned()),
            ..CaseEdit::default()
        },
    )
    .unwrap();
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(
        (
            case.reason.as_str(),
            case.title.as_str(),
            case.follow_up,
            case.statement_date,
            case.card_last5.as_deref()
        ),
        (
            "fraud",
            "Charged twice",
            None,
            Some(d("2026-01-20")),
            Some("12345")
        )
    );
    db.update_case(
        dispute,
        &CaseEdit {
            follow_up: Some(Some(d("2026-04-01"))),
            ..CaseEdit::default()
        },
    )
    .unwrap();
    assert_eq!(
        db.find_case(dispute).unwrap().unwrap().follow_up,
        Some(d("2026-04-01"))
    );

    let err = db
        .update_case(CaseId(77), &CaseEdit::default())
        .unwrap_err();
    assert!(is_no_case(&err, CaseId(77)), "{err:#}");
    let err = db
        .update_case(
            dispute,
            &CaseEdit {
                card_last5: Some("1".to_owned()),
                ..CaseEdit::default()
            },
        )
        .unwrap_err();
    assert!(err.downcast_ref::<BadInput>().is_some());
}

#[test]
fn resolve_and_reopen() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, lost) = sample(&mut db);
    let case = db.find_case(lost).unwrap().unwrap();
    assert_eq!(case.status, CaseStatus::Resolved);
    assert_eq!(case.resolved_at, Some(t("2026-03-04T10:00:00Z")));
    assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

    db.reopen(lost).unwrap();
    let case = db.find_case(lost).unwrap().unwrap();
    assert_eq!(case.status, CaseStatus::Open);
    assert_eq!(case.resolved_at, None);
    assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

    // Resolving again without a note keeps the earlier one.
    db.resolve(lost, None, t("2026-03-10T10:00:00Z")).unwrap();
    let case = db.find_case(lost).unwrap().unwrap();
    assert_eq!(case.resolved_at, Some(t("2026-03-10T10:00:00Z")));
    assert_eq!(case.resolution_note.as_deref(), Some("New card arrived"));

    db.resolve(
        dispute,
        Some(clean("Credit posted")),
        t("2026-03-11T10:00:00Z"),
    )
    .unwrap();
    assert_eq!(
        db.find_case(dispute)
            .unwrap()
            .unwrap()
            .resolution_note
            .as_deref(),
        Some("Credit posted")
    );

    for err in [
        db.resolve(CaseId(9), None, t("2026-03-11T10:00:00Z"))
            .unwrap_err(),
        db.reopen(CaseId(9)).unwrap_err(),
    ] {
        assert!(is_no_case(&err, CaseId(9)), "{err:#}");
    }
}

#[test]
fn delete_cascades_to_contacts_and_promises() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, lost) = sample(&mut db);
    assert_eq!(
        (
            count(&db, "cases"),
            count(&db, "contacts"),
            count(&db, "promises")
        ),
        (2, 3, 2)
    );
    db.delete_case(dispute).unwrap();
    assert_eq!(
        (
            count(&db, "cases"),
            count(&db, "contacts"),
            count(&db, "promises")
        ),
        (1, 1, 0)
    );
    assert!(db.find_case(dispute).unwrap().is_none());
    assert!(db.find_case(lost).unwrap().is_some());
    let err = db.delete_case(dispute).unwrap_err();
    assert!(is_no_case(&err, dispute), "{err:#}");
}

#[test]
fn a_failure_midway_leaves_nothing_behind() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, _) = sample(&mut db);
    let before = (
        count(&db, "cases"),
        count(&db, "contacts"),
        count(&db, "promises"),
    );
    // Fails the promise insert, after the case and contact rows are written.
    db.conn
        .execute_batch(
            "CREATE TEMP TRIGGER refuse_promises BEFORE INSERT ON promises \
             BEGIN SELECT RAISE(ABORT, 'disk full, say'); END;",
        )
        .unwrap();
    let mut contact = call("2026-03-08T10:00:00Z");
    contact.promises = vec![promise("Call back", None)];
    let err = db
        .insert_case(
            &new_case("other", "Half written"),
            Some(&contact),
            t("2026-03-08T10:00:00Z"),
        )
        .unwrap_err();
    assert!(format!("{err:#}").contains("disk full, say"), "{err:#}");

    let mut contact = call("2026-03-09T10:00:00Z");
    contact.promises = vec![promise("Call back", None)];
    db.insert_contact(dispute, &contact, Some(Some(d("2027-01-01"))), None)
        .unwrap_err();

    let after = (
        count(&db, "cases"),
        count(&db, "contacts"),
        count(&db, "promises"),
    );
    assert_eq!(after, before);
    assert_eq!(
        db.find_case(dispute).unwrap().unwrap().follow_up,
        Some(d("2026-03-05"))
    );
    // The connection is still usable: nothing was left open.
    db.conn
        .execute_batch("DROP TRIGGER refuse_promises")
        .unwrap();
    db.insert_case(
        &new_case("other", "Fine now"),
        Some(&contact),
        t("2026-03-09T10:00:00Z"),
    )
    .unwrap();
}

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

fn export_json(db: &Db) -> String {
    serde_json::to_string_pretty(&db.export_all().unwrap()).unwrap()
}

#[test]
fn export_import_export_gives_the_same_bytes() {
    let mut db = Db::open_in_memory().unwrap();
    sample(&mut db);
    // Same creation second as another case, so the uid decides the order.
    db.insert_case(
        &new_case("other", "Same second"),
        Some(&call("2026-03-01T14:00:00Z")),
        t("2026-03-01T14:30:00Z"),
    )
    .unwrap();
    let first = export_json(&db);
    let export: Export = serde_json::from_str(&first).unwrap();
    assert_eq!(export.cases.len(), 3);
    assert!(first.contains("\"format\": \"amex-help-export\""));
    assert!(first.contains("\"created_at\": \"2026-03-01T14:30:00Z\""));
    assert!(first.contains("\"channel\": \"chat\""));
    assert!(!first.contains("\"id\""), "ids are local and not exported");

    let mut copy = Db::open_in_memory().unwrap();
    let stats = copy.import(&export, &mut Masker::new()).unwrap();
    assert_eq!(
        stats,
        ImportStats {
            cases_added: 3,
            cases_skipped: 0,
            contacts_added: 4,
            contacts_skipped: 0
        }
    );
    assert_eq!(export_json(&copy), first);
}

#[test]
fn importing_twice_adds_nothing_the_second_time() {
    let mut db = Db::open_in_memory().unwrap();
    sample(&mut db);
    let export = db.export_all().unwrap();
    let mut copy = Db::open_in_memory().unwrap();
    copy.import(&export, &mut Masker::new()).unwrap();
    let again = copy.import(&export, &mut Masker::new()).unwrap();
    assert_eq!(
        again,
        ImportStats {
            cases_added: 0,
            cases_skipped: 2,
            contacts_added: 0,
            contacts_skipped: 3
        }
    );
    assert_eq!(
        (
            count(&copy, "cases"),
            count(&copy, "contacts"),
            count(&copy, "promises")
        ),
        (2, 3, 2)
    );
    // Importing into the log it came from changes nothing either.
    let before = export_json(&db);
    db.import(&export, &mut Masker::new()).unwrap();
    assert_eq!(export_json(&db), before);
}

#[test]
fn import_adds_new_contacts_to_a_known_case() {
    let mut db = Db::open_in_memory().unwrap();
    let (dispute, _) = sample(&mut db);
    let mut export = db.export_all().unwrap();
    let case = export
        .cases
        .iter_mut()
        .find(|c| c.reason == "billing-dispute")
        .unwrap();
    let mut extra = case.contacts[0].clone();
    extra.uid = "0123456789abcdef0123456789abcdef".to_owned();
    extra.at = t("2026-03-12T10:00:00Z");
    extra.notes = Some("Imported from the laptop".to_owned());
    case.contacts.push(extra);
    let stats = db.import(&export, &mut Masker::new()).unwrap();
    assert_eq!(
        stats,
        ImportStats {
            cases_added: 0,
            cases_skipped: 2,
            contacts_added: 1,
            contacts_skipped: 3
        }
    );
    let case = db.find_case(dispute).unwrap().unwrap();
    assert_eq!(case.contacts.len(), 3);
    assert_eq!(
        case.contacts[2].notes.as_deref(),
        Some("Imported from the laptop")
    );
    assert_eq!(case.contacts[2].promises.len(), 2);
}

#[test]
fn a_bad_export_is_refused_whole() {
    type Spoil = fn(&mut Export);
    let mut db = Db::open_in_memory().unwrap();
    sample(&mut db);
    let good = db.export_all().unwrap();
    let mut target = Db::open_in_memory().unwrap();
    let spoilers: [(&str, Spoil, &str); 12] = [
        (
            "contact time before year 0",
            |e| {
                e.cases[0].contacts[0].at = NaiveDate::from_ymd_opt(-1, 12, 31)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
                    .and_utc();
            },
            "case 1 of the export: a date or time is outside the years 0000 to 9999",
        ),
        (
            "follow-up after year 9999",
            |e| e.cases[0].follow_up = NaiveDate::from_ymd_opt(10_000, 1, 1),
            "case 1 of the export: a date or time is outside",
        ),
        (
            "format",
            |e| e.format = "csv".to_owned(),
            "not an amex-help export",
        ),
        ("version", |e| e.version = 2, "export version 2"),
        (
            "case uid",
            |e| e.cases[1].uid = "has space".to_owned(),
            "case 2 of the export: uid is not",
        ),
        (
            "contact uid",
            |e| e.cases[1].contacts[0].uid = String::new(),
            "case 2 of the export: contact 1: uid is not",
        ),
        (
            "case uid holding a card number",
            |e| e.cases[0].uid = "378282246310005".to_owned(),
            "case 1 of the export: uid is not",
        ),
        (
            "contact uid holding a card number",
            |e| e.cases[0].contacts[0].uid = "x-4111111111111111".to_owned(),
            "case 1 of the export: contact 1: uid is not",
        ),
        (
            "reason that is not a slug",
            |e| e.cases[0].reason = "card 3782 822463 10005".to_owned(),
            "case 1 of the export: reason is not a slug",
        ),
        (
            "reason that is a card number",
            |e| e.cases[0].reason = "4111111111111111".to_owned(),
            "case 1 of the export: reason is not a slug",
        ),
        (
            "resolved_at",
            |e| e.cases[1].resolved_at = None,
            "resolved but resolved_at is null",
        ),
        (
            "card",
            |e| e.cases[0].card_last5 = Some("1234".to_owned()),
            "case 1 of the export: card_last5 must be",
        ),
    ];
    for (name, spoil, message) in spoilers {
        let mut export = good.clone();
        spoil(&mut export);
        let err = target.import(&export, &mut Masker::new()).unwrap_err();
        assert!(err.downcast_ref::<BadInput>().is_some(), "{name}: {err:#}");
        assert!(err.to_string().contains(message), "{name}: {err:#}");
        assert_eq!(count(&target, "cases"), 0, "{name}");
    }
}

#[test]
fn an_export_with_unknown_fields_does_not_parse() {
    let mut db = Db::open_in_memory().unwrap();
    sample(&mut db);
    let json = export_json(&db);
    for (from, to) in [
        ("\"format\"", "\"extra\": 1, \"format\""),
        ("\"reason\"", "\"id\": 3, \"reason\""),
        ("\"channel\"", "\"colour\": \"red\", \"channel\""),
        ("\"due\"", "\"done\": true, \"due\""),
    ] {
        let spoiled = json.replacen(from, to, 1);
        assert_ne!(spoiled, json);
        let err = serde_json::from_str::<Export>(&spoiled).unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }
    let spoiled = json.replacen("\"chat\"", "\"fax\"", 1);
    assert!(serde_json::from_str::<Export>(&spoiled).is_err());
}

#[test]
fn ids_print_parse_and_serialize_as_numbers() {
    assert_eq!(CaseId(12).to_string(), "12");
    assert_eq!("12".parse(), Ok(CaseId(12)));
    assert_eq!(" #12 ".parse(), Ok(CaseId(12)));
    assert!("0".parse::<CaseId>().is_err());
    assert!("twelve".parse::<CaseId>().is_err());
    assert_eq!(
        "x".parse::<ContactId>(),
        Err("x is not a contact number".to_owned())
    );
    assert_eq!(serde_json::to_string(&CaseId(7)).unwrap(), "7");
    assert_eq!(serde_json::to_string(&ContactId(8)).unwrap(), "8");
}

fn temp_db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("calls.sqlite3")
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_file_is_0600_in_new_directories_of_0700() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing");
    fs::create_dir(&existing).unwrap();
    fs::set_permissions(&existing, fs::Permissions::from_mode(0o755)).unwrap();
    let path = existing.join("a").join("b").join("calls.sqlite3");
    let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
    db.insert_case(&new_case("other", "x"), None, t("2026-03-01T10:00:00Z"))
        .unwrap();
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(mode_of(&existing.join("a")), 0o700);
    assert_eq!(mode_of(&existing.join("a").join("b")), 0o700);
    assert_eq!(
        mode_of(&existing),
        0o755,
        "an existing directory keeps its mode"
    );
    let wal = path.with_extension("sqlite3-wal");
    assert!(wal.exists());
    assert_eq!(
        mode_of(&wal),
        0o600,
        "SQLite gives the WAL file the database's mode"
    );
    let journal: String = db
        .conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    drop(db);

    // An existing file keeps the mode its owner gave it.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
    assert_eq!(mode_of(&path), 0o640);
}

#[test]
fn read_only_on_a_missing_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-yet").join("calls.sqlite3");
    assert!(Db::open(&path, OpenMode::ReadOnly).unwrap().is_none());
    assert!(!dir.path().join("not-yet").exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn read_only_reads_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    {
        let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
        sample(&mut db);
    }
    let mut db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(db.list_cases(&CaseFilter::default()).unwrap().len(), 2);
    assert!(db
        .insert_case(&new_case("other", "x"), None, t("2026-03-01T10:00:00Z"))
        .is_err());
    assert_eq!(db.list_cases(&CaseFilter::default()).unwrap().len(), 2);
}

/// Bytes that are not a database: a simple generator, so the test needs no crate.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    let bytes = noise(8192);
    fs::write(&path, &bytes).unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let Err(err) = Db::open(&path, mode) else {
            panic!("{mode:?} opened random bytes");
        };
        assert_eq!(
            format!("{err:#}"),
            format!(
                "{} is not an amex-help database (file is not a database); move it aside or \
                 pass --db with another path",
                path.display()
            )
        );
        assert_eq!(fs::read(&path).unwrap(), bytes, "{mode:?} changed the file");
    }
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "left files beside it: {names:?}");
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        .unwrap();
    let bytes = fs::read(&path).unwrap();
    let Err(err) = Db::open(&path, OpenMode::ReadWrite) else {
        panic!("opened another program's database");
    };
    assert!(
        err.to_string()
            .contains("is not an amex-help database (it holds another program's tables)"),
        "{err:#}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_newer_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir);
    {
        let mut db = Db::open(&path, OpenMode::ReadWrite).unwrap().unwrap();
        sample(&mut db);
        db.conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let Err(err) = Db::open(&path, mode) else {
            panic!("{mode:?} opened a newer database");
        };
        assert_eq!(
            format!("{err:#}"),
            format!(
                "database {} was written by a newer amex-help (schema version 99, this build \
                 knows {}); upgrade amex-help",
                path.display(),
                migrate::latest()
            )
        );
        assert_eq!(fs::read(&path).unwrap(), bytes, "{mode:?} changed the file");
    }
    let version: i64 = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn an_unusable_path_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    fs::write(&file, "not a directory").unwrap();
    let path = file.join("sub").join("calls.sqlite3");
    let Err(err) = Db::open(&path, OpenMode::ReadWrite) else {
        panic!("opened a path under a file");
    };
    let message = format!("{err:#}");
    assert!(message.contains(&path.display().to_string()), "{message}");

    // A directory where the file should be.
    let Err(err) = Db::open(dir.path(), OpenMode::ReadWrite) else {
        panic!("opened a directory");
    };
    let message = format!("{err:#}");
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );
}

#[test]
fn four_writers_at_once_all_succeed() {
    const WRITERS: usize = 4;
    const CONTACTS: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared").join("calls.sqlite3");
    let start = std::sync::Barrier::new(WRITERS);
    std::thread::scope(|scope| {
        for writer in 0..WRITERS {
            let (path, start) = (&path, &start);
            scope.spawn(move || {
                // All open at once, so the file creation and the migration race too.
                start.wait();
                let mut db = Db::open(path, OpenMode::ReadWrite).unwrap().unwrap();
                let (case, _) = db
                    .insert_case(
                        &new_case("other", &format!("writer {writer}")),
                        None,
                        t("2026-03-01T10:00:00Z"),
                    )
                    .unwrap();
                for n in 0..CONTACTS {
                    let mut contact = call("2026-03-01T10:00:00Z");
                    contact.notes = Some(clean(&format!("writer {writer} call {n}")));
                    db.insert_contact(case, &contact, None, None).unwrap();
                }
            });
        }
    });
    let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(count(&db, "cases"), 4);
    assert_eq!(count(&db, "contacts"), 400);
    let check: String = db
        .conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

const WRITER_DB_VAR: &str = "AMEX_HELP_TEST_WRITER_DB";

/// One of the writers of `four_writer_processes_all_succeed`, run in a child process; without
/// its variable it does nothing.
#[test]
fn writer_process() {
    let Some(path) = std::env::var_os(WRITER_DB_VAR) else {
        return;
    };
    let mut db = Db::open(Path::new(&path), OpenMode::ReadWrite)
        .unwrap()
        .unwrap();
    let (case, _) = db
        .insert_case(
            &new_case("other", "writer process"),
            None,
            t("2026-03-01T10:00:00Z"),
        )
        .unwrap();
    for _ in 0..100 {
        db.insert_contact(case, &call("2026-03-01T10:00:00Z"), None, None)
            .unwrap();
    }
}

/// Separate processes, as when the user runs two commands at once, each with its own file
/// locks: the threads test above shares one process's.
#[test]
fn four_writer_processes_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.sqlite3");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["tests::writer_process", "--test-threads=1"])
                .env(WRITER_DB_VAR, &path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "writer failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(count(&db, "cases"), 4);
    assert_eq!(count(&db, "contacts"), 400);
    let check: String = db
        .conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
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
            ][..],
        ),
        (LOAD_PROMISES_SQL, &["contact_id", "text", "due"][..]),
        (
            export::EXPORT_CASES_SQL,
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
            ][..],
        ),
        (
            export::EXPORT_CONTACTS_SQL,
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
            ][..],
        ),
        (export::EXPORT_PROMISES_SQL, &["text", "due"][..]),
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
