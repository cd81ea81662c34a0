//! `d2l sgd`: d2l-zh 11.4, stochastic gradient descent with three learning-rate schedules.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::optimization::sgd;
use d2l::plot::curves::Panels;
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Stochastic gradient descent (d2l-zh 11.4): x1² + 2x2² with N(0, 1) noise on the gradient,
/// η 0.1 times a constant (50 steps), exponential (1,000) and polynomial (50) schedule.
#[derive(Debug, Args)]
pub struct SgdArgs {
    /// The three panels; written as both .svg and .png.
    #[arg(long, default_value = "sgd.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    /// `--seed` draws the gradient noise.
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: SgdArgs) -> anyhow::Result<()> {
    args.run.device()?; // f64 arithmetic on the CPU; the flag is still checked
    let result = sgd::run(args.run.seed);
    for trace in &result.traces {
        println!("{}", trace.summary());
    }
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &Panels(result.charts()))?;
        println!("wrote {}", join(&written));
    }
    if args.run.report.json {
        print_json("sgd", &result)?;
    }
    Ok(())
}
