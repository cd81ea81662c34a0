//! `d2l bench`: timings that the tests do not assert (speed depends on the machine).
//!
//! Every figure is the median of several runs; run it on an idle machine.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Subcommand};
use d2l::data::Batches;
use d2l::data::fashion_mnist::{FashionMnist, ImageLoader, Split};

mod peer;
#[cfg(feature = "polars")]
mod preprocess;

#[cfg(feature = "polars")]
pub use preprocess::PreprocessBenchArgs;

use crate::args::{epochs, parse_device, positive, runs};
use crate::data::DataArgs;
use d2l::chapters::modern_cnn::ModernCnn;
use d2l::chapters::modern_cnn::resnet::ResNet;
use d2l::device::DeviceSpec;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// `d2l softmax` (both implementations) next to the same job in PyTorch.
    Softmax(JobBenchArgs),
    /// `d2l mlp` (d2l-zh 4.2/4.3, both implementations) next to the same job in PyTorch.
    Mlp(JobBenchArgs),
    /// `d2l lenet` (d2l-zh 6.6) next to the same network in PyTorch.
    Lenet(JobBenchArgs),
    /// `d2l resnet` (d2l-zh 7.6, ResNet-18) at a CPU-sized setting next to the same network in
    /// PyTorch.
    Resnet(ResnetBenchArgs),
    /// Parsing the Fashion-MNIST files and serving one epoch of batches of 256.
    Data(BenchArgs),
    /// d2l-zh 2.2 on a generated CSV: read, fill NaN with the mean, one-hot encode.
    #[cfg(feature = "polars")]
    Preprocess(PreprocessBenchArgs),
}

impl BenchCommand {
    /// The generated CSV is an output until it exists, then an input; the data sets are inputs.
    pub fn declare_files(&self, plan: &mut d2l::fsutil::OutputPlan) {
        match self {
            BenchCommand::Softmax(args) | BenchCommand::Mlp(args) | BenchCommand::Lenet(args) => {
                args.bench.data.declare_inputs(plan)
            }
            BenchCommand::Resnet(args) => args.job.bench.data.declare_inputs(plan),
            BenchCommand::Data(args) => args.data.declare_inputs(plan),
            #[cfg(feature = "polars")]
            BenchCommand::Preprocess(args) => {
                let file = args.file();
                if file.is_file() {
                    plan.input("the generated CSV of --file", file);
                } else {
                    plan.output("--file", file);
                }
            }
        }
    }
}

/// The ResNet-18 job's size: by default `d2l resnet --quick`'s images and subsets, trained for
/// two epochs (a run of the book's settings takes hours on a CPU).
#[derive(Debug, Args)]
pub struct ResnetBenchArgs {
    #[command(flatten)]
    pub job: JobBenchArgs,
    /// Images scaled to N × N.
    #[arg(long, default_value_t = ResNet::QUICK.resize, value_parser = positive)]
    pub resize: usize,
    /// The first N training images.
    #[arg(long, default_value_t = ResNet::QUICK.limit, value_parser = positive)]
    pub limit: usize,
    /// The first N test images.
    #[arg(long, default_value_t = ResNet::QUICK.test_limit, value_parser = positive)]
    pub test_limit: usize,
    /// Minibatch size.
    #[arg(long, default_value_t = ResNet::QUICK.batch_size, value_parser = crate::args::batch_size)]
    pub batch_size: usize,
}

#[derive(Debug, Args)]
pub struct JobBenchArgs {
    #[command(flatten)]
    pub bench: BenchArgs,
    /// Where to train: cpu, auto, cuda[:N] or wgpu[:N].
    #[arg(long, default_value = "cpu", value_parser = parse_device)]
    pub device: DeviceSpec,
    /// Epochs of each run, the same for d2l and the peer (the book trains 10).
    #[arg(long, default_value_t = 10, value_parser = epochs)]
    pub epochs: usize,
    #[command(flatten)]
    pub peer: PeerArgs,
}

