//! Call-log domain types and the pure rules over them: the dates people type, Fair Credit Billing
//! Act deadlines and which escalation rung comes next. Nothing here reads the clock or touches
//! storage: `now` and `today` are passed in, so every rule is tested with fixed dates.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Days, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use serde::{Deserialize, Serialize};

use crate::db::{CaseId, ContactId};
use crate::privacy::Clean;

/// How a contact with the issuer happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Channel {
    #[default]
    Phone,
    Chat,
    App,
    SecureMessage,
    Email,
    Letter,
    Social,
    InPerson,
}

impl Channel {
    pub(crate) const ALL: [Channel; 8] = [
        Channel::Phone,
        Channel::Chat,
        Channel::App,
        Channel::SecureMessage,
        Channel::Email,
        Channel::Letter,
        Channel::Social,
        Channel::InPerson,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Chat => "chat",
            Channel::App => "app",
            Channel::SecureMessage => "secure-message",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Social => "social",
            Channel::InPerson => "in-person",
        }
    }

    /// Whether this contact can be the written billing-error notice that starts the Fair Credit
    /// Billing Act clocks: a letter, or the issuer's secure message centre, which keeps a dated
    /// copy on the account. A call never counts, however well noted.
    pub(crate) fn is_written_notice(self) -> bool {
        matches!(self, Channel::Letter | Channel::SecureMessage)
    }

    /// Whether the contact leaves a transcript the issuer cannot dispute, which is what "put it in
    /// writing" on the escalation ladder is for.
    pub(crate) fn leaves_transcript(self) -> bool {
        matches!(
            self,
            Channel::SecureMessage | Channel::Chat | Channel::Letter | Channel::Email
        )
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // People type `secure message` and `in_person` as often as the kebab-case names.
        let wanted = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
                format!("{s} is not a channel; use one of {}", names.join(", "))
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CaseStatus {
    Open,
    Resolved,
}

impl CaseStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Resolved => "resolved",
        }
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CaseStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(CaseStatus::Open),
            "resolved" => Ok(CaseStatus::Resolved),
            _ => Err(format!("{s} is not a case status; use open or resolved")),
        }
    }
}

/// A case to be written. Free text is [`Clean`], so it has been through the masker.
pub(crate) struct NewCase {
    /// A reason slug from the knowledge file, e.g. `billing-dispute`.
    pub(crate) reason: String,
    pub(crate) title: Clean,
    pub(crate) follow_up: Option<NaiveDate>,
    /// Closing date of the statement that first showed the disputed charge.
    pub(crate) statement_date: Option<NaiveDate>,
    /// Exactly five digits; anything else is refused when the case is written.
    pub(crate) card_last5: Option<String>,
}

/// One contact to be written.
pub(crate) struct NewContact {
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) number: Option<Clean>,
    pub(crate) department: Option<Clean>,
    pub(crate) rep: Option<Clean>,
    pub(crate) rep_id: Option<Clean>,
    pub(crate) reference: Option<Clean>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) outcome: Option<Clean>,
    pub(crate) notes: Option<Clean>,
    pub(crate) promises: Vec<NewPromise>,
}

impl NewContact {
    /// A contact with only its time and channel; the caller fills in what the user gave.
    pub(crate) fn new(at: DateTime<Utc>, channel: Channel) -> Self {
        NewContact {
            at,
            channel,
            number: None,
            department: None,
            rep: None,
            rep_id: None,
            reference: None,
            duration_minutes: None,
            outcome: None,
            notes: None,
            promises: Vec::new(),
        }
    }
}

/// Something the issuer said it would do, e.g. "credit posts within 3 days".
pub(crate) struct NewPromise {
    pub(crate) text: Clean,
    pub(crate) due: Option<NaiveDate>,
}

/// A case as stored, with its contacts in time order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CaseRecord {
    pub(crate) id: CaseId,
    pub(crate) uid: String,
    pub(crate) reason: String,
    pub(crate) title: String,
    pub(crate) status: CaseStatus,
    pub(crate) follow_up: Option<NaiveDate>,
    pub(crate) statement_date: Option<NaiveDate>,
    pub(crate) card_last5: Option<String>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) resolved_at: Option<DateTime<Utc>>,
    pub(crate) resolution_note: Option<String>,
    pub(crate) contacts: Vec<ContactRecord>,
}

impl CaseRecord {
    /// The reference number of the latest contact that got one: the thing to quote on a call-back.
    pub(crate) fn last_reference(&self) -> Option<&str> {
        self.contacts
            .iter()
            .rev()
            .find_map(|contact| contact.reference.as_deref())
    }

    /// The representative of the latest contact that names one.
    pub(crate) fn last_rep(&self) -> Option<&str> {
        self.contacts
            .iter()
            .rev()
            .find_map(|contact| contact.rep.as_deref())
    }

