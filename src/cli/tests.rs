//! The help text and usage lines, checked over every command `Cli::command()` builds.

use clap::CommandFactory;

use super::{Cli, GLOBAL};

/// Every command and subcommand, with its full name, after clap has propagated the globals.
fn all_commands() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, into: &mut Vec<(String, clap::Command)>) {
        let name = format!("{prefix}{}", cmd.get_name());
        into.push((name.clone(), cmd.clone()));
        // clap's own `help` subcommand takes no options.
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(&format!("{name} "), sub, into);
        }
    }
    let mut cmd = Cli::command();
    cmd.build();
    let mut all = Vec::new();
    walk("", &cmd, &mut all);
    all
}

#[test]
fn every_argument_of_every_command_has_help_text() {
    let mut missing = Vec::new();
    for (name, cmd) in all_commands() {
        for arg in cmd.get_arguments() {
            let help = arg.get_help().or(arg.get_long_help());
            if help.is_none_or(|h| h.to_string().trim().is_empty()) {
                missing.push(format!("{name}: {}", arg.get_id()));
            }
        }
    }
    assert!(missing.is_empty(), "arguments without help: {missing:#?}");
}

#[test]
fn global_options_sit_under_their_own_heading_in_every_command() {
    let globals = ["json", "color", "db", "knowledge"];
    let commands = all_commands();
    assert!(
        commands.len() > 15,
        "expected every subcommand, got {}",
        commands.len()
    );
    for (name, cmd) in &commands {
        for id in globals {
            let arg = cmd
                .get_arguments()
                .find(|a| a.get_id() == id)
                .unwrap_or_else(|| panic!("{name} lacks the global --{id}"));
            assert_eq!(arg.get_help_heading(), Some(GLOBAL), "{name} --{id}");
        }
        // No command-specific option may land under the global heading.
        for arg in cmd.get_arguments() {
            if arg.get_help_heading() == Some(GLOBAL) {
                assert!(
                    globals.contains(&arg.get_id().as_str()),
                    "{name}: {}",
                    arg.get_id()
                );
            }
        }
    }
}

#[test]
fn usage_lines_never_show_an_optional_path_as_required() {
    for (name, mut cmd) in all_commands() {
        let usage = cmd.render_usage().to_string();
        for flag in ["--db", "--knowledge", "--json", "--color"] {
            assert!(!usage.contains(flag), "{name}: {usage}");
        }
    }
}

#[test]
fn an_empty_path_parses_and_counts_as_unset() {
    let cli = crate::parse_from(["amex-help", "--db", "", "--knowledge", "", "paths"]);
    let cli = cli.expect("an empty --db parses");
    assert_eq!(cli.given_db(), None);
    assert_eq!(cli.given_knowledge(), None);
    let cli = crate::parse_from(["amex-help", "--db", "x.sqlite3", "paths"]).expect("parses");
    assert_eq!(
        cli.given_db(),
        Some(("x.sqlite3".into(), crate::paths::PathSource::Flag))
    );
}

#[test]
fn command_path_follows_subcommands_past_options_and_values() {
    let path = |line: &str| {
        let args: Vec<std::ffi::OsString> = line.split(' ').map(Into::into).collect();
        super::command_path(&args)
    };
    for (line, named) in [
        ("amex-help", "amex-help"),
        ("amex-help route lost-card", "amex-help route"),
        (
            "amex-help --db x.sqlite3 log resolve",
            "amex-help log resolve",
        ),
        (
            "amex-help log add --reason log --notes add",
            "amex-help log add",
        ),
        ("amex-help route -- log add", "amex-help route"),
        ("amex-help frob log", "amex-help log"),
    ] {
        assert_eq!(path(line), named, "{line}");
    }
    // Every command's full name is a path to itself.
    for (name, _) in all_commands() {
        assert_eq!(path(&name), name);
    }
}
