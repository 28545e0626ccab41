//! A pseudo-terminal harness: the binary run in a real terminal of a given width, as a person at
//! 80 columns or on a phone over SSH sees it. tmux when it is installed (a full terminal
//! emulator, so the screen is what a person sees), else util-linux `script`; `.ci/run` installs both.
//!
//! Lines are returned as the program wrote them, without colour: a line wider than the terminal,
//! which the terminal wraps onto the next row, comes back whole (tmux `capture-pane -J`), so
//! tests can measure it.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::{have, TestEnv, SLUGS};

/// The terminal's height: taller than any output, so nothing scrolls away.
const ROWS: u16 = 200;

/// Which program provides the pseudo-terminal.
#[derive(Debug, Clone, Copy)]
enum Pty {
    Tmux,
    Script,
}

fn pty() -> Option<Pty> {
    if have("tmux") {
        Some(Pty::Tmux)
    } else if have("script") {
        Some(Pty::Script)
    } else {
        None
    }
}

/// Runs `shell_command` (a `sh -c` string, run with the test environment) on a terminal
/// `columns` wide and returns its output lines, trailing blank lines dropped.
fn run_on_terminal(env: &TestEnv, pty: Pty, columns: u16, shell_command: &str) -> Vec<String> {
    let text = match pty {
        Pty::Tmux => tmux(env, columns, shell_command),
        Pty::Script => script(env, columns, shell_command),
    };
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The binary with `args` on a terminal `columns` wide.
fn amex_help_on_terminal(env: &TestEnv, pty: Pty, columns: u16, args: &str) -> Vec<String> {
    let command = format!("'{}' {args}", env!("CARGO_BIN_EXE_amex-help"));
    run_on_terminal(env, pty, columns, &command)
}

fn tmux(env: &TestEnv, columns: u16, shell_command: &str) -> String {
    // A server of its own for each run (a killed server's socket is not reused), with no user
    // config, so nothing outside the test changes the screen.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let socket = env.path().join(format!(
        "tmux-{}.sock",
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let tmux = |args: &[&str]| -> std::process::Output {
        let out = env
            .program("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // When the command is done, the pane signals a channel and then waits on its terminal, so
    // its screen stays until the server is killed: no sleeping, no polling.
    let script = format!(
        "{shell_command}; tmux -S '{}' wait-for -S done; read _",
        socket.display()
    );
    let (w, h) = (columns.to_string(), ROWS.to_string());
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-x",
        &w,
        "-y",
        &h,
        "sh",
        "-c",
        &script,
    ]);
    let _server = KillOnDrop(&socket);
    tmux(&["wait-for", "done"]);
    let out = tmux(&["capture-pane", "-p", "-J", "-S", "-", "-E", "-"]);
    String::from_utf8(out.stdout).expect("utf-8 screen")
}

/// Ends a test's tmux server however the test ends, so a failed assertion leaves no server behind.
struct KillOnDrop<'a>(&'a std::path::Path);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .arg("-S")
            .arg(self.0)
            .arg("kill-server")
            .output();
    }
}

fn script(env: &TestEnv, columns: u16, shell_command: &str) -> String {
    let command = format!("stty cols {columns} rows {ROWS}; {shell_command}");
    let out = env
        .program("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("SHELL", "/bin/sh")
        .output()
        .expect("run script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    strip_ansi(
        &String::from_utf8(out.stdout)
            .expect("utf-8")
            .replace("\r\n", "\n"),
    )
}

/// `text` without CSI sequences (colour), which `script` passes through as written.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A line's width in terminal columns (the output is ASCII, box drawing and punctuation, all
/// one column wide).
fn width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn the_harness_returns_over_wide_lines_whole_and_fitting_ones_as_they_are() {
    // Both back ends, where installed, so the fallback is known to work too.
    let ptys = [(Pty::Tmux, "tmux"), (Pty::Script, "script")];
    for (pty, _) in ptys.into_iter().filter(|(_, tool)| have(tool)) {
        harness_returns_lines_as_written(pty);
    }
}

fn harness_returns_lines_as_written(pty: Pty) {
    let env = TestEnv::new();
    let lines = run_on_terminal(
        &env,
        pty,
        40,
        "printf 'short\\n%s\\nend\\n' $(printf '%070d' 0)",
    );
    assert_eq!(lines, ["short", &"0".repeat(70), "end"], "{pty:?}");
    // A table the program fits to the terminal: comfy-table asks the pty for its size. (The prose
    // line under it is not wrapped yet; issue 12 phase 2.)
    let lines = amex_help_on_terminal(&env, pty, 72, "reasons --color never");
    let table: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with(['╭', '│', '╞', '├', '╰']))
        .collect();
    assert!(table.len() > 18, "{lines:#?}");
    assert!(table.iter().any(|l| l.contains("lost-card")));
    for line in table {
        assert!(
            width(line) <= 72,
            "{pty:?}: {} columns: {line}",
            width(line)
        );
    }
}

