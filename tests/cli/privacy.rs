//! Issue 13's masking cases end to end: every way of writing a card, an SSN, a security code or a
//! PIN, typed into every free-text field of `log add` (and `log edit --title`, `log resolve
//! --note`), never reaches `log list --json`, `log show --json`, the database file or its WAL;
//! and the numbers that only look like cards are stored as typed.

use serde_json::Value;

use crate::support::TestEnv;

/// (what is typed, the pieces of it that must appear nowhere afterwards).
const VARIANTS: &[(&str, &[&str])] = &[
    ("3782.822463.10005", &["822463", "378282246310005"]),
    ("3782/822463/10005", &["822463", "378282246310005"]),
    ("3782_822463_10005", &["822463", "378282246310005"]),
    ("3782  822463  10005", &["822463", "378282246310005"]),
    ("3782 - 822463 - 10005", &["822463", "378282246310005"]),
    ("3782 822463\n10005", &["822463", "378282246310005"]),
    ("card378282246310005x", &["822463", "378282246310005"]),
    (
        "３７８２８２２４６３１０００５",
        &["８２２４６３", "822463", "378282246310005"],
    ),
    (
        "٣٧٨٢ ٨٢٢٤٦٣ ١٠٠٠٥",
        &["٨٢٢٤٦٣", "822463", "378282246310005"],
    ),
    ("4111.1111.1111.1111", &["4111.1111", "4111111111111111"]),
    ("SSN 078051120", &["078051120", "0780511"]),
    ("078.05.1120", &["078.05", "05.1120", "078051120"]),
    ("the 3 digit code on the back is 852", &["is 852"]),
    ("CVV2 7391", &["2 7391", "7391"]),
    ("my PIN is 2580", &["is 2580"]),
    // Found by the hostile run: other Unicode joiners, invisible characters, digits of other
    // scripts, dotted acronyms, a keyword on the line before its number, digits read out in groups.
    (
        "3782\u{2014}822463\u{2212}10005",
        &["822463", "378282246310005"],
    ),
    (
        "4111\u{2009}1111\u{2022}1111\u{2044}1111",
        &["1111\u{2022}1111", "4111111111111111"],
    ),
    (
        "3782\u{200b}822463\u{ad}10005",
        &["822463", "3782\u{200b}8", "378282246310005"],
    ),
    (
        "\u{1d7d1}\u{1d7d5}\u{1d7d6}\u{1d7d0} \u{1d7d6}\u{1d7d0}\u{1d7d0}\u{1d7d2}\u{1d7d4}\u{1d7d1} \u{1d7cf}\u{1d7ce}\u{1d7ce}\u{1d7ce}\u{1d7d3}",
        &["\u{1d7d6}\u{1d7d0}\u{1d7d0}\u{1d7d2}\u{1d7d4}\u{1d7d1}"],
    ),
    ("³⁷⁸²⁸²²⁴⁶³¹⁰⁰⁰⁵", &["⁸²²⁴⁶³"]),
    ("SS# 078051120", &["078051120", "0780511"]),
    ("ssn is 078 051 120", &["078 051 120", "051 120"]),
    ("S.S.N. 078051120", &["078051120", "0780511"]),
    // The code's digits alone could turn up in a random uid: look for them after the line break,
    // as stored and as JSON writes it.
    ("cvv\n8527", &["\n8527", "\\n8527"]),
    ("P.I.N. 2580", &["N. 2580"]),
    ("the code on the front is 7391", &["is 7391"]),
    // A third hostile pass: a card's own groups joined by other punctuation, digits read out as
    // words, look-alike letters.
    ("3782,822463,10005", &["822463", "3782,8"]),
    ("(3782) 822463 10005", &["822463", "(3782)"]),
    (
        "three seven eight two eight two two four six three one zero zero zero five",
        &["four six three", "seven eight two"],
    ),
    ("3782 822463 1OOO5", &["822463", "1OOO5"]),
    ("pin is two five eight oh", &["five eight"]),
];

/// Every flag of `log add` that takes free text.
const FIELDS: [&str; 9] = [
    "--title",
    "--notes",
    "--outcome",
    "--rep",
    "--rep-id",
    "--ref",
    "--promise",
    "--dept",
    "--number",
];

