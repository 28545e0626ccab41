//! How reports reach the user: JSON for scripts, text and tables for people, and the colour decision.
//!
//! Commands build a `Serialize` report and print nothing themselves; this module alone writes it.

mod case;
mod dispute;
mod escape;
mod grid;
mod numbers;
mod page;
mod progress;
mod style;
mod width;
mod wrap;

pub(crate) use escape::{escape_stored, needs_escape};

pub(crate) use case::*;
pub(crate) use dispute::{charge_lines, deadline_report};
pub(crate) use grid::Grid;
pub(crate) use numbers::*;
pub(crate) use page::{Page, Paint};
pub(crate) use progress::{count, Progress};
pub(crate) use style::{ColorWhen, Style};

use std::io::{self, Write};

use anyhow::{Context, Result};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
}

/// A report that can be shown to a person; its `Serialize` form is the JSON contract.
pub(crate) trait Render: Serialize {
    fn human(&self, out: &mut dyn Write, style: Style) -> io::Result<()>;
}

/// Writes `report` to stdout in the chosen format and flushes.
pub(crate) fn emit(report: &impl Render, format: Format, style: Style) -> Result<()> {
    match format {
        Format::Json => emit_json(report),
        Format::Human => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            report
                .human(&mut out, style)
                .and_then(|()| out.flush())
                .context(WRITING_STDOUT)
        }
    }
}

/// Writes `value` to stdout as one JSON document, for reports whose JSON is not their human form.
pub(crate) fn emit_json(value: &impl Serialize) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_json(&mut out, value)?;
    out.flush().context(WRITING_STDOUT)
}

/// The context of an error writing a command's output.
pub(crate) const WRITING_STDOUT: &str = "writing to standard output";

/// One newline-terminated JSON document.
pub(crate) fn write_json(out: &mut impl Write, value: &impl Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).context(WRITING_STDOUT)?;
    out.write_all(b"\n").context(WRITING_STDOUT)
}

/// A notice for the user on stderr ("masked a card number"); never part of the data on stdout.
pub(crate) fn notice(message: &str) {
    // Nothing sensible can be done if stderr is gone.
    let _ = writeln!(io::stderr(), "amex-help: {message}");
}
