//! What every list and table shares: `--limit` with the most urgent or newest first, tables that
//! fit the width they are given, and colour only when asked for or on a terminal.

use serde_json::Value;

use crate::support::{have, TestEnv};

/// Lines drawn by the table (its borders and rows), not the text around it.
fn table_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with(['╭', '│', '╞', '├', '╰']))
        .collect()
}

fn width(line: &str) -> usize {
    line.chars().count()
}

/// A log with three open cases: each with a follow-up date long past and a contact on a
/// different day.
fn three_cases() -> TestEnv {
    let env = TestEnv::new();
    for (reason, at, follow_up) in [
        ("dispute", "2026-10-01T09:00", "2025-03-01"),
        ("travel", "2026-10-20T09:00", "2025-01-01"),
        ("rewards", "2026-10-10T09:00", "2025-02-01"),
    ] {
        env.ok(&[
            "log",
            "add",
            "--reason",
            reason,
            "--at",
            at,
            "--follow-up",
            follow_up,
            "--rep",
            "A representative with a rather long name",
            "--ref",
            "REFERENCE-0123456789",
        ]);
    }
    env
}

fn ids(rows: &Value, key: &str) -> Vec<i64> {
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| r[key].as_i64().expect("id"))
        .collect()
}

#[test]
fn log_list_and_followups_limit_newest_and_most_overdue_first() {
    let env = three_cases();
    // Newest activity first: case 2 (Oct 20), case 3 (Oct 10), case 1 (Oct 1).
    let all: Value = env.json(&["log", "list"]);
    assert_eq!(ids(&all, "id"), [2, 3, 1]);
    let two: Value = env.json(&["log", "list", "--limit", "2"]);
    assert_eq!(ids(&two, "id"), [2, 3]);
    // Most overdue first: case 2 (Jan 1), case 3 (Feb 1), case 1 (Mar 1).
    let due: Value = env.json(&["followups"]);
    assert_eq!(ids(&due, "case_id"), [2, 3, 1]);
    let one: Value = env.json(&["followups", "--limit", "1"]);
    assert_eq!(ids(&one, "case_id"), [2]);
    let out = env.run(&["followups", "--limit", "1"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.starts_with("Case 2:") && !text.contains("Case 3:"),
        "{text}"
    );
    // The cut is said on stderr, so stdout stays data.
    assert!(String::from_utf8_lossy(&out.stderr).contains("showing the first 1;"));
}

#[test]
fn tables_fit_columns_and_are_whole_off_a_terminal() {
    let env = three_cases();
    let commands: [&[&str]; 3] = [&["numbers"], &["reasons"], &["log", "list"]];
    for args in commands {
        for columns in [60, 80, 100] {
            let out = env
                .cmd()
                .args(args)
                .env("COLUMNS", columns.to_string())
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(0));
            let text = String::from_utf8(out.stdout).expect("utf-8");
            // A table from 100 columns up; narrower, a table or a list, whichever fits. The
            // log's rows are a compact list, a case to a few lines.
            if columns >= 100 && args[0] != "log" {
                let lines = table_lines(&text);
                assert!(lines.len() > 3, "{args:?} prints a table:\n{text}");
            }
            for line in text.lines() {
                assert!(
                    width(line) <= columns,
                    "{args:?} at COLUMNS={columns}: {} columns\n{line}",
                    width(line)
                );
            }
        }
        // Without COLUMNS, off a terminal, output fits 80 columns (issue 12: terminal, else
        // COLUMNS, else 80).
        let text = env.ok(args);
        let widest = text.lines().map(width).max().unwrap_or(0);
        assert!(widest <= 80, "{args:?}: widest line {widest}");
    }
    // A COLUMNS that is not a width is ignored.
    let out = env
        .cmd()
        .args(["reasons"])
        .env("COLUMNS", "wide")
        .output()
        .expect("run");
    assert_eq!(String::from_utf8_lossy(&out.stdout), env.ok(&["reasons"]));
}

