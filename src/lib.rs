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

pub use cli::{command_path, Cli};
/// Bulk loading of benchmark logs (`examples/gen_log.rs`), through the same open and masking as
/// `log add`; not a stable API.
pub use db::bulk::{Batch, BulkCase, BulkContact, BulkId, BulkLoad};

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

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    cmd::dispatch(cli)
}
