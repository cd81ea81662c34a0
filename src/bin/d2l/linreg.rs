//! `d2l linreg`: d2l-zh 3.1-3.3.

use clap::{Args, ValueEnum};
use d2l::chapters::linear_regression::{LinregConfig, LinregReport, closed_form, concise, scratch};

use crate::args::{Common, learning_rate, positive};
use crate::report::print_json;

/// Which implementation to run.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LinregImpl {
    /// 3.2: model, loss and SGD written by hand.
    Scratch,
    /// 3.3: burn's Linear, MseLoss and Sgd.
    Concise,
    /// 3.1: least squares solved by QR, no training.
    ClosedForm,
}

/// Linear regression on synthetic data (d2l-zh 3.1-3.3).
#[derive(Debug, Args)]
pub struct LinregArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = LinregImpl::Scratch)]
    pub implementation: LinregImpl,
    /// Passes over the data.
    #[arg(long, default_value_t = 3, value_parser = positive_or_zero)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = 0.03, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (>= 1).
    #[arg(long, default_value_t = 10, value_parser = positive, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Number of synthetic examples (>= 1).
    #[arg(long, default_value_t = 1000, value_parser = positive, allow_negative_numbers = true)]
    pub examples: usize,
    #[command(flatten)]
    pub common: Common,
}

fn positive_or_zero(text: &str) -> Result<usize, String> {
    text.parse::<usize>()
        .map_err(|_| format!("'{text}' is not an integer >= 0"))
}

pub fn run(args: LinregArgs) -> anyhow::Result<()> {
    let cfg = LinregConfig {
        epochs: args.epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        examples: args.examples,
        seed: args.common.seed,
        device: d2l::device::resolve(args.common.device)?,
        ..LinregConfig::default()
    };
    let print_epoch = |epoch: usize, loss: f64| println!("epoch {epoch}, loss {loss:.6}");
    let report = match args.implementation {
        LinregImpl::Scratch => scratch::train(&cfg, print_epoch)?,
        LinregImpl::Concise => concise::train(&cfg, print_epoch)?,
        LinregImpl::ClosedForm => closed_form::solve(&cfg)?,
    };
    print_summary(&report);
    if args.common.json {
        print_json("linreg", &report)?;
    }
    Ok(())
}

fn print_summary(report: &LinregReport) {
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.6}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("estimated w: [{}], b: {:.6}", fmt(&report.w), report.b);
    println!("error in estimating w: [{}]", fmt(&report.w_error));
    println!("error in estimating b: {:.6}", report.b_error);
}
