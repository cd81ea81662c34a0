//! `d2l calculus`: d2l-zh 2.4, the derivative as a limit and the tangent line at x = 1.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::calculus::{numerical_lims, tangent_figure};
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// The difference quotient of f(x) = 3x² − 4x at x = 1 as h shrinks, and f with its tangent
/// line (d2l-zh 2.4).
#[derive(Debug, Args)]
pub struct CalculusArgs {
    /// The first step h, in (0, 1]; each next one is ten times smaller.
    #[arg(long, default_value_t = 0.1, value_parser = step_size, allow_negative_numbers = true)]
    pub h: f64,
    /// How many steps to print (1 to 12).
    #[arg(long, default_value_t = 5, value_parser = step_count)]
    pub steps: usize,
    /// f and its tangent at x = 1; written as both .svg and .png.
    #[arg(long, default_value = "calculus.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub report: ReportFlags,
}

fn step_size(text: &str) -> Result<f64, String> {
    let h = text
        .parse::<f64>()
        .map_err(|_| format!("'{text}' is not a number"))?;
    numerical_lims(h, 1)
        .map(|_| h)
        .map_err(|_| "must be a step in (0, 1]".into())
}

fn step_count(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if numerical_lims(0.1, n).is_ok() => Ok(n),
        _ => Err("must be a whole number from 1 to 12".into()),
    }
}

pub fn run(args: CalculusArgs) -> anyhow::Result<()> {
    let device = args.report.device()?;
    let limits = numerical_lims(args.h, args.steps)?;
    for limit in &limits {
        println!("h={:.5e}, numerical limit={:.5}", limit.h, limit.value);
    }
    let figure = tangent_figure(&device);
    println!(
        "autograd: f'(1) = {}, so the tangent at x = 1 is y = {}x - 3",
        figure.slope, figure.slope
    );
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &figure.chart())?;
        println!("wrote {}", join(&written));
    }
    if args.report.json {
        print_json(
            "calculus",
            &serde_json::json!({ "limits": limits, "slope": figure.slope }),
        )?;
    }
    Ok(())
}
