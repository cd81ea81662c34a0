//! `d2l dropout`: an MLP with dropout on Fashion-MNIST, d2l-zh 4.6.

use clap::Args;
use d2l::chapters::dropout::{self, DropoutConfig, DropoutImpl};

use crate::args::probability;
use crate::classifier::{self, ClassifierFlags};

/// Dropout in a two-hidden-layer MLP on Fashion-MNIST (d2l-zh 4.6). Defaults are the book's.
#[derive(Debug, Args)]
pub struct DropoutArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = DropoutConfig::default().implementation)]
    pub implementation: DropoutImpl,
    /// Dropout probability after the first hidden layer, in [0, 1).
    #[arg(long, default_value_t = DropoutConfig::default().dropout1, value_parser = probability, allow_negative_numbers = true)]
    pub dropout1: f64,
    /// Dropout probability after the second hidden layer, in [0, 1).
    #[arg(long, default_value_t = DropoutConfig::default().dropout2, value_parser = probability, allow_negative_numbers = true)]
    pub dropout2: f64,
    /// Units in each hidden layer (1 to 8,192).
    #[arg(long, default_value_t = DropoutConfig::default().num_hiddens, value_parser = crate::args::hidden_units)]
    pub num_hiddens: usize,
    #[command(flatten)]
    pub classifier: ClassifierFlags<DropoutConfig>,
}

pub fn run(args: DropoutArgs) -> anyhow::Result<()> {
    let cfg = DropoutConfig {
        implementation: args.implementation,
        dropout1: args.dropout1,
        dropout2: args.dropout2,
        num_hiddens: args.num_hiddens,
        train: args.classifier.train(),
    };
    cfg.validate()?; // before the data is looked for or downloaded
    classifier::run(&args.classifier, false, |cx| {
        dropout::run(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)
    })
}
