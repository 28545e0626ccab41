//! Unit tests of the database layer against in-memory and temporary files, one file per concern,
//! and the property tests of export and import. This file holds the shared fixtures.

mod bulk;
mod export;
mod file;
mod props;
mod read;
mod write;

use super::read::*;
use super::write::*;
use super::*;
use crate::calls::{CaseStatus, Channel, Charge, ContactId, NewCase, NewContact, NewPromise};
use crate::error::BadInput;
use crate::privacy::Clean;
use crate::privacy::Masker;
use chrono::NaiveDate;
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
        charge: Charge::default(),
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
