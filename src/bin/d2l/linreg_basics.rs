//! `d2l linreg-basics`: d2l-zh 3.1.2-3.1.3, a vectorised add against a loop, and the normal
//! densities behind the squared loss.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::linear_regression::basics::{MAX_N, normal_chart, normal_curves, vectorization};
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Time an element-by-element loop against one vectorised add, and draw three normal densities
/// (d2l-zh 3.1).
#[derive(Debug, Args)]
pub struct LinregBasicsArgs {
    /// Elements of the two vectors that are added (1 to 1,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = elements)]
    pub n: usize,
    /// The densities of N(0, 1), N(0, 2²) and N(3, 1); written as both .svg and .png.
    #[arg(long, default_value = "normal.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub report: ReportFlags,
}

fn elements(text: &str) -> Result<usize, String> {
    crate::args::bounded(text, 1, MAX_N)
}

pub fn run(args: LinregBasicsArgs) -> anyhow::Result<()> {
    let device = args.report.device()?;
    let timing = vectorization(args.n, &device)?;
    println!(
        "{} additions one element at a time: {:.5} sec",
        timing.n, timing.loop_seconds
    );
    println!(
        "one vectorised addition a + b:       {:.5} sec ({:.0}x faster; same result: {})",
        timing.vectorized_seconds,
        timing.loop_seconds / timing.vectorized_seconds.max(1e-9),
        timing.same_result
    );
    let densities = normal_curves();
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &normal_chart(&densities))?;
        println!("wrote {}", join(&written));
    }
    if args.report.json {
        print_json(
            "linreg-basics",
            &serde_json::json!({ "vectorization": timing }),
        )?;
    }
    Ok(())
}