fn run_json(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.run(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The bytes of the database and of every file `SQLite` keeps beside it (`-wal`, `-shm`, `-journal`).
fn database_bytes(env: &TestEnv) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(env.path()).expect("dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with("calls.sqlite3") {
            let bytes = std::fs::read(&path).expect("read database file");
            files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    assert!(!files.is_empty(), "no database file");
    files
}

/// `text` with every run of 32 hex digits (a uid, random) blanked out, so that a 4-digit needle
/// such as a security code cannot turn up in one by chance (about once in 40 runs otherwise).
fn without_uids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() >= 32 {
            out.push('#');
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

#[test]
fn every_variant_in_every_field_is_masked_everywhere() {
    let env = TestEnv::new();
    // A reader kept open from the first write on: then no `amex-help` run is the last connection,
    // so none checkpoints and deletes the WAL, and every later write is still in it to be read.
    let mut reader = None;
    for (secret, needles) in VARIANTS {
        let mut args = vec![
            "log",
            "add",
            "--reason",
            "fraud",
            "--at",
            "2026-11-02T10:30",
        ];
        for field in FIELDS {
            args.extend([field, *secret]);
        }
        args.push("--json");
        let out = env.run(&args);
        assert_eq!(out.status.code(), Some(0), "{secret:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let added: Value = serde_json::from_slice(&out.stdout).expect("log add --json");
        let masked_fields: Vec<&str> = added["masked"]
            .as_array()
            .expect("masked")
            .iter()
            .map(|m| m["field"].as_str().expect("field"))
            .collect();
        for field in FIELDS {
            let name = field.trim_start_matches("--").replace('-', "_");
            assert!(
                masked_fields.contains(&name.as_str()),
                "{secret:?}: {name} not reported in {masked_fields:?}"
            );
            assert!(
                stderr.contains(&format!("in {field} ")),
                "{secret:?}: {stderr}"
            );
        }
        let case = added["case_id"].as_i64().expect("case_id").to_string();
        if reader.is_none() {
            let conn = rusqlite::Connection::open(env.db()).expect("open the log");
            let cases: i64 = conn
                .query_row("SELECT count(*) FROM cases", [], |row| row.get(0))
                .expect("read the log");
            assert_eq!(cases, 1);
            reader = Some(conn);
        }
        let out = env.run(&["log", "edit", &case, "--title", secret]);
        assert_eq!(out.status.code(), Some(0), "{secret:?}");
        let out = env.run(&["log", "resolve", &case, "--note", secret]);
        assert_eq!(out.status.code(), Some(0), "{secret:?}");

        let shown = env.ok(&["log", "show", &case, "--json"]);
        for needle in *needles {
            assert!(!shown.contains(needle), "{secret:?}: {needle:?} in {shown}");
        }
    }
    let listed = without_uids(&env.ok(&["log", "list", "--all", "--json"]));
    let exported = without_uids(&env.ok(&["export"]));
    let files: Vec<(String, String)> = database_bytes(&env)
        .into_iter()
        .map(|(name, bytes)| (name, without_uids(&bytes)))
        .collect();
    assert!(
        files
            .iter()
            .any(|(name, bytes)| name.ends_with("-wal") && bytes.len() > 4096),
        "the WAL was not kept: {:?}",
        files
            .iter()
            .map(|(name, bytes)| (name, bytes.len()))
            .collect::<Vec<_>>()
    );
    for (secret, needles) in VARIANTS {
        for needle in *needles {
            assert!(
                !listed.contains(needle),
                "{secret:?}: {needle:?} in log list"
            );
            assert!(
                !exported.contains(needle),
                "{secret:?}: {needle:?} in export"
            );
            for (name, bytes) in &files {
                assert!(!bytes.contains(needle), "{secret:?}: {needle:?} in {name}");
            }
        }
    }
    drop(reader);
}

#[test]
fn numbers_that_only_look_like_cards_are_stored_as_typed() {
    let env = TestEnv::new();
    let notes = "called 2026-11-03 1-800-528-4800; order AB12-3456-CD-7890\n\
                 transferred to 1-800-327-2177 / 1-800-528-4800";
    let added = run_json(
        &env,
        &[
            "log",
            "add",
            "--reason",
            "fraud",
            "--number",
            "1-800-528-4800-1007",
            "--notes",
            notes,
            "--ref",
            "W1234-5678-9012-3456",
            "--json",
        ],
    );
    assert_eq!(added["masked"], Value::Array(Vec::new()), "{added}");
    let case = added["case_id"].as_i64().expect("case_id").to_string();
    let shown = run_json(&env, &["log", "show", &case, "--json"]);
    let contact = &shown["contacts"][0];
    assert_eq!(contact["number"], "1-800-528-4800-1007");
    assert_eq!(contact["notes"], notes);
    assert_eq!(contact["reference"], "W1234-5678-9012-3456");
    // The same number round-trips through export and import unmasked.
    let exported = env.ok(&["export", "--format", "json"]);
    let file = env.write("export.json", &exported);
    let other = TestEnv::new();
    let imported = run_json(&other, &["import", &file.to_string_lossy(), "--json"]);
    assert_eq!(imported["masked"], Value::Array(Vec::new()), "{imported}");
    let shown = run_json(&other, &["log", "show", "1", "--json"]);
    assert_eq!(shown["contacts"][0]["number"], "1-800-528-4800-1007");
}

#[test]
fn a_card_typed_as_a_reference_is_masked_with_the_field_and_the_reason() {
    let env = TestEnv::new();
    let out = env.run(&[
        "log",
        "add",
        "--reason",
        "fraud",
        "--ref",
        "4111-1111-1111-1111",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(
        stderr,
        "amex-help: masked a card number in --ref before storing it (13 to 19 digits that pass the \
         card-number (Luhn) check); never type card numbers, security codes, PINs or SSNs into the log\n"
    );
    let added: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        added["masked"],
        serde_json::json!([{
            "field": "ref",
            "kind": "card_number",
            "count": 1,
            "why": "13 to 19 digits that pass the card-number (Luhn) check",
        }])
    );
    let case = added["case_id"].as_i64().expect("case_id").to_string();
    let shown = run_json(&env, &["log", "show", &case, "--json"]);
    assert_eq!(shown["contacts"][0]["reference"], "[card number removed]");
    for (name, bytes) in database_bytes(&env) {
        assert!(!bytes.contains("4111-1111"), "{name}");
    }
}

/// A card typed into `--number` so that it reads as a phone number with an extension is masked
/// whole, through `log add` and through `import`; a toll-free number with one is kept.
#[test]
fn a_card_dressed_as_a_phone_number_never_reaches_the_log() {
    const DRESSED: [&str; 4] = [
        "378-282-2463 x10005",
        "(378) 282-2463 ext 10005",
        "+1 378 282 2463 #10005",
        "1-378-282-2463-10005",
    ];
    let env = TestEnv::new();
    for number in DRESSED {
        let added = run_json(
            &env,
            &[
                "log", "add", "--reason", "fraud", "--number", number, "--json",
            ],
        );
        assert_eq!(added["masked"][0]["field"], "number", "{number:?}: {added}");
        assert_eq!(added["masked"][0]["kind"], "card_number", "{number:?}");
        let case = added["case_id"].as_i64().expect("case_id").to_string();
        let shown = run_json(&env, &["log", "show", &case, "--json"]);
        assert_eq!(
            shown["contacts"][0]["number"], "[card number removed]",
            "{number:?}"
        );
    }
    let kept = run_json(
        &env,
        &[
            "log",
            "add",
            "--reason",
            "fraud",
            "--number",
            "800-528-4800 x1007",
            "--json",
        ],
    );
    assert_eq!(kept["masked"], Value::Array(Vec::new()), "{kept}");

    // A hand-made export with the same numbers in it.
    let mut export: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"])).expect("export json");
    let dressed = export["cases"]
        .as_array_mut()
        .expect("cases")
        .iter_mut()
        .filter(|case| case["contacts"][0]["number"] != "800-528-4800 x1007");
    for (case, number) in dressed.zip(DRESSED) {
        case["contacts"][0]["number"] = Value::from(number);
    }
    let file = env.write("hand-made.json", &export.to_string());
    let other = TestEnv::new();
    let imported = run_json(&other, &["import", &file.to_string_lossy(), "--json"]);
    let masked = imported["masked"].as_array().expect("masked");
    assert_eq!(masked.len(), 1, "{imported}");
    assert_eq!(masked[0]["field"], "number");
    assert_eq!(masked[0]["count"], DRESSED.len());
    let listed = other.ok(&["export", "--format", "json"]);
    assert!(listed.contains("800-528-4800 x1007"), "{listed}");
    for (name, bytes) in database_bytes(&other) {
        for needle in ["2463", "10005"] {
            assert!(!bytes.contains(needle), "{needle:?} in {name}");
        }
    }
}
