//! `d2l lr-scheduler`: d2l-zh 11.11, learning-rate schedules on a small CNN on Fashion-MNIST.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::optimization::lr_scheduler::{self, TRAIN, TRAINED};
use d2l::plot::curves::{Grid, ch3_curves};
use d2l::plot::render_svg_and_png;
use d2l::train::{BookSettings, TrainConfig};

use crate::args::{RunFlags, figure_path};
use crate::data::DataArgs;
use crate::progress::{EpochPrinter, join};
use crate::report::print_json;

/// Learning-rate schedules (d2l-zh 11.11): LeNet with ReLU and max-pooling trained with SGD for
/// 30 epochs under no schedule (η 0.3), square root, multi-factor, cosine and cosine with
/// warm-up; every schedule drawn (factor too) with each run's curves. All five take about 15
/// minutes on a 2-core CPU; `--schedule NAME` trains one.
#[derive(Debug, Args)]
pub struct LrSchedulerArgs {
    /// Which schedule to train with, or all five.
    #[arg(long, default_value = "all", value_parser = ["all", "none", "square-root", "multi-factor", "cosine", "cosine-warmup"])]
    pub schedule: String,
    /// Passes over the training set (1 to 10,000).
    #[arg(long, default_value_t = TRAIN.epochs, value_parser = crate::args::epochs)]
    pub epochs: usize,
    /// Minibatch size (1 to 1,048,576).
    #[arg(long, default_value_t = TRAIN.batch_size, value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// The schedules and the training curves; written as both .svg and .png.
    #[arg(long, default_value = "lr-scheduler.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: LrSchedulerArgs) -> anyhow::Result<()> {
    d2l::chapters::cnn::lenet::LeNetConfig::check_batch_memory(args.batch_size)?;
    let device = args.run.device()?;
    let data_dir = args.data.fashion_mnist()?;
    let names: Vec<&str> = if args.schedule == "all" {
        TRAINED.to_vec()
    } else {
        vec![args.schedule.as_str()]
    };
    let train = TrainConfig {
        epochs: args.epochs,
        lr: TRAIN.lr,
        batch_size: args.batch_size,
        seed: args.run.seed,
    };
    let json = args.run.json();
    if names.len() > 1 && !json {
        println!(
            "training {} networks for {} epochs each (about 3 minutes each on a 2-core CPU at 30 \
             epochs); --schedule NAME trains one",
            names.len(),
            train.epochs
        );
    }
    // Drawn over at least the book's 30 epochs: a short run still shows where each is going.
    let mut charts = lr_scheduler::schedule_charts(train.epochs.max(TRAIN.epochs));
    let mut reports = Vec::new();
    for name in names {
        if !json {
            println!("schedule {name}:");
        }
        let mut printer = EpochPrinter::new(train.epochs);
        let run = lr_scheduler::train(name, &train, &data_dir, &device, &mut printer)?;
        let report = run.report;
        println!(
            "{name}: train loss {}, train acc {}, test acc {:.3}, {:.1} s",
            report
                .result
                .train_loss
                .map_or("-".into(), |l| format!("{l:.3}")),
            report
                .result
                .train_acc
                .map_or("-".into(), |a| format!("{a:.3}")),
            report.result.test_acc,
            report.seconds
        );
        let mut curves = ch3_curves(&report.result.epochs);
        curves.title = format!("training with {name}");
        charts.push(curves);
        reports.push(report);
    }
    if !args.no_plots {
        let grid = Grid {
            columns: 3,
            panels: charts,
        };
        let written = render_svg_and_png(&args.plot, &grid)?;
        println!("wrote {}", join(&written));
    }
    if json {
        print_json("lr-scheduler", &serde_json::json!({ "runs": reports }))?;
    }
    Ok(())
}
