//! Fills a call log with realistic made-up cases, for benchmarks and for trying the tool on a big log.
//!
//! ```text
//! cargo run --release --example gen_log -- --db /tmp/big.sqlite3 --cases 100000 --contacts-per-case 10
//! ```
//!
//! Reasons, departments and numbers come from the built-in `knowledge.toml`, weighted towards the
//! common problems (disputes, fraud, lost cards). Cases start at random over the two years before
//! now; each has its contacts over the following weeks, about a quarter of them with a promise.
//! About a tenth of the cases are still open, with a follow-up date between 30 days ago and 30 days
//! ahead; the rest are resolved. Dates count back from the moment it runs, so the same `--seed`
//! gives the same log relative to that moment (uids are drawn at random by `SQLite`, as `log add`
//! does). Nothing here is a real person or reference number.

use std::path::PathBuf;
use std::time::Instant;

use amex_help::{Batch, BulkCase, BulkContact, BulkId, BulkLoad};
use anyhow::{bail, Context, Result};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::Parser;
use serde::Deserialize;

/// Fill a call log with generated cases and contacts.
#[derive(Debug, Parser)]
struct Args {
    /// The call log to create or add to.
    #[arg(long = "db", value_name = "FILE")]
    db: PathBuf,
    /// How many cases to add.
    #[arg(long = "cases", value_name = "N")]
    cases: u32,
    /// How many contacts each case gets.
    #[arg(long = "contacts-per-case", value_name = "M", default_value_t = 3)]
    contacts_per_case: u32,
    /// The seed for the made-up details.
    #[arg(long = "seed", default_value_t = 1)]
    seed: u64,
}

/// The parts of knowledge.toml the generator uses.
#[derive(Debug, Deserialize)]
struct Knowledge {
    reasons: Vec<Reason>,
    numbers: Vec<Number>,
}