    /// When the first written billing-error notice went out, which starts the issuer's clocks.
    pub(crate) fn first_written_notice(&self) -> Option<DateTime<Utc>> {
        self.contacts
            .iter()
            .filter(|contact| contact.channel.is_written_notice())
            .map(|contact| contact.at)
            .min()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ContactRecord {
    pub(crate) id: ContactId,
    pub(crate) uid: String,
    pub(crate) at: DateTime<Utc>,
    pub(crate) channel: Channel,
    pub(crate) number: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) rep: Option<String>,
    pub(crate) rep_id: Option<String>,
    pub(crate) reference: Option<String>,
    pub(crate) duration_minutes: Option<u32>,
    pub(crate) outcome: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) promises: Vec<PromiseRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PromiseRecord {
    /// The contact in which the promise was made.
    pub(crate) contact_id: ContactId,
    pub(crate) text: String,
    pub(crate) due: Option<NaiveDate>,
}

/// One line of the case list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CaseSummary {
    pub(crate) id: CaseId,
    pub(crate) reason: String,
    pub(crate) title: String,
    pub(crate) status: CaseStatus,
    pub(crate) follow_up: Option<NaiveDate>,
    pub(crate) created_at: DateTime<Utc>,
    pub(crate) last_contact_at: Option<DateTime<Utc>>,
    pub(crate) contact_count: u32,
    /// From the latest contact that has one, not necessarily the latest contact.
    pub(crate) last_reference: Option<String>,
    /// From the latest contact that has one, not necessarily the latest contact.
    pub(crate) last_rep: Option<String>,
}

const DATE_HINT: &str = "use YYYY-MM-DD";

/// Parses `YYYY-MM-DD` and nothing else: `3/4/26` means different days in different countries.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let text = s.trim();
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        if text.is_empty() {
            return Err(format!("a date is missing; {DATE_HINT}"));
        }
        return Err(format!("{text} is not a date; {DATE_HINT}"));
    }
    // The shape check leaves only ASCII digits in these slices, so the parses cannot fail.
    let year: i32 = text[0..4]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    let month: u32 = text[5..7]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    let day: u32 = text[8..10]
        .parse()
        .map_err(|_| format!("{text} is not a date; {DATE_HINT}"))?;
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("{text} is not a real date; {DATE_HINT}"))
}

/// The furthest ahead a relative follow-up may go: ten years catches a typo such as `+300w`
/// without getting in the way of a real plan.
pub(crate) const MAX_FOLLOW_UP_DAYS: u64 = 3650;

/// Parses a follow-up date: `YYYY-MM-DD`, `today`, `tomorrow`, `+Nd` or `+Nw`.
pub(crate) fn parse_follow_up(s: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let text = s.trim().to_ascii_lowercase();
    let unknown = || {
        format!(
            "{} is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow",
            s.trim()
        )
    };
    let ahead = |days: u64| {
        today
            .checked_add_days(Days::new(days))
            .ok_or_else(|| format!("{} is too far ahead", s.trim()))
    };
    match text.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return ahead(1),
        _ => {}
    }
    if let Some(rest) = text.strip_prefix('+') {
        let (digits, per_unit) = if let Some(n) = rest.strip_suffix('d') {
            (n, 1)
        } else if let Some(n) = rest.strip_suffix('w') {
            (n, 7)
        } else {
            return Err(unknown());
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        let too_far = || {
            format!(
                "{} is too far ahead; a follow-up is at most {MAX_FOLLOW_UP_DAYS} days away",
                s.trim()
            )
        };
        let days = digits
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(per_unit))
            .filter(|days| *days <= MAX_FOLLOW_UP_DAYS)
            .ok_or_else(too_far)?;
        return ahead(days);
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        parse_date(&text)
    } else {
        Err(unknown())
    }
}

/// A bare date means noon of that day: midnight converted to UTC and shown back in another offset
/// (after a daylight-saving change, or on a trip) can land on the previous day, while noon has
/// eleven hours of room either side and always shows as the day that was typed.
const BARE_DATE_TIME: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(noon) => noon,
    None => NaiveTime::MIN,
};

/// Parses when a contact happened: `YYYY-MM-DD` (noon local), `YYYY-MM-DDTHH:MM[:SS]` in local
/// time, or RFC 3339 with its own offset. `local` is a time zone rather than an offset so that
/// `chrono::Local` applies the offset in force on that date; tests pass a `FixedOffset`.
// By value so that call sites read `parse_at(s, Local)` and `parse_at(s, offset)`; both are tiny.
#[allow(clippy::needless_pass_by_value)]
pub(crate) fn parse_at<Tz: TimeZone>(s: &str, local: Tz) -> Result<DateTime<Utc>, String> {
    let text = s.trim();
    let hint = || {
        format!(
            "{text} is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, \
             or RFC 3339 such as 2026-03-01T14:30:00-05:00"
        )
    };
    if !text.is_char_boundary(10.min(text.len())) || text.len() < 10 {
        return Err(hint());
    }
    let (date_part, rest) = text.split_at(10);
    let date = parse_date(date_part).map_err(|e| {
        if e.contains("not a real date") {
            e
        } else {
            hint()
        }
    })?;
    if rest.is_empty() {
        return to_utc(&local, date.and_time(BARE_DATE_TIME), text);
    }
    if !rest.starts_with(['T', 't', ' ']) {
        return Err(hint());
    }
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return in_log_range(with_offset.with_timezone(&Utc), text);
    }
    let clock = &rest[1..];
    let time = ["%H:%M:%S%.f", "%H:%M"]
        .iter()
        .find_map(|format| NaiveTime::parse_from_str(clock, format).ok())
        .ok_or_else(hint)?;
    to_utc(&local, date.and_time(time), text)
}

