#!/usr/bin/env bash
# Times amex-help side by side with its floors and with Taskwarrior, as whole processes, and
# writes docs/benchmarks.md. Not part of CI: it takes several minutes (most of it loading
# Taskwarrior with 100,000 tasks) and its figures depend on the machine.
#
#   scripts/bench.sh                  # everything, 1,000 and 100,000 cases
#   BENCH_SIZES="1000" scripts/bench.sh   # a quick run
#
# Jobs, at each log size (cases, with 10 contacts each):
#   route lost-card     vs a minimal Rust binary that only prints (the floor of a Rust process)
#   log add --case 1    vs the sqlite3 shell doing the same INSERT on the same file
#   followups           vs the sqlite3 shell running the due-date query on the same file
#   and the same two jobs in Taskwarrior (task add ... due:..., task next) holding as many tasks.
# The sqlite3 shell is timed twice: with its defaults, and with the settings amex-help uses
# (synchronous=NORMAL under WAL, no checkpoint when the last connection closes). The second is
# the floor the targets are measured against.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${BENCH_DIR:-$ROOT/target/bench}
SIZES=${BENCH_SIZES:-"1000 100000"}
RUNS=${BENCH_RUNS:-60}
TASK_RUNS=${BENCH_TASK_RUNS:-10}
OUT=${BENCH_OUT:-$ROOT/docs/benchmarks.md}
mkdir -p "$WORK"

