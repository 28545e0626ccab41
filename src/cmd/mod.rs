//! The one dispatch match, and what every command shares: format, style, and where things live.

mod checklist;
mod knowledge;
mod numbers;
mod paths;
mod reasons;
mod route;

use anyhow::Result;

use crate::cli::{Cli, Command, KnowledgeCommand, ReasonArg};
use crate::error::bad_input;
use crate::knowledge::{find_reason, Knowledge, Match};
use crate::output::{Format, Style};
use crate::paths::{self as where_, PathSource, PathWithSource};

/// What every command gets: decided once, before any command runs.
pub(crate) struct Ctx {
    pub(crate) format: Format,
    pub(crate) style: Style,
    given_db: Option<(std::path::PathBuf, PathSource)>,
    given_knowledge: Option<(std::path::PathBuf, PathSource)>,
}

impl Ctx {
    /// The built-in facts with the overlay, if any, merged over them.
    pub(crate) fn knowledge(&self) -> Result<Knowledge> {
        let overlay = self.knowledge_path();
        // A path the user named must exist; the default location is optional.
        let required = overlay
            .as_ref()
            .is_some_and(|p| p.source != PathSource::Default);
        Knowledge::load(overlay.as_ref().map(|p| p.path.as_path()), required)
    }

    pub(crate) fn knowledge_path(&self) -> Option<PathWithSource> {
        where_::knowledge(self.given_knowledge.clone())
    }

    pub(crate) fn db_path(&self) -> Result<PathWithSource> {
        where_::db(self.given_db.clone())
    }
}

pub(crate) fn dispatch(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        format: if cli.json {
            Format::Json
        } else {
            Format::Human
        },
        style: Style::decide(cli.color),
        given_db: cli.given_db(),
        given_knowledge: cli.given_knowledge(),
    };
    match cli.command {
        Command::Route(args) => route::run(&ctx, &args),
        Command::Checklist(args) => checklist::run(&ctx, &args),
        Command::Numbers(args) => numbers::run(&ctx, &args),
        Command::Reasons => reasons::run(&ctx),
        Command::Knowledge(KnowledgeCommand::Check(args)) => knowledge::check(&ctx, &args),
        Command::Paths => paths::run(&ctx),
    }
}

/// Resolves the reason words to a reason, or fails with the three closest slugs.
pub(crate) fn resolve_reason<'k>(k: &'k Knowledge, arg: &ReasonArg) -> Result<(Match<'k>, String)> {
    let input = arg.words.join(" ");
    match find_reason(k, &input) {
        Ok(found) => Ok((found, input)),
        Err(closest) => {
            let names: Vec<&str> = closest.iter().map(|r| r.slug.as_str()).collect();
            Err(bad_input(format!(
                "no reason matches \"{}\"; closest: {} (see `amex-help reasons`)",
                input.trim(),
                names.join(", ")
            )))
        }
    }
}
