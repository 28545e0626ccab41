//! Stored text is escaped in every human output, piped or not: a note holding an escape sequence
//! must not retitle the window, clear the screen or reorder a line when printed.

use crate::support::TestEnv;

const RETITLE: &str = "\u{1b}]0;pwned\u{7}";
const CLEAR: &str = "\u{1b}[2J";
const OVERRIDE: &str = "\u{202e}";

/// Whether `text` holds anything a terminal would act on: C0/C1 controls other than the
/// newlines between lines, or a bidi override/isolate.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[test]
fn no_raw_control_from_stored_text_reaches_a_pipe() {
    let env = TestEnv::new();
    let hostile = format!("title {RETITLE} then {CLEAR} and {OVERRIDE}reversed");
    env.ok(&[
        "log",
        "add",
        "--reason",
        "dispute",
        "--title",
        &hostile,
        "--notes",
        &format!("note {CLEAR}{RETITLE}"),
        "--outcome",
        &format!("outcome {OVERRIDE}x"),
        "--rep",
        &format!("rep{CLEAR}"),
        "--rep-id",
        &format!("id{RETITLE}"),
        "--ref",
        &format!("REF{OVERRIDE}1"),
        "--dept",
        &format!("dept\r{CLEAR}"),
        "--number",
        &format!("1-800-528-4800{CLEAR}"),
        "--promise",
        &format!("credit {RETITLE}"),
        "--promise-due",
        "2020-01-01",
        "--follow-up",
        "today",
        "--at",
        "2020-01-01",
    ]);
    env.ok(&["log", "resolve", "1", "--note", &format!("done {RETITLE}")]);
    env.ok(&["log", "reopen", "1"]);
    let outputs = [
        ("log list", env.ok(&["log", "list"])),
        ("log show", env.ok(&["log", "show", "1"])),
        ("followups", env.ok(&["followups"])),
        ("escalate", env.ok(&["escalate", "1"])),
        (
            "escalate markdown",
            env.ok(&["escalate", "1", "--format", "markdown"]),
        ),
        (
            "escalate complaint",
            env.ok(&["escalate", "1", "--format", "complaint"]),
        ),
        (
            "route",
            env.ok(&["route", &format!("my card was stolen {RETITLE}{OVERRIDE}")]),
        ),
    ];
    for (what, out) in &outputs {
        assert_eq!(raw_controls(out), Vec::<char>::new(), "{what}:\n{out}");
        // Shown visibly rather than dropped.
        assert!(
            out.contains("\\e"),
            "{what} shows the escape visibly:\n{out}"
        );
    }
    let show = &outputs[1].1;
    for visible in [
        "\\e]0;pwned\\u{7}",
        "\\e[2J",
        "\\u{202e}reversed",
        "dept\\r\\e[2J",
        "REF\\u{202e}1",
    ] {
        assert!(
            show.contains(visible),
            "log show lacks {visible:?}:\n{show}"
        );
    }
    assert!(
        outputs[6].1.contains("\\u{202e}"),
        "route echoes the input escaped"
    );
    // JSON keeps the text as stored for scripts; serde_json escapes the controls itself (a bidi
    // override is not a control and stays as stored data).
    let json = env.ok(&["log", "show", "1", "--json"]);
    assert!(!json.chars().any(|c| c.is_control() && c != '\n'), "{json}");
    assert!(json.contains("\\u001b]0;pwned\\u0007"), "{json}");
}
