//! The one dispatch match, and what every command shares: format, style, and where things live.

mod checklist;
mod completions;
mod escalate;
mod export;
mod followups;
mod knowledge;
mod log;
mod man;
mod numbers;
mod paths;
mod reasons;
mod route;

use anyhow::Result;

use crate::cli::{Cli, Command, KnowledgeCommand, ReasonArg};
use crate::db::{Db, OpenMode};
use crate::error::bad_input;
use crate::knowledge::{find_reason, Knowledge, Match, Reason};
use crate::output::{Format, Style};
use crate::paths::{self as where_, PathSource, PathWithSource};

/// How many rows a list shows people unless told otherwise: a screenful, most urgent or newest first.
const TEXT_LIMIT: usize = 20;

/// The row limit for a list command: `--all` means none, `--limit N` means N, and otherwise
/// scripts (`--json`) get everything while people get a screenful.
pub(crate) fn list_limit(all: bool, limit: Option<usize>, format: Format) -> Option<usize> {
    match (all, limit, format) {
        (true, _, _) | (false, None, Format::Json) => None,
        (false, Some(n), _) => Some(n),
        (false, None, Format::Human) => Some(TEXT_LIMIT),
    }
}

/// Tells people, on stderr, that a list was cut short by its limit; scripts asked for the limit.
pub(crate) fn note_more(ctx: &Ctx, more: bool, shown: usize) {
    if more && ctx.format == Format::Human {
        crate::output::notice(&format!(
            "showing the first {shown}; more match: add --all, or --limit N, to see them"
        ));
    }
}

/// What every command gets: decided once, before any command runs.
pub(crate) struct Ctx {
    pub(crate) format: Format,
    pub(crate) style: Style,
    given_db: Option<(std::path::PathBuf, PathSource)>,
    given_knowledge: Option<(std::path::PathBuf, PathSource)>,
    knowledge: std::cell::OnceCell<&'static Knowledge>,
}

impl Ctx {
    /// The built-in facts with the overlay, if any, merged over them. Loaded once per run and
    /// never freed: the process ends soon after, and freeing its thousands of strings one by one
    /// cost more than the whole `route` lookup.
    pub(crate) fn knowledge(&self) -> Result<&'static Knowledge> {
        let overlay = self.knowledge_path();
        // A path the user named must exist; the default location is optional.
        let required = overlay
            .as_ref()
            .is_some_and(|p| p.source != PathSource::Default);
        if let Some(knowledge) = self.knowledge.get() {
            return Ok(knowledge);
        }
        let knowledge = Knowledge::load(overlay.as_ref().map(|p| p.path.as_path()), required)?;
        Ok(self
            .knowledge
            .get_or_init(|| Box::leak(Box::new(knowledge))))
    }

    pub(crate) fn knowledge_path(&self) -> Option<PathWithSource> {
        where_::knowledge(self.given_knowledge.clone())
    }

    pub(crate) fn db_path(&self) -> Result<PathWithSource> {
        where_::db(self.given_db.clone())
    }

    /// The call log for a write, created (0600, in a 0700 directory) if it does not exist.
    pub(crate) fn open_db(&self) -> Result<Db> {
        log::open_for_write(&self.db_path()?.path)
    }

    /// The call log for a read; `None` when there is no log yet (nothing is created).
    pub(crate) fn read_db(&self) -> Result<Option<Db>> {
        Db::open(&self.db_path()?.path, OpenMode::ReadOnly)
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
        knowledge: std::cell::OnceCell::new(),
    };
    match cli.command {
        Command::Route(args) => route::run(&ctx, &args),
        Command::Checklist(args) => checklist::run(&ctx, &args),
        Command::Numbers(args) => numbers::run(&ctx, &args),
        Command::Reasons(args) => reasons::run(&ctx, &args),
        Command::Knowledge(KnowledgeCommand::Check(args)) => knowledge::check(&ctx, &args),
        Command::Paths => paths::run(&ctx),
        Command::Log(command) => log::run(&ctx, &command),
        Command::Followups(args) => followups::run(&ctx, &args),
        Command::Escalate(args) => escalate::run(&ctx, &args),
        Command::Export(args) => export::export(&ctx, &args),
        Command::Import(args) => export::import(&ctx, &args),
        Command::Completions(args) => completions::run(&ctx, &args),
        Command::Man => man::run(&ctx),
    }
}

/// Fails when `--json` was given to a command whose output is a file format of its own (a
/// calendar, a CSV table, a shell script, a man page): silently writing something else would break
/// the script that asked for JSON. `what` names the output, `fix` says what to do instead.
pub(crate) fn refuse_json(ctx: &Ctx, what: &str, fix: &str) -> Result<()> {
    if ctx.format == Format::Json {
        return Err(bad_input(format!("{what}, not JSON; {fix}")));
    }
    Ok(())
}

/// Resolves the reason words to a reason, or refuses with the three closest reasons.
pub(crate) fn resolve_reason<'k>(k: &'k Knowledge, arg: &ReasonArg) -> Result<(Match<'k>, String)> {
    let input = arg.words.join(" ");
    resolve_reason_input(k, input)
}

/// Resolves a `--reason` value as `route` would.
pub(crate) fn resolve_reason_text<'k>(k: &'k Knowledge, text: &str) -> Result<&'k Reason> {
    Ok(resolve_reason_input(k, text.to_owned())?.0.reason)
}

fn resolve_reason_input(k: &Knowledge, input: String) -> Result<(Match<'_>, String)> {
    match find_reason(k, &input) {
        Ok(found) => Ok((found, input)),
        Err(refusal) => Err(bad_input(refusal.message(&input))),
    }
}
