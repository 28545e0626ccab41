//! Unit tests of `migrate`.

use super::*;
use std::fs;
use std::path::Path;

fn table_names(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn all_migrations_apply_to_an_empty_database() {
    let mut conn = Connection::open_in_memory().unwrap();
    upgrade(&mut conn, "test").unwrap();
    assert_eq!(schema_version(&conn, "test").unwrap(), latest());
    assert_eq!(
        table_names(&conn),
        ["cases", "contacts", "promises", "sqlite_sequence"]
    );
    // A second run finds nothing to do.
    upgrade(&mut conn, "test").unwrap();
    assert_eq!(schema_version(&conn, "test").unwrap(), latest());
}

#[test]
fn every_file_in_migrations_is_in_the_list_in_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        MIGRATIONS.len(),
        "migrations/ holds {names:?} but MIGRATIONS has {} entries",
        MIGRATIONS.len()
    );
    for (index, name) in names.iter().enumerate() {
        let stem = name
            .strip_suffix(".sql")
            .unwrap_or_else(|| panic!("{name} is not a .sql file"));
        let (number, description) = stem.split_at(4.min(stem.len()));
        assert_eq!(
            number,
            format!("{:04}", index + 1),
            "{name}: expected sequence number {:04}",
            index + 1
        );
        let description = description
            .strip_prefix('_')
            .unwrap_or_else(|| panic!("{name}: want NNNN_snake_case.sql"));
        assert!(
            !description.is_empty()
                && !description.starts_with('_')
                && !description.ends_with('_')
                && !description.contains("__")
                && description
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{name}: want NNNN_snake_case.sql"
        );
        let text = fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            text.lines()
                .next()
                .is_some_and(|line| line.starts_with("--")),
            "{name}: the first line must be a -- comment saying why"
        );
        assert_eq!(
            text, MIGRATIONS[index],
            "{name} is not entry {index} of MIGRATIONS"
        );
    }
}

#[test]
fn data_written_at_each_version_survives_the_upgrade() {
    for from in 1..=latest() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade_to(&mut conn, "test", from).unwrap();
        // Only columns from 0001 are used, so the rows are valid at every version.
        conn.execute_batch(
            "INSERT INTO cases (id, uid, reason, title, status, created_at) \
                 VALUES (1, 'c1', 'billing-dispute', 'Double charge', 'open', '2026-03-01T14:00:00Z');
             INSERT INTO contacts (id, uid, case_id, at, channel, reference) \
                 VALUES (1, 'k1', 1, '2026-03-01T14:00:00Z', 'phone', 'REF-1');
             INSERT INTO promises (contact_id, text, due) VALUES (1, 'Credit in 3 days', '2026-03-04');",
        )
        .unwrap();
        upgrade(&mut conn, "test").unwrap();
        assert_eq!(schema_version(&conn, "test").unwrap(), latest());
        let (title, reference, promise): (String, String, String) = conn
            .query_row(
                "SELECT c.title, k.reference, p.text FROM cases c \
                 JOIN contacts k ON k.case_id = c.id JOIN promises p ON p.contact_id = k.id",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (title.as_str(), reference.as_str(), promise.as_str()),
            ("Double charge", "REF-1", "Credit in 3 days"),
            "data lost upgrading from version {from}"
        );
    }
}

fn last_activity(conn: &Connection, uid: &str) -> String {
    conn.query_row(
        "SELECT last_activity_at FROM cases WHERE uid = ?1",
        [uid],
        |row| row.get(0),
    )
    .unwrap()
}

