//! The knowledge overlay: the number on the back of one's own card, and `knowledge check`.

use crate::support::{TestEnv, OWN_CARD_OVERLAY};

#[test]
fn overlay_number_comes_first_everywhere() {
    let env = TestEnv::new();
    let overlay = env.write("mine.toml", OWN_CARD_OVERLAY);
    let overlay = overlay.to_str().expect("utf-8 path");
    for slug in ["lost-card", "dispute", "roadside"] {
        let out = env.ok(&["route", slug, "--knowledge", overlay, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(v["numbers"][0]["e164"], "+18005550142", "{slug}");
        assert_eq!(v["numbers"][0]["confidence"], "own-card");
    }
    // The environment variable works the same way.
    let out = env
        .cmd()
        .args(["route", "fraud", "--json"])
        .env("AMEX_HELP_KNOWLEDGE", overlay)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["numbers"][0]["id"], "my-card");
}

#[test]
fn overlay_in_the_config_dir_is_picked_up() {
    let env = TestEnv::new();
    let dir = env.path().join("home/.config/amex-help");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("knowledge.toml"), OWN_CARD_OVERLAY).expect("write");
    let out = env.ok(&["route", "general", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["numbers"][0]["id"], "my-card");
}

#[test]
fn malformed_overlay_names_file_line_and_column() {
    let env = TestEnv::new();
    let bad = env.write("bad.toml", "[[numbers]]\nid = \"x\"\nlabel = 5\n");
    let err = env.fails(
        &[
            "route",
            "lost-card",
            "--knowledge",
            bad.to_str().expect("path"),
        ],
        2,
    );
    assert!(err.contains("bad.toml:3:9: "), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let typo = env.write("typo.toml", "[[numbers]]\nidd = \"x\"\n");
    let err = env.fails(
        &[
            "route",
            "lost-card",
            "--knowledge",
            typo.to_str().expect("path"),
        ],
        2,
    );
    assert!(err.contains("unknown field `idd`"), "{err}");
    let missing = env.path().join("nope.toml");
    let err = env.fails(
        &[
            "route",
            "lost-card",
            "--knowledge",
            missing.to_str().expect("path"),
        ],
        2,
    );
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn knowledge_check_reports_every_problem() {
    let env = TestEnv::new();
    let good = env.write("good.toml", OWN_CARD_OVERLAY);
    let out = env.ok(&["knowledge", "check", good.to_str().expect("path")]);
    assert!(out.contains(": ok ("), "{out}");

    let bad = env.write(
        "bad.toml",
        r#"
[[numbers]]
id = "bad"
label = "x"
display = "1-800-555-01"
e164 = "+180055501"
kind = "toll-free"
region = "us"
sources = ["nowhere"]
confidence = "own-card"

[[reasons]]
slug = "lost-card"
title = "t"
department = "d"
description = "d"
aliases = ["fraud"]
numbers = ["ghost"]
tiers = ["all"]
keywords = ["x"]
"#,
    );
    let out = env.run(&["knowledge", "check", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "unknown source `nowhere`",
        "+180055501",
        "`ghost`",
        "alias `fraud`",
    ] {
        assert!(stdout.contains(needle), "{needle} in\n{stdout}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("problem(s)"), "{stderr}");
}

/// Found by the overlay fuzz run: an overlay saved in another encoding exited 1, as if the file
/// could not be read, where a malformed overlay exits 2.
#[test]
fn overlay_that_is_not_utf8_is_bad_input() {
    let env = TestEnv::new();
    let latin1 = env.path().join("latin1.toml");
    std::fs::write(&latin1, b"[meta]\nreminder = \"caf\xe9\"\n").expect("write overlay");
    let path = latin1.to_str().expect("path");
    let expected =
        format!("amex-help: knowledge overlay {path} is not UTF-8 text; save it as UTF-8\n");
    let err = env.fails(&["route", "lost-card", "--knowledge", path], 2);
    assert_eq!(err, expected);
    let err = env.fails(&["knowledge", "check", path], 2);
    assert_eq!(err, expected);
}
