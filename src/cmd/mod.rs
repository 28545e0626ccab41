//! The one dispatch match, and what every command shares: format, style, and where things live.

mod checklist;
mod completions;
mod escalate;
mod export;
mod followups;
mod import;
mod knowledge;
mod letter;
mod log;
mod man;
mod numbers;
mod paths;
mod reasons;
mod resolve;
mod route;

use anyhow::Result;

use crate::calls::{CaseId, CaseRecord};
use crate::cli::{Cli, Command, KnowledgeCommand};
use crate::db::{Db, OpenMode};
use crate::error::{bad_input, io_kind};
use crate::knowledge::Knowledge;
use crate::output::{emit, Format, Render, Style};
use crate::paths::{self as where_, PathSource, PathWithSource};

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
    knowledge: std::cell::OnceCell<Knowledge>,
}

impl Ctx {
    /// The built-in facts with the overlay, if any, merged over them; loaded once per run. The
    /// built-in facts are static data, borrowed rather than built, so there is nothing to free.
    pub(crate) fn knowledge(&self) -> Result<&Knowledge> {
        let overlay = self.knowledge_path();
        // A path the user named must exist; the default location is optional.
        let required = overlay
            .as_ref()
            .is_some_and(|p| p.source != PathSource::Default);
        if let Some(knowledge) = self.knowledge.get() {
            return Ok(knowledge);
        }
        let knowledge = Knowledge::load(overlay.as_ref().map(|p| p.path.as_path()), required)?;
        Ok(self.knowledge.get_or_init(|| knowledge))
    }

    pub(crate) fn knowledge_path(&self) -> Option<PathWithSource> {
        where_::knowledge(self.given_knowledge.clone())
    }

    pub(crate) fn db_path(&self) -> Result<PathWithSource> {
        where_::db(self.given_db.clone())
    }

    /// The call log for a write, created (0600, in a 0700 directory) if it does not exist.
    pub(crate) fn open_db(&self) -> Result<Db> {
        let path = self.db_path()?.path;
        Db::open(&path, OpenMode::ReadWrite)?
            .ok_or_else(|| anyhow::anyhow!("could not open {} for writing", path.display()))
    }

    /// The call log for a read; `None` when there is no log yet (nothing is created).
    pub(crate) fn read_db(&self) -> Result<Option<Db>> {
        Db::open(&self.db_path()?.path, OpenMode::ReadOnly)
    }

    /// Finds a case for a read command, or fails with "no case N" (exit 2).
    pub(crate) fn find_case(&self, id: CaseId) -> Result<CaseRecord> {
        let missing = || {
            bad_input(format!(
                "no case {id}; `amex-help log list` shows the case numbers"
            ))
        };
        let db = self.read_db()?.ok_or_else(missing)?;
        db.find_case(id)?.ok_or_else(missing)
    }
}

pub(crate) fn dispatch(cli: Cli) -> Result<()> {
    let ctx = Ctx {
        format: if cli.json {
            Format::Json
        } else {
            Format::Human
        },
        style: Style::decide(cli.color.into()),
        given_db: cli.given_db(),
        given_knowledge: cli.given_knowledge(),
        knowledge: std::cell::OnceCell::new(),
    };
    let result = run(&ctx, cli.command);
    // Only a command that touched the log can fail with a database error.
    result.map_err(|err| match ctx.db_path() {
        Ok(db) => crate::db::explain(err, &db.path),
        Err(_) => err,
    })
}

fn run(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Route(args) => route::run(ctx, &args),
        Command::Checklist(args) => checklist::run(ctx, &args),
        Command::Numbers(args) => numbers::run(ctx, &args),
        Command::Reasons(args) => reasons::run(ctx, &args),
        Command::Knowledge(KnowledgeCommand::Check(args)) => knowledge::check(ctx, &args),
        Command::Paths => paths::run(ctx),
        Command::Log(command) => log::run(ctx, &command),
        Command::Followups(args) => followups::run(ctx, &args),
        Command::Escalate(args) => escalate::run(ctx, &args),
        Command::Letter(args) => letter::run(ctx, &args),
        Command::Export(args) => export::export(ctx, &args),
        Command::Import(args) => import::run(ctx, &args),
        Command::Completions(args) => completions::run(ctx, &args),
        Command::Man => man::run(ctx),
    }
}

/// Prints the report of a write that has already committed. Failing now would tell a script that
/// retries on failure to log the same call twice, so an unwritable stdout (`> /dev/full`, a closed
/// pipe) is a warning on stderr and the run still exits 0: the change is saved.
pub(crate) fn emit_saved(ctx: &Ctx, report: &impl Render) {
    if let Err(err) = emit(report, ctx.format, ctx.style) {
        if io_kind(&err) != Some(std::io::ErrorKind::BrokenPipe) {
            crate::output::notice(&format!(
                "the change was saved, but its report could not be written to standard output ({err:#}); do not run the command again"
            ));
        }
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
