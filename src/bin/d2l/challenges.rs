//! `d2l optim-challenges`: d2l-zh 11.1, what makes optimization hard, drawn.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::optimization::challenges;
use d2l::plot::curves::Panels;
use d2l::plot::render_svg_and_png;

use crate::args::{ReportFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Local and global minima of x cos(πx), the saddle points of x³ and x² − y², and tanh's
/// vanishing gradient (d2l-zh 11.1).
#[derive(Debug, Args)]
pub struct ChallengesArgs {
    /// The four panels; written as both .svg and .png.
    #[arg(long, default_value = "optim-challenges.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run(args: ChallengesArgs) -> anyhow::Result<()> {
    args.report.device()?; // f64 arithmetic on the CPU; the flag is still checked
    let result = challenges::run();
    let (xl, fl) = result.local_min;
    let (xg, fg) = result.global_min;
    println!(
        "x cos(πx) on [-1, 2]: local minimum f({xl:.4}) = {fl:.4}, global minimum f({xg:.4}) = {fg:.4}"
    );
    println!("x³: f'(0) = 0 and f''(0) = 0, yet no minimum at 0 (a saddle point)");
    println!("x² - y²: gradient 0 at (0, 0), a minimum along x and a maximum along y");
    println!(
        "tanh'(4) = 1 - tanh²(4) = {:.7}: the gradient vanishes",
        result.tanh_grad_at_4
    );
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &Panels(result.charts()))?;
        println!("wrote {}", join(&written));
    }
    if args.report.json {
        print_json("optim-challenges", &result)?;
    }
    Ok(())
}