/// The rows `lines` fill on a screen `columns` wide: a longer line wraps onto the next rows.
fn screen_rows(lines: &[String], columns: u16) -> Vec<String> {
    let columns = usize::from(columns);
    let mut rows = Vec::new();
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        if chars.is_empty() {
            rows.push(String::new());
        }
        rows.extend(chars.chunks(columns).map(|c| c.iter().collect::<String>()));
    }
    rows
}

#[test]
fn screen_rows_wrap_at_the_width() {
    let lines = ["12345".to_owned(), String::new(), "1234567".to_owned()];
    assert_eq!(screen_rows(&lines, 5), ["12345", "", "12345", "67"]);
}

/// Issue 12's "done when": for every reason, at 80 and 45 columns, no line wider than the
/// screen, every number of the reason whole on one screen row, at most 35 rows at 80 columns.
/// Before issue 12 phase 2, `route lost-card` at 80 columns wrote 51 lines, 14 of them wider
/// than 80 (widest 289).
#[test]
fn route_fits_80_and_45_columns_for_every_reason() {
    let Some(pty) = pty() else { return };
    let env = TestEnv::new();
    let mut problems = Vec::new();
    for columns in [80u16, 45] {
        for slug in SLUGS {
            let json: serde_json::Value =
                serde_json::from_str(&env.ok(&["route", slug, "--json"])).expect("route JSON");
            let lines = amex_help_on_terminal(&env, pty, columns, &format!("route {slug}"));
            let rows = screen_rows(&lines, columns);
            let widest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
            let over = lines
                .iter()
                .filter(|l| width(l) > usize::from(columns))
                .count();
            let broken: Vec<&str> = json["numbers"]
                .as_array()
                .expect("numbers")
                .iter()
                // Someone abroad sees every number in the form dialled from another country.
                .filter_map(|n| {
                    if json["abroad"] == serde_json::Value::Bool(true) {
                        n["international"].as_str()
                    } else {
                        n["display"].as_str()
                    }
                })
                .filter(|d| !rows.iter().any(|r| r.contains(d)))
                .collect();
            if over > 0 || !broken.is_empty() || (columns == 80 && rows.len() > 35) {
                problems.push(format!(
                    "{slug} at {columns}: {} lines, {} rows, {over} wider (widest {widest}), broken {broken:?}",
                    lines.len(),
                    rows.len()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The log's views, the checklist and the number lists on a real terminal 80 and 45 columns wide:
/// no line wider than the screen, and every phone number and reference of the log whole on a row.
#[test]
fn the_log_views_and_lists_fit_80_and_45_columns() {
    let Some(pty) = pty() else { return };
    let env = crate::golden_widths::fixture();
    let whole = [
        "1-800-528-4800",
        "R-5521",
        "R-5597",
        "LC-2025-0401-XY",
        "2025-03-06",
    ];
    let mut problems = Vec::new();
    for columns in [80u16, 45] {
        for args in [
            "log list",
            "log show 1",
            "followups",
            "escalate 1",
            "escalate 1 --format complaint",
            "checklist dispute",
            "numbers",
            "reasons",
        ] {
            let lines = amex_help_on_terminal(&env, pty, columns, args);
            let rows = screen_rows(&lines, columns);
            let over: Vec<&String> = lines
                .iter()
                .filter(|l| width(l) > usize::from(columns))
                .collect();
            if !over.is_empty() {
                problems.push(format!("{args} at {columns}: {over:?}"));
            }
            let text = lines.join("\n");
            for w in whole.iter().filter(|w| text.contains(*w)) {
                if !rows.iter().any(|r| r.contains(w)) {
                    problems.push(format!("{args} at {columns}: {w} broken"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// On a terminal an export ends with one line of what was done on stderr; in a pipe (every other
/// test) stderr stays empty.
#[test]
fn export_and_import_say_what_they_did_on_a_terminal() {
    let Some(pty) = pty() else { return };
    let env = crate::golden_widths::fixture();
    let file = env.path().join("log.json");
    let lines = amex_help_on_terminal(&env, pty, 80, &format!("export > '{}'", file.display()));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("exported 2 cases, 3 contacts in ") && l.ends_with(" s")),
        "{lines:#?}"
    );
    let other = env.path().join("other.sqlite3");
    let lines = amex_help_on_terminal(
        &env,
        pty,
        80,
        &format!("--db '{}' import '{}'", other.display(), file.display()),
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("imported 2 cases, 3 contacts in ")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Imported 2 cases and 3 contacts;")),
        "{lines:#?}"
    );
    // Under --json nothing but the JSON.
    let lines = amex_help_on_terminal(&env, pty, 80, "export --json > /dev/null");
    assert!(lines.iter().all(|l| !l.contains("exported")), "{lines:#?}");
}
