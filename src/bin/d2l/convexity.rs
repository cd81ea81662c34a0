//! `d2l convexity`: d2l-zh 11.2, convex and non-convex functions, chords, Jensen's inequality.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::optimization::convexity;
use d2l::plot::curves::Panels;
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Convexity (d2l-zh 11.2): 0.5x², cos(πx) and exp(0.5x) with a chord, checked on a grid of
/// chords; (x − 1)², whose local minimum is global; Jensen's inequality on a sample.
#[derive(Debug, Args)]
pub struct ConvexityArgs {
    /// The four panels; written as both .svg and .png.
    #[arg(long, default_value = "convexity.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    /// `--seed` draws the sample of Jensen's inequality.
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: ConvexityArgs) -> anyhow::Result<()> {
    args.run.device()?; // f64 arithmetic on the CPU; the flag is still checked
    let result = convexity::run(args.run.seed);
    for v in &result.verdicts {
        let verdict = if v.convex { "convex" } else { "not convex" };
        println!(
            "{}: {verdict} (worst chord below the graph by {:.4})",
            v.name, v.chord_gap
        );
    }
    for (name, mean_of_f, f_of_mean) in &result.jensen {
        println!(
            "Jensen, {name}, X ~ N(0, 1): E[f(X)] = {mean_of_f:.4} >= f(E[X]) = {f_of_mean:.4}"
        );
    }
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &Panels(result.charts()))?;
        println!("wrote {}", join(&written));
    }
    if args.run.report.json {
        print_json("convexity", &result)?;
    }
    Ok(())
}
