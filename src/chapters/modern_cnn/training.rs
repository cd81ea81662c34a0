//! How every chapter-7 network trains: the book's `train_ch6` (the same loop as LeNet's, SGD
//! and cross-entropy) on Fashion-MNIST scaled up to the network's input size.
//!
//! The book trains these networks on a GPU; on a CPU the same settings take hours (AlexNet
//! about 8 h on two cores). Each network therefore states two settings: the book's
//! ([`CnnConfig::book`], the defaults, whose results are the book's contract) and a CPU-sized
//! preset ([`CnnConfig::quick`]: smaller images, the first part of the training set, fewer
//! epochs), which trains in minutes.

use std::path::Path;

use burn::tensor::Tensor;
use serde::Serialize;

use super::layers::Trace;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{
    BookSettings, ClassifierRun, FashionMnistJob, ImageInput, LayerShape, Net, Observer,
    TrainConfig,
};

/// The largest `--resize` any network takes: 4.7× the book's largest (224).
pub const MAX_RESIZE: usize = 1024;

/// What the book reports after training (d2l-zh, PyTorch, one GPU).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BookResult {
    /// The last epoch's training loss.
    pub loss: f64,
    /// The last epoch's training accuracy.
    pub train_acc: f64,
    /// The test accuracy.
    pub test_acc: f64,
}

/// A CPU-sized run of a network: what `--quick` changes from the book's settings (learning
/// rate and seed stay).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quick {
    /// Images scaled to `resize` × `resize`.
    pub resize: usize,
    /// The first this many training images.
    pub limit: usize,
    /// The first this many test images (2,000 give the accuracy within about ±0.01).
    pub test_limit: usize,
    /// Passes over them.
    pub epochs: usize,
    /// Minibatch size.
    pub batch_size: usize,
}

/// A network of chapter 7: its book settings ([`BookSettings`]: command name, epochs,
/// learning rate, batch size), its input size and preset, and a forward pass that can trace
/// its layers' shapes.
pub trait ModernCnn: BookSettings + Net<Tensor<4>> + Sized {
    /// The book's `resize` (224 for AlexNet, VGG and NiN, 96 for the others).
    const RESIZE: usize;
    /// The input size of the book's shape table (`X = torch.rand(size=(1, 1, s, s))`).
    const SHAPE_INPUT: usize;
    /// The CPU-sized preset of `--quick`.
    const QUICK: Quick;
    /// What the book reports at its settings.
    const BOOK: BookResult;

    /// The network for `resize` × `resize` images, weights drawn from `seed` (a network whose
    /// dense layers follow a flattened feature map, as AlexNet and VGG, sizes them for
    /// `resize`).
    fn new(resize: usize, seed: u64, device: &Device) -> Self;

    /// The forward pass, handing each layer's (or block's) output to `trace`.
    fn forward_traced(&self, x: Tensor<4>, trace: &mut Trace) -> Tensor<2>;

    /// The side of the last feature map for a `side` × `side` input, computed layer by layer
    /// with [`output_side`](super::layers::output_side); `None` when a window no longer fits.
    fn feature_side(side: usize) -> Option<usize>;

    /// The smallest `--resize` this network takes.
    fn min_resize() -> usize {
        (1..=MAX_RESIZE)
            .find(|&side| Self::feature_side(side).is_some())
            .unwrap_or(MAX_RESIZE)
    }

    /// Every layer's (or block's) output shape for one `side` × `side` image, as the book
    /// prints them.
    fn layer_shapes(&self, side: usize, device: &Device) -> Vec<LayerShape> {
        let x = Tensor::<4>::zeros([1, 1, side, side], device);
        let mut trace = Trace::on();
        self.valid().forward_traced(x, &mut trace);
        trace.into_shapes()
    }
}

/// One run's settings: the training hyperparameters and which images.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CnnConfig {
    /// Epochs, learning rate, batch size and seed.
    pub train: TrainConfig,
    /// Images scaled to `resize` × `resize` (`--resize`).
    pub resize: usize,
    /// Train on the first this many training images (`--limit`; `None`: all 60,000).
    pub limit: Option<usize>,
    /// Test on the first this many test images (`--test-limit`; `None`: all 10,000).
    pub test_limit: Option<usize>,
}

