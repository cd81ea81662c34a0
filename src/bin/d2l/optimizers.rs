//! The optimizer commands of d2l-zh 11.6-11.10: `d2l momentum`, `adagrad`, `rmsprop`,
//! `adadelta` and `adam`. Each runs its section's 2-D examples (where the book has them) and
//! trains the linear model on airfoil from scratch and with burn's optimizer, with the book's
//! settings unless flags say otherwise.

use std::path::{Path, PathBuf};

use clap::Args;
use d2l::chapters::optimization::gradient_descent::Trace2d;
use d2l::chapters::optimization::minibatch_sgd::AirfoilRuns;
use d2l::chapters::optimization::{adadelta, adagrad, adam, momentum, rmsprop};
use d2l::plot::curves::Curves;

use crate::args::{decay_rate, figure_path, learning_rate};
use crate::minibatch_sgd::{AirfoilFlags, report_runs};
use crate::report::print_json;

/// Prints the 2-D runs' last positions and the airfoil runs, draws `charts`.
fn report(
    traces: &[Trace2d],
    airfoil: &AirfoilRuns,
    charts: Vec<Curves>,
    plot: &Path,
    no_plots: bool,
) -> anyhow::Result<()> {
    for trace in traces {
        println!("{}", trace.summary());
    }
    let plot = (!no_plots).then(|| plot.to_path_buf());
    report_runs(&airfoil.all(), charts, &plot)
}

/// Momentum (d2l-zh 11.6): gradient descent and momentum on 0.1x1² + 2x2², the weights of past
/// gradients, and airfoil with (lr, momentum) = (0.02, 0.5), (0.01, 0.9), (0.005, 0.9) from
/// scratch and (0.005, 0.9) with burn's Sgd; --lr or --momentum trains that one setting instead.
#[derive(Debug, Args)]
pub struct MomentumArgs {
    /// Learning rate of one airfoil setting instead of the book's three (> 0).
    #[arg(long, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Momentum β of one airfoil setting instead of the book's three, in [0, 1).
    #[arg(long, value_parser = decay_rate, allow_negative_numbers = true)]
    pub momentum: Option<f64>,
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "momentum.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run_momentum(args: MomentumArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let (scratch, concise) = if args.lr.is_none() && args.momentum.is_none() {
        (momentum::BOOK_SETTINGS.to_vec(), momentum::BOOK_CONCISE)
    } else {
        let one = momentum::Setting {
            lr: args.lr.unwrap_or(momentum::BOOK_CONCISE.lr),
            momentum: args.momentum.unwrap_or(momentum::BOOK_CONCISE.momentum),
        };
        (vec![one], one)
    };
    let result = momentum::run(&data, &scratch, concise, args.airfoil.run.seed)?;
    report(
        &result.traces,
        &result.airfoil,
        result.charts(),
        &args.plot,
        args.no_plots,
    )?;
    if args.airfoil.run.report.json {
        print_json("momentum", &result)?;
    }
    Ok(())
}

/// AdaGrad (d2l-zh 11.7): η 0.4 and 2 on 0.1x1² + 2x2², and airfoil with lr 0.1 from scratch
/// and with burn's AdaGrad.
#[derive(Debug, Args)]
pub struct AdagradArgs {
    /// Learning rate on airfoil (> 0).
    #[arg(long, default_value_t = adagrad::BOOK_LR, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "adagrad.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run_adagrad(args: AdagradArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let result = adagrad::run(&data, args.lr, args.airfoil.run.seed)?;
    report(
        &result.traces,
        &result.airfoil,
        result.charts(),
        &args.plot,
        args.no_plots,
    )?;
    if args.airfoil.run.report.json {
        print_json("adagrad", &result)?;
    }
    Ok(())
}

/// RMSProp (d2l-zh 11.8): the weights (1 − γ)γ^t, η 0.4 and γ 0.9 on 0.1x1² + 2x2², and
/// airfoil with lr 0.01 and γ 0.9 from scratch and with burn's RmsProp.
#[derive(Debug, Args)]
pub struct RmspropArgs {
    /// Learning rate on airfoil (> 0).
    #[arg(long, default_value_t = rmsprop::BOOK_LR, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// γ, the leak of the average of squared gradients, in [0, 1).
    #[arg(long, default_value_t = rmsprop::BOOK_GAMMA, value_parser = decay_rate, allow_negative_numbers = true)]
    pub gamma: f64,
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "rmsprop.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run_rmsprop(args: RmspropArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let result = rmsprop::run(&data, args.lr, args.gamma, args.airfoil.run.seed)?;
    report(
        &result.traces,
        &result.airfoil,
        result.charts(),
        &args.plot,
        args.no_plots,
    )?;
    if args.airfoil.run.report.json {
        print_json("rmsprop", &result)?;
    }
    Ok(())
}

/// Adadelta (d2l-zh 11.9): airfoil with ρ 0.9 from scratch and with our burn Adadelta (burn
/// 0.22 has none). No learning rate.
#[derive(Debug, Args)]
pub struct AdadeltaArgs {
    /// ρ, the leak of both averages, in [0, 1).
    #[arg(long, default_value_t = adadelta::BOOK_RHO, value_parser = decay_rate, allow_negative_numbers = true)]
    pub rho: f64,
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "adadelta.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run_adadelta(args: AdadeltaArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let result = adadelta::run(&data, args.rho, args.airfoil.run.seed)?;
    report(
        &[],
        &result.airfoil,
        result.charts(),
        &args.plot,
        args.no_plots,
    )?;
    if args.airfoil.run.report.json {
        print_json("adadelta", &result)?;
    }
    Ok(())
}

/// Adam and Yogi (d2l-zh 11.10): airfoil with lr 0.01 from scratch (Adam, Yogi) and with
/// burn's Adam.
#[derive(Debug, Args)]
pub struct AdamArgs {
    /// Learning rate (> 0).
    #[arg(long, default_value_t = adam::BOOK_LR, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// β₁, the leak of the gradient's average, in [0, 1).
    #[arg(long, default_value_t = adam::BOOK_BETAS.0, value_parser = decay_rate, allow_negative_numbers = true)]
    pub beta1: f64,
    /// β₂, the leak of the squared gradient's average, in [0, 1).
    #[arg(long, default_value_t = adam::BOOK_BETAS.1, value_parser = decay_rate, allow_negative_numbers = true)]
    pub beta2: f64,
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "adam.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run_adam(args: AdamArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let betas = (args.beta1, args.beta2);
    let result = adam::run(&data, args.lr, betas, args.airfoil.run.seed)?;
    report(
        &[],
        &result.airfoil,
        result.charts(),
        &args.plot,
        args.no_plots,
    )?;
    if args.airfoil.run.report.json {
        print_json("adam", &result)?;
    }
    Ok(())
}
