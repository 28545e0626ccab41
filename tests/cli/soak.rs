//! The soak test: writers, a reader and random SIGKILLs at once for a bounded time, then an
//! integrity check and a count of acknowledged writes. Not run by `cargo test` (it takes 30 s);
//! `scripts/soak.sh` runs it, and `AMEX_HELP_SOAK_SECS` changes its length.

use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::support::TestEnv;

const WRITERS: usize = 4;

/// xorshift64*: enough randomness to scatter the kills; the seed is printed to replay a run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[test]
#[ignore = "30-second soak; run scripts/soak.sh"]
fn writers_a_reader_and_random_kills_lose_no_acknowledged_write() {
    let secs: u64 = std::env::var("AMEX_HELP_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let seed = std::env::var("AMEX_HELP_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| (d.as_secs() << 30) ^ u64::from(d.subsec_nanos()) | 1)
        });
    let env = TestEnv::new();
    env.ok(&["log", "add", "--reason", "dispute", "--ref", "S-start"]);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let acknowledged = Mutex::new(BTreeSet::from(["S-start".to_owned()]));
    let (killed, failed, reads) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    std::thread::scope(|s| {
        for w in 0..WRITERS {
            let (env, acknowledged, killed, failed) = (&env, &acknowledged, &killed, &failed);
            s.spawn(move || writer(env, w, seed, deadline, acknowledged, killed, failed));
        }
        let (env, reads) = (&env, &reads);
        s.spawn(move || reader(env, deadline, reads));
    });

    let conn = rusqlite::Connection::open(env.db()).expect("open after the soak");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity check");
    let mut stmt = conn
        .prepare("SELECT reference FROM contacts")
        .expect("prepare");
    let stored: Vec<String> = stmt
        .query_map([], |row| row.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("read");
    let unique: BTreeSet<String> = stored.iter().cloned().collect();
    let acknowledged = acknowledged.into_inner().expect("lock");
    let lost: Vec<&String> = acknowledged.difference(&unique).collect();
    let (killed, failed, reads) = (killed.into_inner(), failed.into_inner(), reads.into_inner());
    eprintln!(
        "soak: {secs} s, seed {seed}: {} writes acknowledged, {killed} writers killed, {failed} \
         failed, {reads} reads; {} contacts stored ({} from killed writers); integrity {check}; \
         {} acknowledged writes lost",
        acknowledged.len(),
        stored.len(),
        stored.len() - acknowledged.len().min(stored.len()),
        lost.len()
    );
    assert_eq!(check, "ok");
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    assert_eq!(stored.len(), unique.len(), "a write was stored twice");
    assert_eq!(failed, 0, "writers that were not killed failed");
    assert!(stored.len() <= acknowledged.len() + killed);
    assert!(killed > 0 && reads > 0);
}

/// Adds contacts to case 1 until `deadline`, killing one run in four at a random moment.
fn writer(
    env: &TestEnv,
    w: usize,
    seed: u64,
    deadline: Instant,
    acknowledged: &Mutex<BTreeSet<String>>,
    killed: &AtomicUsize,
    failed: &AtomicUsize,
) {
    let mut rng = Rng(seed.wrapping_add(w as u64 * 0x9E37_79B9));
    let mut i = 0;
    while Instant::now() < deadline {
        let reference = format!("S-{w}-{i}");
        i += 1;
        let mut child = env
            .std_cmd()
            .args([
                "log", "add", "--case", "1", "--rep", "Dana", "--ref", &reference,
            ])
            .args(["--promise", "Call back", "--promise-due", "+3d"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        if rng.below(4) == 0 {
            sleep(Duration::from_micros(rng.below(15_000)));
            if child.try_wait().expect("poll").is_none() {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                killed.fetch_add(1, Ordering::Relaxed);
                continue;
            }
        }
        let status = child.wait().expect("wait for writer");
        if status.success() {
            acknowledged.lock().expect("lock").insert(reference);
        } else {
            failed.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Reads the log every way a script would until `deadline`; every read must succeed.
fn reader(env: &TestEnv, deadline: Instant, reads: &AtomicUsize) {
    while Instant::now() < deadline {
        for args in [
            &["followups", "--json"][..],
            &["log", "show", "1", "--json"][..],
            &["log", "list", "--json"][..],
        ] {
            let out = env.run(args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "reader {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice::<serde_json::Value>(&out.stdout)
                .unwrap_or_else(|e| panic!("reader {args:?} got bad JSON: {e}"));
            reads.fetch_add(1, Ordering::Relaxed);
        }
    }
}
