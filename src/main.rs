//! The `amex-help` binary: parse the command line, run, and turn the outcome into an exit code.

use std::io::Write;
use std::process::ExitCode;

use amex_help::error::{classify, Outcome};

fn main() -> ExitCode {
    let cli = match amex_help::parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help and version to stdout with 0; usage errors go to stderr with 2, on
            // one line, plain and escaped, since they quote what was typed.
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                // Help or version that could not be written (a full disk) is a failure; a reader
                // that went away (`| head`) is not.
                if let Err(io) = err.print() {
                    let err = anyhow::Error::new(io).context("writing to standard output");
                    if let Outcome::Failed { message, .. } = classify(&err) {
                        let _ = writeln!(std::io::stderr(), "amex-help: {message}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                let args: Vec<_> = std::env::args_os().collect();
                let command = amex_help::command_path(&args);
                let _ = writeln!(
                    std::io::stderr(),
                    "amex-help: {}",
                    amex_help::error::usage_message(&err, &command)
                );
            }
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
    };
    match amex_help::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match classify(&err) {
            Outcome::BrokenPipe => ExitCode::SUCCESS,
            Outcome::Failed { code, message } => {
                let _ = writeln!(std::io::stderr(), "amex-help: {message}");
                code.into()
            }
        },
    }
}
