//! `d2l linreg`: d2l-zh 3.1-3.3.

use clap::{Args, ValueEnum};
use d2l::chapters::linear_regression::{LinregConfig, LinregReport, closed_form, concise, scratch};
use d2l::nn::loss::RegressionLoss;

use crate::args::{Common, learning_rate, positive};
use crate::report::print_json;

/// Which implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LinregImpl {
    /// 3.2: model, loss and SGD written by hand.
    Scratch,
    /// 3.3: burn's Linear, MseLoss and Sgd.
    Concise,
    /// 3.1: least squares solved by QR, no training.
    ClosedForm,
}

/// Loss of the concise implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LossArg {
    /// Mean squared error (nn.MSELoss), the book's.
    Mse,
    /// Mean absolute error.
    L1,
    /// Huber's loss with δ = 1.
    Huber,
}

impl LossArg {
    fn loss(self) -> RegressionLoss {
        match self {
            LossArg::Mse => RegressionLoss::Mse,
            LossArg::L1 => RegressionLoss::L1,
            LossArg::Huber => RegressionLoss::Huber { delta: 1.0 },
        }
    }
}

/// Linear regression on synthetic data (d2l-zh 3.1-3.3).
#[derive(Debug, Args)]
pub struct LinregArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = LinregImpl::Scratch)]
    pub implementation: LinregImpl,
    /// Passes over the data.
    #[arg(long, default_value_t = 3)]
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
    /// Loss(es) of --impl concise; several (mse,l1,huber) train once each and compare.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "mse")]
    pub loss: Vec<LossArg>,
    /// Fraction of targets made wild (e.g. 0.05), to compare the losses.
    #[arg(long, default_value_t = 0.0, value_parser = fraction, allow_negative_numbers = true)]
    pub outliers: f64,
    #[command(flatten)]
    pub common: Common,
}

fn fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(f) if (0.0..1.0).contains(&f) => Ok(f),
        _ => Err("must be a fraction in [0, 1)".into()),
    }
}

pub fn run(args: LinregArgs) -> anyhow::Result<()> {
    if args.implementation != LinregImpl::Concise && args.loss != [LossArg::Mse] {
        anyhow::bail!(
            "--loss applies to --impl concise (scratch and closed-form use squared loss)"
        );
    }
    let base = LinregConfig {
        epochs: args.epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        examples: args.examples,
        seed: args.common.seed,
        outliers: args.outliers,
        device: d2l::device::resolve(args.common.device)?,
        ..LinregConfig::default()
    };
    let mut reports = Vec::new();
    for loss in &args.loss {
        let cfg = LinregConfig {
            loss: loss.loss(),
            ..base.clone()
        };
        if args.loss.len() > 1 {
            println!("loss {}", cfg.loss.name());
        }
        let print_epoch = |epoch: usize, loss: f64| println!("epoch {epoch}, loss {loss:.6}");
        let report = match args.implementation {
            LinregImpl::Scratch => scratch::train(&cfg, print_epoch)?,
            LinregImpl::Concise => concise::train(&cfg, print_epoch)?,
            LinregImpl::ClosedForm => closed_form::solve(&cfg)?,
        };
        print_summary(&report);
        reports.push(report);
    }
    if args.common.json {
        match reports.as_slice() {
            [one] => print_json("linreg", one)?,
            many => print_json(
                "linreg",
                &serde_json::json!({ "impl": "concise", "runs": many }),
            )?,
        }
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
    println!("{:.2} s on {}", report.seconds, report.device);
}
