//! `d2l alexnet|vgg|nin|googlenet|resnet|densenet`: the networks of d2l-zh chapter 7 on
//! Fashion-MNIST, one command each with the same flags.
//!
//! The defaults are the book's settings, which take hours on a CPU; `--quick` is each
//! network's CPU-sized preset. A flag given with `--quick` overrides the preset's value.

use std::marker::PhantomData;

use clap::Args;
use d2l::chapters::modern_cnn::training::MAX_RESIZE;
use d2l::chapters::modern_cnn::{self, CnnConfig, ModernCnn};
use d2l::train::TrainConfig;

use crate::args::{batch_size, bounded, epochs, learning_rate, positive, thousands};
use crate::classifier::{self, ClassifierOutputs};

/// The flags of a chapter-7 command for network `C`. The training flags are options so that
/// `--quick` can tell a value the user gave from a default.
#[derive(Debug, Args)]
pub struct CnnArgs<C: ModernCnn + Send + Sync + 'static> {
    /// A CPU-sized run (smaller images, part of the data, fewer epochs); any flag below
    /// overrides it.
    #[arg(long, long_help = quick_help::<C>())]
    pub quick: bool,
    /// Scale the images to N × N pixels (default: the book's size, or the preset's).
    #[arg(long, value_name = "N", value_parser = resize)]
    pub resize: Option<usize>,
    /// Train on the first N of the 60,000 training images (default: all, or the preset's).
    #[arg(long, value_name = "N", value_parser = positive)]
    pub limit: Option<usize>,
    /// Test on the first N of the 10,000 test images (default: all, or the preset's).
    #[arg(long, value_name = "N", value_parser = positive)]
    pub test_limit: Option<usize>,
    /// Passes over the training set, 1 to 10,000 (default: the book's, or the preset's).
    #[arg(long, value_parser = epochs)]
    pub epochs: Option<usize>,
    /// Learning rate, > 0 (default: the book's).
    #[arg(long, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Minibatch size, 1 to 1,048,576 (default: the book's, or the preset's).
    #[arg(long, value_parser = batch_size, allow_negative_numbers = true)]
    pub batch_size: Option<usize>,
    #[command(flatten)]
    pub outputs: ClassifierOutputs<C>,
    #[arg(skip)]
    network: PhantomData<C>,
}

/// `--quick`'s long help, with network `C`'s preset (leaked once per parse, as the
/// classifiers' defaults are).
fn quick_help<C: ModernCnn>() -> &'static str {
    let q = C::QUICK;
    Box::leak(
        format!(
            "A CPU-sized run: {r} x {r} images, the first {} training and {} test images, {} \
             epochs, batch {}, the book's learning rate. Any flag below overrides it.",
            thousands(q.limit),
            thousands(q.test_limit),
            q.epochs,
            q.batch_size,
            r = q.resize
        )
        .into_boxed_str(),
    )
}

/// `--resize`: 1 to [`MAX_RESIZE`]; each network then refuses sizes below its smallest.
fn resize(text: &str) -> Result<usize, String> {
    bounded(text, 1, MAX_RESIZE)
}

impl<C: ModernCnn + Send + Sync + 'static> CnnArgs<C> {
    /// The book's settings (or the preset's), with every flag given put over them.
    pub fn config(&self) -> CnnConfig {
        let base = if self.quick {
            CnnConfig::quick::<C>()
        } else {
            CnnConfig::book::<C>()
        };
        CnnConfig {
            train: TrainConfig {
                epochs: self.epochs.unwrap_or(base.train.epochs),
                lr: self.lr.unwrap_or(base.train.lr),
                batch_size: self.batch_size.unwrap_or(base.train.batch_size),
                seed: self.outputs.run.seed,
            },
            resize: self.resize.unwrap_or(base.resize),
            limit: self.limit.or(base.limit),
            test_limit: self.test_limit.or(base.test_limit),
        }
    }
}

/// Trains network `C` as its section's last cell does and reports as every classifier.
pub fn run<C: ModernCnn + Send + Sync + 'static>(args: CnnArgs<C>) -> anyhow::Result<()> {
    let cfg = args.config();
    cfg.validate::<C>()?;
    classifier::run_with(cfg.train, &args.outputs, false, |cx| {
        if !args.quick {
            cx.printer.alternative = Some(format!("d2l {} --quick", C::NAME));
        }
        if !cx.json {
            println!("{}", describe::<C>(&cfg));
        }
        modern_cnn::run::<C>(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)
    })
}

/// One line on what will train: `resnet: 64 × 64 images, the first 3,000 training images
/// (2,000 test), 3 epochs, lr 0.05, batch 64 (the book's: 96 × 96 images, all 60,000 training
/// images (10,000 test), 10 epochs, lr 0.05, batch 256)`.
fn describe<C: ModernCnn>(cfg: &CnnConfig) -> String {
    let count = |limit: Option<usize>, all: usize| thousands(limit.unwrap_or(all).min(all));
    let images = |c: &CnnConfig| {
        let test = count(c.test_limit, 10_000);
        match c.limit {
            Some(_) => format!(
                "the first {} training images ({test} test)",
                count(c.limit, 60_000)
            ),
            None => format!("all 60,000 training images ({test} test)"),
        }
    };
    let mut book = CnnConfig::book::<C>();
    book.train.seed = cfg.train.seed;
    let setting = |c: &CnnConfig| {
        format!(
            "{r} × {r} images, {}, {} epochs, lr {}, batch {}",
            images(c),
            c.train.epochs,
            c.train.lr,
            c.train.batch_size,
            r = c.resize
        )
    };
    if *cfg == book {
        format!("{}: the book's settings, {}", C::NAME, setting(cfg))
    } else {
        format!(
            "{}: {} (the book's: {})",
            C::NAME,
            setting(cfg),
            setting(&book)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use d2l::chapters::modern_cnn::resnet::ResNet;

    fn parse(words: &[&str]) -> CnnArgs<ResNet> {
        #[derive(clap::Parser)]
        struct Cli {
            #[command(flatten)]
            args: CnnArgs<ResNet>,
        }
        use clap::Parser;
        Cli::try_parse_from(std::iter::once("resnet").chain(words.iter().copied()))
            .unwrap()
            .args
    }

    #[test]
    fn defaults_are_the_books_and_quick_is_the_preset() {
        assert_eq!(parse(&[]).config(), CnnConfig::book::<ResNet>());
        assert_eq!(parse(&["--quick"]).config(), CnnConfig::quick::<ResNet>());
    }

    #[test]
    fn a_flag_given_with_quick_overrides_the_preset_only_there() {
        let cfg = parse(&["--quick", "--epochs", "2", "--resize", "32"]).config();
        let quick = CnnConfig::quick::<ResNet>();
        assert_eq!((cfg.train.epochs, cfg.resize), (2, 32));
        assert_eq!(
            (cfg.limit, cfg.train.batch_size),
            (quick.limit, quick.train.batch_size)
        );
    }
}
