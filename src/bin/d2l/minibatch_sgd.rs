//! `d2l minibatch-sgd`: d2l-zh 11.5, gradient descent, SGD and minibatches of 100 and 10 on
//! the airfoil data, from scratch, and burn's `Sgd`.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::optimization::minibatch_sgd::{self, AirfoilTensors, LossCurve};
use d2l::data::airfoil::{Airfoil, BOOK_ROWS};
use d2l::plot::curves::{Curves, Grid};
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path};
use crate::data::DataArgs;
use crate::progress::join;
use crate::report::print_json;

/// The flags every airfoil command of chapter 11 shares besides its figure.
#[derive(Debug, Args)]
pub struct AirfoilFlags {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
}

impl AirfoilFlags {
    /// The book's `get_data_ch11`: the airfoil file found or downloaded, standardised, its
    /// first 1,500 rows on the chosen device.
    pub fn load(&self) -> anyhow::Result<AirfoilTensors> {
        let device = self.run.device()?;
        let dir = self.data.airfoil()?;
        let data = Airfoil::load(&dir, BOOK_ROWS)?;
        Ok(AirfoilTensors::new(&data, &device))
    }
}

/// Prints each run's line and draws `charts` (unless `--no-plots`).
pub fn report_runs(
    runs: &[&LossCurve],
    charts: Vec<Curves>,
    plot: &Option<PathBuf>,
) -> anyhow::Result<()> {
    for run in runs {
        println!("{}", run.summary());
    }
    if let Some(plot) = plot {
        let written = render_svg_and_png(
            plot,
            &Grid {
                columns: 3,
                panels: charts,
            },
        )?;
        println!("wrote {}", join(&written));
    }
    Ok(())
}

/// Gradient descent (batch 1,500, lr 1, 10 epochs), SGD (batch 1, lr 0.005), minibatches of
/// 100 (lr 0.4) and 10 (lr 0.05) on the airfoil data, then burn's `Sgd` (lr 0.01, batch 10,
/// 4 epochs) (d2l-zh 11.5). Each run's loss curve, and all four against time and examples.
#[derive(Debug, Args)]
pub struct MinibatchSgdArgs {
    /// The figure; written as both .svg and .png.
    #[arg(long, default_value = "minibatch-sgd.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub airfoil: AirfoilFlags,
}

pub fn run(args: MinibatchSgdArgs) -> anyhow::Result<()> {
    let data = args.airfoil.load()?;
    let result = minibatch_sgd::run(&data, args.airfoil.run.seed)?;
    let runs: Vec<&LossCurve> = result.runs.iter().chain([&result.concise]).collect();
    let plot = (!args.no_plots).then(|| args.plot.clone());
    report_runs(&runs, result.charts(), &plot)?;
    if args.airfoil.run.report.json {
        print_json("minibatch-sgd", &result)?;
    }
    Ok(())
}