# --- tools -------------------------------------------------------------------------------------
apt_install() {
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "bench: installing $* from Debian's packages" >&2
    $sudo apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >&2
}
command -v hyperfine >/dev/null || apt_install hyperfine
command -v sqlite3 >/dev/null || apt_install sqlite3
command -v task >/dev/null || apt_install taskwarrior
[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null || apt_install python3

# --- builds ------------------------------------------------------------------------------------
echo "bench: building amex-help and gen_log (release)" >&2
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example gen_log
TARGET=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
AMEX=$TARGET/release/amex-help
GEN=$TARGET/release/examples/gen_log

# The floor of a Rust process: same toolchain, same release profile, prints one line.
FLOOR_DIR=$WORK/floor
mkdir -p "$FLOOR_DIR/src"
cat >"$FLOOR_DIR/Cargo.toml" <<'EOF'
[package]
name = "floor"
version = "0.1.0"
edition = "2021"

[profile.release]
codegen-units = 1
lto = true

[workspace]
EOF
echo 'fn main() { println!("Lost or stolen card: call 1-800-528-4800"); }' >"$FLOOR_DIR/src/main.rs"
cargo build --release --quiet --manifest-path "$FLOOR_DIR/Cargo.toml" --target-dir "$FLOOR_DIR/target"
FLOOR=$FLOOR_DIR/target/release/floor

# --- data --------------------------------------------------------------------------------------
# Taskwarrior tasks shaped like the generated cases: about a tenth pending with a due date from
# 30 days ago to 30 days ahead, the rest completed, spread over two years ("mix"); or all of them
# pending ("pending"), the heavier load the issue's reference figures were taken with.
tasks_json() {
    python3 - "$1" "$2" <<'EOF'
import datetime, json, random, sys
n, kind = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
now = datetime.datetime.now(datetime.timezone.utc)
fmt = "%Y%m%dT%H%M%SZ"
for i in range(n):
    entry = now - datetime.timedelta(seconds=rng.randrange(730 * 86400))
    task = {"uuid": "%08x-0000-4000-8000-%012x" % (i, i),
            "description": f"Case {i + 1}: call back about the dispute", "entry": entry.strftime(fmt)}
    if kind == "pending" or rng.randrange(10) == 0:
        task["status"] = "pending"
        task["due"] = (now + datetime.timedelta(days=rng.randrange(61) - 30)).strftime("%Y%m%dT000000Z")
    else:
        task["status"] = "completed"
        task["end"] = (entry + datetime.timedelta(days=3)).strftime(fmt)
    print(json.dumps(task))
EOF
}

for size in $SIZES; do
    db=$WORK/log-$size.sqlite3
    if [ ! -s "$db" ]; then
        rm -f "$db" "$db-wal" "$db-shm"
        "$GEN" --db "$db" --cases "$size" --contacts-per-case 10
    fi
    "$AMEX" --db "$db" log list --limit 1 >/dev/null # any schema upgrade happens here, not in a timed run
    for kind in mix pending; do
        taskdir=$WORK/task-$kind-$size
        if [ ! -s "$taskdir/data/pending.data" ]; then
            rm -rf "$taskdir"
            mkdir -p "$taskdir/data"
            printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=2.6.0\n' \
                "$taskdir/data" >"$taskdir/taskrc"
            tasks_json "$size" "$kind" >"$taskdir/tasks.json"
            echo "bench: loading Taskwarrior with $size tasks ($kind)" >&2
            TASKRC=$taskdir/taskrc TASKDATA=$taskdir/data task import "$taskdir/tasks.json" >/dev/null 2>&1
        fi
    done
done

# --- timing ------------------------------------------------------------------------------------
RESULTS=$WORK/results
# BENCH_REPORT_ONLY=1 rewrites the report from the last run's results without timing again.
if [ -z "${BENCH_REPORT_ONLY:-}" ]; then
    rm -rf "$RESULTS"
fi
mkdir -p "$RESULTS"
hf() { # name, runs, commands...
    local name=$1 runs=$2
    shift 2
    hyperfine --shell=none --warmup 3 --runs "$runs" --style basic --export-json "$RESULTS/$name.json" "$@" >&2
}
peak_kb() { # the highest of three runs' maximum resident set size, in KiB
    local best=0 kb file=$RESULTS/time.out
    for _ in 1 2 3; do
        /usr/bin/time -f '%M' -o "$file" "$@" >/dev/null 2>&1
        kb=$(tail -1 "$file")
        [ "$kb" -gt "$best" ] && best=$kb
    done
    echo "$best"
}

SAME_SETTINGS=(-cmd ".dbconfig no_ckpt_on_close on" -cmd "PRAGMA synchronous=NORMAL")
INSERT="INSERT INTO contacts (uid, case_id, at, channel, rep, reference, notes) VALUES (lower(hex(randomblob(16))), 1, strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'phone', 'Dana', 'BENCH-1', 'Called again about the refund');"
DUE="SELECT c.id, c.reason, c.title, c.follow_up,\
 (SELECT k.reference FROM contacts k WHERE k.case_id = c.id AND k.reference IS NOT NULL ORDER BY k.at DESC LIMIT 1),\
 (SELECT k.rep FROM contacts k WHERE k.case_id = c.id AND k.rep IS NOT NULL ORDER BY k.at DESC LIMIT 1)\
 FROM cases c WHERE c.status = 'open' AND c.follow_up <= date('now') ORDER BY c.follow_up, c.id LIMIT 20;"

if [ -z "${BENCH_REPORT_ONLY:-}" ]; then
hf route "$RUNS" -n "amex-help route lost-card" "$AMEX route lost-card" -n "floor" "$FLOOR"
MEM=$RESULTS/memory.tsv
printf 'route\t-\t%s\t-\n' "$(peak_kb "$AMEX" route lost-card)" >"$MEM"

for size in $SIZES; do
    db=$WORK/log-$size.sqlite3
    hf "add-$size" "$RUNS" \
        -n "amex-help log add" "$AMEX --db $db log add --case 1 --rep Dana --ref BENCH-1 --notes 'Called again about the refund'" \
        -n "sqlite3 (same settings)" "sqlite3 ${SAME_SETTINGS[*]@Q} $db ${INSERT@Q}" \
        -n "sqlite3 (defaults)" "sqlite3 $db ${INSERT@Q}"
    hf "followups-$size" "$RUNS" \
        -n "amex-help followups" "$AMEX --db $db followups" \
        -n "sqlite3 (same settings)" "sqlite3 ${SAME_SETTINGS[*]@Q} $db ${DUE@Q}" \
        -n "sqlite3 (defaults)" "sqlite3 $db ${DUE@Q}"
    for kind in mix pending; do
        taskdir=$WORK/task-$kind-$size
        export TASKRC=$taskdir/taskrc TASKDATA=$taskdir/data
        hf "task-$kind-$size" "$TASK_RUNS" \
            -n "task add" "task add 'Call back about the refund' due:tomorrow" \
            -n "task next" "task next"
    done
    export TASKRC=$WORK/task-pending-$size/taskrc TASKDATA=$WORK/task-pending-$size/data
    printf 'log add\t%s\t%s\t%s\n' "$size" \
        "$(peak_kb "$AMEX" --db "$db" log add --case 1 --rep Dana --ref BENCH-2)" \
        "$(peak_kb task add 'Call back' due:tomorrow)" >>"$MEM"
    printf 'followups\t%s\t%s\t%s\n' "$size" "$(peak_kb "$AMEX" --db "$db" followups)" "$(peak_kb task next)" >>"$MEM"
    unset TASKRC TASKDATA
done
fi

# --- report ------------------------------------------------------------------------------------
MACHINE=$(
    printf -- '- CPU: %s, %s cores\n' "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)"
    printf -- '- Memory: %s; kernel %s; %s filesystem under %s\n' \
        "$(free -h | awk '/^Mem:/ {print $2}')" "$(uname -r)" "$(df -T "$WORK" | awk 'NR==2 {print $2}')" "$WORK"
    printf -- '- %s; %s; SQLite shell %s; Taskwarrior %s; %s\n' "$(rustc --version)" \
        "$("$AMEX" --version)" "$(sqlite3 --version | cut -d' ' -f1)" "$(task --version)" "$(hyperfine --version)"
)
python3 - "$RESULTS" "$OUT" "$SIZES" "$MACHINE" <<'EOF'
import datetime, json, os, sys
results, out, sizes, machine = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]

