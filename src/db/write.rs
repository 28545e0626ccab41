//! The writes: new cases, contacts and promises, edits, resolve/reopen and delete, each one
//! immediate transaction.

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Connection, ToSql};

use super::{no_case, stamp, statement, Db};
use crate::calls::{is_card_last5, CaseId, Charge, ContactId, NewCase, NewContact};
use crate::error::bad_input;
use crate::privacy::Clean;

/// How long the checkpoint after a delete waits for other readers.
const CHECKPOINT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Changes to a case; `None` leaves a field as it is.
#[derive(Default)]
pub(crate) struct CaseEdit {
    pub(crate) reason: Option<String>,
    pub(crate) title: Option<Clean>,
    /// `Some(None)` clears the follow-up date.
    #[allow(clippy::option_option)]
    pub(crate) follow_up: Option<Option<NaiveDate>>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<String>,
    /// Each field that is `Some` replaces the stored one.
    pub(crate) charge: Charge,
}

impl Db {
    /// Writes a case and, when given, its first contact, both or neither.
    pub(crate) fn insert_case(
        &mut self,
        case: &NewCase,
        first_contact: Option<&NewContact>,
        now: DateTime<Utc>,
    ) -> Result<(CaseId, Option<ContactId>)> {
        if let Some(last5) = &case.card_last5 {
            check_card_last5(last5)?;
        }
        let tx = self.begin()?;
        statement(
            &tx,
            "INSERT INTO cases (uid, reason, title, status, follow_up, statement_date, card_last5,
                                merchant, amount_cents, charge_date, card_tier, cycle_day, created_at)
             VALUES (lower(hex(randomblob(16))), :reason, :title, 'open', :follow_up, :statement_date,
                     :card_last5, :merchant, :amount_cents, :charge_date, :card_tier, :cycle_day,
                     :created_at)",
        )?
        .execute(named_params! {
            ":reason": case.reason,
            ":title": case.title,
            ":follow_up": case.follow_up,
            ":statement_date": case.statement_date,
            ":card_last5": case.card_last5,
            ":merchant": case.charge.merchant,
            ":amount_cents": case.charge.amount_cents,
            ":charge_date": case.charge.charge_date,
            ":card_tier": case.charge.card_tier,
            ":cycle_day": case.charge.cycle_day,
            ":created_at": stamp(now),
        })
        .context("insert into cases")?;
        let id = CaseId(tx.last_insert_rowid());
        let contact = first_contact
            .map(|contact| insert_contact_row(&tx, id, contact))
            .transpose()?;
        tx.commit().context("commit the new case")?;
        Ok((id, contact))
    }

    /// Adds a contact to a case, and sets the case's follow-up (`Some(None)` clears it) and
    /// statement date when given. The case's status is left alone: a call about a resolved case
    /// does not reopen it.
    #[allow(clippy::option_option)]
    pub(crate) fn insert_contact(
        &mut self,
        case: CaseId,
        contact: &NewContact,
        follow_up: Option<Option<NaiveDate>>,
        statement_date: Option<NaiveDate>,
    ) -> Result<ContactId> {
        let tx = self.begin()?;
        let exists = statement(&tx, "SELECT 1 FROM cases WHERE id = ?1")?
            .exists([case])
            .with_context(|| format!("look up case {case} in cases"))?;
        if !exists {
            return Err(no_case(case));
        }
        let id = insert_contact_row(&tx, case, contact)?;
        if let Some(follow_up) = follow_up {
            statement(&tx, "UPDATE cases SET follow_up = ?2 WHERE id = ?1")?
                .execute((case, follow_up))
                .with_context(|| format!("set the follow-up of case {case} in cases"))?;
        }
        if let Some(date) = statement_date {
            statement(&tx, "UPDATE cases SET statement_date = ?2 WHERE id = ?1")?
                .execute((case, date))
                .with_context(|| format!("set the statement date of case {case} in cases"))?;
        }
        tx.commit().context("commit the new contact")?;
        Ok(id)
    }

    pub(crate) fn update_case(&mut self, id: CaseId, edit: &CaseEdit) -> Result<()> {
        if let Some(last5) = &edit.card_last5 {
            check_card_last5(last5)?;
        }
        self.change_case(
            id,
            "update",
            "UPDATE cases SET
                reason = coalesce(:reason, reason),
                title = coalesce(:title, title),
                follow_up = CASE WHEN :set_follow_up THEN :follow_up ELSE follow_up END,
                statement_date = coalesce(:statement_date, statement_date),
                card_last5 = coalesce(:card_last5, card_last5),
                merchant = coalesce(:merchant, merchant),
                amount_cents = coalesce(:amount_cents, amount_cents),
                charge_date = coalesce(:charge_date, charge_date),
                card_tier = coalesce(:card_tier, card_tier),
                cycle_day = coalesce(:cycle_day, cycle_day)
             WHERE id = :id",
            named_params! {
                ":id": id,
                ":reason": edit.reason,
                ":title": edit.title,
                ":set_follow_up": edit.follow_up.is_some(),
                ":follow_up": edit.follow_up.flatten(),
                ":statement_date": edit.statement_date,
                ":card_last5": edit.card_last5,
                ":merchant": edit.charge.merchant,
                ":amount_cents": edit.charge.amount_cents,
                ":charge_date": edit.charge.charge_date,
                ":card_tier": edit.charge.card_tier,
                ":cycle_day": edit.charge.cycle_day,
            },
        )
    }

    /// Marks a case resolved at `now`. Without a note, an earlier note is kept.
    pub(crate) fn resolve(
        &mut self,
        id: CaseId,
        note: Option<Clean>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let note = note.map(Clean::into_string);
        self.change_case(
            id,
            "resolve",
            "UPDATE cases SET status = 'resolved', resolved_at = :now,
                 resolution_note = coalesce(:note, resolution_note)
             WHERE id = :id",
            named_params! { ":id": id, ":now": stamp(now), ":note": note },
        )
    }

    /// Reopens a case. The resolution note stays as a record of what was claimed.
    pub(crate) fn reopen(&mut self, id: CaseId) -> Result<()> {
        self.change_case(
            id,
            "reopen",
            "UPDATE cases SET status = 'open', resolved_at = NULL WHERE id = :id",
            named_params! { ":id": id },
        )
    }

    /// Deletes a case with its contacts and promises, then folds the write-ahead log into the
    /// database and truncates it, so the deleted text is in none of the files: `secure_delete`
    /// (set at open) zeroes the freed space in the database, but the WAL still holds the pages as
    /// they were before. Returns false when the WAL could not be emptied now (another process was
    /// reading, or the checkpoint failed); `SQLite` empties it at a later checkpoint, and the
    /// delete itself is committed either way.
    pub(crate) fn delete_case(&mut self, id: CaseId) -> Result<bool> {
        self.change_case(
            id,
            "delete",
            "DELETE FROM cases WHERE id = :id",
            named_params! { ":id": id },
        )?;
        // The delete has committed: a checkpoint that fails (a full disk) must not report it as
        // failed, or a script would retry it; it only leaves the old copies for later.
        // A truncating checkpoint waits, through the busy handler, for readers of older
        // snapshots to finish; a moment is enough for a `log list`, and a long reader should not
        // hold up the delete for the whole timeout.
        let _ = self.conn.busy_timeout(CHECKPOINT_WAIT);
        let busy = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| {
                row.get::<_, i64>(0)
            })
            .unwrap_or(1);
        let _ = self.conn.busy_timeout(super::BUSY_TIMEOUT);
        Ok(busy == 0)
    }

    fn change_case(
        &mut self,
        id: CaseId,
        verb: &str,
        sql: &str,
        params: &[(&str, &dyn ToSql)],
    ) -> Result<()> {
        let tx = self.begin()?;
        let changed = statement(&tx, sql)?
            .execute(params)
            .with_context(|| format!("{verb} case {id} in cases"))?;
        if changed == 0 {
            return Err(no_case(id));
        }
        tx.commit()
            .with_context(|| format!("commit: {verb} case {id}"))?;
        Ok(())
    }
}

