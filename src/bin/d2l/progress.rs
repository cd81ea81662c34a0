//! Progress bars and per-epoch lines: the CLI's [`Observer`] of training.

use std::time::Duration;

use d2l::data::download::Event;
use d2l::train::{EpochStats, Observer};
use indicatif::{ProgressBar, ProgressStyle};

/// Shows a bar over each epoch's minibatches (on stderr, only on a terminal) and prints one line
/// per epoch on stdout.
pub struct EpochPrinter {
    bar: Option<ProgressBar>,
    epochs: usize,
    every: usize,
}

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
        }
    }
}

impl Observer for EpochPrinter {
    fn on_batch(&mut self, epoch: usize, done: usize, total: usize) {
        let epochs = self.epochs;
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} batches {elapsed}")
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
