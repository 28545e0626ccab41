//! Every command-line type. The doc comments are the help text; there is no logic here.

use std::ffi::OsStr;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::builder::{OsStringValueParser, PossibleValue, StringValueParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

mod dispute;
mod log;

pub(crate) use dispute::{ChargeArgs, LetterArgs, LetterFormat, NoticeArgs};
pub(crate) use log::{
    CaseArg, ChannelArg, LogAddArgs, LogCommand, LogDeleteArgs, LogEditArgs, LogListArgs,
    LogResolveArgs,
};

use crate::knowledge::REASON_SLUGS;
use crate::paths::PathSource;

#[cfg(test)]
mod tests;

const AFTER_HELP: &str = "\
Exit codes: 0 ok; 2 bad input or usage (unknown reason, impossible date, bad knowledge file); 1 anything else.
The number on the back of your own card is the authority: add it with a knowledge overlay (see `amex-help paths`).";

/// Reach the right American Express department, keep a paper trail of your calls, and escalate when a
/// problem is not fixed.
#[derive(Debug, Parser)]
#[command(name = "amex-help", version, about, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,

    /// Print JSON for scripts instead of text (one document per run; shapes are in README.md).
    #[arg(long = "json", global = true, help_heading = GLOBAL)]
    pub(crate) json: bool,

    /// When to colour human output. `auto` colours only a terminal, and never when `NO_COLOR` is
    /// set or `TERM` is `dumb`.
    #[arg(
        long = "color",
        value_enum,
        global = true,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN",
        help_heading = GLOBAL
    )]
    pub(crate) color: ColorWhen,

    /// The call-log database [default: calls.sqlite3 in the platform data directory]. An empty
    /// value counts as unset.
    #[arg(
        long = "db",
        env = "AMEX_HELP_DB",
        global = true,
        value_name = "FILE",
        value_parser = path_or_empty(),
        help_heading = GLOBAL
    )]
    pub(crate) db: Option<PathBuf>,

    /// A knowledge overlay laid over the built-in facts, e.g. the number on the back of your card
    /// [default: knowledge.toml in the platform config directory, if it exists]. An empty value
    /// counts as unset.
    #[arg(
        long = "knowledge",
        env = "AMEX_HELP_KNOWLEDGE",
        global = true,
        value_name = "FILE",
        value_parser = path_or_empty(),
        help_heading = GLOBAL
    )]
    pub(crate) knowledge: Option<PathBuf>,

    /// Whether `db` came from the flag or the environment (filled in after parsing).
    #[arg(skip)]
    pub(crate) db_source: Option<PathSource>,

    /// Whether `knowledge` came from the flag or the environment (filled in after parsing).
    #[arg(skip)]
    pub(crate) knowledge_source: Option<PathSource>,
}

impl Cli {
    pub(crate) fn record_sources(&mut self, matches: &ArgMatches) {
        let source = |id: &str| match matches.value_source(id) {
            Some(ValueSource::EnvVariable) => Some(PathSource::Env),
            Some(ValueSource::CommandLine) => Some(PathSource::Flag),
            _ => None,
        };
        self.db_source = source("db");
        self.knowledge_source = source("knowledge");
    }

    /// The `--db` path and where it came from; an empty value (`AMEX_HELP_DB=`) counts as unset.
    pub(crate) fn given_db(&self) -> Option<(PathBuf, PathSource)> {
        non_empty(self.db.as_ref()).zip(self.db_source)
    }

    /// The `--knowledge` path and where it came from; an empty value counts as unset.
    pub(crate) fn given_knowledge(&self) -> Option<(PathBuf, PathSource)> {
        non_empty(self.knowledge.as_ref()).zip(self.knowledge_source)
    }
}

/// The heading the global options sit under in every command's `--help`.
const GLOBAL: &str = "Global options";

/// A path that may be empty: clap's own path parser refuses an empty value, which made an
/// exported-but-empty `AMEX_HELP_DB=` fail every command. Empty is turned into "unset" later.
fn path_or_empty() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().map(PathBuf::from)
}

