#!/usr/bin/env bash
# Start-up budget of `amex-help route`, measured as whole processes: each route command's median
# must be under 3 ms and within 1.3x of `amex-help --version` (which does no work of its own, so the
# ratio is what `route` adds on top of starting the binary at all).
#
# Usage: scripts/bench-route.sh            (RUNS=500 WARMUP=20 to override the defaults)
# Writes docs/bench-route.md (hyperfine's table) and exits 1 when a command is over budget.
# Other builds on the same machine skew the figures: on a busy machine, rerun with more RUNS.
set -euo pipefail

cd "$(dirname "$0")/.."

RUNS="${RUNS:-300}"
WARMUP="${WARMUP:-20}"
BUDGET_MS=3
BUDGET_RATIO=1.3

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/amex-help"

if ! command -v hyperfine >/dev/null 2>&1; then
    echo "hyperfine is missing; installing it with apt-get" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq hyperfine
fi

# An overlay in the user's config directory would make `route` parse TOML at run time; the budget
# is for the built-in knowledge, so point the config directory at an empty one.
config="$(mktemp -d)"
json="$(mktemp)"
trap 'rm -rf "$config" "$json"' EXIT

mkdir -p docs
env -u AMEX_HELP_KNOWLEDGE XDG_CONFIG_HOME="$config" \
    hyperfine -N --warmup "$WARMUP" --runs "$RUNS" \
    --export-json "$json" --export-markdown docs/bench-route.md \
    --command-name "version" "$bin --version" \
    --command-name "route lost-card" "$bin route lost-card" \
    --command-name "route wallet in a taxi" "$bin route I left my wallet in a taxi" \
    --command-name "route typos" "$bin route my car brokke down on the hihgway"

python3 - "$json" "$BUDGET_MS" "$BUDGET_RATIO" <<'EOF'
import json
import sys

path, budget_ms, budget_ratio = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
results = json.load(open(path))["results"]
version = results[0]["median"]
print()
print(f"{'command':<24} {'median':>9} {'vs --version':>13}  budget")
print(f"{'version':<24} {version * 1000:>7.3f}ms {1:>12.2f}x")
failed = False
for r in results[1:]:
    ms, ratio = r["median"] * 1000, r["median"] / version
    fast, close = ms < budget_ms, ratio <= budget_ratio
    failed |= not (fast and close)
    verdict = ("under" if fast else "OVER") + f" {budget_ms:g} ms, "
    verdict += ("within" if close else "OVER") + f" {budget_ratio:g}x"
    print(f"{r['command']:<24} {ms:>7.3f}ms {ratio:>12.2f}x  {verdict}")
sys.exit(1 if failed else 0)
EOF