def medians(name):
    with open(os.path.join(results, name + ".json")) as f:
        return {r["command"]: r["median"] * 1000 for r in json.load(f)["results"]}

def ms(x):
    return f"{x:.1f} ms" if x < 100 else f"{x:,.0f} ms"

lines = [
    "# Benchmarks",
    "",
    f"Written by `scripts/bench.sh` on {datetime.date.today()}; every figure below comes from that one run.",
    "Whole processes timed with hyperfine (`--shell=none`, 3 warm-up runs); the figures are medians.",
    "Logs come from `cargo run --release --example gen_log` with 10 contacts per case.",
    "",
    "## The machine",
    "",
    machine,
    "",
    "## amex-help against its floors and Taskwarrior",
    "",
    "The floor for `route` is a minimal Rust binary that only prints; for `log add` and `followups` it is the",
    "`sqlite3` shell doing the same INSERT, or the due-date query, on the same file with the same settings as",
    "amex-help (WAL, `synchronous=NORMAL`, no checkpoint at close). Taskwarrior holds as many tasks as the log",
    "has cases and runs `task add ... due:tomorrow` and `task next`: once with the log's mix (a tenth pending,",
    "the rest completed) and once with every task pending. Peak memory for Taskwarrior is with every task pending.",
    "",
    "| job | cases | amex-help | floor | amex-help / floor | sqlite3 with its defaults | Taskwarrior, same mix | Taskwarrior, all pending | Taskwarrior / amex-help |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
]
r = medians("route")
a, f = r["amex-help route lost-card"], r["floor"]
lines.append(f"| `route lost-card` | - | {ms(a)} | {ms(f)} | {a / f:.2f}x | - | - | - | - |")
for size in sizes:
    mix, pending = medians(f"task-mix-{size}"), medians(f"task-pending-{size}")
    for job, name, task in (("add", "amex-help log add", "task add"), ("followups", "amex-help followups", "task next")):
        m = medians(f"{job}-{size}")
        a, f, d = m[name], m["sqlite3 (same settings)"], m["sqlite3 (defaults)"]
        tm, tp = mix[task], pending[task]
        label = "`log add`" if job == "add" else "`followups`"
        lines.append(f"| {label} | {int(size):,} | {ms(a)} | {ms(f)} | {a / f:.2f}x | {ms(d)} | {ms(tm)} | {ms(tp)} | {tm / a:,.0f}x to {tp / a:,.0f}x |")
targets = ["", "## Against the targets", "",
           "| target | result | met |", "|---|---|---|"]
def row(target, result, ok):
    targets.append(f"| {target} | {result} | {'yes' if ok else 'no'} |")
r = medians("route")
ratio = r["amex-help route lost-card"] / r["floor"]
row("`route` within 1.5x of a minimal Rust binary", f"{ratio:.2f}x", ratio <= 1.5)
for size in sizes:
    for job, name in (("add", "amex-help log add"), ("followups", "amex-help followups")):
        m = medians(f"{job}-{size}")
        a, f = m[name], m["sqlite3 (same settings)"]
        label = "log add" if job == "add" else "followups"
        row(f"`{label}` at {int(size):,} cases under 10 ms and within 1.5x of sqlite3", f"{ms(a)}, {a / f:.2f}x", a < 10 and a / f <= 1.5)
big = sizes[-1]
mix, pending = medians(f"task-mix-{big}"), medians(f"task-pending-{big}")
for job, name, task in (("add", "amex-help log add", "task add"), ("followups", "amex-help followups", "task next")):
    a = medians(f"{job}-{big}")[name]
    for label, t in (("same mix", mix[task]), ("all pending", pending[task])):
        row(f"`{task}` at {int(big):,} items ({label}) at least 100x slower", f"{t / a:,.0f}x", t / a >= 100)
lines += targets
lines += ["", "## Peak memory (maximum resident set size, highest of three runs)", "",
          "| job | cases | amex-help | Taskwarrior |", "|---|---:|---:|---:|"]
with open(os.path.join(results, "memory.tsv")) as f:
    for row in f:
        job, size, amex, tw = row.rstrip("\n").split("\t")
        size = "-" if size == "-" else f"{int(size):,}"
        tw = "-" if tw == "-" else f"{int(tw) / 1024:,.1f} MiB"
        lines.append(f"| `{job}` | {size} | {int(amex) / 1024:.1f} MiB | {tw} |")
lines += ["", "Raw hyperfine JSON is left in `target/bench/results/` by each run.", ""]
with open(out, "w") as f:
    f.write("\n".join(lines))
print("\n".join(lines))
EOF
