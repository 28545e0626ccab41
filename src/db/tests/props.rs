//! Property tests for export and import on generated call logs: export, import into an empty log
//! and export again gives the same bytes, importing the same export again adds nothing, and
//! free text in a hand-edited export is masked on the way in.
//!
//! It uses only the `Db` methods the commands use, none of the fixtures beside it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use serde_json::json;

use crate::calls::{Channel, Charge, NewCase, NewContact, NewPromise};
use crate::db::{Db, Export, ImportStats};
use crate::privacy::Masker;

/// Free text as people type it: printable text in any script, any string at all (control
/// characters and NUL included), empty, or a note holding a card number for the masker to take.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "\\PC{0,40}",
        2 => any::<String>(),
        1 => Just(String::new()),
        1 => "[a-z ]{0,10}".prop_map(|note| format!("{note} card 4111 1111 1111 1111, ssn 123-45-6789")),
    ]
}

fn maybe_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// Any day `parse_date` accepts.
fn date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(0, 1, 1).expect("year 0 exists in chrono");
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("year 9999 exists in chrono");
    (0..=(last - first).num_days()).prop_map(move |n| first + Duration::days(n))
}

/// Any instant `parse_at` can return: years 0000 to 9999 in UTC, the ends picked often.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    let year_0 = -62_167_219_200_i64;
    let year_10000 = 253_402_300_800_i64;
    let day = 86_400;
    prop_oneof![
        4 => (year_0..year_10000, 0..1_000_000_000_u32),
        1 => (year_0..(year_0 + day), 0..1_000_000_000_u32),
        1 => ((year_10000 - day)..year_10000, 0..1_000_000_000_u32),
    ]
    .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).expect("in chrono's range"))
}

/// When a case is opened or resolved: the clock, so this century, with sub-second parts.
fn now() -> impl Strategy<Value = DateTime<Utc>> {
    (946_684_800..4_102_444_800_i64, 0..1_000_000_000_u32)
        .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).expect("in chrono's range"))
}

fn channel() -> impl Strategy<Value = Channel> {
    prop::sample::select(Channel::ALL.to_vec())
}

#[derive(Debug, Clone)]
struct ContactSpec {
    at: DateTime<Utc>,
    channel: Channel,
    fields: [Option<String>; 7],
    duration_minutes: Option<u32>,
    promises: Vec<(String, Option<NaiveDate>)>,
}

fn contact() -> impl Strategy<Value = ContactSpec> {
    (
        instant(),
        channel(),
        [
            maybe_text(),
            maybe_text(),
            maybe_text(),
            maybe_text(),
            maybe_text(),
            maybe_text(),
            maybe_text(),
        ],
        prop::option::of(any::<u32>()),
        prop::collection::vec((text(), prop::option::of(date())), 0..3),
    )
        .prop_map(
            |(at, channel, fields, duration_minutes, promises)| ContactSpec {
                at,
                channel,
                fields,
                duration_minutes,
                promises,
            },
        )
}

/// What happens to a case after it is opened.
#[derive(Debug, Clone)]
enum Fate {
    Open,
    Resolved(Option<String>, DateTime<Utc>),
    /// Resolved, then reopened: the note stays, `resolved_at` goes.
    Reopened(Option<String>, DateTime<Utc>),
    Deleted,
}

#[derive(Debug, Clone)]
struct CaseSpec {
    reason: String,
    title: String,
    follow_up: Option<NaiveDate>,
    statement_date: Option<NaiveDate>,
    card_last5: Option<String>,
    created_at: DateTime<Utc>,
    first: Option<ContactSpec>,
    /// Later contacts, each with the follow-up change (`Some(None)` clears) and statement date
    /// that `log add --case` may carry.
    #[allow(clippy::option_option)] // the shape of `Db::insert_contact`'s argument
    more: Vec<(ContactSpec, Option<Option<NaiveDate>>, Option<NaiveDate>)>,
    fate: Fate,
}

fn case() -> impl Strategy<Value = CaseSpec> {
    let fate = prop_oneof![
        3 => Just(Fate::Open),
        2 => (maybe_text(), now()).prop_map(|(note, at)| Fate::Resolved(note, at)),
        1 => (maybe_text(), now()).prop_map(|(note, at)| Fate::Reopened(note, at)),
        1 => Just(Fate::Deleted),
    ];
    (
        (
            // `log add` stores the slug `route` found; import takes nothing else.
            "[a-z]{1,12}(-[a-z0-9]{1,8})?",
            text(),
            prop::option::of(date()),
            prop::option::of(date()),
            prop::option::of("[0-9]{5}"),
            now(),
        ),
        prop::option::of(contact()),
        prop::collection::vec(
            (
                contact(),
                prop::option::of(prop::option::of(date())),
                prop::option::of(date()),
            ),
            0..3,
        ),
        fate,
    )
        .prop_map(
            |(
                (reason, title, follow_up, statement_date, card_last5, created_at),
                first,
                more,
                fate,
            )| CaseSpec {
                reason,
                title,
                follow_up,
                statement_date,
                card_last5,
                created_at,
                first,
                more,
                fate,
            },
        )
}

