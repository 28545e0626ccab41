//! The shape of `knowledge.toml`: serde types shared by the embedded file and the user overlay.
//!
//! Every struct denies unknown fields so that a typo in an overlay fails loudly instead of being
//! silently ignored.
//!
//! Strings are [`Text`] and lists [`List`]: borrowed from static data for the built-in facts, owned
//! for an overlay's. `build.rs` compiles this file too: it parses `knowledge.toml` with these types
//! and writes them out as the static data the binary borrows, so keep it free of imports from the
//! crate beyond its siblings `data` and `facts`.

use serde::{Deserialize, Serialize};

use super::data::{List, Text};

/// One knowledge file as written: the embedded default or an overlay. Every table is optional so
/// an overlay can carry just the number on the back of the user's own card.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKnowledge {
    pub meta: Option<Meta>,
    #[serde(default)]
    pub sources: List<Source>,
    #[serde(default)]
    pub numbers: List<PhoneNumber>,
    #[serde(default)]
    pub disagreements: List<Disagreement>,
    #[serde(default)]
    pub tiers: List<Tier>,
    #[serde(default)]
    pub reasons: List<Reason>,
    pub checklist: Option<CommonChecklist>,
    #[serde(default)]
    pub escalation: List<EscalationStep>,
    pub deadlines: Option<Deadlines>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Meta {
    /// Printed under every answer: the number on the back of the card wins.
    pub reminder: Text,
}

/// Where a fact comes from: a seed article, a public page, or the user's own card.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    pub id: Text,
    pub title: Text,
    pub location: Option<Text>,
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
    pub id: Text,
    pub label: Text,
    /// As printed, e.g. `1-800-528-4800`.
    pub display: Text,
    /// Letters form, e.g. `1-800-AXP-EARN`.
    pub vanity: Option<Text>,
    pub e164: Text,
    pub kind: NumberKind,
    pub hours: Option<Text>,
    pub region: Region,
    pub sources: List<Text>,
    pub confidence: Confidence,
    pub note: Option<Text>,
    /// Reason slugs (or `all`) this number is put first for. Meant for the overlay: the number on
    /// the back of one's own card.
    #[serde(default)]
    pub use_for: List<Text>,
}

/// Two or more numbers that sources give for the same purpose.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Disagreement {
    pub topic: Text,
    pub numbers: List<Text>,
    pub note: Text,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tier {
    pub slug: Text,
    /// The card's short name as it reads before the word "card" in a sentence: "Platinum" gives
    /// "Your Platinum card", "business" gives "your business card's benefits". Validation refuses
    /// a name that starts with "The" or ends with "card", which would read "Your The ... Card card".
    pub name: Text,
    /// Services this card opens, in words (e.g. "Global Assist").
    #[serde(default)]
    pub opens: List<Text>,
    /// Number ids listed first for this card holder, on reasons that allow card lines.
    #[serde(default)]
    pub numbers: List<Text>,
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
    pub why: Text,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReasonChecklist {
    /// What to have at hand, beyond the common items.
    #[serde(default)]
    pub before: List<Text>,
    /// What to say: the opening line and the request.
    #[serde(default)]
    pub say: List<Text>,
    /// What to note during the call, beyond the common items.
    #[serde(default)]
    pub during: List<Text>,
    /// What to do afterwards, beyond the common items.
    #[serde(default)]
    pub after: List<Text>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reason {
    pub slug: Text,
    pub title: Text,
    pub department: Text,
    pub description: Text,
    /// Short names typed as the argument (`stolen`, `billing`).
    #[serde(default)]
    pub aliases: List<Text>,
    /// Single words people use for this reason, for free-text matching.
    #[serde(default)]
    pub keywords: List<Text>,
    /// Multi-word phrases people use, for free-text matching (any word order).
    #[serde(default)]
    pub phrases: List<Text>,
    /// Number ids, best first.
    #[serde(default)]
    pub numbers: List<Text>,
    #[serde(default)]
    pub channels: List<ChannelAdvice>,
    #[serde(default)]
    pub tips: List<Text>,
    /// Card tier slugs this applies to, or `all`.
    pub tiers: List<Text>,
    /// Whether a card tier's own service line (e.g. Platinum) is listed first for this reason.
    #[serde(default = "yes")]
    pub card_lines: bool,
    #[serde(default)]
    pub related: List<Text>,
    #[serde(default)]
    pub checklist: ReasonChecklist,
    /// Days a case for this reason is expected to take to resolve; a case open longer is a sign
    /// of trouble on the escalation ladder. None: age alone never counts against the case.
    #[serde(default)]
    pub expected_days: Option<u32>,
    /// Source ids behind this reason's channels, tips and expected time (numbers carry their own).
    #[serde(default)]
    pub sources: List<Text>,
}

fn yes() -> bool {
    true
}

/// Items that apply to every call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CommonChecklist {
    pub before: List<Text>,
    pub during: List<Text>,
    pub after: List<Text>,
}

/// One rung of the escalation ladder, numbered from 1.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EscalationStep {
    pub rung: u32,
    /// Stable kebab-case name of the rung (`call-back`, `supervisor`, ...), for recording that a
    /// contact was this step; unique on the ladder.
    pub slug: Text,
    pub action: Text,
    pub channel: ChannelKind,
    /// Who or where: a number id, a handle, an address.
    pub contact: Text,
    /// When this rung is the right one.
    pub when: Text,
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
    pub sources: List<Text>,
}

/// 1-based line and column of a byte offset, counting characters rather than bytes: where a parse
/// error in a knowledge file lies, for overlays at run time and for `knowledge.toml` in `build.rs`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
