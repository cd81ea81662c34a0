//! Convolutional neural networks, d2l-zh chapter 6 (卷积神经网络).
//!
//! - [`conv2d`]: 6.2, the cross-correlation by hand, edges, learning a kernel;
//! - [`padding`]: 6.3, output sizes under padding and stride;
//! - [`channels`]: 6.4, several input and output channels, the 1 × 1 convolution;
//! - [`pooling`]: 6.5, max and average pooling;
//! - [`lenet`]: 6.6, LeNet on Fashion-MNIST, trained by the same [`fit_ch3`] as every classifier
//!   before it (the book's `train_ch6` differs only in moving data to the GPU, which our loaders
//!   already do).

pub mod channels;
pub mod conv2d;
pub mod lenet;
pub mod padding;
pub mod pooling;

use std::path::Path;
use std::time::Instant;

use burn::module::Module;
use burn::tensor::Tensor;
use serde::Serialize;

use crate::data::load_data_fashion_mnist;
use crate::device::Device;
use crate::error::{Result, check};
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{Fitted, Observer, Prediction, fit_ch3};

pub use lenet::LeNet;

/// LeNet's hyperparameters, with the book's defaults (the command line takes its defaults from
/// here).
#[derive(Debug, Clone)]
pub struct LeNetConfig {
    /// Passes over the training set (`num_epochs = 10`).
    pub epochs: usize,
    /// Learning rate (`lr = 0.9`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 256`).
    pub batch_size: usize,
    /// Seed for the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for LeNetConfig {
    fn default() -> Self {
        Self {
            epochs: 10,
            lr: 0.9,
            batch_size: 256,
            seed: 42,
        }
    }
}

impl LeNetConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        Ok(())
    }
}

/// One layer's output shape for a single 28 × 28 image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LayerShape {
    /// The layer's PyTorch class name (`Conv2d`, `Sigmoid`, ...).
    pub layer: &'static str,
    /// Its output shape, `[1, channels, height, width]` or `[1, features]`.
    pub shape: Vec<usize>,
}

/// What one training run measured, in the shape of the `--json` line.
#[derive(Debug, Clone, Serialize)]
pub struct LeNetReport {
    /// Each layer's output shape for one image.
    pub layers: Vec<LayerShape>,
    /// Epochs, final losses and accuracies.
    #[serde(flatten)]
    pub result: Fitted,
    /// Training examples per second over all epochs, evaluation included (the book's
    /// "examples/sec").
    pub examples_per_sec: f64,
    /// Where it trained (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole job, loading included.
    pub seconds: f64,
}

/// A finished run: its figures and the first test images with the model's labels.
pub struct LeNetRun {
    /// What was measured.
    pub report: LeNetReport,
    /// The first six test images, predicted by the final model.
    pub predictions: Vec<Prediction>,
}

/// The book's shape check: one 28 × 28 image through every layer of `net`.
pub fn layer_shapes(net: &LeNet, device: &Device) -> Vec<LayerShape> {
    let x = Tensor::<4>::zeros([1, 1, 28, 28], device);
    net.valid()
        .layer_shapes(x)
        .into_iter()
        .map(|(layer, shape)| LayerShape { layer, shape })
        .collect()
}

/// The whole job: load Fashion-MNIST, train LeNet for `cfg.epochs` with SGD and cross-entropy,
/// predict a few test images and measure.
pub fn run(
    cfg: &LeNetConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<LeNetRun> {
    cfg.validate()?;
    let start = Instant::now();
    let (train_iter, test_iter) =
        load_data_fashion_mnist(data_dir, cfg.batch_size, None, cfg.seed, device)?;
    let mut net = LeNet::new(cfg.seed, device);
    let layers = layer_shapes(&net, device);
    let mut updater = OptimizerUpdater::sgd(cfg.lr);
    let (result, predictions) = fit_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy_logits,
        cfg.epochs,
        &mut updater,
        observer,
        6,
    )?;
    let train_seconds: f64 = result.epochs.iter().map(|e| e.seconds).sum();
    let examples = (train_iter.dataset().len() * cfg.epochs) as f64;
    let report = LeNetReport {
        layers,
        examples_per_sec: if train_seconds > 0.0 {
            examples / train_seconds
        } else {
            0.0
        },
        result,
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok(LeNetRun {
        report,
        predictions,
    })
}
