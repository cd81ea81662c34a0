//! Dropout, d2l-zh 4.6 (暂退法): an MLP with two hidden layers whose units are dropped at random
//! while training, on Fashion-MNIST.
//!
//! - [`scratch`]: 4.6.4, `dropout_layer` by hand;
//! - [`concise`]: 4.6.5, burn's `Dropout`.
//!
//! Both train with the same [`fit_ch3`]; evaluation (`valid()`) keeps every unit.

pub mod concise;
pub mod scratch;

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::data::load_data_fashion_mnist;
use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{Fitted, Observer, Prediction, fit_ch3};

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
    /// Passes over the training set (`num_epochs = 10`).
    pub epochs: usize,
    /// Learning rate (`lr = 0.5`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 256`).
    pub batch_size: usize,
    /// Seed for the initial weights, the masks and the shuffling.
    pub seed: u64,
}

impl Default for DropoutConfig {
    fn default() -> Self {
        Self {
            implementation: DropoutImpl::Scratch,
            dropout1: 0.2,
            dropout2: 0.5,
            num_hiddens: 256,
            epochs: 10,
            lr: 0.5,
            batch_size: 256,
            seed: 42,
        }
    }
}

impl DropoutConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        check::positive("--num-hiddens", self.num_hiddens)?;
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

/// What one training run measured, in the shape of the `--json` line.
#[derive(Debug, Clone, Serialize)]
pub struct DropoutReport {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: DropoutImpl,
    /// Dropout after the first hidden layer.
    pub dropout1: f64,
    /// Dropout after the second hidden layer.
    pub dropout2: f64,
    /// Epochs, final losses and accuracies.
    #[serde(flatten)]
    pub result: Fitted,
    /// Where it trained (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole job, loading included.
    pub seconds: f64,
}

/// A finished run: its figures and the first test images with the model's labels.
pub struct DropoutRun {
    /// What was measured.
    pub report: DropoutReport,
    /// The first six test images, predicted by the final model.
    pub predictions: Vec<Prediction>,
}

/// The whole job: load Fashion-MNIST, train for `cfg.epochs` with SGD and cross-entropy,
/// predict a few test images and measure.
pub fn run(
    cfg: &DropoutConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<DropoutRun> {
    cfg.validate()?;
    let start = Instant::now();
    let (train_iter, test_iter) =
        load_data_fashion_mnist(data_dir, cfg.batch_size, None, cfg.seed, device)?;
    let sizes = [784, cfg.num_hiddens, cfg.num_hiddens, 10];
    let dropouts = (cfg.dropout1, cfg.dropout2);
    let (loss, epochs) = (cross_entropy_logits, cfg.epochs);
    let mut trainer = OptimizerUpdater::sgd(cfg.lr);
    // The one place the two implementations differ: the model.
    let (result, predictions) = match cfg.implementation {
        DropoutImpl::Scratch => {
            let mut net = scratch::DropoutMlp::new(sizes, dropouts, cfg.seed, device);
            fit_ch3(
                &mut net,
                &train_iter,
                &test_iter,
                loss,
                epochs,
                &mut trainer,
                observer,
                6,
            )?
        }
        DropoutImpl::Concise => {
            let mut net = concise::DropoutMlp::new(sizes, dropouts, cfg.seed, device);
            fit_ch3(
                &mut net,
                &train_iter,
                &test_iter,
                loss,
                epochs,
                &mut trainer,
                observer,
                6,
            )?
        }
    };
    let report = DropoutReport {
        implementation: cfg.implementation,
        dropout1: cfg.dropout1,
        dropout2: cfg.dropout2,
        result,
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok(DropoutRun {
        report,
        predictions,
    })
}
