//! `d2l kaggle-house`: d2l-zh 4.10, house prices with k-fold cross-validation and a submission.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::house_prices::{self, HouseConfig, HouseModel, fold_curves};
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path, learning_rate, non_negative, output_path, probability};
use crate::data::DataArgs;
use crate::progress::{EpochPrinter, join};
use crate::report::print_json;

/// Predict Kaggle house prices: k-fold log RMSE, then submission.csv (d2l-zh 4.10).
#[derive(Debug, Args)]
pub struct KaggleHouseArgs {
    /// The model: the book's linear one, or an MLP with dropout and weight decay (beyond the book).
    #[arg(long, value_enum, default_value_t = HouseModel::Linear)]
    pub model: HouseModel,
    /// Folds (at least 2, at most one per training house).
    #[arg(long, default_value_t = HouseConfig::default().k, value_parser = folds)]
    pub k: usize,
    /// Passes over the training folds (1 to 10,000).
    #[arg(long, default_value_t = HouseConfig::default().epochs, value_parser = crate::args::epochs)]
    pub epochs: usize,
    /// Adam's learning rate (> 0) [default: 5 for linear, 0.05 for mlp].
    #[arg(long, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Adam's L2 weight decay (>= 0) [default: 0 for linear, 1 for mlp].
    #[arg(long, value_parser = non_negative, allow_negative_numbers = true)]
    pub weight_decay: Option<f64>,
    /// Hidden units of the MLP (1 to 8,192; --model mlp only) [default: 64].
    #[arg(long, value_parser = crate::args::hidden_units)]
    pub hidden: Option<usize>,
    /// Dropout after the MLP's hidden layer, in [0, 1) (--model mlp only) [default: 0.2].
    #[arg(long, value_parser = probability, allow_negative_numbers = true)]
    pub dropout: Option<f64>,
    /// Minibatch size (1 to 1,048,576).
    #[arg(long, default_value_t = HouseConfig::default().batch_size, value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Where to write the predictions (Id,SalePrice); an existing file is kept if writing fails.
    #[arg(long, default_value = "submission.csv", value_parser = output_path())]
    pub out: PathBuf,
    /// Fold 1's training and validation log RMSE per epoch; written as both .svg and .png.
    #[arg(long, default_value = "kaggle-house.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

fn folds(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(k) if k >= 2 => Ok(k),
        _ => Err("must be a number of folds >= 2 (and at most one per training house)".into()),
    }
}

pub fn run(args: KaggleHouseArgs) -> anyhow::Result<()> {
    let defaults = HouseConfig::for_model(args.model);
    // The MLP's own flags would be ignored by the linear model: refuse them rather than drop them.
    let mlp_only = [
        ("--hidden", args.hidden.map(|h| h.to_string())),
        ("--dropout", args.dropout.map(|p| p.to_string())),
    ];
    if args.model == HouseModel::Linear
        && let Some((name, Some(value))) = mlp_only.into_iter().find(|(_, v)| v.is_some())
    {
        return Err(d2l::Error::Hyper {
            name,
            value,
            expected: "no value with --model linear (it has no hidden layer); add --model mlp",
        }
        .into());
    }
    let cfg = HouseConfig {
        model: args.model,
        hidden: args.hidden.unwrap_or(defaults.hidden),
        dropout: args.dropout.unwrap_or(defaults.dropout),
        k: args.k,
        epochs: args.epochs,
        lr: args.lr.unwrap_or(defaults.lr),
        weight_decay: args.weight_decay.unwrap_or(defaults.weight_decay),
        batch_size: args.batch_size,
        seed: args.run.seed,
    };
    let device = args.run.device()?;
    let dir = args.data.kaggle_house()?;
    let mut printer = EpochPrinter::every(cfg.epochs, 50);
    let report = house_prices::run(&cfg, &dir, &args.out, &device, &mut printer)?;
    for fold in &report.folds {
        println!(
            "fold {}, train log rmse {:.6}, valid log rmse {:.6}",
            fold.fold, fold.train_log_rmse, fold.valid_log_rmse
        );
    }
    println!(
        "{}-fold validation ({} model): average train log rmse {:.6}, average valid log rmse {:.6}",
        report.k,
        format!("{:?}", report.model).to_lowercase(),
        report.avg_train_log_rmse,
        report.avg_valid_log_rmse
    );
    println!(
        "trained on every house: train log rmse {:.6}; wrote {} predictions to {}",
        report.final_train_log_rmse,
        report.predictions,
        args.out.display()
    );
    println!("{:.2} s on {}", report.seconds, report.device);
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &fold_curves(&report.fold1_epochs))?;
        println!("wrote {}", join(&written));
    }
    if args.run.json() {
        print_json("kaggle-house", &report)?;
    }
    Ok(())
}
