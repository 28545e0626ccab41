-- Why: a dispute is about a charge (merchant, amount, charge date) on a card, and only a written billing-error notice, dated by when the issuer received it, starts the issuer's duties (12 CFR 1026.13(b), (c)); the escalation ladder climbs on the rungs a contact recorded, not on words in its notes.

-- The disputed charge. The amount is whole cents, so that sums and comparisons are exact.
ALTER TABLE cases ADD COLUMN merchant TEXT;
ALTER TABLE cases ADD COLUMN amount_cents INTEGER CHECK (amount_cents IS NULL OR amount_cents >= 0);
ALTER TABLE cases ADD COLUMN charge_date TEXT;
-- A tier slug from the knowledge file: business and corporate cards fall outside 1026.13 (1026.3(a)).
ALTER TABLE cases ADD COLUMN card_tier TEXT;
-- The day of the month billing cycles close; NULL means the statement date's day.
ALTER TABLE cases ADD COLUMN cycle_day INTEGER CHECK (cycle_day IS NULL OR cycle_day BETWEEN 1 AND 31);

-- A letter, secure message or email the user marked as the written billing-error notice, and the
-- date the issuer received it (NULL: the contact's own date is taken).
ALTER TABLE contacts ADD COLUMN billing_error_notice INTEGER NOT NULL DEFAULT 0
    CHECK (billing_error_notice IN (0, 1));
ALTER TABLE contacts ADD COLUMN received TEXT;
-- The escalation rung slug this contact was (`supervisor`, `in-writing`, ...), if the user said so.
ALTER TABLE contacts ADD COLUMN rung TEXT;
