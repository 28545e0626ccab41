//! Unit tests of `completions`.

use super::*;

/// The states the word loop can set (`cmd="..."`) that no `case` branch completes.
fn states_without_a_branch(script: &str) -> Vec<String> {
    let set: Vec<&str> = script
        .split("cmd=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|state| !state.is_empty())
        .collect();
    let branches: Vec<&str> = script
        .lines()
        .filter_map(|l| l.trim().strip_suffix(')'))
        .collect();
    let mut missing: Vec<String> = set
        .into_iter()
        .filter(|state| !branches.contains(state))
        .map(str::to_owned)
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

#[test]
fn every_bash_state_has_a_branch() {
    let script = script(Shell::Bash).unwrap();
    assert_eq!(states_without_a_branch(&script), Vec::<String>::new());
    assert!(script.contains("amex__help__subcmd__log__subcmd__add)"));
}

#[test]
fn the_unfixed_bash_script_has_the_hyphen_bug() {
    // If this fails, clap_complete has fixed issues 6421/6529: the workaround can go.
    let mut buf = Vec::new();
    clap_complete::generate(Shell::Bash, &mut Cli::command(), "amex-help", &mut buf);
    let raw = String::from_utf8(buf).unwrap();
    assert!(states_without_a_branch(&raw).contains(&"amex__help__subcmd__route".to_owned()));
}

#[test]
fn the_fix_leaves_a_name_without_hyphens_alone() {
    let script = "cmd=\"tool__subcmd__x\"\n        tool__subcmd__x)\n";
    assert_eq!(fix_bash_state_names(script, "tool"), script);
}

#[test]
fn reason_slugs_are_offered_in_every_shell() {
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let script = script(shell).unwrap();
        // Slugs that no help text mentions, so only a list of values can hold them.
        let offered = ["global-assist", "financial-review", "fee-waiver"]
            .iter()
            .all(|slug| script.contains(slug));
        // clap_complete's PowerShell and Elvish scripts complete subcommands and flags only.
        let expected = !matches!(shell, Shell::PowerShell | Shell::Elvish);
        assert_eq!(offered, expected, "{shell:?}");
        assert!(script.contains("checklist"), "{shell:?}");
    }
}

#[test]
fn fish_offers_slugs_for_route_and_checklist_positionals() {
    let script = script(Shell::Fish).unwrap();
    for sub in ["route", "checklist"] {
        let line = format!(
            "complete -c amex-help -n \"__fish_amex_help_using_subcommand {sub}\" -f -a \"lost-card\\t'Lost or stolen card'\n"
        );
        assert!(script.contains(&line), "{sub}");
    }
}
