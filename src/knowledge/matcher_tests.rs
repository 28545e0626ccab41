//! The matcher's tests: slugs and aliases exactly, free text through the router, refusals.

use super::*;

fn knowledge() -> Knowledge {
    Knowledge::load(None, false).unwrap()
}

#[test]
fn slugs_and_aliases_match_exactly() {
    let k = knowledge();
    for (input, slug, method) in [
        ("lost-card", "lost-card", MatchMethod::Slug),
        ("Lost Card", "lost-card", MatchMethod::Slug),
        ("stolen", "lost-card", MatchMethod::Alias),
        ("4506-C", "financial-review", MatchMethod::Alias),
        ("customer service", "general", MatchMethod::Alias),
        (
            "I left my wallet in a taxi",
            "lost-card",
            MatchMethod::FreeText,
        ),
        ("my car broke down", "roadside", MatchMethod::FreeText),
        (
            "they want my tax returns",
            "financial-review",
            MatchMethod::FreeText,
        ),
        (
            "charged twice for one dinner",
            "dispute",
            MatchMethod::FreeText,
        ),
        ("taxi wallet left", "lost-card", MatchMethod::FreeText),
        (
            "my car brokke down on the hihgway",
            "roadside",
            MatchMethod::FreeText,
        ),
    ] {
        let m = find_reason(&k, input).unwrap_or_else(|r| panic!("{input}: {}", r.message(input)));
        assert_eq!(
            (m.reason.slug.as_str(), m.method),
            (slug, method),
            "{input}"
        );
        if method == MatchMethod::FreeText {
            assert!(
                m.confidence > 0.0 && m.confidence < 1.0,
                "{input}: {}",
                m.confidence
            );
            assert!(m.alternatives.len() <= 3);
            assert!(m
                .alternatives
                .iter()
                .all(|a| a.1 <= m.confidence && a.1 >= 0.01));
            assert!(m.alternatives.iter().all(|a| a.0.slug != slug));
        } else {
            assert_eq!((m.confidence, m.alternatives.len()), (1.0, 0), "{input}");
        }
    }
}

#[test]
fn nonsense_is_refused_with_the_three_closest() {
    let k = knowledge();
    for input in [
        "blah blah",
        "zzzz",
        "asdf qwerty",
        "💳💳 x",
        "who painted the sistine chapel ceiling",
    ] {
        let refusal = find_reason(&k, input).expect_err(input);
        assert_eq!(refusal.closest.len(), 3, "{input}");
        assert!(
            refusal.closest.windows(2).all(|w| w[0].1 >= w[1].1),
            "{input}"
        );
    }
}

#[test]
fn a_refusal_quotes_sixty_characters_and_gives_percentages() {
    let k = knowledge();
    let input =
        "who painted   the sistine chapel ceiling, and what did he have for breakfast that day";
    let line = find_reason(&k, input).expect_err(input).message(input);
    assert!(
        line.starts_with(
            "not sure what \"who painted the sistine chapel ceiling, and what did he have…\" is about; closest: "
        ),
        "{line}"
    );
    assert!(line.ends_with("; try `amex-help reasons`"), "{line}");
    assert_eq!(line.matches('%').count(), 3, "{line}");
    assert!(!line.contains('\n'));
    let short = find_reason(&k, "zzzz").expect_err("zzzz").message("zzzz");
    assert!(
        short.starts_with("not sure what \"zzzz\" is about; "),
        "{short}"
    );
}

#[test]
fn a_text_without_words_is_refused_as_nothing_to_read() {
    let k = knowledge();
    for (input, opening) in [
        ("", "no reason given: "),
        ("   ", "no reason given: "),
        ("\u{200b}\u{200f}\u{feff} \u{202e}", "no reason given: "),
        ("?!  --", "no words in \"?! --\": "),
        ("\u{1f4b3}", "no words in \"\u{1f4b3}\": "),
    ] {
        let line = find_reason(&k, input).expect_err(input).message(input);
        assert!(line.starts_with(opening), "{input:?}: {line}");
        assert!(line.ends_with("; try `amex-help reasons`"), "{line}");
        assert!(!line.contains('%'), "{line}");
        let refusal = find_reason(&k, input).expect_err(input);
        assert!(refusal.no_words && refusal.closest.is_empty(), "{input:?}");
    }
}

