//! The escalation ladder rule: which rung a case should try next, and why. Used alike by
//! `followups`, `escalate` and the calendar export.

use chrono::NaiveDate;
use serde::Serialize;

use super::deadlines::days_between;
use super::model::{CaseRecord, CaseStatus, Channel, ContactRecord};
use crate::knowledge::{ChannelKind, Knowledge};

/// The facts about a case that decide the escalation rung. They are dates, not ages, so that the
/// same history gives a later (never earlier) rung as `today` moves on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CaseHistory {
    pub(crate) opened_on: NaiveDate,
    /// `None` while the case is open.
    pub(crate) resolved_on: Option<NaiveDate>,
    pub(crate) contacts: u32,
    pub(crate) first_contact_on: Option<NaiveDate>,
    /// Due dates of the promises made, met or not: the log cannot tell, so a promise counts as
    /// broken once its day has passed with the case still open.
    pub(crate) promise_dues: Vec<NaiveDate>,
    /// A secure message, chat, letter or email has happened.
    pub(crate) written: bool,
    /// A public social-media contact has happened.
    pub(crate) social: bool,
    /// A supervisor or manager appears in some contact's outcome or notes.
    pub(crate) supervisor: bool,
    /// First contact whose outcome or notes mention a complaint.
    pub(crate) complaint_on: Option<NaiveDate>,
}

impl CaseHistory {
    /// Summarises a stored case. Days are counted on UTC dates: at most a day off from local ones,
    /// which does not matter against thresholds of two weeks or more.
    pub(crate) fn from_record(case: &CaseRecord) -> Self {
        let mentions = |contact: &ContactRecord, words: &[&str]| {
            [&contact.outcome, &contact.notes]
                .into_iter()
                .flatten()
                .any(|text| {
                    let text = text.to_lowercase();
                    words.iter().any(|word| text.contains(word))
                })
        };
        CaseHistory {
            opened_on: case.created_at.date_naive(),
            resolved_on: match case.status {
                CaseStatus::Open => None,
                CaseStatus::Resolved => Some(
                    case.resolved_at
                        .map_or_else(|| case.created_at.date_naive(), |at| at.date_naive()),
                ),
            },
            contacts: u32::try_from(case.contacts.len()).unwrap_or(u32::MAX),
            first_contact_on: case.contacts.iter().map(|c| c.at.date_naive()).min(),
            promise_dues: case
                .contacts
                .iter()
                .flat_map(|c| c.promises.iter().filter_map(|p| p.due))
                .collect(),
            written: case.contacts.iter().any(|c| c.channel.leaves_transcript()),
            social: case.contacts.iter().any(|c| c.channel == Channel::Social),
            supervisor: case
                .contacts
                .iter()
                .any(|c| mentions(c, &["supervisor", "manager"])),
            complaint_on: case
                .contacts
                .iter()
                .filter(|c| mentions(c, &["complaint"]))
                .map(|c| c.at.date_naive())
                .min(),
        }
    }

    fn is_open(&self) -> bool {
        self.resolved_on.is_none()
    }

    /// How long the problem went on: from the case's opening or its first contact, whichever is
    /// earlier (a case logged after the first call, with `--at`, is as old as that call), to its
    /// resolution or `today`.
    pub(crate) fn age(&self, today: NaiveDate) -> i64 {
        let start = self
            .first_contact_on
            .map_or(self.opened_on, |first| first.min(self.opened_on));
        days_between(start, self.resolved_on.unwrap_or(today)).max(0)
    }

    pub(crate) fn broken_promises(&self, today: NaiveDate) -> usize {
        if self.is_open() {
            self.promise_dues.iter().filter(|due| **due < today).count()
        } else {
            0
        }
    }
}

/// The escalation ladder, as numbered in the knowledge file.
pub(crate) const RUNG_CALL_BACK: u32 = 1;
pub(crate) const RUNG_SUPERVISOR: u32 = 2;
pub(crate) const RUNG_IN_WRITING: u32 = 3;
pub(crate) const RUNG_SOCIAL: u32 = 4;
pub(crate) const RUNG_COMPLAINT: u32 = 5;
pub(crate) const RUNG_CFPB: u32 = 6;

/// A case older than this has stalled: skip a rung.
const STALLED_AFTER_DAYS: i64 = 14;
/// A case older than this, with a supervisor and writing tried, warrants a formal complaint.
const LONG_AFTER_DAYS: i64 = 30;

/// The rung to try next and the facts that put it there, for the user to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RungAdvice {
    pub(crate) rung: u32,
    pub(crate) because: Vec<String>,
}

