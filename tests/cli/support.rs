//! The test environment: a temporary home, a temporary database path, and the real binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// One isolated run environment. Nothing here can reach the real user's data or config.
pub(crate) struct TestEnv {
    dir: TempDir,
}

impl TestEnv {
    pub(crate) fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        // The log's folder, private as amex-help makes its own; a looser one is tightened with a
        // warning on stderr, which tests of other things do not expect.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))
                .expect("make the temp dir private");
        }
        TestEnv { dir }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("calls.sqlite3")
    }

    /// The binary with a scrubbed environment: `HOME`, XDG dirs and `AMEX_HELP_DB` point into the tempdir.
    pub(crate) fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same, as a plain `std::process::Command`, for tests that spawn and kill.
    pub(crate) fn std_cmd(&self) -> std::process::Command {
        self.std_program(env!("CARGO_BIN_EXE_amex-help"))
    }

    /// Another program (a shell, `script`) with the same scrubbed environment as [`TestEnv::cmd`].
    pub(crate) fn program(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        Command::from_std(self.std_program(program))
    }

    fn std_program(&self, program: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key == "NO_COLOR" || key.starts_with("AMEX_HELP_") || key.starts_with("XDG_") {
                cmd.env_remove(&key);
            }
        }
        let home = self.dir.path().join("home");
        cmd.env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("AMEX_HELP_DB", self.db())
            // Local times in output are then the same on every machine.
            .env("TZ", "UTC");
        cmd
    }

    /// Runs with `args` and returns the output, whatever the exit code.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run amex-help")
    }

    /// Runs, asserts exit 0 and an empty stderr, and returns stdout.
    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "amex-help {args:?} failed\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "stderr of {args:?}"
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs, asserts exit `code` and an empty stdout, and returns the stderr (one line).
    pub(crate) fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "amex-help {args:?}\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "",
            "stdout of failing {args:?}"
        );
        stderr
    }

    /// Runs with `--json` appended and parses stdout as `T`.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(&self, args: &[&str]) -> T {
        let mut all = args.to_vec();
        all.push("--json");
        let stdout = self.ok(&all);
        assert!(stdout.ends_with('\n'), "JSON output ends with a newline");
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}"))
    }

    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write test file");
        path
    }
}

/// The variable that turns every golden comparison into a rewrite of its file.
pub(crate) const BLESS: &str = "AMEX_HELP_BLESS";

/// Compares `actual` with the golden file `tests/expected/<name>`, whole. On a difference it
/// fails showing the first differing line and both sides in full; `AMEX_HELP_BLESS=1 cargo test`
/// rewrites the files instead, after a deliberate change (review the diff before committing).
pub(crate) fn assert_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os(BLESS).is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing {}; create it with {BLESS}=1 cargo test",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    panic!(
        "output differs from {} ({})\n--- expected\n{expected}\n--- actual\n{actual}\n--- \
         after a deliberate change, rerun with {BLESS}=1 and review the diff",
        path.display(),
        first_difference(&expected, actual)
    );
}

/// Where two texts part: "line N: expected `a`, got `b`", or which one ends early.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut want = expected.split_inclusive('\n');
    let mut got = actual.split_inclusive('\n');
    for line in 1.. {
        match (want.next(), got.next()) {
            (Some(w), Some(g)) if w == g => {}
            (Some(w), Some(g)) => return format!("line {line}: expected {w:?}, got {g:?}"),
            (Some(w), None) => return format!("line {line}: the output ends; expected {w:?}"),
            (None, Some(g)) => return format!("line {line}: extra output {g:?}"),
            (None, None) => break,
        }
    }
    "the texts differ".to_owned()
}

/// Dates in `text` written relative to `today` (`{today}`, `{today-20}`, `{today+3}`), so that
/// a golden file of output from a log dated relative to the day the test runs stays the same
/// every day. Only dates within ten years of `today` are rewritten.
pub(crate) fn relative_dates(text: &str, today: chrono::NaiveDate) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((i, date)) = next_date(rest) {
        out.push_str(&rest[..i]);
        let days = (date - today).num_days();
        if days.abs() <= 3653 {
            let sign = if days > 0 { "+" } else { "" };
            match days {
                0 => out.push_str("{today}"),
                d => write!(out, "{{today{sign}{d}}}").expect("write to a String"),
            }
        } else {
            out.push_str(&rest[i..i + 10]);
        }
        rest = &rest[i + 10..];
    }
    out.push_str(rest);
    out
}

/// The first `YYYY-MM-DD` date in `text` and its byte offset.
fn next_date(text: &str) -> Option<(usize, chrono::NaiveDate)> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let candidate = &bytes[i..i + 10];
        let shape = candidate.iter().enumerate().all(|(j, b)| match j {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_digit();
        if !shape || !starts_word {
            return None;
        }
        let date = std::str::from_utf8(candidate).ok()?;
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .map(|d| (i, d))
    })
}

/// Today in UTC, the time zone `TestEnv` runs the binary in.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// `today` shifted by `days`, as `YYYY-MM-DD`.
pub(crate) fn day(today: chrono::NaiveDate, days: i64) -> String {
    (today + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// Runs `amex-help ARGS` on a pseudo-terminal (util-linux `script`) 80 columns wide, with `vars`
/// added to the test environment, and returns what the terminal received; `None` when `script`
/// is missing off CI. Colour decisions that depend on a terminal can only be tested here: into a
/// pipe, `--color auto` never colours, whatever `NO_COLOR` says.
pub(crate) fn on_terminal(env: &TestEnv, args: &str, vars: &[(&str, &str)]) -> Option<String> {
    if !have("script") {
        return None;
    }
    let command = format!(
        "stty cols 80 rows 50; exec '{}' {args}",
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
        "amex-help {args} on a terminal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .replace("\r\n", "\n"),
    )
}

/// The 18 reason slugs scripts rely on.
pub(crate) const SLUGS: [&str; 18] = [
    "lost-card",
    "fraud",
    "dispute",
    "account",
    "activate",
    "travel",
    "rewards",
    "business",
    "roadside",
    "international",
    "global-assist",
    "concierge",
    "retention",
    "financial-review",
    "apply",
    "fee-waiver",
    "complaint",
    "general",
];

/// Whether `tool` can be run. Some tests need a program from outside Rust (bash, zsh, fish,
/// elvish, groff, script); `.ci/run` installs them. Off CI a missing one skips that check with a
/// note on stderr; under CI (`CI` set) it fails the test, so CI can never pass by skipping.
pub(crate) fn have(tool: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is not installed; .ci/run installs it"
        );
        eprintln!("note: {tool} is not installed; skipping the checks that need it");
    }
    found
}

/// An overlay with the number on the back of one's own card, for every reason.
pub(crate) const OWN_CARD_OVERLAY: &str = r#"
[[numbers]]
id = "my-card"
label = "Number on the back of my card"
display = "1-800-555-0142"
e164 = "+18005550142"
kind = "toll-free"
region = "us"
sources = ["own-card"]
confidence = "own-card"
use_for = ["all"]

[[sources]]
id = "own-card"
title = "The back of my card"
location = "my wallet"
"#;
