#!/usr/bin/env bash
# The fault test: four writers, a reader and random SIGKILLs against one log for a bounded time
# (AMEX_HELP_SOAK_SECS, default 30), then an integrity check and a count of acknowledged writes.
# AMEX_HELP_SOAK_SEED replays a run's kill pattern. Prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --test cli soak -- --ignored --nocapture 2>&1 | grep -E '^soak:|test result|panicked|assert'
