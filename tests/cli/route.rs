//! `amex-help route`: slugs, aliases, free text, cards, the JSON contract and exit codes.

use serde::Deserialize;

use crate::support::{assert_golden, on_terminal, TestEnv, OWN_CARD_OVERLAY, SLUGS};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Number {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) display: String,
    pub(crate) vanity: Option<String>,
    pub(crate) e164: String,
    pub(crate) kind: String,
    pub(crate) hours: Option<String>,
    pub(crate) region: String,
    pub(crate) sources: Vec<String>,
    pub(crate) confidence: String,
    pub(crate) note: Option<String>,
    pub(crate) international: String,
    pub(crate) provenance: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Channel {
    channel: String,
    why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Card {
    tier: String,
    name: String,
    eligible: bool,
    opens: Vec<String>,
    eligible_tiers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Disagreement {
    topic: String,
    numbers: Vec<String>,
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    id: String,
    title: String,
    location: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Route {
    reason: String,
    title: String,
    department: String,
    description: String,
    interpreted_from: Option<String>,
    matched_by: String,
    confidence: f64,
    alternatives: Vec<Alternative>,
    card: Option<Card>,
    numbers: Vec<Number>,
    disagreements: Vec<Disagreement>,
    sources: Vec<Source>,
    channels: Vec<Channel>,
    tips: Vec<String>,
    related: Vec<String>,
    reminder: String,
    abroad: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Alternative {
    reason: String,
    confidence: f64,
}

#[test]
fn every_slug_routes_in_text_and_json() {
    let env = TestEnv::new();
    for slug in SLUGS {
        let text = env.ok(&["route", slug]);
        assert!(text.contains(&format!("({slug})")), "{slug}: {text}");
        assert!(
            text.contains("back of your own card"),
            "{slug} reminds of the card"
        );
        let r: Route = env.json(&["route", slug]);
        assert_eq!(r.reason, slug);
        assert_eq!(r.matched_by, "slug");
        assert_eq!(r.interpreted_from, None);
        assert!(
            (r.confidence - 1.0).abs() < f64::EPSILON,
            "{}",
            r.confidence
        );
        assert!(r.alternatives.is_empty());
        assert!(!r.title.is_empty() && !r.department.is_empty() && !r.description.is_empty());
        assert!(!r.numbers.is_empty(), "{slug} offers a number");
        assert!(!r.channels.is_empty() && !r.tips.is_empty(), "{slug}");
        assert!(r
            .channels
            .iter()
            .all(|c| !c.why.is_empty() && !c.channel.is_empty()));
        for n in &r.numbers {
            assert_ne!(n.confidence, "not-us", "{slug} offers {}", n.id);
            assert!(!n.sources.is_empty(), "{} has sources", n.id);
            for s in &n.sources {
                assert!(r.sources.iter().any(|src| &src.id == s), "{s} is explained");
            }
        }
        assert!(r.reminder.contains("back of your own card"));
        for d in &r.disagreements {
            assert!(d.numbers.len() >= 2 && !d.note.is_empty(), "{d:?}");
        }
        assert!(r.sources.iter().all(|s| !s.title.is_empty()));
        let _ = r.sources.iter().map(|s| &s.location);
        assert!(r.related.iter().all(|rel| SLUGS.contains(&rel.as_str())));
    }
}

#[test]
fn a_pasted_letter_is_quoted_short_on_the_page_and_whole_in_json() {
    let env = TestEnv::new();
    let letter =
        "somebody stole my card on the train this morning and   I need a new one. ".repeat(200);
    let page = env.ok(&["route", "--", &letter]);
    // The Read line wraps at 80 columns; joined again, it quotes 60 characters.
    let joined = page.replace('\n', " ");
    assert!(
        joined.contains(
            "Read \"somebody stole my card on the train this morning and I need…\" as lost-card ("
        ),
        "{page}"
    );
    assert!(page.lines().count() < 45, "{page}");
    // Two columns a character, or escaped into many: the quote still fits 80 columns.
    for text in [
        format!("{} stolen card", "我的信用卡被偷了".repeat(10)),
        format!("my card was stolen {}lost", "\u{202e}".repeat(70)),
    ] {
        let page = env.ok(&["route", "--", &text]);
        for line in page.lines() {
            assert!(
                textwrap::core::display_width(line) <= 80,
                "{} columns: {line}",
                textwrap::core::display_width(line)
            );
        }
    }
    let r: Route = env.json(&["route", &letter]);
    assert_eq!(r.interpreted_from.as_deref(), Some(letter.as_str()));
}

#[test]
fn free_text_says_how_it_was_read() {
    let env = TestEnv::new();
    let r: Route = env.json(&["route", "I left my wallet in a taxi"]);
    assert_eq!(r.reason, "lost-card");
    assert_eq!(r.matched_by, "free_text");
    assert_eq!(
        r.interpreted_from.as_deref(),
        Some("I left my wallet in a taxi")
    );
    assert!(r.confidence > 0.5 && r.confidence < 1.0, "{}", r.confidence);
    assert!(r.alternatives.len() <= 3);
    for a in &r.alternatives {
        assert!(
            SLUGS.contains(&a.reason.as_str()) && a.reason != "lost-card",
            "{a:?}"
        );
        assert!(
            a.confidence >= 0.01 && a.confidence <= r.confidence,
            "{a:?}"
        );
    }
    // Unquoted words are one phrase too; people are told how sure the reading is.
    let text = env.ok(&["route", "my", "car", "broke", "down"]);
    let line = text
        .lines()
        .find(|l| l.starts_with("Read \"my car broke down\" as roadside ("))
        .unwrap_or_else(|| panic!("no reading in {text}"));
    let sure: f64 = line
        .trim_start_matches("Read \"my car broke down\" as roadside (")
        .trim_end_matches("% sure).")
        .parse()
        .unwrap_or_else(|_| panic!("{line}"));
    let r: Route = env.json(&["route", "my", "car", "broke", "down"]);
    assert!(
        (sure - r.confidence * 100.0).abs() <= 1.0,
        "{line} vs {}",
        r.confidence
    );
}

#[test]
fn unsure_free_text_is_refused_on_stderr_with_exit_2() {
    let env = TestEnv::new();
    for args in [
        vec!["route", "who painted the sistine chapel ceiling"],
        vec![
            "route", "how", "many", "legs", "does", "a", "spider", "have", "--json",
        ],
    ] {
        let err = env.fails(&args, 2);
        let typed = args[1..]
            .iter()
            .filter(|a| !a.starts_with("--"))
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            err.starts_with(&format!(
                "amex-help: not sure what \"{typed}\" is about; closest: "
            )),
            "{err}"
        );
        assert!(err.ends_with("; try `amex-help reasons`\n"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    let long = "tell me everything about the history of the roman empire and its many emperors";
    let err = env.fails(&["route", long], 2);
    assert!(
        err.contains(&format!("\"{}…\" is about", &long[..60])),
        "{err}"
    );
}

#[test]
fn aliases_route() {
    let env = TestEnv::new();
    let r: Route = env.json(&["route", "stolen"]);
    assert_eq!(
        (r.reason.as_str(), r.matched_by.as_str()),
        ("lost-card", "alias")
    );
}

#[test]
fn confirmed_numbers_rank_first_and_disagreements_are_shown() {
    let env = TestEnv::new();
    let r: Route = env.json(&["route", "lost-card"]);
    assert_eq!(r.numbers[0].e164, "+18005284800");
    assert_eq!(r.numbers[0].confidence, "confirmed");
    let ids: Vec<&str> = r.numbers.iter().map(|n| n.e164.as_str()).collect();
    assert!(
        ids.contains(&"+18009923404"),
        "the informal lost/stolen line is kept: {ids:?}"
    );
    assert!(
        r.disagreements
            .iter()
            .any(|d| d.topic.to_lowercase().contains("lost")),
        "{:?}",
        r.disagreements
    );
    let text = env.ok(&["route", "lost-card"]);
    assert!(
        text.contains("Sources disagree: 1-800-528-4800 or 1-800-992-3404"),
        "{text}"
    );
    let full = env.ok(&["route", "lost-card", "--sources"]);
    assert!(full.contains("Sources disagree on the"), "{full}");
}

#[test]
fn platinum_card_puts_the_platinum_line_first() {
    let env = TestEnv::new();
    let plain: Route = env.json(&["route", "dispute"]);
    let platinum: Route = env.json(&["route", "dispute", "--card", "platinum"]);
    assert_eq!(platinum.numbers[0].e164, "+18005253355");
    assert_ne!(plain.numbers[0].e164, "+18005253355");
    let card = platinum.card.expect("card note");
    assert_eq!((card.tier.as_str(), card.eligible), ("platinum", true));
    assert!(!card.name.is_empty() && !card.opens.is_empty());
}

#[test]
fn global_assist_and_concierge_say_which_cards_have_them() {
    let env = TestEnv::new();
    for slug in ["global-assist", "concierge"] {
        let r: Route = env.json(&["route", slug, "--card", "gold"]);
        let card = r.card.expect("card note");
        assert!(!card.eligible, "{slug} is not a Gold benefit");
        assert!(
            card.eligible_tiers.iter().any(|t| t.contains("Platinum")),
            "{card:?}"
        );
        let text = env.ok(&["route", slug, "--card", "gold"]);
        assert!(text.contains("Note: this comes with"), "{text}");
        let r: Route = env.json(&["route", slug, "--card", "centurion"]);
        assert!(r.card.expect("card note").eligible);
    }
}

#[test]
fn activation_never_offers_the_india_line() {
    let env = TestEnv::new();
    let r: Route = env.json(&["route", "activate"]);
    assert!(
        r.numbers
            .iter()
            .all(|n| !n.e164.ends_with("18004192122") && n.confidence != "not-us"),
        "{:?}",
        r.numbers
    );
}

#[test]
fn a_usage_error_shows_an_escape_sequence_typed_into_it_escaped() {
    let env = TestEnv::new();
    // clap drops the sequence from its plain text; the raw one never reaches stderr.
    let err = env.fails(&["route", "--\u{1b}]0;pwned\u{7}", "lost-card"], 2);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
    let err = env.fails(&["route", "lost-card", "--card", "gold\u{1b}[2J"], 2);
    assert!(!err.contains('\u{1b}'), "{err}");
    let err = env.fails(&["route", "lost-card", "--card", "\u{202e}gold"], 2);
    assert!(err.contains("\\u{202e}gold"), "{err}");
}

#[test]
fn a_reason_with_no_words_exits_2_saying_so() {
    let env = TestEnv::new();
    for (input, opening) in [
        ("", "amex-help: no reason given: "),
        ("  ", "amex-help: no reason given: "),
        ("?? !!", "amex-help: no words in \"?? !!\": "),
    ] {
        let out = env.run(&["route", "--", input]);
        assert_eq!(out.status.code(), Some(2), "{input:?}");
        assert!(out.stdout.is_empty(), "{input:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(opening), "{input:?}: {err}");
        assert!(err.contains("`lost-card`") && !err.contains('%'), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn unknown_reason_exits_2_with_three_suggestions() {
    let env = TestEnv::new();
    let err = env.fails(&["route", "blorp", "zzz"], 2);
    assert!(
        err.starts_with("amex-help: not sure what \"blorp zzz\" is about; closest: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let closest = err.split("closest: ").nth(1).expect("suggestions");
    let closest = closest.split("; try").next().expect("list");
    let names: Vec<&str> = closest
        .split(", ")
        .map(|s| s.split(" (").next().expect("slug"))
        .collect();
    assert_eq!(names.len(), 3, "{err}");
    assert!(names.iter().all(|n| SLUGS.contains(n)), "{names:?}");
    assert!(closest.split(", ").all(|s| s.ends_with("%)")), "{err}");
    // Same under --json: errors stay on stderr.
    env.fails(&["route", "blorp", "--json"], 2);
}

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.fails(&["route"], 2);
    env.fails(&["route", "lost-card", "--card", "titanium"], 2);
    env.fails(&["no-such-command"], 2);
}

#[test]
fn human_output_matches_golden_and_has_no_colour_off_a_terminal() {
    let env = TestEnv::new();
    let text = env.ok(&["route", "lost-card"]);
    assert!(
        !text.contains('\x1b'),
        "no ANSI codes when stdout is not a terminal"
    );
    assert_golden("route-lost-card.txt", &text);
    let free = env.ok(&["route", "I left my wallet in a taxi", "--card", "platinum"]);
    assert_golden("route-wallet-taxi-platinum.txt", &free);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = TestEnv::new();
    let coloured = env.ok(&["route", "fraud", "--color", "always"]);
    assert!(coloured.contains("\x1b["), "--color always colours");
    let never = env.ok(&["route", "fraud", "--color", "never"]);
    assert!(!never.contains('\x1b'));
    // `NO_COLOR` matters only where `auto` would colour: on a terminal.
    let Some(auto) = on_terminal(&env, "route fraud", &[]) else {
        return;
    };
    assert!(auto.contains("\x1b["), "auto colours a terminal:\n{auto}");
    let no_color = on_terminal(&env, "route fraud", &[("NO_COLOR", "1")]).expect("script ran");
    assert!(
        !no_color.contains('\x1b'),
        "NO_COLOR=1 on a terminal:\n{no_color}"
    );
    assert_eq!(strip_ansi(&auto), no_color, "the same text, without colour");
    // An empty `NO_COLOR` counts as unset.
    let empty = on_terminal(&env, "route fraud", &[("NO_COLOR", "")]).expect("script ran");
    assert!(empty.contains("\x1b["), "NO_COLOR= (empty) on a terminal");
}

/// `text` without its SGR colour sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        rest = rest.find('m').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn someone_abroad_sees_the_collect_line_first_in_plus_one_form() {
    let env = TestEnv::new();
    let home: Route = env.json(&["route", "lost-card"]);
    assert!(!home.abroad);
    assert_eq!(home.numbers[0].kind, "toll-free");
    assert_eq!(home.numbers[0].provenance, "issuer's site");
    for args in [
        &["route", "international"][..],
        &["route", "global-assist"],
        &["route", "lost-card", "--abroad"],
    ] {
        let r: Route = env.json(args);
        assert!(r.abroad, "{args:?}");
        let first = &r.numbers[0];
        assert_eq!(first.kind, "collect", "{args:?}: {:?}", r.numbers);
        assert_eq!(first.international, "+1 336-393-1111");
        let text = env.ok(args);
        let lines: Vec<&str> = text.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.trim() == "+1 336-393-1111")
            .unwrap_or_else(|| panic!("{args:?}: the collect number alone on a line:\n{text}"));
        assert!(lines[at - 1].starts_with("From abroad, call "), "{text}");
        assert!(text.contains("collect (reverse-charge) call"), "{text}");
        // Every number is in the form dialled from another country.
        for n in &r.numbers {
            assert!(n.international.starts_with("+1 "), "{n:?}");
            assert!(
                text.contains(&n.international),
                "{}: {text}",
                n.international
            );
        }
    }
    let complaint: Route = env.json(&["route", "complaint"]);
    let cfpb = complaint
        .numbers
        .iter()
        .find(|n| n.e164 == "+18554112372")
        .expect("CFPB line");
    assert_eq!(cfpb.provenance, "government site");
}

#[test]
fn route_leads_with_the_department_and_the_number_alone_on_its_line() {
    let env = TestEnv::new();
    for slug in SLUGS {
        let r: Route = env.json(&["route", slug]);
        let text = env.ok(&["route", slug]);
        let lines: Vec<&str> = text.lines().collect();
        let call = lines
            .iter()
            .position(|l| l.starts_with("Call ") || l.starts_with("From abroad, call "))
            .unwrap_or_else(|| panic!("{slug}: no Call line:\n{text}"));
        assert!(call <= 5, "{slug}: the call comes early:\n{text}");
        let first = &r.numbers[0];
        let dial = match &first.vanity {
            _ if r.abroad => first.international.clone(),
            Some(v) => format!("{v} ({})", first.display),
            None => first.display.clone(),
        };
        assert_eq!(lines[call + 1].trim(), dial, "{slug}:\n{text}");
        // The full sources stay behind --sources; the file names mean nothing to a cardholder.
        assert!(!text.contains(".txt") && !text.contains("facts/"), "{slug}");
        let full = env.ok(&["route", slug, "--sources"]);
        for s in &r.sources {
            assert!(
                full.contains(&format!("{}: ", s.id)),
                "{slug} --sources: {}",
                s.id
            );
        }
        let all = env.ok(&["route", slug, "--all"]);
        for tip in &r.tips {
            let start: String = tip.split(' ').take(4).collect::<Vec<_>>().join(" ");
            assert!(all.contains(&start), "{slug} --all: {tip}");
        }
    }
}

#[test]
fn abroad_the_collect_line_ranks_above_your_own_us_toll_free_number() {
    let env = TestEnv::new();
    let overlay = env.write("mine.toml", OWN_CARD_OVERLAY);
    let path = overlay.to_str().expect("path");
    let home: Route = env.json(&["route", "lost-card", "--knowledge", path]);
    assert_eq!(
        home.numbers[0].id, "my-card",
        "at home your card comes first"
    );
    assert_eq!(home.numbers[0].provenance, "your card");
    let away: Route = env.json(&["route", "international", "--knowledge", path]);
    let ids: Vec<&str> = away.numbers.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "abroad-collect-393-1111",
            "abroad-collect-492-5450",
            "my-card"
        ],
        "collect lines first, then your card"
    );
    let text = env.ok(&["route", "international", "--knowledge", path]);
    assert!(
        text.contains("+1 800-555-0142  (toll-free, your card)"),
        "{text}"
    );
}