/// Which rung to try next, from 1 to `ladder_len` (0 only for an empty ladder).
///
/// 1. Start at the lowest rung not yet tried, because the lower rungs are cheaper and often enough.
///    A rung counts as tried when: call-back, two or more contacts; supervisor, one was
///    mentioned; in writing, a secure message, chat, letter or email; social, a social contact;
///    formal complaint, a contact's outcome or notes mention a complaint. A letter alone is not a
///    complaint: the billing-error letter is the usual first written step of a dispute, and
///    counting it would send disputes to the regulator before the issuer's own 30-day clock to
///    acknowledge has run. When all five are tried, stay at 5: the complaint is under way.
/// 2. A broken promise, or a case open more than 14 days, moves one rung higher (at most 5).
/// 3. With a supervisor and writing both tried, a case over 30 days old or with two or more broken
///    promises is at least 5.
/// 4. An open case whose formal complaint is `complaint_wait_days` (the knowledge file's
///    `cfpb_response_days`, 15) or more days old is at 6; only this reaches 6.
/// 5. The result is capped at `ladder_len`.
///
/// Every step only ever raises the rung as contacts, broken promises and days accumulate, so
/// logging another call can never send the user back down the ladder.
pub(crate) fn next_rung(
    history: &CaseHistory,
    today: NaiveDate,
    ladder_len: u32,
    complaint_wait_days: i64,
) -> u32 {
    let mut rung = tried(history)
        .iter()
        .find(|(_, done, _)| !done)
        .map_or(RUNG_COMPLAINT, |(rung, _, _)| *rung);

    let broken = history.broken_promises(today);
    let age = history.age(today);
    if broken > 0 || age > STALLED_AFTER_DAYS {
        rung = (rung + 1).min(RUNG_COMPLAINT);
    }

    if history.supervisor && history.written && (age > LONG_AFTER_DAYS || broken >= 2) {
        rung = rung.max(RUNG_COMPLAINT);
    }

    if complaint_unanswered(history, today, complaint_wait_days).is_some() {
        rung = RUNG_CFPB;
    }

    rung.min(ladder_len)
}

/// [`next_rung`] with the facts behind it, in words, for the user to check.
pub(crate) fn advise_rung(
    history: &CaseHistory,
    today: NaiveDate,
    ladder_len: u32,
    complaint_wait_days: i64,
) -> RungAdvice {
    let mut because: Vec<String> = tried(history)
        .iter()
        .filter(|(_, done, _)| *done)
        .map(|(_, _, why)| (*why).to_owned())
        .collect();
    let broken = history.broken_promises(today);
    if broken > 0 {
        because.push(format!("{broken} promise(s) broken"));
    }
    let age = history.age(today);
    if age > STALLED_AFTER_DAYS {
        because.push(format!("open {age} days"));
    }
    if let Some(waited) = complaint_unanswered(history, today, complaint_wait_days) {
        because.push(format!("complaint unanswered for {waited} days"));
    }
    RungAdvice {
        rung: next_rung(history, today, ladder_len, complaint_wait_days),
        because,
    }
}

/// Each rung below the regulator, whether it has been tried, and how to say so.
fn tried(history: &CaseHistory) -> [(u32, bool, &'static str); 5] {
    [
        (
            RUNG_CALL_BACK,
            history.contacts >= 2,
            "a call-back was made",
        ),
        (
            RUNG_SUPERVISOR,
            history.supervisor,
            "a supervisor was involved",
        ),
        (RUNG_IN_WRITING, history.written, "it was put in writing"),
        (RUNG_SOCIAL, history.social, "social media was tried"),
        (
            RUNG_COMPLAINT,
            history.complaint_on.is_some(),
            "a formal complaint was made",
        ),
    ]
}

/// Days since the formal complaint, once it has had its time with the case still open.
fn complaint_unanswered(history: &CaseHistory, today: NaiveDate, wait_days: i64) -> Option<i64> {
    let waited = days_between(history.complaint_on?, today);
    (history.is_open() && waited >= wait_days).then_some(waited)
}

/// A rung of the ladder as scripts see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Step {
    pub(crate) rung: u32,
    pub(crate) action: String,
    pub(crate) channel: ChannelKind,
    pub(crate) contact: String,
    pub(crate) when: String,
}

/// The rung to try next for `case`, and the facts that put it there.
pub(crate) fn next_step(
    k: &Knowledge,
    case: &CaseRecord,
    today: NaiveDate,
) -> Option<(Step, Vec<String>)> {
    let history = CaseHistory::from_record(case);
    let ladder_len = u32::try_from(k.escalation.len()).unwrap_or(u32::MAX);
    let advice = advise_rung(&history, today, ladder_len, k.deadlines.cfpb_response_days);
    let rung = k
        .escalation
        .get(usize::try_from(advice.rung).ok()?.checked_sub(1)?)?;
    // A number id as contact is shown as the number a person dials.
    let contact = k
        .number(&rung.contact)
        .map_or_else(|| rung.contact.to_string(), |n| n.display.to_string());
    let step = Step {
        rung: rung.rung,
        action: rung.action.to_string(),
        channel: rung.channel,
        contact,
        when: rung.when.to_string(),
    };
    Some((step, advice.because))
}
