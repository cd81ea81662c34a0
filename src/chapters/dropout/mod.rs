//! Dropout, d2l-zh 4.6 (暂退法): an MLP with two hidden layers whose units are dropped at random
//! while training, on Fashion-MNIST.
//!
//! - [`scratch`]: 4.6.4, `dropout_layer` by hand;
//! - [`concise`]: 4.6.5, burn's `Dropout`.
//!
//! Both train with the same [`FashionMnistJob`]; evaluation (`valid()`) keeps every unit.

pub mod concise;
pub mod scratch;

use std::path::Path;

use serde::Serialize;

use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{BookSettings, ClassifierRun, FashionMnistJob, Observer, TrainConfig};

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum DropoutImpl {
    /// 4.6.4: dropout_layer by hand.
    Scratch,
    /// 4.6.5: burn's Dropout layers.
    Concise,
}

/// Hyperparameters, with the book's defaults (the command line takes its defaults from here).
#[derive(Debug, Clone)]
pub struct DropoutConfig {
    /// Implementation.
    pub implementation: DropoutImpl,
    /// Dropout probability after the first hidden layer (`dropout1 = 0.2`).
    pub dropout1: f64,
    /// Dropout probability after the second hidden layer (`dropout2 = 0.5`).
    pub dropout2: f64,
    /// Units in each hidden layer (`num_hiddens1 = num_hiddens2 = 256`).
    pub num_hiddens: usize,
    /// Epochs, learning rate, batch size and seed (the book's: [`DropoutConfig::TRAIN`]).
    pub train: TrainConfig,
}

/// `num_epochs, lr, batch_size = 10, 0.5, 256`.
impl BookSettings for DropoutConfig {
    const NAME: &'static str = "dropout";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.5, 256);
}

impl Default for DropoutConfig {
    fn default() -> Self {
        Self {
            implementation: DropoutImpl::Scratch,
            dropout1: 0.2,
            dropout2: 0.5,
            num_hiddens: 256,
            train: Self::TRAIN,
        }
    }
}

impl DropoutConfig {
    /// Refuses what the job itself does not check, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::positive("--num-hiddens", self.num_hiddens)?;
        // Two hidden layers of num_hiddens: their weights grow with its square.
        let h = self.num_hiddens;
        crate::train::check_mlp_memory(&[h, h], self.train.batch_size)?;
        for (name, p) in [("--dropout1", self.dropout1), ("--dropout2", self.dropout2)] {
            if !(0.0..1.0).contains(&p) {
                return Err(Error::Hyper {
                    name,
                    value: p.to_string(),
                    expected: "a probability in [0, 1)",
                });
            }
        }
        Ok(())
    }
}

/// The fields of the `--json` line that only dropout has.
#[derive(Debug, Clone, Serialize)]
pub struct DropoutSection {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: DropoutImpl,
    /// Dropout after the first hidden layer.
    pub dropout1: f64,
    /// Dropout after the second hidden layer.
    pub dropout2: f64,
}

/// The whole job: load Fashion-MNIST, train for `cfg.train.epochs` with SGD and cross-entropy,
/// predict a few test images and measure.
pub fn run(
    cfg: &DropoutConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<DropoutSection>> {
    cfg.validate()?;
    let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;
    let sizes = [784, cfg.num_hiddens, cfg.num_hiddens, 10];
    let (dropouts, seed) = ((cfg.dropout1, cfg.dropout2), cfg.train.seed);
    let mut trainer = OptimizerUpdater::sgd(cfg.train.lr);
    // The one place the two implementations differ: the model.
    let trained = match cfg.implementation {
        DropoutImpl::Scratch => {
            let mut net = scratch::DropoutMlp::new(sizes, dropouts, seed, device);
            job.fit(&mut net, cross_entropy_logits, &mut trainer, observer)?
        }
        DropoutImpl::Concise => {
            let mut net = concise::DropoutMlp::new(sizes, dropouts, seed, device);
            job.fit(&mut net, cross_entropy_logits, &mut trainer, observer)?
        }
    };
    Ok(trained.report(DropoutSection {
        implementation: cfg.implementation,
        dropout1: cfg.dropout1,
        dropout2: cfg.dropout2,
    }))
}
