//! Progress bars and per-epoch lines: the CLI's [`Observer`] of training.

use std::time::{Duration, Instant};

use d2l::data::download::Event;
use d2l::train::{EpochStats, Observer};
use indicatif::{ProgressBar, ProgressStyle};

/// Shows a bar over each epoch's minibatches (on stderr, only on a terminal) and prints one line
/// per epoch on stdout. A run that will take over [`LONG_RUN`] says so on stderr after its
/// first minibatches, with the CPU-sized alternative when the section has one.
pub struct EpochPrinter {
    bar: Option<ProgressBar>,
    epochs: usize,
    every: usize,
    /// Print the shape table (off with `--json`, where only results are printed).
    pub show_layers: bool,
    /// The command line of a CPU-sized run of the same section (`d2l alexnet --quick`).
    pub alternative: Option<String>,
    /// When the first minibatch ended: the estimate leaves out the first one, which also
    /// pays for warming up.
    first_batch_done: Option<Instant>,
}

/// A run whose estimate is longer than this says so before it goes on.
pub const LONG_RUN: Duration = Duration::from_secs(600);

/// Minibatches timed for the estimate (after the first).
const TIMED_BATCHES: usize = 3;

impl EpochPrinter {
    /// A printer for a run of `epochs` epochs that prints every epoch.
    pub fn new(epochs: usize) -> Self {
        Self::every(epochs, 1)
    }

    /// A printer that prints the first epoch, every `every`-th and the last, as the book's
    /// long runs record their `Animator` (`if epoch == 0 or (epoch + 1) % 20 == 0`).
    pub fn every(epochs: usize, every: usize) -> Self {
        Self {
            bar: None,
            epochs,
            every: every.max(1),
            show_layers: true,
            alternative: None,
            first_batch_done: None,
        }
    }

    /// After the first epoch's first minibatches: the whole run's time, by the minibatches'
    /// pace (evaluating the test set after each epoch adds about a tenth for these networks),
    /// printed when it is over [`LONG_RUN`].
    fn estimate(&mut self, epoch: usize, done: usize, total: usize) {
        if epoch != 1 {
            return;
        }
        if done == 1 {
            self.first_batch_done = Some(Instant::now());
            return;
        }
        let Some(start) = self.first_batch_done else {
            return;
        };
        if done != 1 + TIMED_BATCHES {
            return;
        }
        let per_batch = start.elapsed().as_secs_f64() / TIMED_BATCHES as f64;
        if let Some(note) =
            long_run_note(per_batch, total, self.epochs, self.alternative.as_deref())
        {
            // Above the bar, not through it.
            match &self.bar {
                Some(bar) => bar.suspend(|| eprintln!("{note}")),
                None => eprintln!("{note}"),
            }
        }
    }
}

/// The note for a run of `epochs` epochs of `total` minibatches at `per_batch` seconds each,
/// when it will take over [`LONG_RUN`] (evaluating the test set after each epoch adds about a
/// tenth for these networks), naming the CPU-sized `alternative` if the section has one.
fn long_run_note(
    per_batch: f64,
    total: usize,
    epochs: usize,
    alternative: Option<&str>,
) -> Option<String> {
    let seconds = per_batch * (total * epochs) as f64 * 1.1;
    if seconds <= LONG_RUN.as_secs_f64() {
        return None;
    }
    let alternative = alternative.map_or_else(String::new, |cmd| {
        format!("; a CPU-sized run of the same network: `{cmd}`")
    });
    Some(format!(
        "note: at {per_batch:.1} s a minibatch this run takes about {} ({total} minibatches × \
         {epochs} epochs){alternative}",
        duration(seconds)
    ))
}

/// `7 h 40 min`, `12 min`, `45 s`.
pub fn duration(seconds: f64) -> String {
    let s = seconds.round() as u64;
    let minutes = (s + 30) / 60;
    match (s, minutes) {
        (0..60, _) => format!("{s} s"),
        (_, 0..60) => format!("{minutes} min"),
        _ => format!("{} h {} min", minutes / 60, minutes % 60),
    }
}

