//! amex-help: reach the right American Express department, keep a paper trail, escalate.
//!
//! `main.rs` only parses and maps the outcome to an exit code; everything else lives here so that
//! tests and benchmarks can reach it.

mod calls;
mod cli;
mod cmd;
mod db;
pub mod error;
mod ics;
mod knowledge;
mod output;
mod paths;
mod privacy;

use clap::{CommandFactory, FromArgMatches};

pub use cli::Cli;

/// Parses the command line, remembering whether each path came from a flag or the environment.
pub fn parse() -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.record_sources(&matches);
    Ok(cli)
}

/// Opens the call log at `path` the way every write command does (private file modes, pragmas,
/// migrations), creating it if needed, and hands over the raw connection. Only for
/// `examples/gen_log.rs`, which bulk-loads benchmark logs with its own SQL; not a stable API.
#[doc(hidden)]
pub fn open_log_for_bulk_load(path: &std::path::Path) -> anyhow::Result<rusqlite::Connection> {
    let db = db::Db::open(path, db::OpenMode::ReadWrite)?
        .ok_or_else(|| anyhow::anyhow!("could not open {} for writing", path.display()))?;
    Ok(db.into_connection())
}

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    cmd::dispatch(cli)
}
