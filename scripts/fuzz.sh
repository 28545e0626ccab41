#!/usr/bin/env bash
# A long randomized run over the knowledge overlay loader and the free-text matcher
# (src/knowledge/fuzz.rs, an #[ignore]d test, too slow for every `cargo test`): mutated copies of
# knowledge.toml, overlays written from scratch and arbitrary text go through the loader as the
# binary uses it, and typo-ridden phrasings and arbitrary text through the matcher.
#
# Usage: scripts/fuzz.sh [SECONDS] [CASES]
#   scripts/fuzz.sh            five minutes
#   scripts/fuzz.sh 1800       half an hour
#   scripts/fuzz.sh 0 50000    50,000 cases, however long they take (0 seconds means no time limit)
# With both, it stops at whichever comes first. It prints the number of cases run and how far they
# got; on a failure it prints the shrunk overlay and text and exits 1.
#
# Built optimised but with debug assertions and overflow checks still on, in a target directory
# of its own so that the everyday debug build is not thrown away.
set -euo pipefail

cd "$(dirname "$0")/.."

seconds="${1:-300}"
cases="${2:-}"
case "$seconds$cases" in
    *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [CASES] (whole numbers)" >&2; exit 2 ;;
esac

unset AMEX_HELP_FUZZ_SECONDS AMEX_HELP_FUZZ_CASES
if [ "$seconds" -gt 0 ]; then export AMEX_HELP_FUZZ_SECONDS="$seconds"; fi
if [ -n "$cases" ]; then export AMEX_HELP_FUZZ_CASES="$cases"; fi
if [ "$seconds" -eq 0 ] && [ -z "$cases" ]; then
    echo "scripts/fuzz.sh: with no time limit, give a number of cases" >&2
    exit 2
fi

CARGO_PROFILE_DEV_OPT_LEVEL=2 CARGO_PROFILE_TEST_OPT_LEVEL=2 \
    cargo test --locked --lib --target-dir "${CARGO_TARGET_DIR:-target}/fuzz" \
    knowledge::fuzz::fuzz_overlay_loader_and_matcher -- --ignored --exact --nocapture
