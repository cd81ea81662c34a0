//! `d2l bench`: timings that the tests do not assert (speed depends on the machine).
//!
//! Every figure is the median of several runs; run it on an idle machine.

use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Subcommand};
use d2l::chapters::mlp::{self, MlpConfig, MlpImpl};
use d2l::chapters::softmax_regression::{self, Checkpoints, SoftmaxConfig, SoftmaxImpl};
use d2l::data::Batches;
use d2l::data::fashion_mnist::{FashionMnist, ImageLoader, Split};
use d2l::train::Fitted;

use crate::args::{parse_device, positive};
use crate::data::DataArgs;
use d2l::device::DeviceSpec;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The whole softmax job (load + 10 epochs + per-epoch test evaluation), both implementations.
    Softmax(JobBenchArgs),
    /// The whole MLP job of d2l-zh 4.2/4.3 (load + 10 epochs + per-epoch test evaluation).
    Mlp(JobBenchArgs),
    /// Parsing the Fashion-MNIST files and serving one epoch of batches of 256.
    Data(BenchArgs),
    /// d2l-zh 2.2 on a generated CSV: read, fill NaN with the mean, one-hot encode.
    #[cfg(feature = "polars")]
    Preprocess(PreprocessBenchArgs),
}

#[cfg(feature = "polars")]
#[derive(Debug, Args)]
pub struct PreprocessBenchArgs {
    /// Rows of the generated file (10 numeric columns with 5% NaN, 10 text columns of 20 levels).
    #[arg(long, default_value_t = 1_000_000, value_parser = positive)]
    pub rows: usize,
    /// How many times to repeat.
    #[arg(long, default_value_t = 3, value_parser = positive)]
    pub runs: usize,
    /// Where to write the generated CSV (kept, so pandas can read the same file).
    #[arg(long, default_value = "bench-preprocess.csv")]
    pub file: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct JobBenchArgs {
    #[command(flatten)]
    pub bench: BenchArgs,
    /// Where to train: cpu, auto, cuda[:N] or wgpu[:N].
    #[arg(long, default_value = "cpu", value_parser = parse_device)]
    pub device: DeviceSpec,
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
        BenchCommand::Mlp(args) => mlp(&args),
        BenchCommand::Data(args) => data(&args),
        #[cfg(feature = "polars")]
        BenchCommand::Preprocess(args) => preprocess(&args),
    }
}

#[cfg(feature = "polars")]
fn preprocess(args: &PreprocessBenchArgs) -> anyhow::Result<()> {
    use d2l::data::preprocess::{CsvOptions, fill_numeric_with_mean, get_dummies, read_csv};
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    use std::io::Write;

    if !args.file.is_file() {
        let mut rng = StdRng::seed_from_u64(0);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&args.file)?);
        let header: Vec<String> = (0..10)
            .map(|i| format!("num{i}"))
            .chain((0..10).map(|i| format!("cat{i}")))
            .collect();
        writeln!(out, "{}", header.join(","))?;
        for _ in 0..args.rows {
            let mut fields = Vec::with_capacity(20);
            for _ in 0..10 {
                fields.push(if rng.random::<f64>() < 0.05 {
                    "NA".to_string()
                } else {
                    format!("{:.4}", rng.random::<f64>() * 100.0)
                });
            }
            for _ in 0..10 {
                fields.push(format!("level{}", rng.random_range(0..20)));
            }
            writeln!(out, "{}", fields.join(","))?;
        }
        out.flush()?;
    }
    let mut times = Vec::new();
    let mut shape = (0, 0);
    for _ in 0..args.runs {
        let start = Instant::now();
        let frame = read_csv(&args.file, &CsvOptions::default())?;
        let filled = fill_numeric_with_mean(&frame);
        let features = get_dummies(&filled.frame)?;
        times.push(start.elapsed().as_secs_f64());
        shape = features.shape();
    }
    let seconds = median(&mut times);
    println!(
        "preprocess {} ({} rows): read_csv + fill mean + get_dummies {:.3} s (median of {}), {:.0} rows/s, result {} x {}",
        args.file.display(),
        args.rows,
        seconds,
        args.runs,
        args.rows as f64 / seconds,
        shape.0,
        shape.1
    );
    println!("peak RSS {}", peak_rss());
    Ok(())
}

fn softmax(args: &JobBenchArgs) -> anyhow::Result<()> {
    let device = d2l::device::resolve(args.device)?;
    let dir = args.bench.data.fashion_mnist()?;
    println!(
        "softmax regression on {}, 10 epochs, batch 256, {} runs each (medians)",
        d2l::device::describe(&device),
        args.bench.runs
    );
    for implementation in [SoftmaxImpl::Scratch, SoftmaxImpl::Concise] {
        let cfg = SoftmaxConfig {
            implementation,
            ..SoftmaxConfig::default()
        };
        let name = format!("{implementation:?}").to_lowercase();
        time_job(&name, args.bench.runs, || {
            let run =
                softmax_regression::run(&cfg, &dir, Checkpoints::default(), &device, &mut ())?;
            Ok((run.report.seconds, run.report.result))
        })?;
    }
    println!("peak RSS {}", peak_rss());
    Ok(())
}

fn mlp(args: &JobBenchArgs) -> anyhow::Result<()> {
    let device = d2l::device::resolve(args.device)?;
    let dir = args.bench.data.fashion_mnist()?;
    println!(
        "MLP 784-256-10 on {}, 10 epochs, batch 256, {} runs each (medians)",
        d2l::device::describe(&device),
        args.bench.runs
    );
    for implementation in [MlpImpl::Scratch, MlpImpl::Concise] {
        let cfg = MlpConfig {
            implementation,
            ..MlpConfig::default()
        };
        let name = format!("{implementation:?}").to_lowercase();
        time_job(&name, args.bench.runs, || {
            let run = mlp::run(&cfg, &dir, &device, &mut ())?;
            Ok((run.report.seconds, run.report.result))
        })?;
    }
    println!("peak RSS {}", peak_rss());
    Ok(())
}

/// Runs `job` `runs` times and prints the medians of the whole job and of one epoch.
fn time_job(
    name: &str,
    runs: usize,
    mut job: impl FnMut() -> anyhow::Result<(f64, Fitted)>,
) -> anyhow::Result<()> {
    let (mut totals, mut epochs, mut accuracy) = (Vec::new(), Vec::new(), 0.0);
    for _ in 0..runs {
        let (seconds, result) = job()?;
        totals.push(seconds);
        epochs.extend(result.epochs.iter().map(|e| e.seconds));
        accuracy = result.test_acc;
    }
    println!(
        "{name:<8} whole job {:.3} s, per epoch {:.4} s (train + test evaluation), test acc {:.3}",
        median(&mut totals),
        median(&mut epochs),
        accuracy
    );
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
