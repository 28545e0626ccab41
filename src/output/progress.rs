//! Progress for long work (`export`, `import`): a spinner on stderr once the work has taken about
//! a second, and at the end one line saying what was done. Only when stderr is a terminal and
//! the output is not `--json`: a pipe, a log file or a script sees neither.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work runs before progress appears; shorter work finishes before a person waits.
const AFTER: Duration = Duration::from_secs(1);

/// How often the spinner redraws.
const TICK: Duration = Duration::from_millis(120);

pub(crate) struct Progress {
    /// Whether a person is watching stderr.
    shown: bool,
    started: Instant,
    /// The spinner, hidden until [`AFTER`] has passed.
    bar: ProgressBar,
    /// Whether the spinner is drawing yet.
    drawing: bool,
}

impl Progress {
    /// Progress for work that starts now. `json`: the run is for a script, so nothing is shown.
    pub(crate) fn start(json: bool) -> Progress {
        let shown = !json && io::stderr().is_terminal();
        Progress::with(shown)
    }

    fn with(shown: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        Progress {
            shown,
            started: Instant::now(),
            bar,
            drawing: false,
        }
    }

    /// Says how far the work has got; cheap enough to call for every item.
    pub(crate) fn update(&mut self, message: impl FnOnce() -> String) {
        if !self.shown {
            return;
        }
        if !self.drawing {
            if self.started.elapsed() < AFTER {
                return;
            }
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(TICK);
            self.drawing = true;
        }
        self.bar.set_message(message());
    }

    /// Shows `message` with a ticking spinner, from about a second on, while one long call runs
    /// on this thread (an import's single transaction), and returns what `work` returns.
    pub(crate) fn during<T>(&mut self, message: &str, work: impl FnOnce() -> T) -> T {
        self.bar.set_message(message.to_owned());
        if !self.shown || self.drawing {
            return work();
        }
        let bar = self.bar.clone();
        let wait = AFTER.saturating_sub(self.started.elapsed());
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let ticker = std::thread::spawn(move || {
            // Finished within the wait: nothing is drawn at all.
            if finished.recv_timeout(wait).is_err() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(TICK);
            }
        });
        let out = work();
        let _ = done.send(());
        let _ = ticker.join();
        self.drawing = !self.bar.is_hidden();
        out
    }

    /// Clears the spinner and, when a person is watching, writes `summary` and the time taken:
    /// "exported 1,200 cases, 9,000 contacts in 1.3 s".
    pub(crate) fn finish(self, summary: &str) {
        self.bar.finish_and_clear();
        if self.shown {
            let seconds = self.started.elapsed().as_secs_f64();
            // Nothing sensible can be done if stderr is gone.
            let _ = writeln!(io::stderr(), "{summary} in {seconds:.1} s");
        }
    }
}

/// `n` with commas between thousands: 1000000 gives "1,000,000".
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 case" or "2 cases".
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{count, thousands, Progress};

    #[test]
    fn thousands_are_separated() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (100_000, "100,000"),
            (1_000_000, "1,000,000"),
        ];
        for (n, want) in cases {
            assert_eq!(thousands(n), want);
        }
        assert_eq!(count(1, "case", "cases"), "1 case");
        assert_eq!(count(1_200, "case", "cases"), "1,200 cases");
    }

    #[test]
    fn unwatched_progress_runs_the_work_and_draws_nothing() {
        let mut progress = Progress::with(false);
        progress.update(|| unreachable!("no message is built when nobody watches"));
        assert_eq!(progress.during("importing", || 7), 7);
        assert!(progress.bar.is_hidden());
        progress.finish("exported 0 cases");
    }
}
