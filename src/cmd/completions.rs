//! `amex-help completions`: a shell completion script, generated from the same clap definition
//! that parses the command line, so it offers every subcommand, flag and reason slug there is.

use std::fmt::Write as _;
use std::io::{self, Write};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;

use super::{refuse_json, Ctx};
use crate::cli::{Cli, CompletionsArgs};

pub(crate) fn run(ctx: &Ctx, args: &CompletionsArgs) -> Result<()> {
    refuse_json(ctx, "`completions` writes a shell script", "drop --json")?;
    let script = script(args.shell)?;
    let mut out = io::stdout().lock();
    out.write_all(script.as_bytes())
        .and_then(|()| out.flush())
        .context(crate::output::WRITING_STDOUT)
}

/// The completion script for `shell`.
fn script(shell: Shell) -> Result<String> {
    let mut cmd = Cli::command();
    let bin = cmd.get_name().to_owned();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, &bin, &mut buf);
    let script = String::from_utf8(buf).context("the generated completion script is not UTF-8")?;
    Ok(match shell {
        Shell::Bash => fix_bash_state_names(&script, &bin),
        Shell::Fish => add_fish_positional_values(script, &cmd, &bin)?,
        _ => script,
    })
}

/// Works around clap-rs/clap issues 6421 and 6529 (open as of `clap_complete` 4.6.11): for a
/// binary name with a hyphen, the bash script names a subcommand's state two ways. The loop over
/// the typed words sets `cmd="amex__help__subcmd__route"` (hyphens become `__`), but the `case`
/// that completes each state matches `amex__subcmd__help__subcmd__route)` (hyphens become
/// `__subcmd__`), so nothing completes after a subcommand. This rewrites the second spelling into
/// the first. Once the generator is fixed the second spelling no longer appears and this changes
/// nothing; the tests check that every state the loop sets has a branch either way.
fn fix_bash_state_names(script: &str, bin: &str) -> String {
    let wrong = format!("{}__subcmd__", bin.replace('-', "__subcmd__"));
    let right = format!("{}__subcmd__", bin.replace('-', "__"));
    script.replace(&wrong, &right)
}

/// `clap_complete`'s fish script completes the values of flags but not those of positional
/// arguments, so `amex-help route <Tab>` would offer no reason slugs. This adds one line for each
/// subcommand whose positional argument advertises values, in the form the generator uses for a
/// flag's values (`value\t'help'`, one per line, inside double quotes).
fn add_fish_positional_values(
    mut script: String,
    cmd: &clap::Command,
    bin: &str,
) -> Result<String> {
    let using = format!("__fish_{}_using_subcommand", bin.replace('-', "_"));
    if !script.contains(&format!("function {using}")) {
        // The generator changed shape; the tests notice, a user gets the script as generated.
        return Ok(script);
    }
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| {
                    let help = v.get_help().map(ToString::to_string).unwrap_or_default();
                    format!(
                        "{}\\t'{}'",
                        fish_quote(v.get_name()).replace(',', "\\,"),
                        fish_quote(&help.replace('\n', " "))
                    )
                })
                .collect();
            if !values.is_empty() {
                writeln!(
                    script,
                    "complete -c {bin} -n \"{using} {}\" -f -a \"{}\"",
                    sub.get_name(),
                    values.join("\n")
                )?;
            }
        }
    }
    Ok(script)
}

/// Escapes what fish would read specially inside `'...'` within the `-a "..."` list.
fn fish_quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\'', "\\'")
}

#[cfg(test)]
mod tests;
