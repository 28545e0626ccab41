-- Why: SQLite hands out max(id) + 1, so deleting the newest case gave its number, and its calendar
-- events' case number, to the next case. AUTOINCREMENT keeps the highest id ever used (in
-- sqlite_sequence), so a deleted case's or contact's id is never handed out again.

-- A column cannot be made AUTOINCREMENT in place: cases and contacts are rebuilt with the same
-- columns, rows and ids. The runner applies migrations with foreign keys off (dropping the old
-- tables must not cascade) and checks them before committing. Triggers and indexes go with the
-- old tables and are created again below exactly as 0001-0003 made them.
DROP TRIGGER cases_activity_on_create;
DROP TRIGGER contacts_activity_on_insert;
DROP TRIGGER contacts_activity_on_update;
DROP TRIGGER contacts_activity_on_delete;
DROP TRIGGER promises_due_on_insert;
DROP TRIGGER promises_due_on_update;
DROP TRIGGER promises_due_on_delete;
DROP TRIGGER contacts_promise_due_on_delete;

CREATE TABLE cases_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    follow_up TEXT,
    statement_date TEXT,
    card_last5 TEXT CHECK (card_last5 IS NULL OR (length(card_last5) = 5 AND card_last5 NOT GLOB '*[^0-9]*')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution_note TEXT,
    last_activity_at TEXT,
    first_promise_due TEXT
);
INSERT INTO cases_rebuilt (id, uid, reason, title, status, follow_up, statement_date, card_last5,
                           created_at, resolved_at, resolution_note, last_activity_at, first_promise_due)
SELECT id, uid, reason, title, status, follow_up, statement_date, card_last5,
       created_at, resolved_at, resolution_note, last_activity_at, first_promise_due
FROM cases;

CREATE TABLE contacts_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    uid TEXT NOT NULL UNIQUE,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    number TEXT,
    department TEXT,
    rep TEXT,
    rep_id TEXT,
    reference TEXT,
    duration_minutes INTEGER,
    outcome TEXT,
    notes TEXT
);
INSERT INTO contacts_rebuilt (id, uid, case_id, at, channel, number, department, rep, rep_id,
                              reference, duration_minutes, outcome, notes)
SELECT id, uid, case_id, at, channel, number, department, rep, rep_id,
       reference, duration_minutes, outcome, notes
FROM contacts;

DROP TABLE contacts;
DROP TABLE cases;
ALTER TABLE cases_rebuilt RENAME TO cases;
ALTER TABLE contacts_rebuilt RENAME TO contacts;

-- From 0001.
CREATE INDEX cases_status_follow_up ON cases (status, follow_up);
CREATE INDEX contacts_case_at ON contacts (case_id, at);

-- From 0002.
CREATE TRIGGER cases_activity_on_create AFTER INSERT ON cases
WHEN NEW.last_activity_at IS NULL
BEGIN
    UPDATE cases SET last_activity_at = NEW.created_at WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_activity_on_insert AFTER INSERT ON contacts
BEGIN
    UPDATE cases SET last_activity_at = coalesce(
        (SELECT max(k.at) FROM contacts k WHERE k.case_id = NEW.case_id), cases.created_at)
    WHERE id = NEW.case_id;
END;

CREATE TRIGGER contacts_activity_on_update AFTER UPDATE OF at, case_id ON contacts
BEGIN
    UPDATE cases SET last_activity_at = coalesce(
        (SELECT max(k.at) FROM contacts k WHERE k.case_id = cases.id), cases.created_at)
    WHERE id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER contacts_activity_on_delete AFTER DELETE ON contacts
BEGIN
    UPDATE cases SET last_activity_at = coalesce(
        (SELECT max(k.at) FROM contacts k WHERE k.case_id = OLD.case_id), cases.created_at)
    WHERE id = OLD.case_id;
END;

CREATE INDEX cases_last_activity ON cases (last_activity_at, id);

-- From 0003.
CREATE TRIGGER promises_due_on_insert AFTER INSERT ON promises
WHEN NEW.due IS NOT NULL
BEGIN
    UPDATE cases SET first_promise_due = min(coalesce(first_promise_due, NEW.due), NEW.due)
    WHERE id = (SELECT case_id FROM contacts WHERE id = NEW.contact_id);
END;

CREATE TRIGGER promises_due_on_update AFTER UPDATE OF due, contact_id ON promises
BEGIN
    UPDATE cases SET first_promise_due = (
        SELECT min(p.due) FROM promises p JOIN contacts k ON k.id = p.contact_id
        WHERE k.case_id = cases.id)
    WHERE id IN (SELECT case_id FROM contacts WHERE id IN (OLD.contact_id, NEW.contact_id));
END;

CREATE TRIGGER promises_due_on_delete AFTER DELETE ON promises
BEGIN
    UPDATE cases SET first_promise_due = (
        SELECT min(p.due) FROM promises p JOIN contacts k ON k.id = p.contact_id
        WHERE k.case_id = cases.id)
    WHERE id = (SELECT case_id FROM contacts WHERE id = OLD.contact_id);
END;

CREATE TRIGGER contacts_promise_due_on_delete AFTER DELETE ON contacts
BEGIN
    UPDATE cases SET first_promise_due = (
        SELECT min(p.due) FROM promises p JOIN contacts k ON k.id = p.contact_id
        WHERE k.case_id = cases.id)
    WHERE id = OLD.case_id;
END;

CREATE INDEX cases_attention ON cases (
    status, min(coalesce(follow_up, '9999-12-31'), coalesce(first_promise_due, '9999-12-31')), id);
