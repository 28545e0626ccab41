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
/// Bulk loading of benchmark logs (`examples/gen_log.rs`), through the same open and masking as
/// `log add`; not a stable API.
pub use db::bulk::{Batch, BulkCase, BulkContact, BulkId, BulkLoad};

/// Parses the command line, remembering whether each path came from a flag or the environment.
pub fn parse() -> Result<Cli, clap::Error> {
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.record_sources(&matches);
    Ok(cli)
}

/// Runs one command to completion.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    cmd::dispatch(cli)
}
