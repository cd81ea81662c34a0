//! `d2l mlp`: multilayer perceptrons on Fashion-MNIST, d2l-zh 4.2 and 4.3.

use clap::Args;
use d2l::chapters::mlp::{self, MlpConfig, MlpImpl};

use crate::args::positive;
use crate::classifier::{self, ClassifierFlags};

/// A multilayer perceptron on Fashion-MNIST (d2l-zh 4.2, 4.3). Defaults are the book's.
#[derive(Debug, Args)]
pub struct MlpArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = MlpConfig::default().implementation)]
    pub implementation: MlpImpl,
    /// Units in the hidden layer (>= 1).
    #[arg(long, default_value_t = MlpConfig::default().num_hiddens, value_parser = positive)]
    pub num_hiddens: usize,
    #[command(flatten)]
    pub classifier: ClassifierFlags<MlpConfig>,
}

pub fn run(args: MlpArgs) -> anyhow::Result<()> {
    classifier::run(&args.classifier, |cx| {
        let cfg = MlpConfig {
            implementation: args.implementation,
            num_hiddens: args.num_hiddens,
            train: cx.train,
        };
        mlp::run(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)
    })
}
