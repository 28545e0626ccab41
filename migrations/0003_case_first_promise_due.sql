-- Why: `followups` puts the most urgent case first, and a broken promise is as urgent as an overdue
-- follow-up date. Working out each open case's earliest promise from the contacts and promises
-- tables would read every open case; kept on the case and indexed with the follow-up date, the
-- most urgent cases are read straight off the index.

-- The earliest due date of any promise made in the case. The log cannot tell a kept promise from a
-- broken one, so a promise counts as broken once its date passes with the case still open.
ALTER TABLE cases ADD COLUMN first_promise_due TEXT;

UPDATE cases SET first_promise_due = (
    SELECT min(p.due) FROM promises p JOIN contacts k ON k.id = p.contact_id
    WHERE k.case_id = cases.id);

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

-- Deleting a contact takes its promises with it; by then the promise trigger cannot find the case.
CREATE TRIGGER contacts_promise_due_on_delete AFTER DELETE ON contacts
BEGIN
    UPDATE cases SET first_promise_due = (
        SELECT min(p.due) FROM promises p JOIN contacts k ON k.id = p.contact_id
        WHERE k.case_id = cases.id)
    WHERE id = OLD.case_id;
END;

-- Open cases by their most pressing date, follow-up or promise, whichever comes first.
CREATE INDEX cases_attention ON cases (
    status, min(coalesce(follow_up, '9999-12-31'), coalesce(first_promise_due, '9999-12-31')), id);
