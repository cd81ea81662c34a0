//! `d2l probability`: d2l-zh 2.6, a fair die rolled in groups, its frequencies drawn.

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::probability::{FAIR_PROBS, die_experiment, multinomial, validate};
use d2l::plot::render_svg_and_png;
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::args::{RunFlags, figure_path};
use crate::progress::join;
use crate::report::print_json;

/// Roll a fair die in groups and watch each face's frequency approach 1/6 (d2l-zh 2.6).
#[derive(Debug, Args)]
pub struct ProbabilityArgs {
    /// Groups of rolls (>= 1; --groups x --draws at most 100,000,000).
    #[arg(long, default_value_t = 500, value_parser = rolls)]
    pub groups: usize,
    /// Rolls in each group (>= 1).
    #[arg(long, default_value_t = 10, value_parser = rolls)]
    pub draws: usize,
    /// Each face's estimated probability after every group; written as both .svg and .png.
    #[arg(long, default_value = "probability.svg", value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Write no figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub run: RunFlags,
}

fn rolls(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if validate(n, 1).is_ok() => Ok(n),
        _ => Err("must be a whole number from 1 to 100,000,000".into()),
    }
}

pub fn run(args: ProbabilityArgs) -> anyhow::Result<()> {
    validate(args.groups, args.draws)?;
    let device = args.run.device()?;
    let mut rng = StdRng::seed_from_u64(args.run.seed);
    println!(
        "one roll (Multinomial(1, fair_probs).sample()): {:?}",
        multinomial(1, &FAIR_PROBS, &mut rng)
    );
    let thousand = multinomial(1000, &FAIR_PROBS, &mut rng);
    let frequencies: Vec<String> = thousand
        .iter()
        .map(|c| format!("{:.3}", *c as f64 / 1000.0))
        .collect();
    println!(
        "1000 rolls, relative frequencies: [{}]",
        frequencies.join(", ")
    );
    let experiment = die_experiment(args.groups, args.draws, args.run.seed, &device)?;
    let last: Vec<String> = experiment
        .last()
        .iter()
        .map(|p| format!("{p:.4}"))
        .collect();
    println!(
        "after {} groups of {} rolls: [{}] (1/6 = 0.1667)",
        args.groups,
        args.draws,
        last.join(", ")
    );
    if !args.no_plots {
        let written = render_svg_and_png(&args.plot, &experiment.chart())?;
        println!("wrote {}", join(&written));
    }
    if args.run.json() {
        print_json(
            "probability",
            &serde_json::json!({
                "groups": args.groups,
                "draws": args.draws,
                "final_estimates": experiment.last(),
            }),
        )?;
    }
    Ok(())
}
