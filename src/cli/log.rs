//! The `log` subcommands' arguments: a case's calls and messages, its listing, its changes.
//! Kept beside `cli.rs`, which re-exports them, as `dispute.rs` is.

use std::num::NonZeroUsize;

use clap::{Args, Subcommand, ValueEnum};

use super::{ChargeArgs, NoticeArgs, ReasonText};

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(crate) enum LogCommand {
    /// Record a call, chat or message: opens a new case, or adds to one with --case.
    Add(LogAddArgs),
    /// List cases, newest first.
    List(LogListArgs),
    /// A case's whole timeline.
    Show(CaseArg),
    /// Change a case's reason, title, follow-up date, statement date, card digits or dispute facts.
    Edit(LogEditArgs),
    /// Mark a case resolved.
    Resolve(LogResolveArgs),
    /// Open a resolved case again.
    Reopen(CaseArg),
    /// Delete a case and all its contacts (asks first unless --yes).
    Delete(LogDeleteArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CaseArg {
    /// The case number, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChannelArg {
    Phone,
    Chat,
    App,
    SecureMessage,
    Email,
    Letter,
    Social,
    InPerson,
}

#[derive(Debug, Args)]
pub(crate) struct LogAddArgs {
    /// Add to this case instead of opening a new one (the case keeps its reason, so not with --reason).
    #[arg(long = "case", value_name = "N")]
    pub(crate) case: Option<i64>,
    /// What the problem is: a slug, an alias or free text, as for `route` (required for a new case;
    /// `log edit N --reason` changes an existing case's).
    #[arg(long = "reason", value_parser = ReasonText, hide_possible_values = true)]
    pub(crate) reason: Option<String>,
    /// A short title for a new case [default: the reason's title].
    #[arg(long = "title")]
    pub(crate) title: Option<String>,
    /// How you made contact.
    #[arg(long = "channel", value_enum, default_value_t = ChannelArg::Phone)]
    pub(crate) channel: ChannelArg,
    /// The number you dialled [default: the reason's first number, for phone contacts].
    #[arg(long = "number")]
    pub(crate) number: Option<String>,
    /// The department you reached [default: the reason's department].
    #[arg(long = "dept")]
    pub(crate) dept: Option<String>,
    /// The representative's name.
    #[arg(long = "rep")]
    pub(crate) rep: Option<String>,
    /// The representative's ID, if they gave one.
    #[arg(long = "rep-id")]
    pub(crate) rep_id: Option<String>,
    /// The reference number for the call or case.
    #[arg(long = "ref")]
    pub(crate) reference: Option<String>,
    /// When it happened: YYYY-MM-DD, YYYY-MM-DDTHH:MM (local time) or RFC 3339 [default: now].
    /// A time before 1970 or more than a day from now is refused (exit 2).
    #[arg(long = "at")]
    pub(crate) at: Option<String>,
    /// How long it took, in minutes.
    #[arg(long = "duration", value_name = "MINUTES")]
    pub(crate) duration: Option<u32>,
    /// What came of it (`-` reads it from standard input).
    #[arg(long = "outcome")]
    pub(crate) outcome: Option<String>,
    /// Something the representative promised; repeat it for each promise.
    #[arg(long = "promise", value_name = "TEXT")]
    pub(crate) promise: Vec<String>,
    /// When a promise is due: YYYY-MM-DD, +3d/+2w (counted from --at when given, else today), or
    /// `none`. Give one for each promise, in the order of the promises. A date before the call is
    /// refused (exit 2).
    #[arg(long = "promise-due", value_name = "DATE", requires = "promise")]
    pub(crate) promise_due: Vec<String>,
    /// Anything else worth keeping (`-` reads it from standard input, for long notes or a
    /// transcript). Card numbers, security codes and SSNs are masked.
    #[arg(long = "notes")]
    pub(crate) notes: Option<String>,
    /// When to follow up: YYYY-MM-DD, +3d, +2w (counted from --at when given, else today), today
    /// or tomorrow. A past date is accepted (it can be right when logging an old call); one before
    /// 1970 is refused (exit 2).
    #[arg(long = "follow-up", value_name = "DATE")]
    pub(crate) follow_up: Option<String>,
    /// For a dispute or fraud: the date of the statement that first showed the charge (starts the
    /// 60-day clock). A date in the future or before 1970 is refused (exit 2).
    #[arg(long = "statement-date", value_name = "DATE")]
    pub(crate) statement_date: Option<String>,
    /// The last five digits of the card, the only part of a card number ever stored.
    #[arg(long = "card-last5", value_name = "DIGITS")]
    pub(crate) card_last5: Option<String>,
    #[command(flatten)]
    pub(crate) charge: ChargeArgs,
    #[command(flatten)]
    pub(crate) notice: NoticeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct LogListArgs {
    /// Only open cases.
    #[arg(long = "open")]
    pub(crate) open: bool,
    /// Only cases for this reason (slug, alias or free text).
    #[arg(long = "reason", value_parser = ReasonText, hide_possible_values = true)]
    pub(crate) reason: Option<String>,
    /// Only cases with activity on or after this date (YYYY-MM-DD).
    #[arg(long = "since", value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Only cases whose title, notes, outcome, representative, reference or promises contain this text.
    #[arg(long = "search", value_name = "TEXT")]
    pub(crate) search: Option<String>,
    /// At most this many cases, newest first [default: 20 in text, all with --json].
    #[arg(long = "limit", value_name = "N", conflicts_with = "all")]
    pub(crate) limit: Option<NonZeroUsize>,
    /// Every case, however many.
    #[arg(long = "all")]
    pub(crate) all: bool,
}

#[derive(Debug, Args)]
pub(crate) struct LogEditArgs {
    /// The case to change, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
    /// A new reason: a slug, an alias or free text, as for `route`.
    #[arg(long = "reason", value_parser = ReasonText, hide_possible_values = true)]
    pub(crate) reason: Option<String>,
    /// A new title (not empty).
    #[arg(long = "title")]
    pub(crate) title: Option<String>,
    /// A new follow-up date (YYYY-MM-DD, +3d, +2w), or `none` to clear it. A date before 1970 is
    /// refused (exit 2).
    #[arg(long = "follow-up", value_name = "DATE")]
    pub(crate) follow_up: Option<String>,
    /// A new statement date for a dispute or fraud (YYYY-MM-DD): the statement that first showed
    /// the charge. A date in the future or before 1970 is refused (exit 2).
    #[arg(long = "statement-date", value_name = "DATE")]
    pub(crate) statement_date: Option<String>,
    /// New last five digits of the card.
    #[arg(long = "card-last5", value_name = "DIGITS")]
    pub(crate) card_last5: Option<String>,
    #[command(flatten)]
    pub(crate) charge: ChargeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct LogResolveArgs {
    /// The case to mark resolved, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
    /// How it ended (`-` reads it from standard input).
    #[arg(long = "note")]
    pub(crate) note: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct LogDeleteArgs {
    /// The case to delete, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
    /// Do not ask for confirmation.
    #[arg(long = "yes", short = 'y')]
    pub(crate) yes: bool,
}