/// Which Python runs the peer's side of a benchmark.
#[derive(Debug, Args)]
pub struct PeerArgs {
    /// The Python that runs the PyTorch or pandas side (it needs torch or pandas, and numpy);
    /// skipped with a note when it cannot import them.
    #[arg(long, default_value = "python3")]
    pub python: PathBuf,
    /// Time only d2l.
    #[arg(long)]
    pub no_peer: bool,
    /// Seconds one run (ours or the peer's) may take before it is stopped and the benchmark
    /// fails: 1 to 86,400.
    #[arg(long, default_value_t = 3600, value_parser = timeout)]
    pub timeout: u64,
}

impl PeerArgs {
    fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.timeout)
    }
}

fn timeout(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(n) if (1..=86_400).contains(&n) => Ok(n),
        _ => Err("must be a whole number of seconds from 1 to 86,400".into()),
    }
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many times to repeat each measurement.
    #[arg(long, default_value_t = 5, value_parser = runs)]
    pub runs: usize,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Softmax(args) => softmax(&args),
        BenchCommand::Mlp(args) => mlp(&args),
        BenchCommand::Lenet(args) => side_by_side(&args, "LeNet (d2l-zh 6.6)", "lenet", &[]),
        BenchCommand::Resnet(args) => resnet(&args),
        BenchCommand::Data(args) => data(&args),
        #[cfg(feature = "polars")]
        BenchCommand::Preprocess(args) => preprocess::run(&args),
    }
}

fn resnet(args: &ResnetBenchArgs) -> anyhow::Result<()> {
    let job = Job {
        batch_size: args.batch_size,
        train_examples: args.limit.min(60_000),
        extra: vec![
            "--resize".into(),
            args.resize.to_string(),
            "--limit".into(),
            args.limit.to_string(),
            "--test-limit".into(),
            args.test_limit.to_string(),
            "--batch-size".into(),
            args.batch_size.to_string(),
        ],
    };
    let title = format!(
        "ResNet-18 (d2l-zh 7.6) at {r} x {r}, the first {} training and {} test images",
        args.limit,
        args.test_limit,
        r = args.resize
    );
    side_by_side_job(&args.job, &title, "resnet", &[], &job)
}

/// What a benchmark's job trains on, beyond the epochs: the same flags go to `d2l` and to the
/// peer script.
struct Job {
    batch_size: usize,
    train_examples: usize,
    extra: Vec<String>,
}

impl Job {
    /// The peer script's command line for the same job.
    fn peer_args(&self, command: &str, epochs: &str, dir: &std::path::Path) -> Vec<OsString> {
        let mut args: Vec<OsString> = ["--model", command, "--epochs", epochs]
            .iter()
            .map(OsString::from)
            .collect();
        args.extend(self.extra.iter().map(OsString::from));
        args.extend([OsString::from("--data-dir"), dir.as_os_str().to_owned()]);
        args
    }

    /// The book's jobs of chapters 3-6: all 60,000 images in batches of 256.
    fn fashion_mnist() -> Self {
        Self {
            batch_size: 256,
            train_examples: 60_000,
            extra: Vec::new(),
        }
    }
}

fn softmax(args: &JobBenchArgs) -> anyhow::Result<()> {
    side_by_side(
        args,
        "softmax regression 784-10",
        "softmax",
        &["scratch", "concise"],
    )
}

fn mlp(args: &JobBenchArgs) -> anyhow::Result<()> {
    side_by_side(args, "MLP 784-256-10", "mlp", &["scratch", "concise"])
}

/// Times the user's command (`d2l <command> --impl <impl>`, or plain `d2l <command>` when it has
/// no implementations to choose from) and the same job in PyTorch, each as a whole process from
/// start to exit, taking turns so that a busy moment hurts both alike.
fn side_by_side(
    args: &JobBenchArgs,
    title: &str,
    command: &str,
    impls: &[&str],
) -> anyhow::Result<()> {
    side_by_side_job(args, title, command, impls, &Job::fashion_mnist())
}

