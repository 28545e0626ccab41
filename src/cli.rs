//! Every command-line type. The doc comments are the help text; there is no logic here.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand, ValueEnum};

use crate::paths::PathSource;

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
    #[arg(long = "json", global = true)]
    pub(crate) json: bool,

    /// When to colour human output. `auto` colours only a terminal, and never when `NO_COLOR` is set.
    #[arg(long = "color", value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub(crate) color: ColorWhen,

    /// The call-log database [default: calls.sqlite3 in the platform data directory].
    #[arg(long = "db", env = "AMEX_HELP_DB", global = true, value_name = "FILE")]
    pub(crate) db: Option<PathBuf>,

    /// A knowledge overlay laid over the built-in facts, e.g. the number on the back of your card
    /// [default: knowledge.toml in the platform config directory, if it exists].
    #[arg(
        long = "knowledge",
        env = "AMEX_HELP_KNOWLEDGE",
        global = true,
        value_name = "FILE"
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

    pub(crate) fn given_db(&self) -> Option<(PathBuf, PathSource)> {
        self.db.clone().zip(self.db_source)
    }

    pub(crate) fn given_knowledge(&self) -> Option<(PathBuf, PathSource)> {
        self.knowledge.clone().zip(self.knowledge_source)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Which department handles a problem, which numbers to call, and the better channel.
    Route(RouteArgs),
    /// What to have at hand, say, write down and do for a call about a problem.
    Checklist(ChecklistArgs),
    /// Every known phone number, with kind, hours, sources and the reasons that use it.
    Numbers(NumbersArgs),
    /// Every reason with its slug, title, department and aliases.
    Reasons,
    /// Work with knowledge files (the built-in facts and your overlay).
    #[command(subcommand)]
    Knowledge(KnowledgeCommand),
    /// Where the database and the knowledge overlay live, and what decided each.
    Paths,
}

/// A reason: a slug (`lost-card`), an alias (`stolen`), or free text ("I left my wallet in a taxi").
#[derive(Debug, Args)]
pub(crate) struct ReasonArg {
    /// The problem: a slug, an alias, or your own words (quoted or not). `amex-help reasons` lists slugs.
    #[arg(required = true, num_args = 1.., value_name = "REASON")]
    pub(crate) words: Vec<String>,

    /// Your card, which changes the answer (a Platinum holder sees the Platinum line first).
    #[arg(long = "card", value_enum, value_name = "TIER")]
    pub(crate) card: Option<CardTier>,
}

#[derive(Debug, Args)]
pub(crate) struct RouteArgs {
    #[command(flatten)]
    pub(crate) reason: ReasonArg,
}

#[derive(Debug, Args)]
pub(crate) struct ChecklistArgs {
    #[command(flatten)]
    pub(crate) reason: ReasonArg,

    /// Output format: plain text with check boxes, a GitHub task list, or JSON (same as --json).
    #[arg(long = "format", value_enum, default_value_t = ChecklistFormat::Text)]
    pub(crate) format: ChecklistFormat,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RegionArg {
    /// Dialled inside the United States.
    Us,
    /// Dialled from outside the United States.
    Abroad,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CardTier {
    Green,
    Gold,
    Platinum,
    Centurion,
    Business,
    Corporate,
    Other,
}

impl CardTier {
    /// The tier's slug in the knowledge file.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            CardTier::Green => "green",
            CardTier::Gold => "gold",
            CardTier::Platinum => "platinum",
            CardTier::Centurion => "centurion",
            CardTier::Business => "business",
            CardTier::Corporate => "corporate",
            CardTier::Other => "other",
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