impl Observer for EpochPrinter {
    fn on_layers(&mut self, layers: &[d2l::train::LayerShape]) {
        if self.show_layers {
            for line in d2l::train::shape_table(layers) {
                println!("{line}");
            }
        }
    }

    fn on_batch(&mut self, epoch: usize, done: usize, total: usize) {
        self.estimate(epoch, done, total);
        let epochs = self.epochs;
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{prefix} [{bar:30}] {pos}/{len} batches {elapsed}, eta {eta}",
                )
                .expect("the template should parse")
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        bar.set_prefix(format!("epoch {epoch}/{epochs}"));
        bar.set_position(done as u64);
    }

    fn on_epoch(&mut self, s: &EpochStats) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if s.epoch != 1 && !s.epoch.is_multiple_of(self.every) && s.epoch != self.epochs {
            return;
        }
        match (s.train_acc, s.test_acc) {
            // Classification, as train_ch3's Animator shows it.
            (Some(train_acc), Some(test_acc)) => println!(
                "epoch {}: train loss {:.4}, train acc {:.3}, test acc {:.3}, {:.2} s",
                s.epoch, s.train_loss, train_acc, test_acc, s.seconds
            ),
            // Regression, as the book prints it: `epoch 1, loss 0.000050`.
            _ => match s.test_loss {
                Some(test_loss) => println!(
                    "epoch {}, loss {:.6}, test loss {:.6}",
                    s.epoch, s.train_loss, test_loss
                ),
                None => println!("epoch {}, loss {:.6}", s.epoch, s.train_loss),
            },
        }
    }
}

/// Paths joined by commas, for "wrote a.svg, a.png".
pub fn join(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A byte-count bar for downloads, drawn only on a terminal.
pub fn download_bar() -> impl FnMut(&str, Event) {
    let mut current: Option<(String, ProgressBar)> = None;
    move |name, event| match event {
        Event::Received { done, total } => {
            let fresh = !matches!(&current, Some((n, _)) if n == name);
            if fresh {
                if let Some((_, bar)) = current.take() {
                    bar.finish();
                }
                let bar = ProgressBar::new(total.unwrap_or(0));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}",
                    )
                    .expect("the template should parse")
                    .progress_chars("=> "),
                );
                bar.set_message(name.to_string());
                current = Some((name.to_string(), bar));
            }
            if let Some((_, bar)) = &current {
                bar.set_position(done);
            }
        }
        Event::Stale {
            path,
            expected,
            actual,
        } => eprintln!(
            "{}: checksum mismatch (expected {expected}, got {actual}); fetching it again, the \
             old file stays until a good copy has arrived",
            path.display()
        ),
        Event::MirrorFailed { url, reason, next } => {
            // A half-drawn bar of the failed attempt would hide the message.
            if let Some((_, bar)) = current.take() {
                bar.abandon();
            }
            match next {
                Some(next) => eprintln!("{url} failed: {reason}; trying {next}"),
                None => eprintln!("{url} failed: {reason}"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_a_person_says_them() {
        assert_eq!(duration(45.2), "45 s");
        assert_eq!(duration(719.0), "12 min");
        assert_eq!(duration(3599.0), "1 h 0 min");
        assert_eq!(duration(7.66 * 3600.0), "7 h 40 min");
    }

    #[test]
    fn only_a_run_over_ten_minutes_gets_a_note_with_its_alternative() {
        // 469 minibatches a epoch (60,000 / 128), 10 epochs: 4,690 of them.
        assert_eq!(
            long_run_note(0.1, 469, 10, Some("d2l alexnet --quick")),
            None
        );
        let note = long_run_note(5.9, 469, 10, Some("d2l alexnet --quick")).unwrap();
        assert!(note.contains("about 8 h 27 min"), "{note}");
        assert!(note.ends_with("`d2l alexnet --quick`"), "{note}");
        let plain = long_run_note(5.9, 469, 10, None).unwrap();
        assert!(plain.ends_with("10 epochs)"), "{plain}");
    }
}
