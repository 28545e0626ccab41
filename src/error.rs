//! Exit codes, the `BadInput` error, and how a failed run is reported.
//!
//! Every error reaches the user as one line on stderr: `amex-help: <what was wrong>; <how to fix it>`.

use std::fmt;
use std::io;

/// The documented exit codes. Kept in one place so the README, `--help` and the code agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Ok = 0,
    /// The environment failed: an unwritable path, a corrupt or newer database.
    Failure = 1,
    /// The user asked for something impossible: an unknown reason, a bad date, a bad knowledge file.
    BadInput = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        // The discriminants are 0..=2, so the cast is lossless.
        std::process::ExitCode::from(code as u8)
    }
}

/// An error caused by what the user typed or supplied. Maps to exit code 2.
#[derive(Debug)]
pub(crate) struct BadInput(pub(crate) String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// Shorthand for returning a `BadInput` as an `anyhow::Error`.
pub(crate) fn bad_input(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(message.into()))
}

/// How a failed run ends: the exit code, and whether to print anything at all.
pub enum Outcome {
    /// Stdout was closed by the reader (`amex-help numbers | head -1`): end quietly with 0.
    BrokenPipe,
    Failed {
        code: ExitCode,
        message: String,
    },
}

/// The kind of the I/O error behind `err`, if it is one. `serde_json` hides its I/O error from the
/// `source()` chain (it reports the error's own source), so it is asked directly.
pub(crate) fn io_kind(err: &anyhow::Error) -> Option<io::ErrorKind> {
    err.chain().find_map(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            })
    })
}

/// Classifies an error from `run` by walking its chain.
pub fn classify(err: &anyhow::Error) -> Outcome {
    if io_kind(err) == Some(io::ErrorKind::BrokenPipe) {
        return Outcome::BrokenPipe;
    }
    let code = if err.chain().any(<dyn std::error::Error>::is::<BadInput>) {
        ExitCode::BadInput
    } else {
        ExitCode::Failure
    };
    // `{:#}` joins the context chain on one line: "opening /x/calls.sqlite3: permission denied".
    // Other control characters, which a message can quote from an overlay or an argument, are
    // shown escaped, and so are bidirectional overrides and marks (as stored text is): the
    // message stays one line, cannot move a terminal's cursor, and reads in the order written.
    let mut message = escaped(&format!("{err:#}"));
    if io_kind(err) == Some(io::ErrorKind::StorageFull) {
        message.push_str(
            "; free some space on that disk, or send the output elsewhere, and try again",
        );
    }
    Outcome::Failed { code, message }
}

/// A command-line error on one line, as every other error is: clap's words for what was wrong
/// (continuation lines such as `<CASE>` or `[possible values: ...]` joined on), then its tips and
/// usage line, then where the full help is: the help of the command the usage line names, or
/// where clap gives none, of `command`, the one the command line named (see `cli::command_path`).
///
/// What it quotes from the command line is made safe to print: an argument can hold an escape
/// sequence that would retitle the window or clear the screen, so controls and bidi overrides are
/// shown escaped, as in every other message.
pub fn usage_message(err: &clap::Error, command: &str) -> String {
    let rendered = err.render().to_string();
    let mut wrong = String::new();
    let mut continued = false;
    let mut fixes = Vec::new();
    let mut help = command.to_owned();
    for line in rendered.lines().map(str::trim) {
        if line.is_empty() || line.starts_with("For more information") {
            continue;
        }
        if let Some(what) = line.strip_prefix("error: ") {
            wrong.push_str(what);
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            fixes.push(tip.to_owned());
        } else if let Some(usage) = line.strip_prefix("Usage: ") {
            fixes.push(format!("usage: {usage}"));
            // `amex-help log edit <CASE>` is the usage of `amex-help log edit`.
            let named: Vec<&str> = usage
                .split(' ')
                .take_while(|word| !word.starts_with(['[', '<', '-']))
                .collect();
            help = named.join(" ");
        } else {
            // A second missing argument, say, follows the first after a comma.
            wrong.push_str(if continued { ", " } else { " " });
            wrong.push_str(line);
            continued = true;
        }
    }
    if wrong.is_empty() {
        wrong.push_str("the command line could not be read");
    }
    fixes.push(format!("see `{help} --help`"));
    escaped(&format!("{wrong}; {}", fixes.join("; ")))
}

/// `text` on one line: each newline written as a space, and every other character that must not
/// reach a terminal raw (`output::needs_escape`) shown escaped, as `\u{1b}`.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push(' '),
            c if crate::output::needs_escape(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
