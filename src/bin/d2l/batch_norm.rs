//! `d2l batch-norm`: LeNet with batch normalization on Fashion-MNIST, d2l-zh 7.5.

use clap::Args;
use d2l::chapters::modern_cnn::batch_norm::{self, BatchNormImpl, BatchNormLeNetConfig};

use crate::classifier::{self, ClassifierFlags};

/// LeNet with batch normalization on Fashion-MNIST (d2l-zh 7.5). Defaults are the book's.
#[derive(Debug, Args)]
pub struct BatchNormArgs {
    /// Implementation of the batch-norm layer.
    #[arg(long = "impl", value_enum, default_value_t = BatchNormLeNetConfig::default().implementation)]
    pub implementation: BatchNormImpl,
    #[command(flatten)]
    pub classifier: ClassifierFlags<BatchNormLeNetConfig>,
}

pub fn run(args: BatchNormArgs) -> anyhow::Result<()> {
    classifier::run(&args.classifier, false, |cx| {
        let cfg = BatchNormLeNetConfig {
            implementation: args.implementation,
            train: cx.train,
        };
        let run = batch_norm::run(&cfg, &cx.data_dir, &cx.device, &mut cx.printer)?;
        let section = &run.report.section;
        println!("first batch-norm layer: gamma {:?}", section.gamma);
        println!("                        beta  {:?}", section.beta);
        Ok(run)
    })
}
