//! Writes: cases, contacts, edits, resolve/reopen, delete and rollback on failure.

use super::*;

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
