//! `d2l lenet`: LeNet on Fashion-MNIST, d2l-zh 6.6.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::cnn::{self, LeNetConfig};

use crate::args::{RunFlags, figure_path, learning_rate, positive};
use crate::data::DataArgs;
use crate::figures::finish_classifier;
use crate::progress::EpochPrinter;

/// LeNet, the first convolutional network, on Fashion-MNIST (d2l-zh 6.6). Defaults are the
/// book's.
#[derive(Debug, Args)]
pub struct LeNetArgs {
    /// Passes over the training set.
    #[arg(long, default_value_t = LeNetConfig::default().epochs)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = LeNetConfig::default().lr, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (>= 1).
    #[arg(long, default_value_t = LeNetConfig::default().batch_size, value_parser = positive, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Training curves (train loss, train acc, test acc); written as both .svg and .png.
    #[arg(long, default_value = "lenet-curves.svg", value_parser = figure_path, conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Grid of test images titled with true and predicted labels (.png or .svg).
    #[arg(long, default_value = "lenet-predictions.png", value_parser = figure_path, conflicts_with = "no_plots")]
    pub predict: PathBuf,
    /// Write neither figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: LeNetArgs) -> anyhow::Result<()> {
    let cfg = LeNetConfig {
        epochs: args.epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        seed: args.run.seed,
    };
    let device = args.run.device()?;
    let data_dir = args.data.fashion_mnist()?;
    let json = args.run.json();
    if !json {
        let net = cnn::LeNet::new(cfg.seed, &device);
        for layer in cnn::layer_shapes(&net, &device) {
            println!("{:<10} output shape: {:?}", layer.layer, layer.shape);
        }
    }
    let run = cnn::run(&cfg, &data_dir, &device, &mut EpochPrinter::new(cfg.epochs))?;
    let report = &run.report;
    let timing = format!(
        "{:.1} examples/sec, {:.2} s in all, on {}",
        report.examples_per_sec, report.seconds, report.device
    );
    let figures = (!args.no_plots).then_some((args.plot.as_path(), args.predict.as_path()));
    finish_classifier(
        "lenet",
        report,
        &report.result,
        &run.predictions,
        timing,
        figures,
        json,
    )?;
    Ok(())
}