fn new_contact(spec: &ContactSpec, masker: &mut Masker) -> NewContact {
    let mut contact = NewContact::new(spec.at, spec.channel);
    let [number, department, rep, rep_id, reference, outcome, notes] = &spec.fields;
    contact.number = masker.clean_opt("number", number.as_deref());
    contact.department = masker.clean_opt("department", department.as_deref());
    contact.rep = masker.clean_opt("rep", rep.as_deref());
    contact.rep_id = masker.clean_opt("rep_id", rep_id.as_deref());
    contact.reference = masker.clean_opt("reference", reference.as_deref());
    contact.outcome = masker.clean_opt("outcome", outcome.as_deref());
    contact.notes = masker.clean_opt("notes", notes.as_deref());
    contact.duration_minutes = spec.duration_minutes;
    contact.promises = spec
        .promises
        .iter()
        .map(|(text, due)| NewPromise {
            text: masker.clean("promise", text),
            due: *due,
        })
        .collect();
    contact
}

/// Writes the cases through the same `Db` methods the commands use; returns how many cases and
/// contacts the log should hold.
fn write_log(db: &mut Db, cases: &[CaseSpec]) -> (usize, usize) {
    let mut masker = Masker::new();
    let (mut kept_cases, mut kept_contacts) = (0, 0);
    for spec in cases {
        let case = NewCase {
            reason: spec.reason.clone(),
            title: masker.clean("title", &spec.title),
            follow_up: spec.follow_up,
            statement_date: spec.statement_date,
            card_last5: spec.card_last5.clone(),
            charge: Charge::default(),
        };
        let first = spec.first.as_ref().map(|c| new_contact(c, &mut masker));
        let (id, _) = db
            .insert_case(&case, first.as_ref(), spec.created_at)
            .unwrap();
        for (contact, follow_up, statement_date) in &spec.more {
            let contact = new_contact(contact, &mut masker);
            db.insert_contact(id, &contact, *follow_up, *statement_date)
                .unwrap();
        }
        match &spec.fate {
            Fate::Open => {}
            Fate::Resolved(note, at) | Fate::Reopened(note, at) => {
                let note = masker.clean_opt("resolution_note", note.as_deref());
                db.resolve(id, note, *at).unwrap();
                if matches!(spec.fate, Fate::Reopened(..)) {
                    db.reopen(id).unwrap();
                }
            }
            Fate::Deleted => {
                db.delete_case(id).unwrap();
                continue;
            }
        }
        kept_cases += 1;
        kept_contacts += usize::from(spec.first.is_some()) + spec.more.len();
    }
    (kept_cases, kept_contacts)
}

/// The export as `amex-help export --format json` writes it, and as `import` reads it back.
fn exported(db: &Db) -> (String, Export) {
    let json = serde_json::to_string_pretty(&db.export_all().unwrap()).unwrap();
    let export = serde_json::from_str(&json).unwrap();
    (json, export)
}

fn contacts_in(export: &Export) -> usize {
    export.cases.iter().map(|c| c.contacts.len()).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn export_import_export_is_identical_and_a_second_import_adds_nothing(
        cases in prop::collection::vec(case(), 0..6),
    ) {
        let mut source = Db::open_in_memory().unwrap();
        let (case_count, contact_count) = write_log(&mut source, &cases);
        let (first, export) = exported(&source);
        prop_assert_eq!(export.cases.len(), case_count);
        prop_assert_eq!(contacts_in(&export), contact_count);

        let mut copy = Db::open_in_memory().unwrap();
        let mut masker = Masker::new();
        let stats = copy.import(&export, &mut masker).unwrap();
        prop_assert_eq!(stats, ImportStats {
            cases_added: case_count,
            cases_skipped: 0,
            contacts_added: contact_count,
            contacts_skipped: 0,
        });
        // It was masked on the way in; a second pass finds nothing to report.
        prop_assert_eq!(masker.reports(), &[]);
        prop_assert_eq!(&exported(&copy).0, &first);

        let skipped_all = ImportStats {
            cases_added: 0,
            cases_skipped: case_count,
            contacts_added: 0,
            contacts_skipped: contact_count,
        };
        for db in [&mut copy, &mut source] {
            prop_assert_eq!(db.import(&export, &mut Masker::new()).unwrap(), skipped_all);
            prop_assert_eq!(&exported(db).0, &first);
        }
    }
}

