//! `d2l stability`: d2l-zh 4.8, vanishing and exploding gradients.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::activations::{activation_curves, grid};
use d2l::chapters::stability::exploding_product;
use d2l::plot::curves::{Curves, Series};
use d2l::plot::render_svg_and_png;

use crate::args::{RunFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Vanishing sigmoid gradients and an exploding product of random matrices (d2l-zh 4.8).
#[derive(Debug, Args)]
pub struct StabilityArgs {
    /// Sigmoid and its gradient; written as both .svg and .png.
    #[arg(long, default_value = "stability.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: StabilityArgs) -> anyhow::Result<()> {
    let device = args.run.device()?;
    let explosion = exploding_product(100, args.run.seed, &device);
    let show = |m: &[f64]| {
        m.chunks(4)
            .map(|row| {
                let cells: Vec<String> = row.iter().map(|v| format!("{v:>11.4e}")).collect();
                format!("  [{}]", cells.join(", "))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    println!(
        "a random 4 x 4 matrix, N(0, 1) entries:\n{}",
        show(&explosion.first)
    );
    println!(
        "after multiplying {} more of them:\n{}",
        explosion.factors,
        show(&explosion.product)
    );
    let sigmoid = activation_curves(&grid(), &device)
        .into_iter()
        .find(|c| c.name == "sigmoid")
        .expect("sigmoid is one of the activations");
    let tail = sigmoid.gradient.first().copied().unwrap_or(0.0);
    println!(
        "sigmoid'(x) is at most {:.2} (at 0) and {tail:.1e} at x = -8: a product of many such factors vanishes",
        sigmoid.gradient.iter().copied().fold(0.0, f64::max)
    );
    if !args.no_plots {
        let points = |ys: &[f64]| sigmoid.x.iter().copied().zip(ys.iter().copied()).collect();
        let figure = Curves {
            title: "sigmoid and its gradient".into(),
            xlabel: "x".into(),
            ylabel: String::new(),
            xlim: (-8.0, 8.0),
            ylim: (0.0, 1.05),
            series: vec![
                Series::new("sigmoid", points(&sigmoid.y)),
                Series::new("gradient", points(&sigmoid.gradient)),
            ],
            size: (480, 360),
            log_y: false,
            log_x: false,
            markers: false,
        };
        println!("wrote {}", join(&render_svg_and_png(&args.plot, &figure)?));
    }
    if args.run.json() {
        print_json(
            "stability",
            &serde_json::json!({ "explosion": explosion, "sigmoid": sigmoid }),
        )?;
    }
    Ok(())
}
