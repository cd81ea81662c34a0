//! `d2l softmax`: softmax regression on Fashion-MNIST, d2l-zh 3.6 and 3.7 (the main job).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use d2l::chapters::softmax_regression::{self, SoftmaxConfig, SoftmaxImpl, SoftmaxLoss};
use d2l::data::fashion_mnist::TEXT_LABELS;
use d2l::plot::curves::{Curves, Series};
use d2l::plot::{render_svg_and_png, show_images};
use d2l::train::{EpochStats, predict_ch3};

use crate::args::{Common, learning_rate, positive};
use crate::data::DataArgs;
use crate::progress::EpochPrinter;
use crate::report::print_json;

/// Which implementation.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImplArg {
    /// 3.6: softmax, cross-entropy and SGD by hand.
    Scratch,
    /// 3.7: burn's Linear and Sgd.
    Concise,
}

/// Which loss.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LossArg {
    /// Cross-entropy (the book's).
    CrossEntropy,
    /// Squared error on one-hot targets.
    Mse,
}

/// Softmax regression on Fashion-MNIST (d2l-zh 3.6, 3.7).
#[derive(Debug, Args)]
pub struct SoftmaxArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = ImplArg::Scratch)]
    pub implementation: ImplArg,
    /// Passes over the training set; 0 only evaluates (with --load).
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = 0.1, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (>= 1).
    #[arg(long, default_value_t = 256, value_parser = positive, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Loss to train with.
    #[arg(long, value_enum, default_value_t = LossArg::CrossEntropy)]
    pub loss: LossArg,
    /// Training curves (train loss, train acc, test acc); written as both .svg and .png.
    #[arg(long, default_value = "softmax-curves.svg")]
    pub plot: PathBuf,
    /// Grid of test images titled with true and predicted labels (.png or .svg).
    #[arg(long, default_value = "softmax-predictions.png")]
    pub predict: PathBuf,
    /// Write neither figure.
    #[arg(long)]
    pub no_plots: bool,
    /// Save the trained parameters (safetensors, PyTorch's nn.Linear layout).
    #[arg(long)]
    pub save: Option<PathBuf>,
    /// Start from saved parameters instead of a fresh initialisation.
    #[arg(long)]
    pub load: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub common: Common,
}

impl SoftmaxArgs {
    pub fn config(&self) -> SoftmaxConfig {
        SoftmaxConfig {
            implementation: match self.implementation {
                ImplArg::Scratch => SoftmaxImpl::Scratch,
                ImplArg::Concise => SoftmaxImpl::Concise,
            },
            loss: match self.loss {
                LossArg::CrossEntropy => SoftmaxLoss::CrossEntropy,
                LossArg::Mse => SoftmaxLoss::Mse,
            },
            epochs: self.epochs,
            lr: self.lr,
            batch_size: self.batch_size,
            seed: self.common.seed,
        }
    }
}

pub fn run(args: SoftmaxArgs) -> anyhow::Result<()> {
    let cfg = args.config();
    let device = d2l::device::resolve(args.common.device)?;
    let data_dir = args.data.fashion_mnist()?;
    let mut printer = EpochPrinter::new(cfg.epochs);
    let run =
        softmax_regression::run(&cfg, &data_dir, args.load.as_deref(), &device, &mut printer)?;
    let report = &run.report;

    if let Some(path) = &args.save {
        run.model.save(path)?;
        println!("saved {}", path.display());
    }
    if !args.no_plots {
        if !report.epochs.is_empty() {
            let written = render_svg_and_png(&args.plot, &curves(&report.epochs))?;
            println!("wrote {}", join(&written));
        }
        let predictions = predict_ch3(&run.model, &run.test_iter, 6);
        let images: Vec<Vec<f32>> = predictions.iter().map(|p| p.image.clone()).collect();
        let titles: Vec<String> = predictions
            .iter()
            .map(|p| format!("{}\n{}", TEXT_LABELS[p.label], TEXT_LABELS[p.predicted]))
            .collect();
        show_images(
            &args.predict,
            &images,
            (28, 28),
            (1, images.len()),
            &titles,
            3,
        )?;
        println!(
            "wrote {} (titles: true label, then predicted)",
            args.predict.display()
        );
    }
    println!(
        "test acc {:.3}, {:.2} s in all, on {}",
        report.test_acc, report.seconds, report.device
    );
    if args.common.json {
        print_json("softmax", report)?;
    }
    Ok(())
}

/// The book's `Animator(xlabel='epoch', xlim=[1, num_epochs], ylim=[0.3, 0.9])`.
fn curves(epochs: &[EpochStats]) -> Curves {
    let series = |name: &str, f: fn(&EpochStats) -> f64| {
        Series::new(
            name,
            epochs.iter().map(|e| (e.epoch as f64, f(e))).collect(),
        )
    };
    Curves {
        title: String::new(),
        xlabel: "epoch".into(),
        ylabel: String::new(),
        xlim: (1.0, epochs.len().max(2) as f64),
        ylim: (0.3, 0.9),
        series: vec![
            series("train loss", |e| e.train_loss),
            series("train acc", |e| e.train_acc),
            series("test acc", |e| e.test_acc),
        ],
        size: (560, 400),
    }
}

fn join(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