/// A hand-edited export, written as JSON as a person would edit it: every free-text field the
/// import masks may hold a card number or an SSN. `reason` and the uids are not free text (the
/// import refuses anything but a slug and plain uids) and are left out.
fn edited_export() -> impl Strategy<Value = Export> {
    let secret = prop_oneof![
        Just("4111 1111 1111 1111"),
        Just("3782-822463-10005"),
        Just("6011\u{a0}0009\u{a0}9013\u{a0}9424"),
        Just("123-45-6789"),
    ];
    let field = (
        "[a-zA-Zé .,:!?💳-]{0,12}",
        secret,
        "[a-zA-Zé .,:!?💳-]{0,12}",
    )
        .prop_map(|(a, s, z)| format!("{a} {s} {z}"));
    let maybe = prop::option::of(field.clone());
    let contact = (
        "[0-9a-f]{32}",
        instant(),
        channel(),
        prop::collection::vec(maybe.clone(), 7),
        prop::collection::vec((field.clone(), prop::option::of(date())), 0..3),
    )
        .prop_map(|(uid, at, channel, fields, promises)| {
            let mut contact = json!({
                "uid": uid,
                "at": at,
                "channel": channel,
                "duration_minutes": null,
                "promises": promises
                    .into_iter()
                    .map(|(text, due)| json!({"text": text, "due": due}))
                    .collect::<Vec<_>>(),
            });
            for (name, value) in MASKED_CONTACT_FIELDS.iter().zip(fields) {
                contact[*name] = json!(value);
            }
            contact
        });
    let case = (
        "[0-9a-f]{32}",
        field,
        maybe,
        instant(),
        prop::option::of(instant()),
        prop::collection::vec(contact, 0..3),
    )
        .prop_map(
            |(uid, title, resolution_note, created_at, resolved_at, contacts)| {
                json!({
                    "uid": uid,
                    "reason": "dispute",
                    "title": title,
                    "status": if resolved_at.is_some() { "resolved" } else { "open" },
                    "follow_up": null,
                    "statement_date": null,
                    "card_last5": null,
                    "created_at": created_at,
                    "resolved_at": resolved_at,
                    "resolution_note": resolution_note,
                    "contacts": contacts,
                })
            },
        );
    prop::collection::vec(case, 0..4).prop_map(|cases| {
        let export = json!({
            "format": crate::db::EXPORT_FORMAT,
            "version": crate::db::EXPORT_VERSION,
            "cases": cases,
        });
        serde_json::from_value(export).expect("the shape of an export")
    })
}

/// The contact fields the import masks, besides each promise's text.
const MASKED_CONTACT_FIELDS: [&str; 7] = [
    "number",
    "department",
    "rep",
    "rep_id",
    "reference",
    "outcome",
    "notes",
];

/// Every masked text of an export, by name, read from its JSON.
fn masked_texts(export: &Export) -> Vec<(String, String)> {
    let json = serde_json::to_value(export).expect("an export is JSON");
    let text = |name: &str, value: &serde_json::Value| {
        value.as_str().map(|s| (name.to_owned(), s.to_owned()))
    };
    let mut out = Vec::new();
    for case in json["cases"].as_array().into_iter().flatten() {
        out.extend(text("title", &case["title"]));
        out.extend(text("resolution_note", &case["resolution_note"]));
        for contact in case["contacts"].as_array().into_iter().flatten() {
            for name in MASKED_CONTACT_FIELDS {
                out.extend(text(name, &contact[name]));
            }
            for promise in contact["promises"].as_array().into_iter().flatten() {
                out.extend(text("promise", &promise["text"]));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_hand_edited_export_is_masked_on_import_and_then_round_trips(
        export in edited_export(),
    ) {
        let mut log = Db::open_in_memory().unwrap();
        let mut masker = Masker::new();
        log.import(&export, &mut masker).unwrap();
        let (json, imported) = exported(&log);
        let texts = masked_texts(&imported);
        prop_assert_eq!(texts.len(), masked_texts(&export).len());
        for (name, value) in texts {
            prop_assert!(!value.bytes().any(|b| b.is_ascii_digit()), "{} {:?}", name, value);
        }
        prop_assert!(export.cases.is_empty() || !masker.reports().is_empty());

        let mut copy = Db::open_in_memory().unwrap();
        let mut again = Masker::new();
        copy.import(&imported, &mut again).unwrap();
        prop_assert_eq!(again.reports(), &[]);
        prop_assert_eq!(exported(&copy).0, json);
    }
}