#[test]
fn percentages_round_to_whole_numbers() {
    assert_eq!(percent(0.874), "87%");
    assert_eq!(percent(0.876), "88%");
    assert_eq!(percent(0.0), "0%");
    assert_eq!(percent(0.004), "<1%");
    assert_eq!(percent(0.006), "1%");
    assert_eq!(percent(0.996), "99%");
    assert_eq!(percent(1.0), "100%");
}

#[test]
fn normalize_joins_words_with_single_dashes() {
    for (text, slug) in [
        ("Lost Card", "lost-card"),
        ("  lost--card ", "lost-card"),
        ("4506-C", "4506-c"),
        ("don't’s", "donts"),
        ("’ lost", "lost"),
        ("lost ' - ' card", "lost-card"),
        ("", ""),
        ("💳", ""),
        ("Ünïcode CAFÉ", "ünïcode-café"),
    ] {
        assert_eq!(normalize(text), slug, "{text:?}");
    }
}

#[test]
fn slug_form_is_what_normalize_leaves_alone() {
    for text in ["lost", "lost-card", "4506-c", "a1-b2-c3"] {
        assert!(is_slug_form(text), "{text:?}");
        assert_eq!(normalize(text), text);
    }
    for text in [
        "",
        "-",
        "lost-",
        "-lost",
        "lost--card",
        "Lost",
        "lost card",
        "café",
        "don't",
    ] {
        assert!(!is_slug_form(text), "{text:?}");
    }
}