fn to_utc<Tz: TimeZone>(
    local: &Tz,
    naive: NaiveDateTime,
    text: &str,
) -> Result<DateTime<Utc>, String> {
    let at = match local.from_local_datetime(&naive) {
        LocalResult::Single(at) => at,
        // The hour that repeats when clocks go back: the first pass is the likelier reading.
        LocalResult::Ambiguous(first, _) => first,
        LocalResult::None => {
            return Err(format!(
                "{text} did not happen in local time (the clocks skipped it); give an offset, e.g. \
                 2026-03-08T02:30:00-05:00"
            ))
        }
    };
    in_log_range(at.with_timezone(&Utc), text)
}

/// The call log stores times as UTC text with a four-digit year and cannot read back any other:
/// a time at either end of the years 0000-9999, given in a far offset, lands outside them in UTC.
fn in_log_range(at: DateTime<Utc>, text: &str) -> Result<DateTime<Utc>, String> {
    if (0..=9999).contains(&at.year()) {
        Ok(at)
    } else {
        Err(format!(
            "{text} falls outside the years 0000-9999 in UTC; give a time within them"
        ))
    }
}

/// The Fair Credit Billing Act clocks, in days. The numbers are data in the knowledge file.
// The field names are the knowledge file's, so the suffix stays.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadlines {
    pub(crate) billing_error_notice_days: i64,
    pub(crate) acknowledge_days: i64,
    pub(crate) resolve_days: i64,
}

// Each field is a last day; `_by` says so in the JSON too.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct DisputeDeadlines {
    /// Last day for the written billing-error notice to reach the issuer.
    pub(crate) notice_by: NaiveDate,
    /// Last day for the issuer to acknowledge the notice; unknown until one is sent.
    pub(crate) acknowledge_by: Option<NaiveDate>,
    /// Last day for the issuer to resolve the dispute; unknown until a notice is sent.
    pub(crate) resolve_by: Option<NaiveDate>,
}

/// Works out the dispute clocks. The law counts the notice period from when the statement was
/// sent and the issuer's periods from when the notice was received; the statement's closing date
/// and the notice's sending date are the dates a cardholder knows, and both are no later than the
/// legal ones, so every date here is on or before the real deadline, never after it.
pub(crate) fn dispute_deadlines(
    statement_date: NaiveDate,
    first_written_notice: Option<NaiveDate>,
    d: &Deadlines,
) -> DisputeDeadlines {
    DisputeDeadlines {
        notice_by: add_days(statement_date, d.billing_error_notice_days),
        acknowledge_by: first_written_notice.map(|sent| add_days(sent, d.acknowledge_days)),
        resolve_by: first_written_notice.map(|sent| add_days(sent, d.resolve_days)),
    }
}

