//! Bulk loading: rows read back as loaded, free text is masked, bad values are refused.

use super::*;
use crate::db::bulk::{BulkCase, BulkContact, BulkLoad};

#[test]
fn a_bulk_load_reads_back_masked_and_in_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.sqlite3");
    let mut log = BulkLoad::open(&path).unwrap();
    let mut batch = log.batch().unwrap();
    let case = batch
        .case(&BulkCase {
            reason: "dispute",
            title: "Double charge",
            follow_up: None,
            statement_date: Some(d("2026-02-20")),
            card_last5: Some("71006"),
            created_at: t("2026-03-01T10:00:00Z"),
            resolved_at: Some(t("2026-03-09T10:00:00Z")),
            resolution_note: Some("Credited"),
        })
        .unwrap();
    let contact = batch
        .contact(
            case,
            &BulkContact {
                at: t("2026-03-01T10:00:00Z"),
                channel: "secure-message",
                number: None,
                department: Some("Disputes"),
                rep: Some("Dana"),
                rep_id: None,
                reference: Some("R-1"),
                duration_minutes: Some(5),
                outcome: None,
                notes: Some("card 4111 1111 1111 1111"),
            },
        )
        .unwrap();
    batch
        .promise(contact, "Credit", Some(d("2026-03-05")))
        .unwrap();
    batch.commit().unwrap();
    log.finish().unwrap();

    let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    let case = db.find_case(CaseId(1)).unwrap().unwrap();
    assert_eq!(case.status, CaseStatus::Resolved);
    assert_eq!(case.resolution_note.as_deref(), Some("Credited"));
    assert_eq!(case.statement_date, Some(d("2026-02-20")));
    let first = &case.contacts[0];
    assert_eq!(first.channel, Channel::SecureMessage);
    assert!(!first.notes.as_deref().unwrap().contains("4111 1111"));
    assert_eq!(first.promises[0].due, Some(d("2026-03-05")));
}

#[test]
fn a_bulk_batch_dropped_or_refused_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.sqlite3");
    let mut log = BulkLoad::open(&path).unwrap();
    let good = BulkCase {
        reason: "fraud",
        title: "t",
        follow_up: None,
        statement_date: None,
        card_last5: None,
        created_at: t("2026-03-01T10:00:00Z"),
        resolved_at: None,
        resolution_note: None,
    };
    {
        let mut batch = log.batch().unwrap();
        let case = batch.case(&good).unwrap();
        let bad_channel = BulkContact {
            at: t("2026-03-01T10:00:00Z"),
            channel: "pigeon",
            number: None,
            department: None,
            rep: None,
            rep_id: None,
            reference: None,
            duration_minutes: None,
            outcome: None,
            notes: None,
        };
        assert!(batch.contact(case, &bad_channel).is_err());
        let bad_last5 = BulkCase {
            card_last5: Some("4111111111111111"),
            ..good
        };
        assert!(batch.case(&bad_last5).is_err());
    }
    drop(log);
    let db = Db::open(&path, OpenMode::ReadOnly).unwrap().unwrap();
    assert_eq!(count(&db, "cases"), 0);
}
