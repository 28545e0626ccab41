//! The README's `console` examples are real: each `$ amex-help ...` line is run and its output compared.

use crate::support::TestEnv;

/// Splits a command line on spaces, keeping "double-quoted words" together.
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !current.is_empty() {
                    args.push(std::mem::take(&mut current));
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        args.push(current);
    }
    args
}

#[test]
fn readme_console_examples_match_real_output() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let env = TestEnv::new();
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().expect("closed block");
        let mut lines = block.lines();
        let command = lines.next().expect("command line");
        let args = split_args(
            command
                .strip_prefix("$ amex-help ")
                .expect("starts with $ amex-help"),
        );
        let expected: String = lines.flat_map(|l| [l, "\n"]).collect();
        let out = env.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let actual = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            actual, expected,
            "README example `{command}` is out of date"
        );
        checked += 1;
    }
    assert!(checked >= 3, "found {checked} console examples");
}

#[test]
fn readme_states_the_rust_version_cargo_toml_requires_and_how_to_install() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).expect("Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("rust-version in Cargo.toml")
        .trim_matches('"');
    assert!(
        readme.contains(&format!("**Rust {version} or newer**")),
        "README states rust-version {version}"
    );
    assert!(readme.contains(&format!("# {version}.0 or newer")));
    assert!(readme.contains("cargo install --path . --locked"));
    // The two set-up commands stay as they are.
    assert!(readme.contains("cargo run --release -- route lost-card"));
    assert!(readme.contains("cargo test                                 # run every test"));
}
