//! The test environment: a temporary home, a temporary database path, and the real binary.

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

/// Compares `actual` with `tests/expected/<name>`, showing both on failure.
/// `UPDATE_EXPECTED=1 cargo test` rewrites the files after a deliberate change.
pub(crate) fn assert_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with UPDATE_EXPECTED=1", path.display()));
    assert!(
        expected == actual,
        "output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
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
