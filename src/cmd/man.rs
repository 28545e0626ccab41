//! `amex-help man`: one roff manual page for the whole program, built from the clap definition.
//!
//! `clap_mangen` renders one page per command; people expect `man amex-help` to cover everything,
//! so the top-level sections come first and every subcommand follows as a subsection of COMMANDS,
//! its synopsis and options rendered by `clap_mangen` without their section headings.

use std::io::{self, Write};

use anyhow::{Context, Result};
use clap::{ArgAction, CommandFactory};
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

use super::{refuse_json, Ctx};
use crate::cli::Cli;
use crate::knowledge::REASON_SLUGS;

pub(crate) fn run(ctx: &Ctx) -> Result<()> {
    refuse_json(ctx, "`man` writes a roff manual page", "drop --json")?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_page(&mut out)
        .and_then(|()| out.flush())
        .context(crate::output::WRITING_STDOUT)
}

/// Writes the whole page.
fn write_page(out: &mut dyn Write) -> io::Result<()> {
    out.write_all(page()?.as_bytes())
}

/// The whole page as roff text.
fn page() -> io::Result<String> {
    // The `help` subcommand only repeats `--help`; an entry for it would be noise.
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = Man::new(cmd.clone());
    // The roff crate starts every rendering with its preamble (how to typeset apostrophes): keep
    // it once, at the top, and remove it from every part.
    let mut page = rendered(|w| Roff::new().to_writer(w))?;
    // Written by hand: clap_mangen drops the empty date argument, which moves the source into
    // the date's place in the page footer.
    page.push_str(concat!(
        ".TH AMEX-HELP 1 \"\" \"amex-help ",
        env!("CARGO_PKG_VERSION"),
        "\" \"User Commands\"\n"
    ));
    for render in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&part(|w| render(&man, w), true)?);
    }

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Every command also takes the options above; `amex-help COMMAND --help` prints the same text.",
    )]);
    page.push_str(&part(|w| roff.to_writer(w), true)?);
    for sub in cmd.get_subcommands() {
        write_command(&mut page, sub)?;
    }

    let mut roff = Roff::new();
    roff.control("SH", ["REASONS"]);
    roff.text([roman(
        "REASON is one of these slugs, an alias of one (`amex-help reasons` lists them), or your own words.",
    )]);
    for (slug, title) in REASON_SLUGS {
        roff.control("TP", []);
        roff.text([bold(*slug)]);
        roff.text([roman(*title)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for arg in cmd.get_arguments() {
        if let (Some(var), Some(long)) = (arg.get_env(), arg.get_long()) {
            roff.control("TP", []);
            roff.text([bold(var.to_string_lossy())]);
            roff.text([roman(format!(
                "Used when --{long} is not given; an empty value counts as unset."
            ))]);
        }
    }
    roff.control("TP", []);
    roff.text([bold("NO_COLOR")]);
    roff.text([roman(
        "When set and not empty, output is not coloured, unless --color always is given.",
    )]);
    roff.control("TP", []);
    roff.text([bold("TERM")]);
    roff.text([roman(
        "When dumb, output is not coloured, unless --color always is given.",
    )]);
    roff.control("TP", []);
    roff.text([bold("COLUMNS")]);
    roff.text([roman(
        "The width tables are fitted to. Without it, tables fit the terminal, and have no width limit when output is not a terminal.",
    )]);
    roff.control("SH", ["FILES"]);
    roff.control("TP", []);
    roff.text([bold("~/.local/share/amex-help/calls.sqlite3")]);
    roff.text([roman(
        "The call log on Linux (in the platform data directory elsewhere); `amex-help paths` prints the one in use.",
    )]);
    roff.control("TP", []);
    roff.text([bold("~/.config/amex-help/knowledge.toml")]);
    roff.text([roman(
        "The knowledge overlay on Linux (in the platform config directory elsewhere), if it exists.",
    )]);
    roff.control("SH", ["NOTES"]);
    if let Some(after) = cmd.get_after_help() {
        for line in after.to_string().lines() {
            roff.text([roman(line)]);
            roff.control("PP", []);
        }
    }
    page.push_str(&part(|w| roff.to_writer(w), true)?);
    page.push_str(&part(|w| man.render_version_section(w), true)?);
    Ok(page)
}

/// A subcommand as a subsection: its description, synopsis and own options, then its own
/// subcommands. The options every command shares are described once, at the top of the page.
fn write_command(page: &mut String, cmd: &clap::Command) -> io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    let mut roff = Roff::new();
    roff.control("SS", [name]);
    if let Some(about) = cmd.get_long_about().or_else(|| cmd.get_about()) {
        roff.text([roman(about.to_string())]);
    }
    roff.control("PP", []);
    page.push_str(&part(|w| roff.to_writer(w), true)?);

    let shared: Vec<String> = cmd
        .get_arguments()
        .filter(|a| {
            a.is_global_set()
                || matches!(
                    a.get_action(),
                    ArgAction::Help
                        | ArgAction::HelpShort
                        | ArgAction::HelpLong
                        | ArgAction::Version
                )
        })
        .map(|a| a.get_id().to_string())
        .collect();
    let mut own = cmd.clone();
    for id in shared {
        own = own.mut_arg(id, |a| a.hide(true));
    }
    let man = Man::new(own);
    page.push_str(&part(|w| man.render_synopsis_section(w), false)?);
    page.push_str(&part(|w| man.render_options_section(w), false)?);
    for sub in cmd.get_subcommands() {
        write_command(page, sub)?;
    }
    Ok(())
}

/// The roff crate starts every rendering with these two lines.
const PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];

/// What `render` writes, less the preamble, and less its leading `.SH` heading unless `heading`.
fn part(
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    heading: bool,
) -> io::Result<String> {
    let text = rendered(render)?;
    let mut lines = text.lines().peekable();
    for expected in PREAMBLE {
        if lines.peek() == Some(&expected) {
            lines.next();
        }
    }
    if !heading && lines.peek().is_some_and(|l| l.starts_with(".SH ")) {
        lines.next();
    }
    Ok(lines.flat_map(|l| [l, "\n"]).collect())
}

/// What `render` writes, as text.
fn rendered(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<String> {
    let mut buf = Vec::new();
    render(&mut buf)?;
    String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
