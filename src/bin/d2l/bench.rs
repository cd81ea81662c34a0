//! `d2l bench`: timings that the tests do not assert (speed depends on the machine).
//!
//! Every figure is the median of several runs; run it on an idle machine.

use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Subcommand};
use d2l::chapters::softmax_regression::{self, SoftmaxConfig, SoftmaxImpl};
use d2l::data::fashion_mnist::{FashionMnist, ImageLoader, Split};
use d2l::train::Batches;

use crate::args::positive;
use crate::data::DataArgs;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The whole softmax job (load + 10 epochs + per-epoch test evaluation), both implementations.
    Softmax(BenchArgs),
    /// Parsing the Fashion-MNIST files and serving one epoch of batches of 256.
    Data(BenchArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many times to repeat each measurement.
    #[arg(long, default_value_t = 5, value_parser = positive)]
    pub runs: usize,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Softmax(args) => softmax(&args),
        BenchCommand::Data(args) => data(&args),
    }
}

fn softmax(args: &BenchArgs) -> anyhow::Result<()> {
    let dir = args.data.fashion_mnist()?;
    let device = d2l::device::cpu();
    println!(
        "softmax regression, 10 epochs, batch 256, {} runs each (medians)",
        args.runs
    );
    for implementation in [SoftmaxImpl::Scratch, SoftmaxImpl::Concise] {
        let cfg = SoftmaxConfig {
            implementation,
            ..SoftmaxConfig::default()
        };
        let mut totals = Vec::new();
        let mut epochs = Vec::new();
        let mut accuracy = 0.0;
        for _ in 0..args.runs {
            let run = softmax_regression::run(&cfg, &dir, None, &device, &mut ())?;
            totals.push(run.report.seconds);
            epochs.extend(run.report.epochs.iter().map(|e| e.seconds));
            accuracy = run.report.test_acc;
        }
        println!(
            "{:<8} whole job {:.3} s, per epoch {:.4} s (train + test evaluation), test acc {:.3}",
            format!("{implementation:?}").to_lowercase(),
            median(&mut totals),
            median(&mut epochs),
            accuracy
        );
    }
    println!("peak RSS {}", peak_rss());
    Ok(())
}

fn data(args: &BenchArgs) -> anyhow::Result<()> {
    let dir = args.data.fashion_mnist()?;
    let mut parse = Vec::new();
    let mut train = None;
    for _ in 0..args.runs {
        drop(train.take()); // so that peak memory is one copy of the data, as in training
        let start = Instant::now();
        let t = FashionMnist::load(&dir, Split::Train)?;
        let _test = FashionMnist::load(&dir, Split::Test)?;
        parse.push(start.elapsed().as_secs_f64());
        train = Some(t);
    }
    let train = Arc::new(train.expect("runs >= 1"));
    let loader = ImageLoader::new(Arc::clone(&train), 256, true, None, 0, &d2l::device::cpu());
    let mut epoch = Vec::new();
    for _ in 0..args.runs {
        let start = Instant::now();
        let mut images = 0;
        for (_, y) in loader.batches() {
            images += y.dims()[0];
        }
        assert_eq!(images, train.len());
        epoch.push(start.elapsed().as_secs_f64());
    }
    let epoch_median = median(&mut epoch);
    println!(
        "parse the four gz files: {:.3} s (median of {})",
        median(&mut parse),
        args.runs
    );
    println!(
        "one epoch of batches of 256 as tensors: {:.4} s, {:.0} images/s",
        epoch_median,
        train.len() as f64 / epoch_median
    );
    println!("peak RSS {}", peak_rss());
    Ok(())
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The process's peak resident memory (Linux: `VmHWM` in /proc/self/status).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown (no /proc)".into())
}