impl CnnConfig {
    /// The book's settings for network `C`: the whole data set at the book's size.
    pub fn book<C: ModernCnn>() -> Self {
        Self {
            train: C::TRAIN,
            resize: C::RESIZE,
            limit: None,
            test_limit: None,
        }
    }

    /// `C`'s CPU-sized preset ([`ModernCnn::QUICK`]).
    pub fn quick<C: ModernCnn>() -> Self {
        let quick = C::QUICK;
        Self {
            train: TrainConfig {
                epochs: quick.epochs,
                batch_size: quick.batch_size,
                ..C::TRAIN
            },
            resize: quick.resize,
            limit: Some(quick.limit),
            test_limit: Some(quick.test_limit),
        }
    }

    /// Refuses a size the network cannot take (naming the smallest it takes) and a minibatch
    /// whose training would not fit in memory at this size.
    pub fn validate<C: ModernCnn>(&self) -> Result<()> {
        self.train.validate()?;
        let smallest = C::min_resize();
        if !(smallest..=MAX_RESIZE).contains(&self.resize) {
            return Err(Error::Invalid {
                name: "--resize",
                reason: format!(
                    "{} × {} images are {} for {}: give {smallest} to {MAX_RESIZE} (the book \
                     uses {})",
                    self.resize,
                    self.resize,
                    if self.resize < smallest {
                        "too small"
                    } else {
                        "too large"
                    },
                    C::NAME,
                    C::RESIZE
                ),
            });
        }
        // Activations grow with the image's area; BYTES_PER_EXAMPLE is for the book's size.
        let examples = self.train.batch_size.min(self.limit.unwrap_or(usize::MAX));
        let area = (self.resize * self.resize) as u128;
        let book_area = (C::RESIZE * C::RESIZE) as u128;
        let bytes =
            (examples as u128 * u128::from(C::BYTES_PER_EXAMPLE) * area).div_ceil(book_area);
        crate::limits::check_memory("--batch-size", bytes)
    }
}

/// The fields of the `--json` line that every chapter-7 network has.
#[derive(Debug, Clone, Serialize)]
pub struct CnnSection {
    /// The image size trained on.
    pub resize: usize,
    /// Training images per epoch.
    pub train_examples: usize,
    /// Test images.
    pub test_examples: usize,
    /// Each layer's (or block's) output shape for one image of the trained size.
    pub layers: Vec<LayerShape>,
    /// What the book reports at its own settings, for comparison.
    pub book: BookResult,
}

/// The whole job, the book's last cell of each section: load Fashion-MNIST at `cfg.resize`,
/// build network `C`, train it with SGD and cross-entropy (`d2l.train_ch6(net, train_iter,
/// test_iter, num_epochs, lr)`), evaluate it in evaluation mode (batch norm on its moving
/// statistics, no dropout) and predict a few test images.
pub fn run<C: ModernCnn>(
    cfg: &CnnConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<CnnSection>> {
    cfg.validate::<C>()?;
    let input = ImageInput {
        resize: Some((cfg.resize, cfg.resize)),
        train_limit: cfg.limit,
        test_limit: cfg.test_limit,
    };
    let job = FashionMnistJob::load_input(&cfg.train, data_dir, &input, device)?;
    let mut net = C::new(cfg.resize, cfg.train.seed, device);
    let layers = net.layer_shapes(cfg.resize, device);
    observer.on_layers(&layers);
    let mut updater = OptimizerUpdater::sgd(cfg.train.lr);
    let trained = job.fit(&mut net, cross_entropy_logits, &mut updater, observer)?;
    Ok(trained.report_with_speed(CnnSection {
        resize: cfg.resize,
        train_examples: job.train_iter.dataset().len(),
        test_examples: job.test_iter.dataset().len(),
        layers,
        book: C::BOOK,
    }))
}
