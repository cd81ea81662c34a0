//! `d2l mlp`: multilayer perceptrons on Fashion-MNIST, d2l-zh 4.2 and 4.3.

use clap::Args;
use d2l::chapters::mlp::{self, MlpConfig, MlpImpl};

use crate::classifier::{self, ClassifierFlags};

/// A multilayer perceptron on Fashion-MNIST (d2l-zh 4.2, 4.3). Defaults are the book's.
#[derive(Debug, Args)]
pub struct MlpArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = MlpConfig::default().implementation)]
    pub implementation: MlpImpl,
    /// Units in the hidden layer (1 to 8,192).
    #[arg(long, default_value_t = MlpConfig::default().num_hiddens, value_parser = crate::args::hidden_units)]
    pub num_hiddens: usize,
    #[command(flatten)]
    pub classifier: ClassifierFlags<MlpConfig>,
}

pub fn run(args: MlpArgs) -> anyhow::Result<()> {
    let cfg = MlpConfig {
        implementation: args.implementation,
        num_hiddens: args.num_hiddens,
        train: args.classifier.train(),
    };
    cfg.validate()?; // before the data is looked for or downloaded
    classifier::run(&args.classifier, false, |cx| {
        mlp::run(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)
    })
}
