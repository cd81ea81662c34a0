//! `d2l activations`: d2l-zh 4.1.2, ReLU, sigmoid and tanh with their derivatives, drawn.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::activations::{ActivationCurve, activation_curves, grid};
use d2l::plot::curves::Panels;
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Draw ReLU, sigmoid and tanh with their derivatives (d2l-zh 4.1.2).
#[derive(Debug, Args)]
pub struct ActivationsArgs {
    /// Output figure; written as both .svg and .png.
    #[arg(long, default_value = "activations.svg", value_parser = figure_path())]
    pub plot: PathBuf,
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run(args: ActivationsArgs) -> anyhow::Result<()> {
    let curves = activation_curves(&grid(), &args.report.device()?);
    let written = render_svg_and_png(
        &args.plot,
        &Panels(curves.iter().map(ActivationCurve::chart).collect()),
    )?;
    for curve in &curves {
        let at = |x: f64| {
            let i = curve
                .x
                .iter()
                .position(|v| (v - x).abs() < 1e-9)
                .unwrap_or(0);
            (curve.y[i], curve.gradient[i])
        };
        let ((y_m2, g_m2), (y_2, g_2)) = (at(-2.0), at(2.0));
        println!(
            "{:<8} f(-2) {y_m2:>7.4}  f'(-2) {g_m2:>7.4}  f(2) {y_2:>7.4}  f'(2) {g_2:>7.4}",
            curve.name
        );
    }
    println!("wrote {}", join(&written));
    if args.report.json {
        print_json("activations", &serde_json::json!({ "curves": curves }))?;
    }
    Ok(())
}
