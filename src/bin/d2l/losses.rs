//! `d2l losses` and `d2l gradcheck`: the common losses drawn, and checked against finite
//! differences.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::losses::{grad_check_all, loss_curves, loss_panels};
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Draw L2, L1 and Huber's loss with their likelihoods and gradients.
#[derive(Debug, Args)]
pub struct LossesArgs {
    /// Output figure; written as both .svg and .png.
    #[arg(long, default_value = "losses.png", value_parser = figure_path())]
    pub plot: PathBuf,
    /// Points sampled in [-3, 3] (2 to 10,000).
    #[arg(long, default_value_t = 121, value_parser = points)]
    pub points: usize,
    #[command(flatten)]
    pub report: ReportFlags,
}

/// Compare autograd with finite differences for every loss and the softmax regression.
#[derive(Debug, Args)]
pub struct GradCheckArgs {
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run_losses(args: LossesArgs) -> anyhow::Result<()> {
    let curves = loss_curves(args.points, &args.report.device()?);
    let written = render_svg_and_png(&args.plot, &loss_panels(&curves))?;
    for curve in &curves {
        let at = |x: f64| curve.x.iter().position(|v| (v - x).abs() < 1e-9);
        let show =
            |values: &[f64], x: f64| at(x).map_or("-".into(), |i| format!("{:.3}", values[i]));
        println!(
            "{:<14} loss(2) {:>6}  gradient(-2) {:>6}  gradient(0.5) {:>6}",
            curve.name,
            show(&curve.loss, 2.0),
            show(&curve.gradient, -2.0),
            show(&curve.gradient, 0.5),
        );
    }
    println!("wrote {}", join(&written));
    if args.report.json {
        print_json("losses", &serde_json::json!({ "curves": curves }))?;
    }
    Ok(())
}

pub fn run_gradcheck(args: GradCheckArgs) -> anyhow::Result<()> {
    let rows = grad_check_all(&args.report.device()?);
    println!(
        "{:<34} {:>10} {:>16}",
        "function", "gradients", "max rel. error"
    );
    for row in &rows {
        println!(
            "{:<34} {:>10} {:>16.2e}",
            row.name, row.parameters, row.max_rel_error
        );
    }
    let worst = rows.iter().map(|r| r.max_rel_error).fold(0.0, f64::max);
    println!(
        "{}",
        if worst < 1e-3 {
            "all gradients agree (< 1e-3)"
        } else {
            "some gradients disagree!"
        }
    );
    if args.report.json {
        print_json("gradcheck", &serde_json::json!({ "rows": rows }))?;
    }
    if worst >= 1e-3 {
        anyhow::bail!("gradient check failed: max relative error {worst:.2e}");
    }
    Ok(())
}

/// A number of curve points: at least two to draw a line, at most 10,000 (a figure's width has
/// fewer pixels; more only makes the SVG large).
fn points(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (2..=10_000).contains(&n) => Ok(n),
        _ => Err("must be a whole number from 2 to 10,000".into()),
    }
}