/// Property tests: whatever is typed, the matcher answers with a reason of the knowledge base or
/// three suggestions, never a panic; slugs and aliases are found however they are cased or spaced.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// The slugs the README promises scripts, written out so that the test does not take the
    /// knowledge base's word for what exists.
    const SLUGS: [&str; 18] = [
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

    fn knowledge() -> &'static Knowledge {
        static K: OnceLock<Knowledge> = OnceLock::new();
        K.get_or_init(|| Knowledge::load(None, false).expect("the built-in knowledge loads"))
    }

    /// Checks one answer of `find_reason` for `input` against everything that must hold of it.
    /// Returns whether the answer was a refusal.
    fn check_answer(input: &str) -> Result<bool, TestCaseError> {
        let k = knowledge();
        let probability = |p: f32| p.is_finite() && (0.0..=1.0).contains(&p);
        match find_reason(k, input) {
            Ok(m) => {
                let slug = m.reason.slug.as_str();
                prop_assert!(SLUGS.contains(&slug), "{:?} -> unknown {}", input, slug);
                prop_assert!(probability(m.confidence), "{:?}: {}", input, m.confidence);
                let typed = normalize(input);
                let by_alias = m.reason.aliases.iter().any(|a| normalize(a) == typed);
                match m.method {
                    MatchMethod::Slug => prop_assert_eq!(typed.as_str(), slug),
                    MatchMethod::Alias => prop_assert!(by_alias, "{:?} -> {}", input, slug),
                    MatchMethod::FreeText => {
                        prop_assert!(!SLUGS.contains(&typed.as_str()), "{:?}", input);
                        prop_assert!(!by_alias, "{:?} is an alias of {}", input, slug);
                        prop_assert!(m.alternatives.len() <= 3);
                        for (r, p) in &m.alternatives {
                            prop_assert!(r.slug != slug && probability(*p) && *p <= m.confidence);
                        }
                    }
                }
                Ok(false)
            }
            Err(refusal) => {
                let mut slugs: Vec<&str> =
                    refusal.closest.iter().map(|r| r.0.slug.as_str()).collect();
                prop_assert!(slugs.iter().all(|s| SLUGS.contains(s)), "{:?}", slugs);
                prop_assert!(refusal.closest.iter().all(|r| probability(r.1)));
                prop_assert!(refusal.closest.windows(2).all(|w| w[0].1 >= w[1].1));
                slugs.sort_unstable();
                slugs.dedup();
                let has_words = input.chars().any(char::is_alphanumeric);
                prop_assert_eq!(refusal.no_words, !has_words, "{:?}", input);
                let expected = if has_words { 3 } else { 0 };
                prop_assert_eq!(slugs.len(), expected, "suggestions for {:?}", input);
                let line = refusal.message(input);
                let opening = if has_words { "not sure what \"" } else { "no " };
                prop_assert!(
                    !line.contains('\n') && line.starts_with(opening),
                    "{}",
                    line
                );
                Ok(true)
            }
        }
    }

    /// Words the knowledge uses, alone or a few together, with typos: deletions, doubled letters,
    /// swaps, case changes.
    fn typed_words() -> impl Strategy<Value = String> {
        let words = knowledge()
            .reasons
            .iter()
            .flat_map(|r| {
                r.keywords
                    .iter()
                    .chain(&r.aliases)
                    .chain(&r.phrases)
                    .chain([&r.title, &r.description])
            })
            .flat_map(|text| text.split_whitespace().map(str::to_owned))
            .collect::<Vec<String>>();
        prop::collection::vec(
            (
                prop::sample::select(words),
                any::<prop::sample::Index>(),
                0..5u8,
            ),
            1..6,
        )
        .prop_map(|picked| {
            let mut out = String::new();
            for (word, at, typo) in picked {
                let mut chars: Vec<char> = word.chars().collect();
                let i = at
                    .index(chars.len().max(1))
                    .min(chars.len().saturating_sub(1));
                match typo {
                    0 if !chars.is_empty() => {
                        chars.remove(i);
                    }
                    1 if !chars.is_empty() => chars.insert(i, chars[i]),
                    2 if i + 1 < chars.len() => chars.swap(i, i + 1),
                    _ => chars = chars.iter().flat_map(|c| c.to_uppercase()).collect(),
                }
                out.extend(chars);
                out.push(' ');
            }
            out
        })
    }

    /// `text` with each ASCII letter's case chosen by `upper` and each run of dashes and spaces
    /// replaced by one of `gaps`, with `pad` around it.
    fn respelled(text: &str, upper: &[bool], gaps: &[&str], pad: (&str, &str)) -> String {
        let mut out = pad.0.to_owned();
        let mut gap = 0;
        for (k, c) in text.chars().enumerate() {
            if c == '-' || c == ' ' {
                out.push_str(gaps[gap % gaps.len()]);
                gap += 1;
            } else if upper[k % upper.len()] {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
        }
        out.push_str(pad.1);
        out
    }

    const GAP: &str = "( |-|_|  | - |\\.|/|\\t|–)";
    const PAD: &str = "[ \\t\\n\u{a0}]{0,3}";

    #[test]
    fn every_slug_and_alias_as_written_finds_its_reason() {
        let k = knowledge();
        let mut slugs: Vec<&str> = k.reasons.iter().map(|r| r.slug.as_str()).collect();
        slugs.sort_unstable();
        let mut promised = SLUGS.to_vec();
        promised.sort_unstable();
        assert_eq!(slugs, promised);
        for reason in &k.reasons {
            let m = find_reason(k, &reason.slug).unwrap_or_else(|_| panic!("{}", reason.slug));
            assert_eq!(
                (m.reason.slug.as_str(), m.method),
                (reason.slug.as_str(), MatchMethod::Slug)
            );
            for alias in &reason.aliases {
                let m = find_reason(k, alias).unwrap_or_else(|_| panic!("{alias}"));
                assert_eq!(
                    (m.reason.slug.as_str(), m.method),
                    (reason.slug.as_str(), MatchMethod::Alias),
                    "alias {alias}"
                );
            }
        }
    }

    /// Every word the knowledge base uses, alone and with its middle letter dropped: many a lone
    /// word ("card", "numbr") is too little to route on, which reaches the refusal.
    #[test]
    fn every_known_word_alone_and_misspelled_is_answered() {
        let k = knowledge();
        let mut words: Vec<&str> = k
            .reasons
            .iter()
            .flat_map(|r| {
                r.keywords
                    .iter()
                    .chain(&r.aliases)
                    .chain(&r.phrases)
                    .chain([&r.title, &r.description])
            })
            .flat_map(|text| text.split_whitespace())
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut refused = 0;
        for word in words {
            let chars: Vec<char> = word.chars().collect();
            // Dropping the middle letter is enough to make most words weak.
            let misspelled = [chars.len() / 2]
                .into_iter()
                .filter(|_| chars.len() > 1)
                .map(|skip| {
                    let mut typo = chars.clone();
                    typo.remove(skip);
                    typo.into_iter().collect::<String>()
                });
            for typed in std::iter::once(word.to_owned()).chain(misspelled) {
                refused += usize::from(check_answer(&typed).unwrap());
            }
        }
        // The refusal was reached, so the check above covered it.
        assert!(refused > 10, "only {refused} refusals");
    }

    proptest! {
        #[test]
        fn any_text_gets_a_known_reason_or_three_suggestions(input in any::<String>()) {
            check_answer(&input)?;
        }

        /// The alias shortcut never changes an answer: text in slug form normalizes to itself.
        #[test]
        fn slug_form_normalizes_to_itself(text in "[a-z0-9-]{0,12}|[a-zA-Z0-9 '-]{0,12}") {
            if is_slug_form(&text) {
                prop_assert_eq!(normalize(&text), text);
            }
        }

        #[test]
        fn long_text_whitespace_and_known_words_are_answered(
            input in prop_oneof![
                "\\PC{100,1500}",
                "[ \\t\\n\\r\u{a0}\u{3000}\u{2028}]{0,40}",
                "[a-z]{30,80}( [a-zé]{1,40}){0,5}",
                typed_words(),
            ],
        ) {
            check_answer(&input)?;
        }

        #[test]
        fn a_slug_in_any_case_and_spacing_is_found(
            index in any::<prop::sample::Index>(),
            upper in prop::collection::vec(any::<bool>(), 1..20),
            gaps in prop::collection::vec(GAP, 1..3),
            pad in (PAD, PAD),
        ) {
            let reason = index.get(&knowledge().reasons);
            let gaps: Vec<&str> = gaps.iter().map(String::as_str).collect();
            let typed = respelled(&reason.slug, &upper, &gaps, (&pad.0, &pad.1));
            let m = find_reason(knowledge(), &typed);
            let got = m.map(|m| (m.reason.slug.as_str(), m.method)).ok();
            prop_assert_eq!(got, Some((reason.slug.as_str(), MatchMethod::Slug)), "{:?}", typed);
        }

        #[test]
        fn an_alias_in_any_case_and_spacing_is_found(
            index in any::<prop::sample::Index>(),
            upper in prop::collection::vec(any::<bool>(), 1..20),
            gaps in prop::collection::vec(GAP, 1..3),
            pad in (PAD, PAD),
        ) {
            let aliases: Vec<(&str, &str)> = knowledge()
                .reasons
                .iter()
                .flat_map(|r| r.aliases.iter().map(move |a| (r.slug.as_str(), a.as_str())))
                .collect();
            let (slug, alias) = *index.get(&aliases);
            let gaps: Vec<&str> = gaps.iter().map(String::as_str).collect();
            let typed = respelled(alias, &upper, &gaps, (&pad.0, &pad.1));
            let m = find_reason(knowledge(), &typed);
            let got = m.map(|m| (m.reason.slug.as_str(), m.method)).ok();
            prop_assert_eq!(got, Some((slug, MatchMethod::Alias)), "{:?}", typed);
        }
    }
}