/// Text in a script written without spaces wraps between its characters, and a long path after
/// a `/`: no line of `log show`, `log list` or `paths` is wider than `COLUMNS`. Wide characters
/// take two columns each.
#[test]
fn text_without_spaces_and_long_paths_wrap_to_the_width() {
    let env = TestEnv::new();
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--rep",
        "山田太郎さん（カスタマーサービス部門の担当者）",
        "--notes",
        "店員さんが二重に請求したと言っていますが、私の明細書には三回表示されています。",
    ]);
    let columns = |line: &str| -> usize {
        line.chars()
            .map(|c| {
                if ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ff60}').contains(&c)
                {
                    2
                } else {
                    1
                }
            })
            .sum()
    };
    let knowledge = env
        .path()
        .join("a-rather-long-directory-name/another-one/knowledge.toml");
    for args in [
        vec!["log", "show", "1"],
        vec!["log", "list"],
        vec!["--knowledge", knowledge.to_str().expect("utf-8"), "paths"],
    ] {
        let out = env
            .cmd()
            .args(&args)
            .env("COLUMNS", "40")
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).expect("utf-8");
        for line in text.lines() {
            assert!(
                columns(line) <= 40,
                "{args:?}: {} columns\n{text}",
                columns(line)
            );
        }
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = three_cases();
    let commands: [&[&str]; 7] = [
        &["numbers"],
        &["reasons"],
        &["route", "fraud"],
        &["log", "list"],
        &["log", "show", "1"],
        &["followups"],
        &["escalate", "1"],
    ];
    for args in commands {
        let always = env.ok(&[args, &["--color", "always"]].concat());
        assert!(always.contains("\x1b["), "{args:?} --color always");
        for extra in [&[][..], &["--color", "never"], &["--color", "auto"]] {
            let out = env.run(&[args, extra].concat());
            assert!(
                !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
                "{args:?} {extra:?} off a terminal"
            );
        }
        let out = env
            .cmd()
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run");
        assert!(!out.stdout.contains(&0x1b), "{args:?} NO_COLOR");
    }
    // The table's header is bold too when colour is forced into a pipe.
    let always = env.ok(&["reasons", "--color", "always"]);
    assert!(
        table_lines(&always)[1].contains("\x1b[1m"),
        "{:?}",
        table_lines(&always)[1]
    );
}

/// Runs the binary on a pseudo-terminal of `columns` columns (util-linux `script`), with `env`
/// added, and returns what the terminal received.
fn on_terminal(env: &TestEnv, columns: u16, args: &str, vars: &[(&str, &str)]) -> String {
    let command = format!(
        "stty cols {columns} rows 50; exec '{}' {args}",
        env!("CARGO_BIN_EXE_amex-help")
    );
    let mut cmd = env.program("script");
    cmd.args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("SHELL", "/bin/sh");
    for (key, value) in vars {
        cmd.env(key, value);
    }
    let out = cmd.output().expect("run script");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .replace("\r\n", "\n")
}

#[test]
fn on_a_terminal_tables_fit_it_and_colour_follows_no_color() {
    if !have("script") {
        return;
    }
    let env = three_cases();
    for args in ["reasons", "numbers", "log list"] {
        let coloured = on_terminal(&env, 72, args, &[]);
        assert!(
            coloured.contains("\x1b["),
            "{args}: auto colours a terminal"
        );
        for (vars, flag) in [(&[("NO_COLOR", "1")][..], ""), (&[][..], " --color never")] {
            let plain = on_terminal(&env, 72, &format!("{args}{flag}"), vars);
            assert!(!plain.contains('\x1b'), "{args}{flag} {vars:?}:\n{plain}");
            if args != "log list" {
                assert!(table_lines(&plain).len() > 3, "{plain}");
            }
            for line in plain.lines() {
                assert!(width(line) <= 72, "{args}: {} columns\n{line}", width(line));
            }
        }
    }
}
