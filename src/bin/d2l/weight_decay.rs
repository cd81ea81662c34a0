//! `d2l weight-decay`: d2l-zh 4.5, an L2 penalty against overfitting.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::weight_decay::{self, WeightDecayConfig, WeightDecayImpl};
use d2l::plot::curves::{Panels, loss_curves};
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path, learning_rate};
use crate::progress::{EpochPrinter, join};
use crate::report::print_json;

/// Weight decay on a linear model with 200 inputs and 20 examples (d2l-zh 4.5).
#[derive(Debug, Args)]
pub struct WeightDecayArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = WeightDecayConfig::default().implementation)]
    pub implementation: WeightDecayImpl,
    /// The penalty's weight λ (>= 0); several (0,3) train once each, as the book does.
    #[arg(long, value_delimiter = ',', default_value = "0,3", value_parser = crate::args::non_negative, allow_negative_numbers = true)]
    pub lambd: Vec<f64>,
    /// Passes over the training set (1 to 10,000).
    #[arg(long, default_value_t = WeightDecayConfig::default().epochs, value_parser = crate::args::epochs)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = WeightDecayConfig::default().lr, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (1 to 1,048,576).
    #[arg(long, default_value_t = WeightDecayConfig::default().batch_size, value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Training and test loss per epoch, one panel per λ; written as both .svg and .png.
    #[arg(long, default_value = "weight-decay.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: WeightDecayArgs) -> anyhow::Result<()> {
    let cfg = WeightDecayConfig {
        implementation: args.implementation,
        epochs: args.epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        seed: args.run.seed,
        ..WeightDecayConfig::default()
    };
    let device = args.run.device()?;
    let mut printer = EpochPrinter::every(cfg.epochs, 20);
    let report = weight_decay::run(&cfg, &args.lambd, &device, &mut printer)?;
    for run in &report.runs {
        println!(
            "lambda {}: L2 norm of w {:.4}, train loss {:.4}, test loss {:.4}",
            run.lambda, run.w_norm, run.train_loss, run.test_loss
        );
    }
    println!("{:.2} s on {}", report.seconds, report.device);
    if !args.no_plots {
        let panels = Panels(
            report
                .runs
                .iter()
                .map(|run| loss_curves(format!("lambda = {}", run.lambda), &run.epochs, 5))
                .collect(),
        );
        println!("wrote {}", join(&render_svg_and_png(&args.plot, &panels)?));
    }
    if args.run.json() {
        print_json("weight-decay", &report)?;
    }
    Ok(())
}
