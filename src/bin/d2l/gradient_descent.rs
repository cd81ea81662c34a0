//! `d2l gd`: d2l-zh 11.3, gradient descent and Newton's method on small functions.

use std::path::{Path, PathBuf};

use clap::Args;
use d2l::chapters::optimization::gradient_descent::{self, GradientDescent};
use d2l::plot::curves::Panels;
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Gradient descent on x² (η 0.2, 0.05, 1.1) and on a non-convex f, Newton's method, and
/// gradient descent on x₁² + 2x₂² (d2l-zh 11.3), with the book's settings.
#[derive(Debug, Args)]
pub struct GdArgs {
    /// The gradient-descent runs, one panel each; written as both .svg and .png. Newton's
    /// method and the 2-D run go to a second figure beside it, named STEM-newton.
    #[arg(long, default_value = "gd.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub report: ReportFlags,
}

impl GdArgs {
    /// The second figure's name: `gd.svg` -> `gd-newton.svg`.
    pub fn newton_plot(&self) -> PathBuf {
        newton_path(&self.plot)
    }
}

fn newton_path(plot: &Path) -> PathBuf {
    let stem = plot.file_stem().unwrap_or_default().to_string_lossy();
    let ext = plot.extension().unwrap_or_default().to_string_lossy();
    plot.with_file_name(format!("{stem}-newton.{ext}"))
}

pub fn run(args: GdArgs) -> anyhow::Result<()> {
    args.report.device()?; // f64 arithmetic on the CPU; the flag is still checked
    let result: GradientDescent = gradient_descent::run();
    for trace in result.quadratic.iter().chain([&result.nonconvex]) {
        println!("{}: epoch 10, x: {:.6}", trace.name, trace.last());
    }
    for trace in &result.newton {
        println!("{}: epoch 10, x: {:.6}", trace.name, trace.last());
    }
    let (x1, x2) = *result.two_d.last().expect("a run has its start");
    println!("x1² + 2x2², η = 0.1: epoch 20, x1: {x1:.6}, x2: {x2:.6}");
    if !args.no_plots {
        let mut charts = result.charts();
        let second = charts.split_off(4);
        let written = render_svg_and_png(&args.plot, &Panels(charts))?;
        println!("wrote {}", join(&written));
        let written = render_svg_and_png(&args.newton_plot(), &Panels(second))?;
        println!("wrote {}", join(&written));
    }
    if args.report.json {
        print_json("gd", &result)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_second_figure_is_named_after_the_first() {
        let p = super::newton_path(std::path::Path::new("out/trace.png"));
        assert_eq!(p, std::path::Path::new("out/trace-newton.png"));
    }
}
