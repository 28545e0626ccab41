//! The shape of `knowledge.toml`: serde types shared by the embedded file and the user overlay.
//!
//! Every struct denies unknown fields so that a typo in an overlay fails loudly instead of being
//! silently ignored.
//!
//! `build.rs` compiles this file too: it parses `knowledge.toml` with these types and writes them
//! out as Rust code that rebuilds the same values, so keep it free of imports from the crate.

use serde::{Deserialize, Serialize};

/// One knowledge file as written: the embedded default or an overlay. Every table is optional so
/// an overlay can carry just the number on the back of the user's own card. `Serialize` lets a test
/// compare what `build.rs` embedded with a fresh parse of the file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKnowledge {
    pub meta: Option<Meta>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub numbers: Vec<PhoneNumber>,
    #[serde(default)]
    pub disagreements: Vec<Disagreement>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub reasons: Vec<Reason>,
    pub checklist: Option<CommonChecklist>,
    #[serde(default)]
    pub escalation: Vec<EscalationStep>,
    pub deadlines: Option<Deadlines>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Meta {
    /// Printed under every answer: the number on the back of the card wins.
    pub reminder: String,
}

/// Where a fact comes from: a seed article, a public page, or the user's own card.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    pub id: String,
    pub title: String,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum NumberKind {
    TollFree,
    Collect,
    Toll,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Region {
    /// Dialled from inside the United States.
    Us,
    /// Dialled from outside the United States (usually collect).
    Abroad,
}

/// How sure we are of a number. The order is the ranking: earlier sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Confidence {
    /// Printed on the user's own card (overlay only).
    OwnCard,
    /// Confirmed by a page on the issuer's own site.
    Confirmed,
    /// Given only by informal articles.
    Informal,
    /// Known not to be a US line; never offered as a US answer.
    NotUs,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhoneNumber {
    pub id: String,
    pub label: String,
    /// As printed, e.g. `1-800-528-4800`.
    pub display: String,
    /// Letters form, e.g. `1-800-AXP-EARN`.
    pub vanity: Option<String>,
    pub e164: String,
    pub kind: NumberKind,
    pub hours: Option<String>,
    pub region: Region,
    pub sources: Vec<String>,
    pub confidence: Confidence,
    pub note: Option<String>,
    /// Reason slugs (or `all`) this number is put first for. Meant for the overlay: the number on
    /// the back of one's own card.
    #[serde(default)]
    pub use_for: Vec<String>,
}

/// Two or more numbers that sources give for the same purpose.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Disagreement {
    pub topic: String,
    pub numbers: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tier {
    pub slug: String,
    /// The card's short name as it reads before the word "card" in a sentence: "Platinum" gives
    /// "Your Platinum card", "business" gives "your business card's benefits". Validation refuses
    /// a name that starts with "The" or ends with "card", which would read "Your The ... Card card".
    pub name: String,
    /// Services this card opens, in words (e.g. "Global Assist").
    #[serde(default)]
    pub opens: Vec<String>,
    /// Number ids listed first for this card holder, on reasons that allow card lines.
    #[serde(default)]
    pub numbers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ChannelKind {
    App,
    Chat,
    Phone,
    SecureMessage,
    Social,
    Web,
    Letter,
}

impl ChannelKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ChannelKind::App => "App",
            ChannelKind::Chat => "Chat",
            ChannelKind::Phone => "Phone",
            ChannelKind::SecureMessage => "Secure message",
            ChannelKind::Social => "Social media",
            ChannelKind::Web => "Website",
            ChannelKind::Letter => "Letter",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChannelAdvice {
    pub channel: ChannelKind,
    pub why: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReasonChecklist {
    /// What to have at hand, beyond the common items.
    #[serde(default)]
    pub before: Vec<String>,
    /// What to say: the opening line and the request.
    #[serde(default)]
    pub say: Vec<String>,
    /// What to note during the call, beyond the common items.
    #[serde(default)]
    pub during: Vec<String>,
    /// What to do afterwards, beyond the common items.
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reason {
    pub slug: String,
    pub title: String,
    pub department: String,
    pub description: String,
    /// Short names typed as the argument (`stolen`, `billing`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Single words people use for this reason, for free-text matching.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Multi-word phrases people use, for free-text matching (any word order).
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Number ids, best first.
    #[serde(default)]
    pub numbers: Vec<String>,
    #[serde(default)]
    pub channels: Vec<ChannelAdvice>,
    #[serde(default)]
    pub tips: Vec<String>,
    /// Card tier slugs this applies to, or `all`.
    pub tiers: Vec<String>,
    /// Whether a card tier's own service line (e.g. Platinum) is listed first for this reason.
    #[serde(default = "yes")]
    pub card_lines: bool,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub checklist: ReasonChecklist,
    /// Days a case for this reason is expected to take to resolve; a case open longer is a sign
    /// of trouble on the escalation ladder. None: age alone never counts against the case.
    #[serde(default)]
    pub expected_days: Option<u32>,
    /// Source ids behind this reason's channels, tips and expected time (numbers carry their own).
    #[serde(default)]
    pub sources: Vec<String>,
}

fn yes() -> bool {
    true
}

/// Items that apply to every call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommonChecklist {
    pub before: Vec<String>,
    pub during: Vec<String>,
    pub after: Vec<String>,
}

/// One rung of the escalation ladder, numbered from 1.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EscalationStep {
    pub rung: u32,
    /// Stable kebab-case name of the rung (`call-back`, `supervisor`, ...), for recording that a
    /// contact was this step; unique on the ladder.
    pub slug: String,
    pub action: String,
    pub channel: ChannelKind,
    /// Who or where: a number id, a handle, an address.
    pub contact: String,
    /// When this rung is the right one.
    pub when: String,
}

/// Legal and regulatory clocks, in days.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Deadlines {
    /// Fair Credit Billing Act: written notice must reach the issuer within this many days of the statement.
    pub billing_error_notice_days: i64,
    /// FCBA: the issuer acknowledges the notice within this many days.
    pub acknowledge_days: i64,
    /// FCBA: the issuer resolves within two billing cycles, at most this many days.
    pub resolve_days: i64,
    /// CFPB: the company responds to a complaint within this many days.
    pub cfpb_response_days: i64,
    pub sources: Vec<String>,
}

/// 1-based line and column of a byte offset, counting characters rather than bytes: where a parse
/// error in a knowledge file lies, for overlays at run time and for `knowledge.toml` in `build.rs`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
