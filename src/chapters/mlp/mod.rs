//! Multilayer perceptrons on Fashion-MNIST, d2l-zh 4.1-4.3 (多层感知机).
//!
//! - [`scratch`]: 4.2 从零开始实现, parameters, ReLU and the model by hand;
//! - [`concise`]: 4.3 简洁实现, burn's `Linear` and `Relu`.
//!
//! Both are burn modules trained by the same [`fit_ch3`] as softmax regression: only the model
//! changed, one hidden layer of 256 units between the pixels and the ten classes.

pub mod concise;
pub mod scratch;

use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use crate::data::load_data_fashion_mnist;
use crate::device::Device;
use crate::error::{Result, check};
use crate::nn::optim::OptimizerUpdater;
use crate::train::{Fitted, Observer, Prediction, fit_ch3};

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum MlpImpl {
    /// 4.2: parameters, ReLU and the model by hand.
    Scratch,
    /// 4.3: burn's Linear and Relu.
    Concise,
}

/// Hyperparameters, with the book's defaults (the command line takes its defaults from here).
#[derive(Debug, Clone)]
pub struct MlpConfig {
    /// Implementation.
    pub implementation: MlpImpl,
    /// Units in the hidden layer (`num_hiddens = 256`).
    pub num_hiddens: usize,
    /// Passes over the training set (`num_epochs = 10`).
    pub epochs: usize,
    /// Learning rate (`lr = 0.1`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 256`).
    pub batch_size: usize,
    /// Seed for the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for MlpConfig {
    fn default() -> Self {
        Self {
            implementation: MlpImpl::Scratch,
            num_hiddens: 256,
            epochs: 10,
            lr: 0.1,
            batch_size: 256,
            seed: 42,
        }
    }
}

impl MlpConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        check::positive("--num-hiddens", self.num_hiddens)?;
        Ok(())
    }
}

/// 28 × 28 pixels in, ten classes out.
const NUM_INPUTS: usize = 784;
const NUM_OUTPUTS: usize = 10;

/// What one training run measured, in the shape of the `--json` line.
#[derive(Debug, Clone, Serialize)]
pub struct MlpReport {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: MlpImpl,
    /// Units in the hidden layer.
    pub num_hiddens: usize,
    /// Epochs, final losses and accuracies.
    #[serde(flatten)]
    pub result: Fitted,
    /// Where it trained (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole job, loading included.
    pub seconds: f64,
}

/// A finished run: its figures and the first test images with the model's labels.
pub struct MlpRun {
    /// What was measured.
    pub report: MlpReport,
    /// The first six test images, predicted by the final model.
    pub predictions: Vec<Prediction>,
}

/// The whole job: load Fashion-MNIST from `data_dir`, train for `cfg.epochs` with SGD and
/// cross-entropy, predict a few test images and measure.
pub fn run(
    cfg: &MlpConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<MlpRun> {
    cfg.validate()?;
    let start = Instant::now();
    let (train_iter, test_iter) =
        load_data_fashion_mnist(data_dir, cfg.batch_size, None, cfg.seed, device)?;
    let (h, epochs) = (cfg.num_hiddens, cfg.epochs);
    // updater = torch.optim.SGD(params, lr=lr) in both sections.
    let mut updater = OptimizerUpdater::sgd(cfg.lr);
    // The one place the two implementations differ: the model and its loss function.
    let (result, predictions) = match cfg.implementation {
        MlpImpl::Scratch => {
            let mut net = scratch::init_params(NUM_INPUTS, h, NUM_OUTPUTS, cfg.seed, device);
            let loss = scratch::loss;
            fit_ch3(
                &mut net,
                &train_iter,
                &test_iter,
                loss,
                epochs,
                &mut updater,
                observer,
                6,
            )?
        }
        MlpImpl::Concise => {
            let mut net = concise::Mlp::new(NUM_INPUTS, h, NUM_OUTPUTS, cfg.seed, device);
            let loss = concise::loss;
            fit_ch3(
                &mut net,
                &train_iter,
                &test_iter,
                loss,
                epochs,
                &mut updater,
                observer,
                6,
            )?
        }
    };
    let report = MlpReport {
        implementation: cfg.implementation,
        num_hiddens: cfg.num_hiddens,
        result,
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok(MlpRun {
        report,
        predictions,
    })
}
