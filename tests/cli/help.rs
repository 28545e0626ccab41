//! Help text, usage lines and the environment: every argument explained, globals under their own
//! heading, and an empty `AMEX_HELP_DB` or `AMEX_HELP_KNOWLEDGE` counted as unset.

use serde_json::Value;

use crate::support::TestEnv;

#[test]
fn empty_environment_variables_count_as_unset() {
    let env = TestEnv::new();
    let data = env.path().join("home/.local/share/amex-help/calls.sqlite3");
    let run = |args: &[&str]| {
        let out = env
            .cmd()
            .env("AMEX_HELP_DB", "")
            .env("AMEX_HELP_KNOWLEDGE", "")
            .args(args)
            .output()
            .expect("run amex-help");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };

    let paths: Value = serde_json::from_str(&run(&["paths", "--json"])).expect("json");
    assert_eq!(paths["database"]["source"], "default", "{paths}");
    assert_eq!(paths["knowledge"]["source"], "default", "{paths}");
    assert_eq!(
        paths["database"]["path"],
        data.to_str().expect("utf-8 path")
    );

    assert!(run(&["route", "lost-card"]).contains("1-800-528-4800"));
    run(&[
        "log",
        "add",
        "--reason",
        "lost-card",
        "--notes",
        "empty env",
    ]);
    assert!(data.exists(), "the case went to the default database");
    assert!(!env.db().exists(), "not to the tempdir's AMEX_HELP_DB");
    assert!(run(&["log", "list"]).contains("Lost"));
    // An empty flag value is treated the same way.
    let out = env.ok(&["--db", "", "paths", "--json"]);
    let paths: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(paths["database"]["source"], "default", "{paths}");
}

#[test]
fn help_explains_every_argument_and_puts_globals_under_their_heading() {
    let env = TestEnv::new();
    for cmd in [
        &["log", "edit"][..],
        &["log", "resolve"],
        &["log", "delete"],
        &["escalate"],
        &["log", "add"],
        &["route"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = env.ok(&args);
        let (own, global) = help
            .split_once("Global options:")
            .unwrap_or_else(|| panic!("{cmd:?} has no global heading:\n{help}"));
        for flag in ["--json", "--color", "--db", "--knowledge"] {
            assert!(global.contains(flag), "{cmd:?}: {flag} under globals");
            assert!(
                !own.contains(&format!("{flag} ")),
                "{cmd:?}: {flag} among own options"
            );
        }
        // An argument or option without help text is a line that ends right after its name.
        for line in own.lines() {
            let trimmed = line.trim();
            if trimmed.starts_with('<') || trimmed.starts_with("--") {
                assert!(trimmed.contains("  "), "{cmd:?}: no help for {trimmed:?}");
            }
        }
        let usage = help
            .lines()
            .find(|l| l.starts_with("Usage:"))
            .expect("usage line");
        assert!(!usage.contains("--db"), "{cmd:?}: {usage}");
    }
}

#[test]
fn usage_errors_do_not_show_global_options_as_required() {
    let env = TestEnv::new();
    // AMEX_HELP_DB is set by TestEnv, which clap counts as a used --db.
    let runs: [&[&str]; 4] = [
        &["log", "edit"],
        &["--db", "x.sqlite3", "log", "resolve"],
        &["escalate", "--knowledge", "k.toml", "--json"],
        &["log", "delete", "--color", "never"],
    ];
    for args in runs {
        let stderr = env.fails(args, 2);
        let usage = stderr
            .split("; ")
            .find(|part| part.starts_with("usage: "))
            .unwrap_or_else(|| panic!("{args:?}: no usage in\n{stderr}"));
        assert!(usage.ends_with(" <CASE>"), "{args:?}: {usage}");
        for flag in ["--db", "--knowledge", "--json", "--color"] {
            assert!(!usage.contains(flag), "{args:?}: {usage}");
        }
    }
}

#[test]
fn usage_errors_are_one_line_naming_the_help_to_read() {
    let env = TestEnv::new();
    for (args, opening, help) in [
        (
            &["route"][..],
            "amex-help: the following required arguments were not provided: <REASON>...; ",
            "amex-help route",
        ),
        (
            &["route", "lost-card", "--card", "titanium"],
            "amex-help: invalid value 'titanium' for '--card <TIER>' [possible values: green, ",
            "amex-help route",
        ),
        (
            &["log", "add", "--nope"],
            "amex-help: unexpected argument '--nope' found; a similar argument exists: '--notes'; ",
            "amex-help log add",
        ),
        (
            &["log", "list", "--limit", "abc"],
            "amex-help: invalid value 'abc' for '--limit <N>': ",
            "amex-help log list",
        ),
        (
            &["rout", "lost-card"],
            "amex-help: unrecognized subcommand 'rout'; a similar subcommand exists: 'route'; ",
            "amex-help",
        ),
        // The option belongs to the top level, whatever comes after it.
        (
            &["--colr", "never", "route", "x"],
            "amex-help: unexpected argument '--colr' found; ",
            "amex-help",
        ),
        (
            &["log", "show", "1", "2"],
            "amex-help: unexpected argument '2' found; ",
            "amex-help log show",
        ),
    ] {
        let out = env.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with(opening), "{args:?}: {err}");
        assert!(
            err.ends_with(&format!("; see `{help} --help`\n")),
            "{args:?}: {err}"
        );
    }
}