/// A usage error with the global options taken out of its usage line. clap lists there every
/// option the run used, an `AMEX_HELP_DB` from the environment included, so a missing `CASE`
/// printed `Usage: amex-help log edit --db <FILE> <CASE>`, as if `--db` were required.
pub(crate) fn without_globals_in_usage(mut err: clap::Error) -> clap::Error {
    const GLOBALS: [&str; 4] = [
        " --db <FILE>",
        " --knowledge <FILE>",
        " --color <WHEN>",
        " --json",
    ];
    if let Some(ContextValue::StyledStr(usage)) = err.get(ContextKind::Usage) {
        let plain = usage.to_string();
        let fixed = GLOBALS.iter().fold(plain.clone(), |u, g| u.replace(g, ""));
        // Only a changed line loses clap's styling of `Usage:`.
        if fixed != plain {
            err.insert(ContextKind::Usage, ContextValue::StyledStr(fixed.into()));
        }
    }
    err
}

/// The command that `args` (the whole command line, program name first) names, as
/// `amex-help log add`: each word that is a subcommand of the command before it, in order. A usage
/// error has no other record of it, and its fix is that command's `--help`.
pub fn command_path(args: &[std::ffi::OsString]) -> String {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut path = String::from("amex-help");
    for word in args.iter().skip(1).filter_map(|arg| arg.to_str()) {
        if word == "--" {
            break;
        }
        let Some(sub) = command
            .get_subcommands()
            .find(|sub| sub.get_name() == word || sub.get_all_aliases().any(|a| a == word))
            .cloned()
        else {
            continue;
        };
        path.push(' ');
        path.push_str(sub.get_name());
        command = sub;
    }
    path
}

fn non_empty(path: Option<&PathBuf>) -> Option<PathBuf> {
    path.filter(|p| !p.as_os_str().is_empty()).cloned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl From<ColorWhen> for crate::output::ColorWhen {
    fn from(when: ColorWhen) -> Self {
        match when {
            ColorWhen::Auto => Self::Auto,
            ColorWhen::Always => Self::Always,
            ColorWhen::Never => Self::Never,
        }
    }
}

// Parsed once per run, so the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Which department handles a problem, which numbers to call, and the better channel.
    Route(RouteArgs),
    /// What to have at hand, say, write down and do for a call about a problem.
    Checklist(ChecklistArgs),
    /// Every known phone number, with kind, hours, sources and the reasons that use it.
    Numbers(NumbersArgs),
    /// Every reason with its slug, title, department and aliases.
    Reasons(ReasonsArgs),
    /// Work with knowledge files (the built-in facts and your overlay).
    #[command(subcommand)]
    Knowledge(KnowledgeCommand),
    /// Where the database and the knowledge overlay live, and what decided each.
    Paths,
    /// Record and review calls: cases (one problem each) and their contacts.
    #[command(subcommand)]
    Log(LogCommand),
    /// Open cases whose follow-up is due, promises past their date, and legal deadlines.
    Followups(FollowupsArgs),
    /// The next step up the escalation ladder for a case, with its timeline.
    Escalate(EscalateArgs),
    /// A draft of the written billing-error notice for a dispute or fraud case, to edit and post.
    Letter(LetterArgs),
    /// Export every case and contact as JSON (for `import`) or CSV, or follow-ups as a calendar.
    Export(ExportArgs),
    /// Restore an export into this database, skipping what is already there.
    Import(ImportArgs),
    /// Print a shell completion script (see README.md for where to put it).
    Completions(CompletionsArgs),
    /// Print the manual page, every command included, as roff (`amex-help man | man -l -`).
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct FollowupsArgs {
    /// Also cases due within this many days.
    #[arg(
        long = "within",
        value_name = "DAYS",
        default_value_t = 0,
        value_parser = clap::value_parser!(u32).range(..=36_500)
    )]
    pub(crate) within: u32,
    /// At most this many cases, most urgent first [default: 20 in text, all with --json].
    #[arg(long = "limit", value_name = "N", conflicts_with = "all")]
    pub(crate) limit: Option<NonZeroUsize>,
    /// Every case that needs attention, however many.
    #[arg(long = "all")]
    pub(crate) all: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EscalateArgs {
    /// The case to escalate, as `log list` shows it.
    #[arg(value_name = "CASE")]
    pub(crate) case: i64,
    /// Output: text to read aloud, markdown to paste, a complaint draft, or JSON.
    #[arg(long = "format", value_enum, default_value_t = EscalateFormat::Text)]
    pub(crate) format: EscalateFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EscalateFormat {
    Text,
    Markdown,
    Complaint,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// What to write: the whole log as JSON (for `import`) or CSV, or an iCalendar file of
    /// follow-up dates and promises (`ics`). Only `json` may be combined with `--json`.
    #[arg(long = "format", value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// The whole log, for `import`.
    Json,
    /// One row per contact, for spreadsheets.
    Csv,
    /// An RFC 5545 calendar: open cases' follow-ups and promises' due dates, with reminders.
    Ics,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to print a completion script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub(crate) shell: Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A file written by `amex-help export --format json`.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

/// A reason: a slug (`lost-card`), an alias (`stolen`), or free text ("I left my wallet in a taxi").
#[derive(Debug, Args)]
pub(crate) struct ReasonArg {
    /// The problem: a slug, an alias, or your own words (quoted or not). `amex-help reasons` lists slugs.
    #[arg(
        required = true,
        num_args = 1..,
        value_name = "REASON",
        value_parser = ReasonText,
        hide_possible_values = true
    )]
    pub(crate) words: Vec<String>,

    /// Your card, which changes the answer (a Platinum holder sees the Platinum line first).
    #[arg(long = "card", value_enum, value_name = "TIER")]
    pub(crate) card: Option<CardTierArg>,
}

