//! The escalation ladder rule: which rung a case should try next, and the facts that say so. Used
//! alike by `followups`, `escalate` and the calendar export. It climbs on facts from the log only
//! (dates, counts, channels, the rungs the user recorded), never on words in notes or outcomes:
//! "no supervisor was available" must not count as a supervisor.

use chrono::NaiveDate;
use serde::Serialize;

use super::deadlines::{assess, days_between, Deadlines, DisputeFacts};
use super::model::{CaseRecord, CaseStatus, Channel};
use crate::knowledge::{ChannelKind, Knowledge};

/// The escalation ladder, as numbered in the knowledge file (each rung also has a slug there).
pub(crate) const RUNG_CALL_BACK: u32 = 1;
pub(crate) const RUNG_SUPERVISOR: u32 = 2;
pub(crate) const RUNG_IN_WRITING: u32 = 3;
pub(crate) const RUNG_SOCIAL: u32 = 4;
pub(crate) const RUNG_COMPLAINT: u32 = 5;
pub(crate) const RUNG_CFPB: u32 = 6;

/// A case with this many contacts, still open, is not getting fixed by talking.
const MANY_CONTACTS: u32 = 3;

/// How a rung came to count as tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tried {
    pub(crate) rung: u32,
    pub(crate) on: NaiveDate,
    /// The fact, in words: "contact on 2026-03-05 recorded as rung 2 (supervisor)".
    pub(crate) how: String,
}

/// The facts about a case that decide the escalation rung. They are dates and counts, not ages,
/// so that the same history gives the same or a higher rung as `today` moves on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CaseHistory {
    pub(crate) opened_on: NaiveDate,
    /// `None` while the case is open.
    pub(crate) resolved_on: Option<NaiveDate>,
    pub(crate) contacts: u32,
    pub(crate) first_contact_on: Option<NaiveDate>,
    /// Due dates of the promises made. The log cannot tell a kept promise from a broken one, so
    /// one counts as past due once its day has passed with the case still open.
    pub(crate) promise_dues: Vec<NaiveDate>,
    pub(crate) follow_up: Option<NaiveDate>,
    /// How long a case for this reason usually takes (the knowledge file's `expected_days`).
    pub(crate) expected_days: Option<u32>,
    /// The issuer's 12 CFR 1026.13(c)(2) resolve-by date, when a timely notice is recorded. A
    /// resolve-by date passed with the case open is a deadline missed; an acknowledge-by date
    /// passed is not, since the log cannot tell whether the acknowledgement came.
    pub(crate) resolve_by: Option<NaiveDate>,
    /// Each rung tried, earliest first per rung.
    pub(crate) tried: Vec<Tried>,
}

