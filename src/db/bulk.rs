//! Bulk loading, for benchmark logs (`examples/gen_log.rs`): many cases per transaction, through
//! the same open (file modes, pragmas, migrations) as every write command, with every piece of
//! free text masked as `log add` masks it. This is the crate's only public write API; the rows are
//! whole (a case may arrive resolved), so nothing here takes `now`.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{named_params, Transaction, TransactionBehavior};

use super::write::check_card_last5;
use super::{stamp, statement, Db, OpenMode};
use crate::calls::{CaseId, Channel, ContactId};
use crate::privacy::Masker;

/// A call log open for bulk loading.
pub struct BulkLoad {
    db: Db,
    masker: Masker,
}

/// A case to load, as it stands now: resolved when `resolved_at` is set.
#[derive(Debug, Clone, Copy)]
pub struct BulkCase<'a> {
    /// A reason slug from the knowledge file.
    pub reason: &'a str,
    pub title: &'a str,
    pub follow_up: Option<NaiveDate>,
    pub statement_date: Option<NaiveDate>,
    /// Exactly five digits.
    pub card_last5: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_note: Option<&'a str>,
}

/// A contact to load; `channel` is a channel's kebab-case name (`phone`, `secure-message`, ...).
#[derive(Debug, Clone, Copy)]
pub struct BulkContact<'a> {
    pub at: DateTime<Utc>,
    pub channel: &'a str,
    pub number: Option<&'a str>,
    pub department: Option<&'a str>,
    pub rep: Option<&'a str>,
    pub rep_id: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub duration_minutes: Option<u32>,
    pub outcome: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// The row id of a loaded case or contact, to attach contacts and promises to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkId(i64);

/// One transaction of a bulk load; dropping it without [`Batch::commit`] rolls it back.
pub struct Batch<'l> {
    tx: Transaction<'l>,
    masker: &'l mut Masker,
}

impl BulkLoad {
    /// Opens (creating if needed, private to the user) the log at `path`, as write commands do.
    pub fn open(path: &Path) -> Result<BulkLoad> {
        let db = Db::open(path, OpenMode::ReadWrite)?
            .ok_or_else(|| anyhow::anyhow!("could not open {} for writing", path.display()))?;
        Ok(BulkLoad {
            db,
            masker: Masker::new(),
        })
    }

    /// Begins a transaction; the writer lock is held until it commits or drops.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let tx = self
            .db
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("lock the call log for writing")?;
        Ok(Batch {
            tx,
            masker: &mut self.masker,
        })
    }

    /// Folds the write-ahead log into the file, so that the next reader starts from a compact log.
    pub fn finish(self) -> Result<()> {
        self.db
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .context("checkpoint the log")
    }
}

impl Batch<'_> {
    /// Adds a case with no contacts yet.
    pub fn case(&mut self, case: &BulkCase<'_>) -> Result<BulkId> {
        if let Some(last5) = case.card_last5 {
            check_card_last5(last5)?;
        }
        let m = &mut *self.masker;
        statement(
            &self.tx,
            "INSERT INTO cases (uid, reason, title, status, follow_up, statement_date, card_last5,
                                created_at, resolved_at, resolution_note)
             VALUES (lower(hex(randomblob(16))), :reason, :title, :status, :follow_up,
                     :statement_date, :card_last5, :created_at, :resolved_at, :resolution_note)",
        )?
        .execute(named_params! {
            ":reason": case.reason,
            ":title": m.clean("title", case.title),
            ":status": if case.resolved_at.is_some() { "resolved" } else { "open" },
            ":follow_up": case.follow_up,
            ":statement_date": case.statement_date,
            ":card_last5": case.card_last5,
            ":created_at": stamp(case.created_at),
            ":resolved_at": case.resolved_at.map(stamp),
            ":resolution_note": m.clean_opt("note", case.resolution_note),
        })
        .context("insert into cases")?;
        Ok(BulkId(self.tx.last_insert_rowid()))
    }

    /// Adds a contact to a case added earlier.
    pub fn contact(&mut self, case: BulkId, contact: &BulkContact<'_>) -> Result<BulkId> {
        let channel: Channel = contact.channel.parse().map_err(anyhow::Error::msg)?;
        let m = &mut *self.masker;
        statement(
            &self.tx,
            "INSERT INTO contacts (uid, case_id, at, channel, number, department, rep, rep_id,
                                   reference, duration_minutes, outcome, notes)
             VALUES (lower(hex(randomblob(16))), :case_id, :at, :channel, :number, :department,
                     :rep, :rep_id, :reference, :duration_minutes, :outcome, :notes)",
        )?
        .execute(named_params! {
            ":case_id": CaseId(case.0),
            ":at": stamp(contact.at),
            ":channel": channel,
            ":number": m.clean_opt("number", contact.number),
            ":department": m.clean_opt("dept", contact.department),
            ":rep": m.clean_opt("rep", contact.rep),
            ":rep_id": m.clean_opt("rep_id", contact.rep_id),
            ":reference": m.clean_opt("ref", contact.reference),
            ":duration_minutes": contact.duration_minutes,
            ":outcome": m.clean_opt("outcome", contact.outcome),
            ":notes": m.clean_opt("notes", contact.notes),
        })
        .with_context(|| format!("insert into contacts for case {}", case.0))?;
        Ok(BulkId(self.tx.last_insert_rowid()))
    }

    /// Adds a promise made in a contact added earlier.
    pub fn promise(&mut self, contact: BulkId, text: &str, due: Option<NaiveDate>) -> Result<()> {
        let text = self.masker.clean("promise", text);
        super::write::insert_promise(&self.tx, ContactId(contact.0), &text, due)
    }

    /// Commits the batch.
    pub fn commit(self) -> Result<()> {
        self.tx.commit().context("commit a batch")
    }
}