#[derive(Debug, Args)]
pub(crate) struct RouteArgs {
    #[command(flatten)]
    pub(crate) reason: ReasonArg,

    /// You are outside the US: collect and abroad numbers first, in +1 form, with how to call
    /// collect. Implied by the `international` and `global-assist` reasons.
    #[arg(long = "abroad")]
    pub(crate) abroad: bool,

    /// Also show where every number comes from and what each disagreement between sources is.
    #[arg(long = "sources")]
    pub(crate) sources: bool,

    /// Show every tip. Without it, tips that would take the page past 35 lines at 80 columns
    /// are left out, with a line saying how many.
    #[arg(long = "all")]
    pub(crate) all: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ChecklistArgs {
    #[command(flatten)]
    pub(crate) reason: ReasonArg,

    /// Output format: plain text with check boxes, a GitHub task list, or JSON (same as --json).
    #[arg(long = "format", value_enum, default_value_t = ChecklistFormat::Text)]
    pub(crate) format: ChecklistFormat,

    /// For a dispute or fraud: the date of the statement that first showed the charge, to work out
    /// the last day for the written billing-error notice.
    #[arg(long = "statement-date", value_name = "DATE")]
    pub(crate) statement_date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChecklistFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct NumbersArgs {
    /// Only numbers dialled from this region.
    #[arg(long = "region", value_enum)]
    pub(crate) region: Option<RegionArg>,
    /// At most this many numbers. They are listed best first: your own card's, then those an issuer
    /// page confirms, then informal ones.
    #[arg(long = "limit", value_name = "N")]
    pub(crate) limit: Option<NonZeroUsize>,
}

#[derive(Debug, Args)]
pub(crate) struct ReasonsArgs {
    /// At most this many reasons. They are listed in the knowledge file's order, which puts the
    /// urgent ones (lost-card, fraud, dispute) first.
    #[arg(long = "limit", value_name = "N")]
    pub(crate) limit: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RegionArg {
    /// Dialled inside the United States.
    Us,
    /// Dialled from outside the United States.
    Abroad,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CardTierArg {
    Green,
    Gold,
    Platinum,
    Centurion,
    Business,
    Corporate,
    Other,
}

impl From<CardTierArg> for crate::knowledge::CardTier {
    fn from(tier: CardTierArg) -> Self {
        match tier {
            CardTierArg::Green => Self::Green,
            CardTierArg::Gold => Self::Gold,
            CardTierArg::Platinum => Self::Platinum,
            CardTierArg::Centurion => Self::Centurion,
            CardTierArg::Business => Self::Business,
            CardTierArg::Corporate => Self::Corporate,
            CardTierArg::Other => Self::Other,
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum KnowledgeCommand {
    /// Check a knowledge file: syntax, unknown number ids, duplicate slugs or aliases, bad phone numbers.
    Check(KnowledgeCheckArgs),
}

#[derive(Debug, Args)]
pub(crate) struct KnowledgeCheckArgs {
    /// The file to check, as an overlay over the built-in facts.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
}

/// Reason words as typed: any text is accepted (free text is matched later), but the built-in
/// slugs are advertised as possible values, which is what shell completion scripts offer.
/// Arguments using it set `hide_possible_values`, so `--help` does not list eighteen slugs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReasonText;

impl TypedValueParser for ReasonText {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            REASON_SLUGS
                .iter()
                .map(|&(slug, title)| PossibleValue::new(slug).help(title)),
        ))
    }
}