impl CaseHistory {
    /// Summarises a stored case. `rung_of` maps a recorded rung slug to its number. Days are
    /// counted on UTC dates: at most a day off from local ones, against thresholds of days.
    pub(crate) fn from_record(
        case: &CaseRecord,
        rung_of: impl Fn(&str) -> Option<u32>,
        expected_days: Option<u32>,
        clocks: &Deadlines,
        today: NaiveDate,
    ) -> Self {
        let mut tried: Vec<Tried> = Vec::new();
        let mut add = |rung: u32, on: NaiveDate, how: String| {
            if !tried.iter().any(|t| t.rung == rung) {
                tried.push(Tried { rung, on, how });
            }
        };
        for (index, c) in case.contacts.iter().enumerate() {
            let on = c.at.date_naive();
            if let Some(rung) = c.rung.as_deref().and_then(&rung_of) {
                add(
                    rung,
                    on,
                    format!(
                        "the contact on {on} was recorded as rung {rung} ({})",
                        c.rung.as_deref().unwrap_or_default()
                    ),
                );
            }
            if index > 0 {
                add(
                    RUNG_CALL_BACK,
                    on,
                    format!("a second contact was made on {on}"),
                );
            }
            if c.channel.leaves_transcript() {
                add(
                    RUNG_IN_WRITING,
                    on,
                    format!("a written contact ({}) was made on {on}", c.channel),
                );
            }
            if c.channel == Channel::Social {
                add(
                    RUNG_SOCIAL,
                    on,
                    format!("a social-media contact was made on {on}"),
                );
            }
        }
        tried.sort_by_key(|t| t.rung);
        let dates = assess(&DisputeFacts::of(case), today, clocks).deadlines;
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
            follow_up: case.follow_up,
            expected_days,
            resolve_by: dates.as_ref().and_then(|d| d.resolve_by),
            tried,
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

    fn tried(&self, rung: u32) -> Option<&Tried> {
        self.tried.iter().find(|t| t.rung == rung)
    }

    /// A single contact with nothing pending (no promise, no follow-up date): nothing in the log
    /// says the problem is still open, however long ago it was.
    fn is_quiet(&self) -> bool {
        self.contacts <= 1 && self.promise_dues.is_empty() && self.follow_up.is_none()
    }

    /// The issuer's resolve-by date passed with the case still open: a missed legal deadline.
    fn missed_resolve_by(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.resolve_by.filter(|by| self.is_open() && today > *by)
    }

    /// The facts that show the case is in trouble on `today`, in words. Empty means no sign.
    pub(crate) fn trouble(&self, today: NaiveDate) -> Vec<String> {
        let mut signs = Vec::new();
        if !self.is_open() {
            return signs;
        }
        let mut past: Vec<NaiveDate> = self
            .promise_dues
            .iter()
            .copied()
            .filter(|d| *d < today)
            .collect();
        past.sort_unstable();
        if let Some(first) = past.first() {
            signs.push(format!(
                "{} promise(s) past due (the first was due {first})",
                past.len()
            ));
        }
        if let Some(f) = self.follow_up.filter(|f| *f < today) {
            signs.push(format!("the follow-up date {f} has passed"));
        }
        if let Some(by) = self.missed_resolve_by(today) {
            signs.push(format!(
                "the issuer's last day to resolve the billing-error notice, {by}, has passed with the case open"
            ));
        }
        if self.contacts >= MANY_CONTACTS {
            signs.push(format!(
                "{} contacts and the case is still open",
                self.contacts
            ));
        }
        let age = self.age(today);
        if let Some(expected) = self.expected_days.filter(|e| age > i64::from(*e)) {
            if !self.is_quiet() {
                signs.push(format!(
                    "open {age} days; a case like this usually takes {expected}"
                ));
            }
        }
        signs
    }
}

/// The rung to try next and the facts that put it there, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RungAdvice {
    pub(crate) rung: Option<u32>,
    /// Facts only: trouble signs and rungs already tried, each with its date.
    pub(crate) because: Vec<String>,
    /// Why no rung is advised; null when one is.
    pub(crate) no_step_because: Option<String>,
}

