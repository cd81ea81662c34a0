//! `d2l polyfit`: d2l-zh 4.4, underfitting and overfitting a polynomial.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::polynomial::{self, MAX_DEGREE, PolyConfig, book_fits, check_degree};
use d2l::plot::curves::{Panels, loss_curves};
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path, learning_rate};
use crate::progress::{EpochPrinter, join};
use crate::report::print_json;

/// Fit polynomials with too few, the right number and too many terms (d2l-zh 4.4).
#[derive(Debug, Args)]
pub struct PolyfitArgs {
    /// Fit once with the first N terms 1, x, x²/2!, ... (1 to 20) instead of the book's three
    /// fits (4 terms, 2 terms, all 20).
    #[arg(long, value_parser = degree)]
    pub degree: Option<usize>,
    /// Epochs of each fit, 1 to 10,000 (the overfitting fit of the book's three takes --overfit-epochs).
    #[arg(long, default_value_t = PolyConfig::default().epochs, value_parser = crate::args::epochs)]
    pub epochs: usize,
    /// Epochs of the book's overfitting fit (not with --degree, which fits once for --epochs).
    #[arg(long, default_value_t = PolyConfig::default().overfit_epochs, value_parser = crate::args::epochs, conflicts_with = "degree")]
    pub overfit_epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value_t = PolyConfig::default().lr, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (1 to 1,048,576).
    #[arg(long, default_value_t = PolyConfig::default().batch_size, value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: usize,
    /// Training and test loss per epoch, one panel per fit; written as both .svg and .png.
    #[arg(long, default_value = "polyfit.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub run: RunFlags,
}

fn degree(text: &str) -> Result<usize, String> {
    let n: usize = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number of terms from 1 to {MAX_DEGREE}"))?;
    check_degree(n).map_err(|_| format!("must be a number of terms from 1 to {MAX_DEGREE}"))
}

pub fn run(args: PolyfitArgs) -> anyhow::Result<()> {
    let cfg = PolyConfig {
        epochs: args.epochs,
        overfit_epochs: args.overfit_epochs,
        lr: args.lr,
        batch_size: args.batch_size,
        seed: args.run.seed,
        ..PolyConfig::default()
    };
    let fits = match args.degree {
        Some(n) => vec![(format!("{n} terms"), n, cfg.epochs)],
        None => book_fits(&cfg),
    };
    let device = args.run.device()?;
    let report = polynomial::run(
        &cfg,
        fits,
        &device,
        &mut EpochPrinter::every(usize::MAX, 100),
    )?;
    for fit in &report.fits {
        let shown: Vec<String> = fit
            .weights
            .iter()
            .take(6)
            .map(|w| format!("{w:.3}"))
            .collect();
        let more = if fit.weights.len() > 6 { ", ..." } else { "" };
        println!(
            "{} ({} terms): train loss {:.4}, test loss {:.4}, weights [{}{more}]",
            fit.name,
            fit.degree,
            fit.train_loss,
            fit.test_loss,
            shown.join(", ")
        );
    }
    println!(
        "true weights [5, 1.2, -3.4, 5.6, 0, ...]; {:.2} s on {}",
        report.seconds, report.device
    );
    if !args.no_plots {
        let panels = Panels(
            report
                .fits
                .iter()
                .map(|fit| {
                    loss_curves(
                        format!("{} ({} terms)", fit.name, fit.degree),
                        &fit.epochs,
                        20,
                    )
                })
                .collect(),
        );
        println!("wrote {}", join(&render_svg_and_png(&args.plot, &panels)?));
    }
    if args.run.json() {
        print_json("polyfit", &report)?;
    }
    Ok(())
}