/// Adds days without panicking: a wild number from a hand-edited file gives the calendar's end.
fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    let step = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(step).unwrap_or(NaiveDate::MAX)
    } else {
        date.checked_sub_days(step).unwrap_or(NaiveDate::MIN)
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

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
/// How long a formal complaint gets before the regulator is next.
const COMPLAINT_WAIT_DAYS: i64 = 15;

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
/// 4. An open case whose formal complaint is 15 or more days old is at 6; only this reaches 6.
/// 5. The result is capped at `ladder_len`.
///
/// Every step only ever raises the rung as contacts, broken promises and days accumulate, so
/// logging another call can never send the user back down the ladder.
pub(crate) fn next_rung(history: &CaseHistory, today: NaiveDate, ladder_len: u32) -> u32 {
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

    if complaint_unanswered(history, today).is_some() {
        rung = RUNG_CFPB;
    }

    rung.min(ladder_len)
}

/// [`next_rung`] with the facts behind it, in words, for the user to check.
pub(crate) fn advise_rung(history: &CaseHistory, today: NaiveDate, ladder_len: u32) -> RungAdvice {
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
    if let Some(waited) = complaint_unanswered(history, today) {
        because.push(format!("complaint unanswered for {waited} days"));
    }
    RungAdvice {
        rung: next_rung(history, today, ladder_len),
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
fn complaint_unanswered(history: &CaseHistory, today: NaiveDate) -> Option<i64> {
    let waited = days_between(history.complaint_on?, today);
    (history.is_open() && waited >= COMPLAINT_WAIT_DAYS).then_some(waited)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn channel_names_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
            let json = serde_json::to_string(&channel).unwrap();
            assert_eq!(json, format!("\"{}\"", channel.as_str()));
            assert_eq!(serde_json::from_str::<Channel>(&json).unwrap(), channel);
        }
        assert_eq!(Channel::default(), Channel::Phone);
        assert_eq!("Secure Message".parse(), Ok(Channel::SecureMessage));
        assert_eq!("in_person".parse(), Ok(Channel::InPerson));
        let err = "fax".parse::<Channel>().unwrap_err();
        assert!(
            err.starts_with("fax is not a channel; use one of phone, chat"),
            "{err}"
        );
    }

    #[test]
    fn written_notice_and_transcript_channels() {
        let cases = [
            (Channel::Phone, false, false),
            (Channel::Chat, false, true),
            (Channel::App, false, false),
            (Channel::SecureMessage, true, true),
            (Channel::Email, false, true),
            (Channel::Letter, true, true),
            (Channel::Social, false, false),
            (Channel::InPerson, false, false),
        ];
        for (channel, notice, transcript) in cases {
            assert_eq!(channel.is_written_notice(), notice, "{channel}");
            assert_eq!(channel.leaves_transcript(), transcript, "{channel}");
        }
    }

    #[test]
    fn case_status_round_trips() {
        for status in [CaseStatus::Open, CaseStatus::Resolved] {
            assert_eq!(status.as_str().parse::<CaseStatus>(), Ok(status));
        }
        assert!("closed".parse::<CaseStatus>().is_err());
    }

    #[test]
    fn parse_date_table() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("2026-03-01", Ok("2026-03-01")),
            (" 2024-02-29 ", Ok("2024-02-29")),
            (
                "2026-02-30",
                Err("2026-02-30 is not a real date; use YYYY-MM-DD"),
            ),
            (
                "2025-02-29",
                Err("2025-02-29 is not a real date; use YYYY-MM-DD"),
            ),
            (
                "2026-13-01",
                Err("2026-13-01 is not a real date; use YYYY-MM-DD"),
            ),
            (
                "2026-00-10",
                Err("2026-00-10 is not a real date; use YYYY-MM-DD"),
            ),
            ("2026-3-1", Err("2026-3-1 is not a date; use YYYY-MM-DD")),
            (
                "03/01/2026",
                Err("03/01/2026 is not a date; use YYYY-MM-DD"),
            ),
            (
                "2026-03-01T10:00",
                Err("2026-03-01T10:00 is not a date; use YYYY-MM-DD"),
            ),
            (
                "+2026-03-0",
                Err("+2026-03-0 is not a date; use YYYY-MM-DD"),
            ),
            (
                "２０２６-03-01",
                Err("２０２６-03-01 is not a date; use YYYY-MM-DD"),
            ),
            ("", Err("a date is missing; use YYYY-MM-DD")),
        ];
        for (input, want) in cases {
            let got = parse_date(input);
            let want = want.map(d).map_err(str::to_owned);
            assert_eq!(got, want, "parse_date({input:?})");
        }
    }

    #[test]
    fn parse_follow_up_table() {
        let today = d("2026-03-01");
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("today", Ok("2026-03-01")),
            ("Tomorrow", Ok("2026-03-02")),
            ("+0d", Ok("2026-03-01")),
            ("+3d", Ok("2026-03-04")),
            ("+2w", Ok("2026-03-15")),
            ("+3650d", Ok("2036-02-27")),
            ("+521w", Ok("2036-02-24")),
            ("2026-04-15", Ok("2026-04-15")),
            ("2025-12-31", Ok("2025-12-31")),
            ("+3651d", Err("+3651d is too far ahead; a follow-up is at most 3650 days away")),
            ("+522w", Err("+522w is too far ahead; a follow-up is at most 3650 days away")),
            (
                "+99999999999999999999d",
                Err("+99999999999999999999d is too far ahead; a follow-up is at most 3650 days away"),
            ),
            ("2026-02-30", Err("2026-02-30 is not a real date; use YYYY-MM-DD")),
            ("+d", Err("+d is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow")),
            ("+3m", Err("+3m is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow")),
            ("+-3d", Err("+-3d is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow")),
            ("next week", Err("next week is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow")),
            ("+3é", Err("+3é is not a follow-up date; use YYYY-MM-DD, +3d, +2w, today or tomorrow")),
        ];
        for (input, want) in cases {
            let got = parse_follow_up(input, today);
            let want = want.map(d).map_err(str::to_owned);
            assert_eq!(got, want, "parse_follow_up({input:?})");
        }
    }

    #[test]
    fn parse_at_table() {
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("2026-03-01", Ok("2026-03-01T17:00:00Z")),
            ("2026-03-01T09:30", Ok("2026-03-01T14:30:00Z")),
            ("2026-03-01 09:30", Ok("2026-03-01T14:30:00Z")),
            ("2026-03-01T09:30:15", Ok("2026-03-01T14:30:15Z")),
            ("2026-03-01T23:30", Ok("2026-03-02T04:30:00Z")),
            ("2026-03-01T09:30:00+01:00", Ok("2026-03-01T08:30:00Z")),
            ("2026-03-01T09:30:00Z", Ok("2026-03-01T09:30:00Z")),
            // The log cannot store a year outside 0000-9999 in UTC.
            ("0000-01-01T00:00:00Z", Ok("0000-01-01T00:00:00Z")),
            ("9999-12-31", Ok("9999-12-31T17:00:00Z")),
            ("0000-01-01T00:30:00+01:00", Err("0000-01-01T00:30:00+01:00 falls outside the years 0000-9999 in UTC; give a time within them")),
            ("9999-12-31T23:30:00-01:00", Err("9999-12-31T23:30:00-01:00 falls outside the years 0000-9999 in UTC; give a time within them")),
            ("9999-12-31T20:00", Err("9999-12-31T20:00 falls outside the years 0000-9999 in UTC; give a time within them")),
            ("2026-02-30T09:30", Err("2026-02-30 is not a real date; use YYYY-MM-DD")),
            ("2026-03-01T25:00", Err("2026-03-01T25:00 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
            ("2026-03-01X09:30", Err("2026-03-01X09:30 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
            ("yesterday", Err("yesterday is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
            ("2026-03-é1", Err("2026-03-é1 is not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM in local time, or RFC 3339 such as 2026-03-01T14:30:00-05:00")),
        ];
        for (input, want) in cases {
            let got = parse_at(input, new_york);
            let want = want.map(t).map_err(str::to_owned);
            assert_eq!(got, want, "parse_at({input:?})");
        }
    }

    #[test]
    fn a_bare_date_shows_as_the_same_day_in_any_nearby_offset() {
        for hours in -11..=11 {
            let offset = FixedOffset::east_opt(hours * 3600).unwrap();
            let at = parse_at("2026-03-01", offset).unwrap();
            for shown in (hours - 1).max(-12)..=(hours + 1).min(12) {
                let shown_in = FixedOffset::east_opt(shown * 3600).unwrap();
                assert_eq!(at.with_timezone(&shown_in).date_naive(), d("2026-03-01"));
            }
        }
    }

    const FCBA: Deadlines = Deadlines {
        billing_error_notice_days: 60,
        acknowledge_days: 30,
        resolve_days: 90,
    };

    #[test]
    fn dispute_deadlines_table() {
        let cases = [
            ("2026-01-15", None, "2026-03-16", None, None),
            (
                "2026-01-15",
                Some("2026-02-01"),
                "2026-03-16",
                Some("2026-03-03"),
                Some("2026-05-02"),
            ),
            (
                "2024-12-31",
                Some("2025-01-10"),
                "2025-03-01",
                Some("2025-02-09"),
                Some("2025-04-10"),
            ),
            ("2024-01-01", None, "2024-03-01", None, None),
        ];
        for (statement, notice, notice_by, ack, resolve) in cases {
            let got = dispute_deadlines(d(statement), notice.map(d), &FCBA);
            assert_eq!(
                got,
                DisputeDeadlines {
                    notice_by: d(notice_by),
                    acknowledge_by: ack.map(d),
                    resolve_by: resolve.map(d),
                },
                "statement {statement}, notice {notice:?}"
            );
        }
    }

    #[test]
    fn dispute_deadlines_never_panic_on_wild_numbers() {
        let wild = Deadlines {
            billing_error_notice_days: i64::MAX,
            acknowledge_days: i64::MIN,
            resolve_days: 0,
        };
        let got = dispute_deadlines(d("2026-01-15"), Some(d("2026-01-20")), &wild);
        assert_eq!(got.notice_by, NaiveDate::MAX);
        assert_eq!(got.acknowledge_by, Some(NaiveDate::MIN));
        assert_eq!(got.resolve_by, Some(d("2026-01-20")));
    }

    /// A history opened on 2026-03-01 with its first contact that day.
    fn history() -> CaseHistory {
        CaseHistory {
            opened_on: d("2026-03-01"),
            contacts: 1,
            first_contact_on: Some(d("2026-03-01")),
            ..CaseHistory::default()
        }
    }

    #[test]
    #[allow(clippy::type_complexity, clippy::too_many_lines)]
    fn next_rung_table() {
        let cases: &[(&str, fn(&mut CaseHistory), &str, u32)] = &[
            (
                "nothing logged yet",
                |h| {
                    h.contacts = 0;
                    h.first_contact_on = None;
                },
                "2026-03-01",
                1,
            ),
            ("one call, same day", |_| {}, "2026-03-01", 1),
            (
                "one call, a promise due tomorrow",
                |h| h.promise_dues = vec![d("2026-03-05")],
                "2026-03-04",
                1,
            ),
            (
                "one call, promise broken",
                |h| h.promise_dues = vec![d("2026-03-03")],
                "2026-03-04",
                2,
            ),
            ("one call, 15 days on", |_| {}, "2026-03-16", 2),
            ("one call, 14 days on", |_| {}, "2026-03-15", 1),
            ("two calls", |h| h.contacts = 2, "2026-03-03", 2),
            (
                "two calls, promise broken",
                |h| {
                    h.contacts = 2;
                    h.promise_dues = vec![d("2026-03-02")];
                },
                "2026-03-03",
                3,
            ),
            (
                "two calls and a supervisor",
                |h| {
                    h.contacts = 2;
                    h.supervisor = true;
                },
                "2026-03-03",
                3,
            ),
            (
                "first contact in writing",
                |h| h.written = true,
                "2026-03-02",
                1,
            ),
            (
                "call-back, supervisor, writing",
                |h| {
                    h.contacts = 3;
                    h.supervisor = true;
                    h.written = true;
                },
                "2026-03-05",
                4,
            ),
            (
                "call-back, supervisor, writing, 20 days",
                |h| {
                    h.contacts = 3;
                    h.supervisor = true;
                    h.written = true;
                },
                "2026-03-21",
                5,
            ),
            (
                "supervisor and writing, 31 days, one call",
                |h| {
                    h.supervisor = true;
                    h.written = true;
                },
                "2026-04-01",
                5,
            ),
            (
                "supervisor and writing, 30 days, one call",
                |h| {
                    h.supervisor = true;
                    h.written = true;
                },
                "2026-03-31",
                2,
            ),
            (
                "supervisor and writing, 2 broken, one call",
                |h| {
                    h.supervisor = true;
                    h.written = true;
                    h.promise_dues = vec![d("2026-03-02"), d("2026-03-03")];
                },
                "2026-03-05",
                5,
            ),
            (
                "2 broken but no supervisor yet",
                |h| {
                    h.contacts = 2;
                    h.written = true;
                    h.promise_dues = vec![d("2026-03-02"), d("2026-03-03")];
                },
                "2026-03-05",
                3,
            ),
            (
                "everything but a complaint",
                |h| {
                    h.contacts = 4;
                    h.supervisor = true;
                    h.written = true;
                    h.social = true;
                },
                "2026-03-05",
                5,
            ),
            (
                "complaint filed 14 days ago",
                |h| {
                    h.contacts = 5;
                    h.supervisor = true;
                    h.written = true;
                    h.social = true;
                    h.complaint_on = Some(d("2026-03-10"));
                },
                "2026-03-24",
                5,
            ),
            (
                "complaint filed 15 days ago",
                |h| {
                    h.contacts = 5;
                    h.supervisor = true;
                    h.written = true;
                    h.social = true;
                    h.complaint_on = Some(d("2026-03-10"));
                },
                "2026-03-25",
                6,
            ),
            (
                "complaint on the first call, 15 days on",
                |h| h.complaint_on = Some(d("2026-03-01")),
                "2026-03-16",
                6,
            ),
            (
                "resolved case: promises are not broken",
                |h| {
                    h.contacts = 2;
                    h.promise_dues = vec![d("2026-03-02")];
                    h.resolved_on = Some(d("2026-03-03"));
                },
                "2026-03-09",
                2,
            ),
            (
                "resolved after a complaint: no regulator",
                |h| {
                    h.complaint_on = Some(d("2026-03-01"));
                    h.resolved_on = Some(d("2026-03-05"));
                },
                "2026-04-01",
                1,
            ),
        ];
        for (name, tweak, today, want) in cases {
            let mut h = history();
            tweak(&mut h);
            assert_eq!(next_rung(&h, d(today), 6), *want, "{name}");
        }
    }

    #[test]
    fn next_rung_is_capped_by_the_ladder() {
        let mut h = history();
        h.complaint_on = Some(d("2026-03-01"));
        assert_eq!(next_rung(&h, d("2026-05-01"), 6), 6);
        assert_eq!(next_rung(&h, d("2026-05-01"), 4), 4);
        assert_eq!(next_rung(&h, d("2026-05-01"), 1), 1);
        assert_eq!(next_rung(&h, d("2026-05-01"), 0), 0);
    }

    #[test]
    fn advice_names_its_reasons() {
        let mut h = history();
        h.contacts = 2;
        h.promise_dues = vec![d("2026-03-02")];
        let advice = advise_rung(&h, d("2026-03-20"), 6);
        assert_eq!(advice.rung, 3);
        assert_eq!(
            advice.because,
            [
                "a call-back was made",
                "1 promise(s) broken",
                "open 19 days"
            ]
        );
    }

    /// More of anything, or a later day, never gives a lower rung.
    #[test]
    fn next_rung_is_monotone() {
        let today = d("2026-03-01");
        let build = |bits: u32, contacts: u32, broken: usize, complaint_ago: Option<u64>| {
            let mut h = CaseHistory {
                opened_on: today,
                contacts,
                first_contact_on: Some(today),
                supervisor: bits & 1 != 0,
                written: bits & 2 != 0,
                social: bits & 4 != 0,
                ..CaseHistory::default()
            };
            h.promise_dues = vec![today; broken];
            h.complaint_on = complaint_ago.map(|_| today);
            h
        };
        let later = |days: u64| today.checked_add_days(Days::new(days)).unwrap();
        for bits in 0..8u32 {
            for contacts in 0..4 {
                for broken in 0..3 {
                    for complaint in [None, Some(0)] {
                        let base = build(bits, contacts, broken, complaint);
                        let mut previous = 0;
                        for age in [1, 10, 15, 20, 31, 40] {
                            let rung = next_rung(&base, later(age), 6);
                            assert!(rung >= previous, "{base:?} went down at day {age}");
                            previous = rung;
                            let mut more = vec![
                                build(bits, contacts + 1, broken, complaint),
                                build(bits, contacts, broken + 1, complaint),
                                build(bits, contacts, broken, Some(0)),
                            ];
                            for flag in [1, 2, 4] {
                                more.push(build(bits | flag, contacts, broken, complaint));
                            }
                            for bigger in more {
                                assert!(
                                    next_rung(&bigger, later(age), 6) >= rung,
                                    "{bigger:?} ranks below {base:?} on day {age}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    fn contact(at: &str, channel: Channel) -> ContactRecord {
        ContactRecord {
            id: ContactId(1),
            uid: "k".to_owned(),
            at: t(at),
            channel,
            number: None,
            department: None,
            rep: None,
            rep_id: None,
            reference: None,
            duration_minutes: None,
            outcome: None,
            notes: None,
            promises: Vec::new(),
        }
    }

    #[test]
    fn history_from_a_record() {
        let mut first = contact("2026-03-01T15:00:00Z", Channel::Phone);
        first.reference = Some("REF-1".to_owned());
        first.promises.push(PromiseRecord {
            contact_id: ContactId(1),
            text: "credit in 3 days".to_owned(),
            due: Some(d("2026-03-04")),
        });
        let mut second = contact("2026-03-05T15:00:00Z", Channel::Chat);
        second.outcome = Some("Asked for a Supervisor; none free".to_owned());
        let mut third = contact("2026-03-07T15:00:00Z", Channel::Letter);
        third.notes = Some("Sent formal COMPLAINT by post".to_owned());
        let case = CaseRecord {
            id: CaseId(1),
            uid: "c".to_owned(),
            reason: "billing-dispute".to_owned(),
            title: "Double charge".to_owned(),
            status: CaseStatus::Open,
            follow_up: None,
            statement_date: None,
            card_last5: None,
            created_at: t("2026-03-01T15:00:00Z"),
            resolved_at: None,
            resolution_note: None,
            contacts: vec![first, second, third],
        };
        let h = CaseHistory::from_record(&case);
        assert_eq!(
            h,
            CaseHistory {
                opened_on: d("2026-03-01"),
                resolved_on: None,
                contacts: 3,
                first_contact_on: Some(d("2026-03-01")),
                promise_dues: vec![d("2026-03-04")],
                written: true,
                social: false,
                supervisor: true,
                complaint_on: Some(d("2026-03-07")),
            }
        );
        assert_eq!(h.broken_promises(d("2026-03-05")), 1);
        assert_eq!(h.age(d("2026-03-05")), 4);
        assert_eq!(case.last_reference(), Some("REF-1"));
        assert_eq!(case.first_written_notice(), Some(t("2026-03-07T15:00:00Z")));
    }
}

/// Property tests for the dates people type: nothing panics, every real date reads back as
/// itself, relative follow-ups are plain arithmetic within their limit and an error beyond it,
/// and times written in RFC 3339 read back to the same instant.
#[cfg(test)]
mod props {
    use super::*;
    use chrono::{Duration, FixedOffset, SecondsFormat};
    use proptest::prelude::*;

    /// Any day whose year has four digits, the only years `YYYY-MM-DD` can spell; the first and
    /// last days often, since a time on them in a far offset is another year in UTC.
    fn four_digit_date() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(0, 1, 1).expect("year 0 exists in chrono");
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).expect("year 9999 exists in chrono");
        prop_oneof![
            8 => (0..=(last - first).num_days()).prop_map(move |n| first + Duration::days(n)),
            1 => Just(first),
            1 => Just(last),
        ]
    }

    /// What `parse_at` must return for `naive` in `local`: the instant, unless it lies outside
    /// the years the call log can store.
    fn storable(naive: NaiveDateTime, local: FixedOffset) -> Result<DateTime<Utc>, ()> {
        let at = local
            .from_local_datetime(&naive)
            .single()
            .expect("a fixed offset has one reading")
            .with_timezone(&Utc);
        if (0..=9999).contains(&at.year()) {
            Ok(at)
        } else {
            Err(())
        }
    }

    /// `parse_at`'s answer with any error reduced to whether it is the one for an unstorable year.
    fn outcome(got: Result<DateTime<Utc>, String>) -> Result<DateTime<Utc>, ()> {
        got.map_err(|e| {
            assert!(
                e.contains("falls outside the years 0000-9999 in UTC"),
                "{e}"
            );
        })
    }

    /// A day a case might really be logged on, with room for ten years of follow-ups.
    fn today() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real date");
        (0..=110_000_i64).prop_map(move |n| first + Duration::days(n))
    }

    /// Any offset chrono can hold, to the second: well past the ±14 hours in use anywhere.
    fn offset() -> impl Strategy<Value = FixedOffset> {
        (-86_399..=86_399_i32).prop_map(|s| FixedOffset::east_opt(s).expect("within a day"))
    }

    /// Text shaped like what the parsers expect, so that they get past their first checks.
    const NEAR_MISS: &str = "[+ ]?[0-9+dwDW]{0,6}|[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}([Tt ][0-9]{1,3}(:[0-9]{1,3}){0,2}(\\.[0-9]{0,12})?([Zz]|[+-][0-9]{1,2}:?[0-9]{0,2})?)?|today|tomorrow|[+][0-9]{15,25}[dw]";

    fn spaced(text: &str, pad: (&str, &str), upper: bool) -> String {
        let text = if upper {
            text.to_ascii_uppercase()
        } else {
            text.to_owned()
        };
        format!("{}{text}{}", pad.0, pad.1)
    }

    const PAD: &str = "[ \\t\\n]{0,2}";

    proptest! {
        #[test]
        fn date_parsers_never_panic(
            input in prop_oneof![any::<String>(), NEAR_MISS],
            today in prop_oneof![
                today(),
                Just(NaiveDate::MIN),
                Just(NaiveDate::MAX),
                (0..30_u64).prop_map(|n| NaiveDate::MAX - Days::new(n)),
            ],
            local in offset(),
        ) {
            if let Ok(date) = parse_date(&input) {
                // A date parsed is a date that was written.
                prop_assert_eq!(date.format("%Y-%m-%d").to_string(), input.trim());
            }
            if let Ok(date) = parse_follow_up(&input, today) {
                let lower = input.trim().to_ascii_lowercase();
                if lower.starts_with('+') || lower == "tomorrow" || lower == "today" {
                    prop_assert!(date >= today && date - today <= Duration::days(3650), "{:?}", input);
                }
            }
            if let Ok(at) = parse_at(&input, local) {
                // The call log stores four-digit years only.
                prop_assert!((0..=9999).contains(&at.year()), "{:?} -> {}", input, at);
            }
        }

        #[test]
        fn a_written_date_reads_back_as_itself(
            date in four_digit_date(),
            pad in (PAD, PAD),
            today in today(),
            local in offset(),
        ) {
            let written = date.format("%Y-%m-%d").to_string();
            prop_assert_eq!(written.len(), 10);
            let typed = spaced(&written, (&pad.0, &pad.1), false);
            prop_assert_eq!(parse_date(&typed), Ok(date));
            prop_assert_eq!(parse_follow_up(&typed, today), Ok(date));
            // A bare date is noon local time on that day.
            let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("a real time");
            let got = outcome(parse_at(&typed, local));
            prop_assert_eq!(got, storable(date.and_time(noon), local), "{}", typed);
        }

        #[test]
        fn days_and_weeks_ahead_are_added_to_today(
            n in 0..=3650_u64,
            weeks in any::<bool>(),
            today in today(),
            pad in (PAD, PAD),
            upper in any::<bool>(),
        ) {
            let (n, unit, days) = if weeks { (n / 7, 'w', n / 7 * 7) } else { (n, 'd', n) };
            let typed = spaced(&format!("+{n}{unit}"), (&pad.0, &pad.1), upper);
            let want = today.checked_add_days(Days::new(days)).expect("within chrono's range");
            prop_assert_eq!(parse_follow_up(&typed, today), Ok(want));
        }

        #[test]
        fn too_far_ahead_is_an_error_not_a_panic(
            n in prop_oneof![
                522..=3650_u64,
                3651..=u64::MAX,
                Just(u64::MAX),
                Just(u64::MAX / 7 + 1),
            ],
            extra_digits in "[0-9]{0,30}",
            weeks in any::<bool>(),
            today in prop_oneof![today(), Just(NaiveDate::MAX)],
        ) {
            // 522 weeks is past the limit; 522 days is not.
            let unit = if weeks || n <= 3650 { 'w' } else { 'd' };
            for typed in [format!("+{n}{unit}"), format!("+{n}{extra_digits}{unit}")] {
                let err = parse_follow_up(&typed, today).expect_err(&typed);
                prop_assert!(err.starts_with(&format!("{typed} is too far ahead")), "{}", err);
            }
        }

        #[test]
        fn a_day_past_the_calendar_is_an_error_not_a_panic(
            back in 0..=3650_u64,
            ahead in 1..=3650_u64,
        ) {
            let today = NaiveDate::MAX - Days::new(back);
            let got = parse_follow_up(&format!("+{}d", back + ahead), today);
            prop_assert!(got.is_err(), "{:?}", got);
        }

        #[test]
        fn rfc_3339_reads_back_to_the_same_instant(
            secs in -30_610_224_000_i64..=253_370_764_800, // 1000-01-01 to 9998-12-31
            nanos in prop_oneof![Just(0_u32), 0..1_000_000_000_u32],
            // RFC 3339 offsets are whole minutes; UTC is the one written as `Z` with `use_z`.
            written_in in prop_oneof![Just(0), -1439..=1439_i32]
                .prop_map(|minutes| FixedOffset::east_opt(minutes * 60).expect("within a day")),
            local in offset(),
            use_z in any::<bool>(),
            sep in prop::sample::select(vec!["T", "t", " "]),
            zulu in prop::sample::select(vec!["Z", "z"]),
        ) {
            let at = DateTime::from_timestamp(secs, nanos).expect("in range");
            let written = at
                .with_timezone(&written_in)
                .to_rfc3339_opts(SecondsFormat::AutoSi, use_z)
                .replacen('T', sep, 1)
                .replacen('Z', zulu, 1);
            prop_assert_eq!(parse_at(&written, local), Ok(at), "{}", written);
        }

        #[test]
        fn local_date_and_time_read_back_in_the_local_offset(
            date in four_digit_date(),
            (h, m, s) in (0..24_u32, 0..60_u32, 0..60_u32),
            with_seconds in any::<bool>(),
            local in offset(),
        ) {
            let s = if with_seconds { s } else { 0 };
            let time = NaiveTime::from_hms_opt(h, m, s).expect("a real time");
            let format = if with_seconds { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%dT%H:%M" };
            let written = date.and_time(time).format(format).to_string();
            let got = outcome(parse_at(&written, local));
            prop_assert_eq!(got, storable(date.and_time(time), local), "{}", written);
        }
    }
}