/// Which rung to try next: the lowest rung not yet tried whose trigger holds.
///
/// Every trigger needs a sign of trouble ([`CaseHistory::trouble`]): a promise past due, a
/// follow-up date passed, the issuer's resolve-by date passed with the case open (12 CFR
/// 1026.13(c)(2)), three or more contacts on the open case, or
/// days open beyond the reason's expected time (a quiet case, one contact with nothing pending,
/// is not in trouble however old). Then:
/// 1. call back: always;
/// 2. supervisor: once a call-back has been made;
/// 3. in writing: once a supervisor was tried, or after three contacts;
/// 4. social: once it has been put in writing;
/// 5. formal complaint: once it has been put in writing and a supervisor or social media was
///    tried, or when the issuer missed its resolve-by date;
/// 6. CFPB: when the formal complaint has had `complaint_wait_days` with the case still open, or
///    when the issuer missed its resolve-by date after a formal complaint.
///
/// A rung counts as tried when a contact recorded it (`log add --rung`), and also: call back, a
/// second contact; in writing, a secure message, chat, letter or email; social, a social contact.
/// Triggers only ever start holding as days pass and rungs are tried, and tried rungs are
/// skipped, so logging another contact never sends the user back down the ladder.
pub(crate) fn advise_rung(
    history: &CaseHistory,
    today: NaiveDate,
    ladder_len: u32,
    complaint_wait_days: i64,
) -> RungAdvice {
    let mut because = history.trouble(today);
    let in_trouble = !because.is_empty();
    because.extend(history.tried.iter().map(|t| t.how.clone()));
    if !history.is_open() {
        return RungAdvice {
            rung: None,
            because,
            no_step_because: Some("the case is resolved".to_owned()),
        };
    }
    if !in_trouble {
        return RungAdvice {
            rung: None,
            because,
            no_step_because: Some(
                "no sign of trouble: no promise past due, no follow-up date passed, no issuer \
                 resolve-by date missed, and the case is within its expected time or has had a single \
                 contact with nothing pending; log what happens next"
                    .to_owned(),
            ),
        };
    }
    let tried = |rung| history.tried(rung).is_some();
    let missed = history.missed_resolve_by(today).is_some();
    let complaint_waited = history
        .tried(RUNG_COMPLAINT)
        .map(|t| days_between(t.on, today))
        .filter(|waited| *waited >= complaint_wait_days);
    if let Some(waited) = complaint_waited {
        because.push(format!(
            "the formal complaint has gone {waited} days unanswered"
        ));
    }
    let trigger = |rung: u32| match rung {
        RUNG_CALL_BACK => true,
        RUNG_SUPERVISOR => tried(RUNG_CALL_BACK),
        RUNG_IN_WRITING => tried(RUNG_SUPERVISOR) || history.contacts >= MANY_CONTACTS,
        RUNG_SOCIAL => tried(RUNG_IN_WRITING),
        RUNG_COMPLAINT => {
            missed || (tried(RUNG_IN_WRITING) && (tried(RUNG_SUPERVISOR) || tried(RUNG_SOCIAL)))
        }
        RUNG_CFPB => complaint_waited.is_some() || (missed && tried(RUNG_COMPLAINT)),
        _ => false,
    };
    let rung = (1..=ladder_len.min(RUNG_CFPB)).find(|r| !tried(*r) && trigger(*r));
    let no_step_because = match rung {
        Some(_) => None,
        None if tried(RUNG_COMPLAINT) && !tried(RUNG_CFPB) => Some(format!(
            "the formal complaint is under way: give it {complaint_wait_days} days before going to the CFPB"
        )),
        None => Some(
            "every rung whose conditions hold has been tried; keep following up on the last one"
                .to_owned(),
        ),
    };
    RungAdvice {
        rung,
        because,
        no_step_because,
    }
}

/// A rung of the ladder as scripts see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Step {
    pub(crate) rung: u32,
    /// The rung's slug, as `log add --rung` takes it.
    pub(crate) slug: String,
    pub(crate) action: String,
    pub(crate) channel: ChannelKind,
    pub(crate) contact: String,
    pub(crate) when: String,
}

/// The next step for `case`: the step (or `None`), the facts, and why there is none.
pub(crate) struct NextStep {
    pub(crate) step: Option<Step>,
    pub(crate) because: Vec<String>,
    pub(crate) no_step_because: Option<String>,
}

/// The knowledge file's numbers for the 1026.13 clocks.
pub(crate) fn clocks(k: &Knowledge) -> Deadlines {
    Deadlines {
        billing_error_notice_days: k.deadlines.billing_error_notice_days,
        acknowledge_days: k.deadlines.acknowledge_days,
        resolve_days: k.deadlines.resolve_days,
    }
}

/// The ladder's step with this rung number, as scripts see it.
pub(crate) fn step_at(k: &Knowledge, rung: u32) -> Option<Step> {
    let r = k.escalation.iter().find(|r| r.rung == rung)?;
    // A number id as contact is shown as the number a person dials.
    let contact = k
        .number(&r.contact)
        .map_or_else(|| r.contact.to_string(), |n| n.display.to_string());
    Some(Step {
        rung: r.rung,
        slug: r.slug.to_string(),
        action: r.action.to_string(),
        channel: r.channel,
        contact,
        when: r.when.to_string(),
    })
}

/// The rung to try next for `case`, and the facts that put it there.
pub(crate) fn next_step(k: &Knowledge, case: &CaseRecord, today: NaiveDate) -> NextStep {
    let rung_of = |slug: &str| k.escalation.iter().find(|r| r.slug == slug).map(|r| r.rung);
    let expected = k.reason(&case.reason).and_then(|r| r.expected_days);
    let history = CaseHistory::from_record(case, rung_of, expected, &clocks(k), today);
    let ladder_len = u32::try_from(k.escalation.len()).unwrap_or(u32::MAX);
    let advice = advise_rung(&history, today, ladder_len, k.deadlines.cfpb_response_days);
    NextStep {
        step: advice.rung.and_then(|r| step_at(k, r)),
        because: advice.because,
        no_step_because: advice.no_step_because,
    }
}