#[test]
fn last_activity_is_filled_in_by_the_upgrade_and_kept_by_triggers() {
    let mut conn = Connection::open_in_memory().unwrap();
    upgrade_to(&mut conn, "test", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO cases (id, uid, reason, title, status, created_at) VALUES
             (1, 'quiet', 'fraud', 'No calls yet', 'open', '2026-03-01T09:00:00Z'),
             (2, 'busy', 'dispute', 'Two calls', 'open', '2026-03-01T09:00:00Z');
         INSERT INTO contacts (id, uid, case_id, at, channel) VALUES
             (1, 'k1', 2, '2026-03-05T10:00:00Z', 'phone'),
             (2, 'k2', 2, '2026-03-02T10:00:00Z', 'phone');",
    )
    .unwrap();
    upgrade(&mut conn, "test").unwrap();
    assert_eq!(last_activity(&conn, "quiet"), "2026-03-01T09:00:00Z");
    assert_eq!(last_activity(&conn, "busy"), "2026-03-05T10:00:00Z");

    // A new case starts at its creation; a contact, even one dated earlier, takes over.
    conn.execute_batch(
        "INSERT INTO cases (id, uid, reason, title, status, created_at) VALUES
             (3, 'new', 'lost-card', 'Lost', 'open', '2026-04-01T09:00:00Z');",
    )
    .unwrap();
    assert_eq!(last_activity(&conn, "new"), "2026-04-01T09:00:00Z");
    conn.execute_batch(
        "INSERT INTO contacts (id, uid, case_id, at, channel) VALUES
             (3, 'k3', 3, '2026-03-30T08:00:00Z', 'phone');",
    )
    .unwrap();
    assert_eq!(last_activity(&conn, "new"), "2026-03-30T08:00:00Z");

    // Moving or deleting the latest contact moves the activity back.
    conn.execute_batch("UPDATE contacts SET at = '2026-03-01T12:00:00Z' WHERE id = 1")
        .unwrap();
    assert_eq!(last_activity(&conn, "busy"), "2026-03-02T10:00:00Z");
    conn.execute_batch("DELETE FROM contacts WHERE id = 2")
        .unwrap();
    assert_eq!(last_activity(&conn, "busy"), "2026-03-01T12:00:00Z");
    conn.execute_batch("DELETE FROM contacts WHERE id = 1")
        .unwrap();
    assert_eq!(last_activity(&conn, "busy"), "2026-03-01T09:00:00Z");
}

#[test]
fn first_promise_due_is_filled_in_by_the_upgrade_and_kept_by_triggers() {
    let first = |conn: &Connection| -> Option<String> {
        conn.query_row(
            "SELECT first_promise_due FROM cases WHERE id = 1",
            [],
            |row| row.get(0),
        )
        .unwrap()
    };
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    upgrade_to(&mut conn, "test", 2).unwrap();
    conn.execute_batch(
        "INSERT INTO cases (id, uid, reason, title, status, created_at)
             VALUES (1, 'c', 'dispute', 'Refund', 'open', '2026-03-01T09:00:00Z');
         INSERT INTO contacts (id, uid, case_id, at, channel) VALUES
             (1, 'k1', 1, '2026-03-01T10:00:00Z', 'phone'),
             (2, 'k2', 1, '2026-03-02T10:00:00Z', 'phone');
         INSERT INTO promises (contact_id, text, due) VALUES (2, 'Credit', '2026-03-09');",
    )
    .unwrap();
    upgrade(&mut conn, "test").unwrap();
    assert_eq!(first(&conn).as_deref(), Some("2026-03-09"));
    conn.execute_batch(
        "INSERT INTO promises (contact_id, text, due) VALUES (1, 'Letter', '2026-03-04');
         INSERT INTO promises (contact_id, text, due) VALUES (1, 'Someday', NULL);",
    )
    .unwrap();
    assert_eq!(first(&conn).as_deref(), Some("2026-03-04"));
    conn.execute_batch("UPDATE promises SET due = '2026-03-20' WHERE text = 'Letter'")
        .unwrap();
    assert_eq!(first(&conn).as_deref(), Some("2026-03-09"));
    // Deleting a contact takes its promises, and the case forgets them.
    conn.execute_batch("DELETE FROM contacts WHERE id = 2")
        .unwrap();
    assert_eq!(first(&conn).as_deref(), Some("2026-03-20"));
    conn.execute_batch("DELETE FROM promises").unwrap();
    assert_eq!(first(&conn), None);
}

#[test]
fn a_file_at_version_one_with_rows_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        upgrade_to(&mut conn, "test", 1).unwrap();
        conn.execute(
            "INSERT INTO cases (uid, reason, title, status, created_at) \
             VALUES ('c1', 'lost-card', 'Card lost in Lisbon', 'open', '2026-03-01T14:00:00Z')",
            [],
        )
        .unwrap();
    }
    let mut conn = Connection::open(&path).unwrap();
    upgrade(&mut conn, "test").unwrap();
    let title: String = conn
        .query_row("SELECT title FROM cases WHERE uid = 'c1'", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(title, "Card lost in Lisbon");
}

#[test]
fn a_newer_database_is_refused_and_left_at_its_version() {
    let mut conn = Connection::open_in_memory().unwrap();
    let newer = latest() + 1;
    conn.pragma_update(None, "user_version", i64::try_from(newer).unwrap())
        .unwrap();
    let err = upgrade(&mut conn, "/tmp/x.sqlite3")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!(
            "database /tmp/x.sqlite3 was written by a newer amex-help (schema version \
             {newer}, this build knows {}); upgrade amex-help",
            latest()
        )
    );
    let after: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(after, i64::try_from(newer).unwrap());
    assert!(table_names(&conn).is_empty());
}

