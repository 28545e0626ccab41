-- Why: the call log is the user's paper trail with the issuer (cases, every contact, what was
-- promised), from which follow-ups, escalation and Fair Credit Billing Act deadlines are worked out.

-- Dates are YYYY-MM-DD text and times RFC 3339 UTC text of one fixed width, so comparing the text
-- orders them in time. uid survives export and import (ids are local) and names calendar events.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    reason TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    follow_up TEXT,
    statement_date TEXT,
    card_last5 TEXT CHECK (card_last5 IS NULL OR (length(card_last5) = 5 AND card_last5 NOT GLOB '*[^0-9]*')),
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution_note TEXT
);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
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

CREATE TABLE promises (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    due TEXT
);

-- The follow-up list asks for open cases due by a date.
CREATE INDEX cases_status_follow_up ON cases (status, follow_up);
-- A case's contacts in time order; also serves the foreign key when a case is deleted.
CREATE INDEX contacts_case_at ON contacts (case_id, at);
-- The overdue-promise list asks for promises due before today.
CREATE INDEX promises_due ON promises (due);
-- Loading a contact's promises (show, export) and the cascade when a contact is deleted would
-- scan the whole table without it.
CREATE INDEX promises_contact ON promises (contact_id);
