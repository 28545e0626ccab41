//! amex-help: reach the right American Express department, keep a paper trail, escalate.
//!
//! `main.rs` only parses and maps the outcome to an exit code; everything else lives here so that
//! tests and benchmarks can reach it.

mod calls;
mod cli;
mod cmd;
mod db;
#[cfg(test)]
mod db_props;
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
    let matches = Cli::command()
        .try_get_matches()
        .map_err(cli::without_globals_in_usage)?;
    from_matches(&matches)
}

/// `parse` over given arguments (the environment is still read for `AMEX_HELP_*`).
#[cfg(test)]
fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = Cli::command()
        .try_get_matches_from(args)
        .map_err(cli::without_globals_in_usage)?;
    from_matches(&matches)
}

fn from_matches(matches: &clap::ArgMatches) -> Result<Cli, clap::Error> {
    let mut cli = Cli::from_arg_matches(matches)?;
    cli.record_sources(matches);
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
