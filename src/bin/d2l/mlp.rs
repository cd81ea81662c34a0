//! `d2l mlp`: multilayer perceptrons on Fashion-MNIST, d2l-zh 4.2 and 4.3.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::mlp::{self, MlpConfig, MlpImpl};

use crate::args::{RunFlags, figure_path, learning_rate, positive};
use crate::data::DataArgs;
use crate::figures::finish_classifier;
use crate::progress::EpochPrinter;

/// A multilayer perceptron on Fashion-MNIST (d2l-zh 4.2, 4.3). Defaults are the book's.
#[derive(Debug, Args)]
pub struct MlpArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = MlpConfig::default().implementation)]
    pub implementation: MlpImpl,
    /// Units in the hidden layer (>= 1).
    #[arg(long, default_value_t = MlpConfig::default().num_hiddens, value_parser = positive)]
    pub num_hiddens: usize,
    /// Passes over the training set.
    #[arg(long, default_value_t = MlpConfig::default().epochs)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = MlpConfig::default().lr, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (>= 1).
    #[arg(long, default_value_t = MlpConfig::default().batch_size, value_parser = positive, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Training curves (train loss, train acc, test acc); written as both .svg and .png.
    #[arg(long, default_value = "mlp-curves.svg", value_parser = figure_path, conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Grid of test images titled with true and predicted labels (.png or .svg).
    #[arg(long, default_value = "mlp-predictions.png", value_parser = figure_path, conflicts_with = "no_plots")]
    pub predict: PathBuf,
    /// Write neither figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: MlpArgs) -> anyhow::Result<()> {
    let cfg = MlpConfig {
        implementation: args.implementation,
        num_hiddens: args.num_hiddens,
        epochs: args.epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        seed: args.run.seed,
    };
    let device = args.run.device()?;
    let data_dir = args.data.fashion_mnist()?;
    let run = mlp::run(&cfg, &data_dir, &device, &mut EpochPrinter::new(cfg.epochs))?;
    let report = &run.report;
    let timing = format!("{:.2} s in all, on {}", report.seconds, report.device);
    let figures = (!args.no_plots).then_some((args.plot.as_path(), args.predict.as_path()));
    finish_classifier(
        "mlp",
        report,
        &report.result,
        &run.predictions,
        timing,
        figures,
        args.run.json(),
    )?;
    Ok(())
}
