//! `d2l softmax`: softmax regression on Fashion-MNIST, d2l-zh 3.6 and 3.7 (the main job).

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::softmax_regression::{
    self, Checkpoints, SoftmaxConfig, SoftmaxImpl, SoftmaxLoss,
};

use crate::args::{RunFlags, figure_path, learning_rate, output_path, positive};
use crate::data::DataArgs;
use crate::figures::finish_classifier;
use crate::progress::EpochPrinter;

/// Softmax regression on Fashion-MNIST (d2l-zh 3.6, 3.7). Defaults are the book's.
#[derive(Debug, Args)]
pub struct SoftmaxArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = SoftmaxConfig::default().implementation)]
    pub implementation: SoftmaxImpl,
    /// Passes over the training set; 0 only evaluates (with --load).
    #[arg(long, default_value_t = SoftmaxConfig::default().epochs)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = SoftmaxConfig::default().lr, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (>= 1).
    #[arg(long, default_value_t = SoftmaxConfig::default().batch_size, value_parser = positive, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Loss to train with.
    #[arg(long, value_enum, default_value_t = SoftmaxConfig::default().loss)]
    pub loss: SoftmaxLoss,
    /// Training curves (train loss, train acc, test acc); written as both .svg and .png.
    #[arg(long, default_value = "softmax-curves.svg", value_parser = figure_path, conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Grid of test images titled with true and predicted labels (.png or .svg).
    #[arg(long, default_value = "softmax-predictions.png", value_parser = figure_path, conflicts_with = "no_plots")]
    pub predict: PathBuf,
    /// Write neither figure.
    #[arg(long)]
    pub no_plots: bool,
    /// Save the trained parameters (safetensors, PyTorch's nn.Linear layout).
    #[arg(long, value_parser = output_path)]
    pub save: Option<PathBuf>,
    /// Start from saved parameters instead of a fresh initialisation.
    #[arg(long)]
    pub load: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

impl SoftmaxArgs {
    pub fn config(&self) -> SoftmaxConfig {
        SoftmaxConfig {
            implementation: self.implementation,
            loss: self.loss,
            epochs: self.epochs,
            lr: self.lr,
            batch_size: self.batch_size,
            seed: self.run.seed,
        }
    }
}

pub fn run(args: SoftmaxArgs) -> anyhow::Result<()> {
    let cfg = args.config();
    let device = args.run.device()?;
    let data_dir = args.data.fashion_mnist()?;
    let mut printer = EpochPrinter::new(cfg.epochs);
    let checkpoints = Checkpoints {
        load: args.load.as_deref(),
        save: args.save.as_deref(),
    };
    let run = softmax_regression::run(&cfg, &data_dir, checkpoints, &device, &mut printer)?;
    let report = &run.report;

    if let Some(path) = &args.save {
        println!("saved {}", path.display());
    }
    let timing = format!("{:.2} s in all, on {}", report.seconds, report.device);
    let figures = (!args.no_plots).then_some((args.plot.as_path(), args.predict.as_path()));
    finish_classifier(
        "softmax",
        report,
        &report.result,
        &run.predictions,
        timing,
        figures,
        args.run.json(),
    )?;
    Ok(())
}