#[derive(Debug, Deserialize)]
struct Reason {
    slug: String,
    title: String,
    department: String,
    numbers: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Number {
    id: String,
    display: String,
}

/// How often each reason comes up, out of the total; reasons not listed get weight 1.
const WEIGHTS: &[(&str, u32)] = &[
    ("dispute", 30),
    ("fraud", 18),
    ("lost-card", 14),
    ("account", 8),
    ("fee-waiver", 6),
    ("rewards", 5),
    ("travel", 3),
    ("activate", 3),
];

const CHANNELS: &[(&str, u32)] = &[
    ("phone", 62),
    ("chat", 14),
    ("secure-message", 8),
    ("app", 6),
    ("letter", 4),
    ("email", 3),
    ("social", 2),
    ("in-person", 1),
];

const REPS: &[&str] = &[
    "Dana", "Marcus", "Priya", "Luis", "Keisha", "Tom", "Aiko", "Fatima", "Grace", "Omar", "Sven",
    "Rosa", "Jamal", "Mei", "Chris", "Ana",
];

const OUTCOMES: &[&str] = &[
    "Opened an investigation",
    "Temporary credit applied while they look into it",
    "Told to wait for the merchant's reply",
    "Transferred to another department",
    "Replacement card ordered",
    "Fee reversed",
    "Asked me to send the receipt by secure message",
    "No change; asked to call back",
    "Supervisor will call back",
    "Case closed in my favour",
];

const PROMISES: &[&str] = &[
    "Call back with an update",
    "Credit will post to the account",
    "Letter with the outcome in the mail",
    "Replacement card delivered",
    "Supervisor to call me",
    "Investigation finished",
];

const NOTES: &[&str] = &[
    "Waited on hold about 20 minutes",
    "Read back the reference number to confirm",
    "Rep was helpful",
    "Had to explain everything again",
    "Sent the receipt and the merchant's email",
    "",
];

fn main() -> Result<()> {
    let args = Args::parse();
    if args.cases == 0 || args.contacts_per_case == 0 {
        bail!("--cases and --contacts-per-case must be at least 1");
    }
    let knowledge: Knowledge = toml::from_str(include_str!("../knowledge.toml"))
        .context("read the built-in knowledge.toml")?;
    let started = Instant::now();
    let mut log = BulkLoad::open(&args.db)?;
    let written = generate(&mut log, &knowledge, &args, Utc::now())?;
    // Leave the file as a user's would be after many small writes: WAL folded back in.
    log.finish()?;
    eprintln!(
        "gen_log: added {} cases, {} contacts and {} promises to {} in {:.1} s",
        written.cases,
        written.contacts,
        written.promises,
        args.db.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[derive(Debug, Default)]
struct Written {
    cases: u64,
    contacts: u64,
    promises: u64,
}

/// Cases per transaction: big enough to be fast, small enough that the WAL stays modest.
const BATCH: u32 = 5_000;

fn generate(
    log: &mut BulkLoad,
    knowledge: &Knowledge,
    args: &Args,
    now: DateTime<Utc>,
) -> Result<Written> {
    if let Some((slug, _)) = WEIGHTS
        .iter()
        .find(|(slug, _)| !knowledge.reasons.iter().any(|r| r.slug == *slug))
    {
        bail!("WEIGHTS names {slug}, which knowledge.toml no longer has");
    }
    let reasons: Vec<(&Reason, u32)> = knowledge
        .reasons
        .iter()
        .map(|r| {
            let weight = WEIGHTS
                .iter()
                .find(|(slug, _)| *slug == r.slug)
                .map_or(1, |(_, w)| *w);
            (r, weight)
        })
        .collect();
    let mut gen = Generator {
        rng: SplitMix64(args.seed),
        knowledge,
        now,
        written: Written::default(),
    };
    let mut done = 0;
    while done < args.cases {
        let batch = BATCH.min(args.cases - done);
        let mut sql = log.batch()?;
        for _ in 0..batch {
            let reason = *gen.rng.weighted(&reasons);
            gen.case(&mut sql, reason, args.contacts_per_case)?;
        }
        sql.commit()?;
        done += batch;
    }
    Ok(gen.written)
}

struct Generator<'k> {
    rng: SplitMix64,
    knowledge: &'k Knowledge,
    now: DateTime<Utc>,
    written: Written,
}

impl Generator<'_> {
    /// One case and its contacts, in the caller's transaction.
    fn case(&mut self, sql: &mut Batch<'_>, reason: &Reason, contacts: u32) -> Result<()> {
        let (now, rng) = (self.now, &mut self.rng);
        let created = now - Duration::seconds(rng.below(730 * 86_400));
        let mut times = Vec::with_capacity(contacts as usize);
        let mut at = created;
        for _ in 0..contacts {
            times.push(at);
            at = (at + Duration::seconds(rng.below(6 * 86_400))).min(now);
        }
        let last = times.last().copied().unwrap_or(created);
        let open = rng.below(10) == 0;
        let follow_up = open.then(|| date_plus(now.date_naive(), rng.below(61) - 30));
        let resolved_at = (!open).then(|| (last + Duration::hours(rng.below(96))).min(now));
        let statement_date =
            (reason.slug == "dispute").then(|| date_plus(created.date_naive(), -rng.below(40)));
        let card_last5 = (rng.below(2) == 0).then(|| format!("{:05}", rng.below(100_000)));
        let case_id = sql.case(&BulkCase {
            reason: &reason.slug,
            title: &reason.title,
            follow_up,
            statement_date,
            card_last5: card_last5.as_deref(),
            created_at: created,
            resolved_at,
            resolution_note: resolved_at.map(|_| *rng.pick(OUTCOMES)),
        })?;
        self.written.cases += 1;
        for at in times {
            self.contact(sql, reason, case_id, at)?;
        }
        Ok(())
    }

    fn contact(
        &mut self,
        sql: &mut Batch<'_>,
        reason: &Reason,
        case_id: BulkId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let rng = &mut self.rng;
        let channel = *rng.weighted(CHANNELS);
        let number = if channel == "phone" && !reason.numbers.is_empty() {
            let id = rng.pick(&reason.numbers);
            self.knowledge
                .numbers
                .iter()
                .find(|n| &n.id == id)
                .map(|n| n.display.as_str())
        } else {
            None
        };
        let rep = *rng.pick(REPS);
        let notes = *rng.pick(NOTES);
        let reference = format!(
            "{}-{:06}",
            reference_prefix(&reason.slug),
            rng.below(1_000_000)
        );
        let rep_id = format!("{}{}", &rep[..1], rng.below(9_000) + 1_000);
        let contact_id = sql.contact(
            case_id,
            &BulkContact {
                at,
                channel,
                number,
                department: Some(&reason.department),
                rep: Some(rep),
                rep_id: Some(&rep_id),
                reference: Some(&reference),
                duration_minutes: (channel == "phone")
                    .then(|| u32::try_from(rng.below(45) + 3).unwrap_or(3)),
                outcome: Some(*rng.pick(OUTCOMES)),
                notes: (!notes.is_empty()).then_some(notes),
            },
        )?;
        self.written.contacts += 1;
        if rng.below(4) == 0 {
            let due = date_plus(at.date_naive(), rng.below(12) + 3);
            let text: &&str = rng.pick(PROMISES);
            sql.promise(contact_id, text, Some(due))?;
            self.written.promises += 1;
        }
        Ok(())
    }
}

/// The prefix of a made-up reference number, so that references look different per department.
fn reference_prefix(slug: &str) -> String {
    slug.split('-')
        .filter_map(|w| w.chars().next())
        .chain(slug.chars().skip(1).take(2))
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase()
}

fn date_plus(date: NaiveDate, days: i64) -> NaiveDate {
    date + Duration::days(days)
}

/// A small, fast, seedable generator (`SplitMix64`); benchmark data needs repeatability, not secrecy.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0); the bias is below 2^-30 for the sizes used here.
    fn below(&mut self, n: u32) -> i64 {
        i64::from(u32::try_from(self.next() % u64::from(n)).unwrap_or(0))
    }

    /// An item of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let n = u64::try_from(items.len()).unwrap_or(u64::MAX);
        &items[usize::try_from(self.next() % n).unwrap_or(0)]
    }

    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.next() % total;
        for (item, weight) in items {
            let weight = u64::from(*weight);
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        &items[items.len() - 1].0
    }
}
