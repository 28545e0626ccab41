//! The dispute flags: the charge a case is about, the written billing-error notice, the rung a
//! contact was, and `letter`. Kept beside `cli.rs`, which re-exports them, so that file stays
//! the one place to read the command line while staying a readable size.

use clap::{Args, ValueEnum};

use super::CardTierArg;

/// What a dispute is about, on `log add` (a new case) and `log edit`.
#[derive(Debug, Args, Default)]
pub(crate) struct ChargeArgs {
    /// The merchant, as the statement names it.
    #[arg(long = "merchant", value_name = "TEXT")]
    pub(crate) merchant: Option<String>,
    /// The disputed amount in dollars and cents: 40, $40.00 or 1,250.50.
    #[arg(long = "amount", value_name = "AMOUNT")]
    pub(crate) amount: Option<String>,
    /// The date of the charge (YYYY-MM-DD).
    #[arg(long = "charge-date", value_name = "DATE")]
    pub(crate) charge_date: Option<String>,
    /// Your card. Business and corporate cards are outside the billing-error rules (12 CFR 1026.3(a)).
    #[arg(long = "card", value_enum, value_name = "TIER")]
    pub(crate) card: Option<CardTierArg>,
    /// The day of the month your billing cycles close (1 to 31) [default: the statement date's day].
    #[arg(
        long = "cycle-day",
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=31)
    )]
    pub(crate) cycle_day: Option<u32>,
}

impl ChargeArgs {
    pub(crate) fn is_empty(&self) -> bool {
        self.merchant.is_none()
            && self.amount.is_none()
            && self.charge_date.is_none()
            && self.card.is_none()
            && self.cycle_day.is_none()
    }
}

/// The written billing-error notice and the escalation rung, on `log add`.
#[derive(Debug, Args)]
pub(crate) struct NoticeArgs {
    /// This letter, secure message or email is your written billing-error notice (12 CFR
    /// 1026.13(b)), sent to the billing-error address on your statement. A secure message or email
    /// counts only if your statement's billing-rights summary says the issuer takes notices that way.
    #[arg(long = "billing-error-notice")]
    pub(crate) billing_error_notice: bool,
    /// When the issuer received the notice (YYYY-MM-DD); the clock runs from receipt [default: the contact's date].
    #[arg(
        long = "received",
        value_name = "DATE",
        requires = "billing_error_notice"
    )]
    pub(crate) received: Option<String>,
    /// This contact was a step of the escalation ladder: call-back, supervisor, in-writing,
    /// social, formal-complaint or cfpb.
    #[arg(long = "rung", value_name = "SLUG")]
    pub(crate) rung: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct LetterArgs {
    /// The dispute or fraud case, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
    /// Output: plain text to print and post, markdown, or JSON (same as --json).
    #[arg(long = "format", value_enum, default_value_t = LetterFormat::Text)]
    pub(crate) format: LetterFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LetterFormat {
    Text,
    Markdown,
    Json,
}
