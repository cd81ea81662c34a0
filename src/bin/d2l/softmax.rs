//! `d2l softmax`: softmax regression on Fashion-MNIST, d2l-zh 3.6 and 3.7 (the main job).

use std::path::PathBuf;

use clap::Args;
use d2l::chapters::softmax_regression::{
    self, Checkpoints, SoftmaxConfig, SoftmaxImpl, SoftmaxLoss,
};
use d2l::train::ClassifierRun;

use crate::args::{input_file, output_path};
use crate::classifier::{self, ClassifierFlags};

/// Softmax regression on Fashion-MNIST (d2l-zh 3.6, 3.7). Defaults are the book's; `--epochs 0`
/// only evaluates (with --load).
#[derive(Debug, Args)]
pub struct SoftmaxArgs {
    /// Implementation.
    #[arg(long = "impl", value_enum, default_value_t = SoftmaxConfig::default().implementation)]
    pub implementation: SoftmaxImpl,
    /// Loss to train with.
    #[arg(long, value_enum, default_value_t = SoftmaxConfig::default().loss)]
    pub loss: SoftmaxLoss,
    /// Save the trained parameters (safetensors, PyTorch's nn.Linear layout).
    #[arg(long, value_parser = output_path())]
    pub save: Option<PathBuf>,
    /// Start from saved parameters instead of a fresh initialisation.
    #[arg(long, value_parser = input_file())]
    pub load: Option<PathBuf>,
    #[command(flatten)]
    pub classifier: ClassifierFlags<SoftmaxConfig>,
}

pub fn run(args: SoftmaxArgs) -> anyhow::Result<()> {
    classifier::run(&args.classifier, args.load.is_some(), |cx| {
        let cfg = SoftmaxConfig {
            implementation: args.implementation,
            loss: args.loss,
            train: cx.train,
        };
        let checkpoints = Checkpoints {
            load: args.load.as_deref(),
            save: args.save.as_deref(),
        };
        let run =
            softmax_regression::run(&cfg, &cx.data_dir, checkpoints, &cx.device, &mut cx.printer)?;
        if let Some(path) = &args.save {
            println!("saved {}", path.display());
        }
        Ok(ClassifierRun {
            report: run.report,
            predictions: run.predictions,
        })
    })
}