#[test]
fn a_negative_version_is_refused() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "user_version", -3).unwrap();
    let err = upgrade(&mut conn, "x.db").unwrap_err().to_string();
    assert!(err.contains("x.db is not an amex-help database"), "{err}");
}

#[test]
fn the_rebuild_keeps_every_column_row_and_id_and_turns_foreign_keys_back_on() {
    // The step before 0004, with a gap in the ids and the newest case deleted.
    let before = MIGRATIONS
        .iter()
        .position(|m| m.contains("AUTOINCREMENT"))
        .unwrap();
    let mut conn = Connection::open_in_memory().unwrap();
    upgrade_to(&mut conn, "test", before).unwrap();
    conn.execute_batch(
        "INSERT INTO cases (id, uid, reason, title, status, created_at) VALUES
             (3, 'c3', 'dispute', 'Three', 'open', '2026-03-01T14:00:00Z'),
             (7, 'c7', 'fraud', 'Seven', 'open', '2026-03-02T14:00:00Z');
         INSERT INTO contacts (id, uid, case_id, at, channel) VALUES
             (5, 'k5', 7, '2026-03-02T15:00:00Z', 'chat');
         INSERT INTO promises (contact_id, text, due) VALUES (5, 'Credit', '2026-03-09');",
    )
    .unwrap();
    let columns = |conn: &Connection, table: &str| -> Vec<String> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT name FROM pragma_table_info('{table}') ORDER BY name"
            ))
            .unwrap();
        stmt.query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // Any column an earlier migration added must survive the rebuild.
    let (cases_before, contacts_before) = (columns(&conn, "cases"), columns(&conn, "contacts"));
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    upgrade_to(&mut conn, "test", before + 1).unwrap();
    assert_eq!(columns(&conn, "cases"), cases_before);
    assert_eq!(columns(&conn, "contacts"), contacts_before);
    let foreign_keys: bool = conn
        .pragma_query_value(None, "foreign_keys", |row| row.get(0))
        .unwrap();
    assert!(foreign_keys, "the caller's foreign-key setting is restored");
    let (due, activity): (String, String) = conn
        .query_row(
            "SELECT first_promise_due, last_activity_at FROM cases WHERE id = 7",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (due.as_str(), activity.as_str()),
        ("2026-03-09", "2026-03-02T15:00:00Z")
    );
    // Deleting the newest case and contact does not free their ids.
    conn.execute("DELETE FROM cases WHERE id = 7", []).unwrap();
    let left: i64 = conn
        .query_row("SELECT count(*) FROM contacts", [], |row| row.get(0))
        .unwrap();
    assert_eq!(left, 0, "the cascade still runs after the rebuild");
    conn.execute(
        "INSERT INTO cases (uid, reason, title, status, created_at) \
         VALUES ('c8', 'fraud', 'Eight', 'open', '2026-03-03T14:00:00Z')",
        [],
    )
    .unwrap();
    assert_eq!(conn.last_insert_rowid(), 8);
    conn.execute(
        "INSERT INTO contacts (uid, case_id, at, channel) VALUES ('k6', 8, '2026-03-03T14:00:00Z', 'chat')",
        [],
    )
    .unwrap();
    assert_eq!(conn.last_insert_rowid(), 6);
    // The triggers came back: a new contact moves the activity.
    let activity: String = conn
        .query_row(
            "SELECT last_activity_at FROM cases WHERE id = 8",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(activity, "2026-03-03T14:00:00Z");
}

#[test]
fn dispute_facts_arrive_empty_and_are_checked() {
    let mut conn = Connection::open_in_memory().unwrap();
    upgrade_to(&mut conn, "test", 4).unwrap();
    conn.execute_batch(
        "INSERT INTO cases (id, uid, reason, title, status, created_at) \
             VALUES (1, 'c1', 'dispute', 'Double charge', 'open', '2026-03-01T14:00:00Z');
         INSERT INTO contacts (id, uid, case_id, at, channel) \
             VALUES (1, 'k1', 1, '2026-03-01T14:00:00Z', 'letter');",
    )
    .unwrap();
    upgrade(&mut conn, "test").unwrap();
    let (notice, merchant): (bool, Option<String>) = conn
        .query_row(
            "SELECT k.billing_error_notice, c.merchant FROM contacts k JOIN cases c ON c.id = k.case_id",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (notice, merchant),
        (false, None),
        "old contacts are not notices"
    );
    for bad in [
        "UPDATE cases SET cycle_day = 32",
        "UPDATE cases SET cycle_day = 0",
        "UPDATE cases SET amount_cents = -1",
        "UPDATE contacts SET billing_error_notice = 2",
    ] {
        assert!(conn.execute_batch(bad).is_err(), "{bad} was allowed");
    }
}