/// The value is never echoed: a wrong value may be a whole card number.
pub(super) fn check_card_last5(last5: &str) -> Result<()> {
    if is_card_last5(last5) {
        Ok(())
    } else {
        Err(bad_input(
            "card_last5 must be exactly 5 digits, the end of the card number",
        ))
    }
}

pub(super) fn insert_contact_row(
    tx: &Connection,
    case: CaseId,
    contact: &NewContact,
) -> Result<ContactId> {
    statement(
        tx,
        "INSERT INTO contacts (uid, case_id, at, channel, number, department, rep, rep_id, reference,
                               duration_minutes, outcome, notes, billing_error_notice, received, rung)
         VALUES (lower(hex(randomblob(16))), :case_id, :at, :channel, :number, :department, :rep,
                 :rep_id, :reference, :duration_minutes, :outcome, :notes, :billing_error_notice,
                 :received, :rung)",
    )?
    .execute(named_params! {
        ":case_id": case,
        ":at": stamp(contact.at),
        ":channel": contact.channel,
        ":number": contact.number,
        ":department": contact.department,
        ":rep": contact.rep,
        ":rep_id": contact.rep_id,
        ":reference": contact.reference,
        ":duration_minutes": contact.duration_minutes,
        ":outcome": contact.outcome,
        ":notes": contact.notes,
        ":billing_error_notice": contact.billing_error_notice,
        ":received": contact.received,
        ":rung": contact.rung,
    })
    .with_context(|| format!("insert into contacts for case {case}"))?;
    let id = ContactId(tx.last_insert_rowid());
    for promise in &contact.promises {
        insert_promise(tx, id, &promise.text, promise.due)?;
    }
    Ok(id)
}

pub(super) fn insert_promise(
    tx: &Connection,
    contact: ContactId,
    text: &Clean,
    due: Option<NaiveDate>,
) -> Result<()> {
    statement(
        tx,
        "INSERT INTO promises (contact_id, text, due) VALUES (?1, ?2, ?3)",
    )?
    .execute((contact, text, due))
    .with_context(|| format!("insert into promises for contact {contact}"))?;
    Ok(())
}
