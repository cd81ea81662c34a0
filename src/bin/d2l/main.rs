//! The `d2l` command: one subcommand per chapter of *Dive into Deep Learning*.
//!
//! This file only parses arguments and hands them to the library; each subcommand lives in its
//! own module. Errors print as one line on stderr with a non-zero exit status (2 for bad flags,
//! which clap reports, 1 for everything else).

mod args;
mod bench;
mod data;
mod linreg;
mod losses;
mod preprocess;
mod progress;
mod report;
mod softmax;
mod tensor;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Dive into Deep Learning (动手学深度学习) in Rust: every chapter runs with one command.
#[derive(Debug, Parser)]
#[command(name = "d2l", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List every chapter command with its d2l-zh section.
    List,
    /// The devices this build can train on (d2l's try_all_gpus), CPU included.
    Devices,
    /// 2.1 Tensors: the book's examples of data manipulation, with burn.
    Tensor(tensor::TensorArgs),
    /// 2.2 Data preprocessing: a CSV with missing values to tensors.
    Preprocess(preprocess::PreprocessArgs),
    /// 3.1-3.3 Linear regression: from scratch, concise, or closed form.
    Linreg(linreg::LinregArgs),
    /// 3.5 Data sets: download, info, show.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// 3.6-3.7 Softmax regression on Fashion-MNIST (the main job).
    Softmax(softmax::SoftmaxArgs),
    /// L2, L1 and Huber's loss: values, likelihoods and gradients, drawn.
    Losses(losses::LossesArgs),
    /// Autograd against finite differences, for every loss and the softmax regression.
    Gradcheck(losses::GradCheckArgs),
    /// Timings: medians of several runs (not part of the tests).
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

/// Every chapter command with its d2l-zh section, for `d2l list`.
const CHAPTERS: &[(&str, &str, &str)] = &[
    (
        "2.1",
        "d2l tensor",
        "数据操作 tensors: creation, operators, broadcasting, indexing",
    ),
    (
        "3.1",
        "d2l linreg --impl closed-form",
        "线性回归 the closed-form least-squares solution",
    ),
    (
        "3.2",
        "d2l linreg --impl scratch",
        "线性回归的从零开始实现 linear regression from scratch",
    ),
    (
        "3.3",
        "d2l linreg --impl concise",
        "线性回归的简洁实现 concise linear regression",
    ),
    (
        "3.5",
        "d2l data show fashion-mnist",
        "图像分类数据集 the Fashion-MNIST data set",
    ),
    (
        "3.6",
        "d2l softmax --impl scratch",
        "softmax回归的从零开始实现 softmax regression from scratch",
    ),
    (
        "3.7",
        "d2l softmax --impl concise",
        "softmax回归的简洁实现 concise softmax regression",
    ),
];

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::List => {
            for (section, command, title) in CHAPTERS {
                println!("{section:<5} {command:<40} {title}");
            }
            Ok(())
        }
        Command::Devices => {
            list_devices();
            Ok(())
        }
        Command::Tensor(args) => tensor::run(args),
        Command::Preprocess(args) => preprocess::run(args),
        Command::Linreg(args) => linreg::run(args),
        Command::Data(command) => data::run(command),
        Command::Softmax(args) => softmax::run(args),
        Command::Losses(args) => losses::run_losses(args),
        Command::Gradcheck(args) => losses::run_gradcheck(args),
        Command::Bench(command) => bench::run(command),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `d2l devices`: what `--device` can name here, and what `auto` would pick.
fn list_devices() {
    println!(
        "{:<8} {}",
        "cpu",
        d2l::device::describe(&d2l::device::cpu())
    );
    let accelerators = d2l::device::accelerators();
    for accelerator in &accelerators {
        let kind = if accelerator.hardware {
            "GPU"
        } else {
            "software, not a GPU: auto skips it"
        };
        println!(
            "{:<8} {} ({kind})",
            accelerator.spec.to_string(),
            accelerator.name
        );
    }
    if accelerators.is_empty() {
        println!(
            "no GPU found: this build has {} (GPU backends come with --features cuda or wgpu)",
            d2l::device::gpu_features()
        );
    }
    // The same choice as d2l::device::try_gpu(0), without opening every device again.
    let auto = accelerators.iter().find(|accelerator| accelerator.hardware);
    println!(
        "--device auto picks: {}",
        auto.map_or_else(|| "cpu".to_string(), |gpu| gpu.spec.to_string())
    );
}

/// `d2l tensor | head` should stop quietly when `head` exits, as Unix tools do, instead of
/// panicking on the closed pipe (Rust ignores SIGPIPE by default).
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is always valid.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
