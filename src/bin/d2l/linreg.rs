//! `d2l linreg`: d2l-zh 3.1-3.3.

use clap::Args;
use d2l::chapters::linear_regression::{self, LinregConfig, LinregImpl, LinregReport};
use d2l::nn::loss::RegressionLoss;

use crate::args::{RunFlags, learning_rate, positive};
use crate::progress::EpochPrinter;
use crate::report::print_json;

/// Linear regression on synthetic data (d2l-zh 3.1-3.3). Defaults are the book's.
#[derive(Debug, Args)]
pub struct LinregArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = LinregConfig::default().implementation)]
    pub implementation: LinregImpl,
    /// Passes over the data (1 to 10,000) [default: 3]; not with --impl closed-form.
    #[arg(long, value_parser = crate::args::epochs)]
    pub epochs: Option<usize>,
    /// Learning rate (> 0) [default: 0.03]; not with --impl closed-form.
    #[arg(long, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,
    /// Minibatch size (1 to 1,048,576) [default: 10]; not with --impl closed-form.
    #[arg(long, value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: Option<usize>,
    /// Number of synthetic examples (1 to 10,000,000; at least 3 for --impl closed-form).
    #[arg(long, default_value_t = LinregConfig::default().examples, value_parser = positive, allow_negative_numbers = true)]
    pub examples: usize,
    /// Loss(es) of --impl concise; several (mse,l1,huber) train once each and compare.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "mse")]
    pub loss: Vec<RegressionLoss>,
    /// Fraction of targets made wild (e.g. 0.05), to compare the losses.
    #[arg(long, default_value_t = LinregConfig::default().outliers, value_parser = fraction, allow_negative_numbers = true)]
    pub outliers: f64,
    #[command(flatten)]
    pub run: RunFlags,
}

fn fraction(text: &str) -> Result<f64, String> {
    crate::args::probability(text).map_err(|_| "must be a fraction in [0, 1)".into())
}

/// Refuses flags that the chosen implementation would ignore, naming the first one.
fn check_flags_apply(args: &LinregArgs) -> d2l::Result<()> {
    if args.implementation != LinregImpl::Concise && args.loss != [RegressionLoss::Mse] {
        return Err(d2l::Error::Invalid {
            name: "--loss",
            reason: "it applies to --impl concise (scratch and closed-form use squared loss)"
                .into(),
        });
    }
    if args.implementation == LinregImpl::ClosedForm {
        let given = [
            ("--epochs", args.epochs.is_some()),
            ("--lr", args.lr.is_some()),
            ("--batch-size", args.batch_size.is_some()),
        ];
        if let Some((name, _)) = given.into_iter().find(|(_, given)| *given) {
            return Err(d2l::Error::Invalid {
                name,
                reason: "--impl closed-form solves the least-squares problem in one step, \
                         without epochs, a learning rate or minibatches"
                    .into(),
            });
        }
    }
    Ok(())
}

pub fn run(args: LinregArgs) -> anyhow::Result<()> {
    check_flags_apply(&args)?;
    let defaults = LinregConfig::default();
    let base = LinregConfig {
        implementation: args.implementation,
        epochs: args.epochs.unwrap_or(defaults.epochs),
        lr: args.lr.unwrap_or(defaults.lr),
        batch_size: args.batch_size.unwrap_or(defaults.batch_size),
        examples: args.examples,
        seed: args.run.seed,
        outliers: args.outliers,
        device: args.run.device()?,
        ..LinregConfig::default()
    };
    let mut reports = Vec::new();
    for &loss in &args.loss {
        let cfg = LinregConfig {
            loss,
            ..base.clone()
        };
        if args.loss.len() > 1 {
            println!("loss {}", cfg.loss.name());
        }
        let report = linear_regression::run(&cfg, &mut EpochPrinter::new(cfg.epochs))?;
        print_summary(&report);
        reports.push(report);
    }
    if args.run.json() {
        match reports.as_slice() {
            [one] => print_json("linreg", one)?,
            many => print_json(
                "linreg",
                &serde_json::json!({ "impl": "concise", "runs": many }),
            )?,
        }
    }
    Ok(())
}

fn print_summary(report: &LinregReport) {
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.6}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!("estimated w: [{}], b: {:.6}", fmt(&report.w), report.b);
    println!("error in estimating w: [{}]", fmt(&report.w_error));
    println!("error in estimating b: {:.6}", report.b_error);
    println!("{:.2} s on {}", report.seconds, report.device);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help of --epochs, --lr and --batch-size states these defaults in words (the flags
    /// are optional so that closed-form can refuse them): keep the two in step.
    #[test]
    fn the_help_states_the_configs_defaults() {
        let defaults = LinregConfig::default();
        assert_eq!(
            (defaults.epochs, defaults.lr, defaults.batch_size),
            (3, 0.03, 10)
        );
    }
}
