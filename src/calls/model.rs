//! Call-log domain types: the ids, channels and statuses, and the record families a case is
//! written, read and summarised as.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::privacy::Clean;

macro_rules! row_id {
    ($name:ident, $what:literal) => {
        #[doc = concat!("The local row id of a ", $what, ". Not exported: uids identify rows across files.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub(crate) struct $name(pub(crate) i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = String;

            /// Accepts `12` and `#12`, as the case list prints them.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let text = s.trim();
                text.strip_prefix('#')
                    .unwrap_or(text)
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map($name)
                    .ok_or_else(|| format!("{text} is not a {} number", $what))
            }
        }
    };
}

row_id!(CaseId, "case");
row_id!(ContactId, "contact");

/// The rule for a stored "last five digits of the card": exactly five ASCII digits. The storage
/// layer checks every write with it; the `--card-last5` flag trims and explains before it.
pub(crate) fn is_card_last5(text: &str) -> bool {
    text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())
}

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

    /// Whether this contact can be marked as the written billing-error notice: 12 CFR 1026.13(b)
    /// asks for a written notice, and comment 13(b)-2 lets an electronic one count when the
    /// issuer's billing-rights statement says it takes them that way. A call never counts.
    pub(crate) fn can_be_billing_error_notice(self) -> bool {
        matches!(
            self,
            Channel::Letter | Channel::SecureMessage | Channel::Email
        )
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
    pub(crate) charge: Charge,
}

/// What a dispute is about, and the card facts its dates depend on. Every field is optional: the
/// user may not know them all when the first call is logged.
// `charge_date` is the column's and the flag's name.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Charge {
    pub(crate) merchant: Option<Clean>,
    pub(crate) amount_cents: Option<i64>,
    pub(crate) charge_date: Option<NaiveDate>,
    /// A tier slug from the knowledge file.
    pub(crate) card_tier: Option<String>,
    /// The day of the month billing cycles close (1 to 31); `None` means the statement date's.
    pub(crate) cycle_day: Option<u32>,
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
    /// The user marked this letter, secure message or email as the written billing-error notice.
    pub(crate) billing_error_notice: bool,
    /// When the issuer received the notice, if the user knows.
    pub(crate) received: Option<NaiveDate>,
    /// The escalation rung slug this contact was.
    pub(crate) rung: Option<String>,
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
            billing_error_notice: false,
            received: None,
            rung: None,
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
    pub(crate) merchant: Option<String>,
    pub(crate) amount_cents: Option<i64>,
    pub(crate) charge_date: Option<NaiveDate>,
    pub(crate) card_tier: Option<String>,
    pub(crate) cycle_day: Option<u32>,
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

    /// The first contact marked as the written billing-error notice: only it starts the issuer's
    /// duties (12 CFR 1026.13(b)). Contacts are in time order.
    pub(crate) fn billing_error_notice(&self) -> Option<&ContactRecord> {
        self.contacts
            .iter()
            .find(|contact| contact.billing_error_notice)
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
    pub(crate) billing_error_notice: bool,
    pub(crate) received: Option<NaiveDate>,
    pub(crate) rung: Option<String>,
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