/// [`side_by_side`] for any [`Job`].
fn side_by_side_job(
    args: &JobBenchArgs,
    title: &str,
    command: &str,
    impls: &[&str],
    job: &Job,
) -> anyhow::Result<()> {
    let dir = args.bench.data.fashion_mnist()?;
    let root = dir.parent().unwrap_or(&dir).to_path_buf();
    let peer = if args.peer.no_peer {
        None
    } else {
        peer::Peer::pytorch(&args.peer.python, args.peer.timeout())
    };
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{title} on Fashion-MNIST, {} epochs, batch {}, device {}; {cpus} CPU threads; \
         medians of {} runs, each a whole process (start-up, loading, training, test accuracy \
         after every epoch)",
        args.epochs, job.batch_size, args.device, args.bench.runs
    );
    let epochs = args.epochs.to_string();
    // No implementations to choose from: one row for the plain command.
    let impls: Vec<Option<&str>> = if impls.is_empty() {
        vec![None]
    } else {
        impls.iter().copied().map(Some).collect()
    };
    let exe = std::env::current_exe()?;
    let device = args.device.to_string();
    let mut rows: Vec<(String, Vec<peer::Run>)> = impls
        .iter()
        .map(|i| match i {
            Some(i) => (format!("d2l {command} --impl {i}"), Vec::new()),
            None => (format!("d2l {command}"), Vec::new()),
        })
        .collect();
    if let Some(peer) = &peer {
        rows.push((format!("{} (concise)", peer.version), Vec::new()));
    }
    for _ in 0..args.bench.runs {
        for (i, implementation) in impls.iter().enumerate() {
            let mut cmd = std::process::Command::new(&exe);
            cmd.arg(command);
            if let Some(implementation) = implementation {
                cmd.args(["--impl", implementation]);
            }
            cmd.args(["--no-plots", "--json", "--epochs", &epochs])
                .args(&job.extra)
                .args(["--device", &device])
                .arg("--data-dir")
                .arg(&root);
            rows[i]
                .1
                .push(peer::Run::measure(cmd, args.peer.timeout())?);
        }
        if let Some(peer) = &peer {
            let run = peer.run(&job.peer_args(command, &epochs, &dir))?;
            rows.last_mut().expect("peer row").1.push(run);
        }
    }
    print_medians(
        &rows,
        impls.len(),
        peer.is_some(),
        job.train_examples as f64,
    );
    Ok(())
}

/// The table of medians, one row per command (the peer's last), and our speed-up over the peer.
fn print_medians(
    rows: &[(String, Vec<peer::Run>)],
    ours: usize,
    with_peer: bool,
    training_examples: f64,
) {
    println!(
        "{:<34} {:>10} {:>10} {:>11} {:>9} {:>10}",
        "", "whole job", "per epoch", "examples/s", "test acc", "peak RSS"
    );
    let mut medians = Vec::new();
    for (name, runs) in rows {
        let m = peer::Run::medians(runs);
        // The book's "examples/sec": training examples over the epoch's time (evaluation
        // included, as in our loop and the peer's).
        println!(
            "{name:<34} {:>8.2} s {:>8.3} s {:>11.0} {:>9.3} {:>7.0} MB",
            m.seconds,
            m.epoch_seconds,
            training_examples / m.epoch_seconds,
            m.test_acc,
            m.peak_rss_kb as f64 / 1024.0
        );
        medians.push(m);
    }
    if with_peer {
        let torch = medians.last().expect("peer row").clone();
        for ((name, _), m) in rows.iter().zip(&medians).take(ours) {
            println!(
                "{name}: whole job {:.2}x PyTorch's speed, one epoch {:.2}x",
                torch.seconds / m.seconds,
                torch.epoch_seconds / m.epoch_seconds
            );
        }
    }
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

pub(crate) fn median(values: &mut [f64]) -> f64 {
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
