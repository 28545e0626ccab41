//! Export and import: round trips, idempotence, refusals, and how ids print.

use super::*;
use crate::db::export::ExportPromise;

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
#[allow(clippy::too_many_lines)] // One table row per way an export can be bad.
fn a_bad_export_is_refused_whole() {
    type Spoil = fn(&mut Export);
    let mut db = Db::open_in_memory().unwrap();
    sample(&mut db);
    let good = db.export_all().unwrap();
    let mut target = Db::open_in_memory().unwrap();
    let spoilers: [(&str, Spoil, &str); 21] = [
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
        ("version", |e| e.version = 3, "export version 3"),
        (
            "cycle day",
            |e| e.cases[0].cycle_day = Some(32),
            "case 1 of the export: cycle_day is not a day",
        ),
        (
            "a phone call as the notice",
            |e| {
                e.cases[0].contacts[0].channel = Channel::Phone;
                e.cases[0].contacts[0].billing_error_notice = true;
            },
            "case 1 of the export: a contact marked as the billing-error notice",
        ),
        (
            "rung",
            |e| e.cases[0].contacts[0].rung = Some("Ask a Supervisor".to_owned()),
            "case 1 of the export: a contact's rung is not a slug",
        ),
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
            "case uid too short to be one",
            |e| e.cases[0].uid = "x".to_owned(),
            "case 1 of the export: uid is not 8 to 64",
        ),
        (
            "case uid starting with a hyphen",
            |e| e.cases[0].uid = "-abcdefgh".to_owned(),
            "case 1 of the export: uid is not",
        ),
        (
            "the same case twice",
            |e| e.cases[1].uid = e.cases[0].uid.clone(),
            "case 2 of the export: the uid is also case 1's",
        ),
        (
            "the same contact in two cases",
            |e| e.cases[1].contacts[0].uid = e.cases[0].contacts[0].uid.clone(),
            "case 2 of the export: contact 1: the uid is also contact 1 of case 1",
        ),
        (
            "a NUL in the notes",
            |e| e.cases[1].contacts[0].notes = Some("before\0after".to_owned()),
            "case 2 of the export: a field holds a NUL character",
        ),
        (
            "a NUL in a promise",
            |e| {
                e.cases[0].contacts[0].promises.push(ExportPromise {
                    text: "\0".to_owned(),
                    due: None,
                });
            },
            "case 1 of the export: a field holds a NUL character",
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

#[test]
fn a_version_1_export_still_imports() {
    let v1 = r#"{"format": "amex-help-export", "version": 1, "cases": [
        {"uid": "case-0001", "reason": "dispute", "title": "Charged twice", "status": "open",
         "follow_up": null, "statement_date": "2026-10-05", "card_last5": null,
         "created_at": "2026-10-10T12:00:00Z", "resolved_at": null, "resolution_note": null,
         "contacts": [{"uid": "contact-0001", "at": "2026-10-10T12:00:00Z", "channel": "letter",
            "number": null, "department": null, "rep": null, "rep_id": null, "reference": null,
            "duration_minutes": null, "outcome": null, "notes": null, "promises": []}]}]}"#;
    let export: Export = serde_json::from_str(v1).unwrap();
    let mut db = Db::open_in_memory().unwrap();
    let stats = db.import(&export, &mut Masker::new()).unwrap();
    assert_eq!((stats.cases_added, stats.contacts_added), (1, 1));
    let again = db.export_all().unwrap();
    assert_eq!(again.version, 2);
    assert_eq!(again.cases[0].merchant, None);
    assert!(!again.cases[0].contacts[0].billing_error_notice);
}
