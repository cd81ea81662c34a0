//! The Fashion-MNIST classifier job, written once: load the data, train with [`train_ch3`],
//! time it, evaluate, predict a few test images and report. Softmax regression (3.6, 3.7), the
//! MLPs (4.2, 4.3), dropout (4.6), LeNet (6.6) and the networks of chapter 7 differ only in the
//! model, its loss and its updater, which each section hands to [`FashionMnistJob::fit`].
//!
//! A section's `run` reads like the book's last cell:
//!
//! ```ignore
//! let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;   // load_data_fashion_mnist
//! let mut net = LeNet::new(cfg.train.seed, device);                  // net = ...
//! let fitted = job.fit(&mut net, cross_entropy_logits, &mut OptimizerUpdater::sgd(lr), observer)?;
//! Ok(fitted.report(LeNetSection { layers }))                         // what --json prints
//! ```

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use burn::tensor::{Int, Tensor};
use serde::Serialize;

use super::classify::{Prediction, evaluate_accuracy, predict_ch3, train_ch3};
use super::{Net, Observer};
use crate::data::ImageLoader;
use crate::data::fashion_mnist::{FashionMnist, read_train_and_test};
use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::history::EpochStats;
use crate::nn::optim::Updater;

/// The hyperparameters every classifier section has. Each section states the book's values as
/// its [`BookSettings::TRAIN`]; the command line takes its defaults from there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Passes over the training set (the book's `num_epochs`).
    pub epochs: usize,
    /// Learning rate (`lr`).
    pub lr: f64,
    /// Minibatch size (`batch_size`).
    pub batch_size: usize,
    /// Seed for the initial weights, dropout masks and the shuffling.
    pub seed: u64,
}

impl TrainConfig {
    /// The book's `num_epochs`, `lr` and `batch_size`, with seed 42.
    pub const fn book(epochs: usize, lr: f64, batch_size: usize) -> Self {
        Self {
            epochs,
            lr,
            batch_size,
            seed: 42,
        }
    }

    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        Ok(())
    }
}

/// A classifier section's name and the book's training settings: the defaults of its config,
/// its command's flags and its output files.
pub trait BookSettings {
    /// The command's name, which is also the `"chapter"` of its `--json` line and the start of
    /// its figures' file names (`lenet-curves.svg`).
    const NAME: &'static str;
    /// The book's `num_epochs`, `lr` and `batch_size` for this section, seed 42.
    const TRAIN: TrainConfig;
    /// Memory a minibatch takes per example while training, by estimate (for
    /// [`check_batch_memory`](BookSettings::check_batch_memory)); a small dense network's.
    const BYTES_PER_EXAMPLE: u64 = 16 << 10;

    /// Refuses a `--batch-size` whose minibatches would not fit in
    /// [`MAX_MEMORY`](crate::limits::MAX_MEMORY) (a batch above the training set's size is the
    /// whole set).
    fn check_batch_memory(batch_size: usize) -> crate::Result<()> {
        let examples = batch_size.min(crate::data::fashion_mnist::TRAIN_EXAMPLES) as u128;
        crate::limits::check_memory(
            "--batch-size",
            examples * u128::from(Self::BYTES_PER_EXAMPLE),
        )
    }
}

/// Refuses a Fashion-MNIST MLP with these hidden widths whose training would not fit in
/// [`MAX_MEMORY`](crate::limits::MAX_MEMORY), naming `--num-hiddens` (a batch above the training
/// set's size is the whole set).
pub fn check_mlp_memory(hiddens: &[usize], batch_size: usize) -> crate::Result<()> {
    let sizes: Vec<usize> = std::iter::once(784)
        .chain(hiddens.iter().copied())
        .chain([10])
        .collect();
    let batch = batch_size.min(crate::data::fashion_mnist::TRAIN_EXAMPLES);
    crate::limits::check_memory(
        "--num-hiddens",
        crate::limits::dense_training_bytes(&sizes, batch),
    )
}

/// Which images a job trains and tests on: their size, and how many of each set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageInput {
    /// Every image scaled to (height, width) (`None`: 28 × 28 as stored).
    pub resize: Option<(usize, usize)>,
    /// Train on the first this many training images only (`None`: all 60,000).
    pub train_limit: Option<usize>,
    /// Test on the first this many test images only (`None`: all 10,000).
    pub test_limit: Option<usize>,
}

impl ImageInput {
    /// The first `limit` images of `set`, refusing a limit of 0 or above the set's size (named
    /// by `flag`) rather than silently training on fewer images than asked for.
    fn cut(
        &self,
        flag: &'static str,
        limit: Option<usize>,
        set: FashionMnist,
    ) -> Result<FashionMnist> {
        match limit {
            None => Ok(set),
            Some(n) if (1..=set.len()).contains(&n) => Ok(set.first(n)),
            Some(n) => Err(Error::Invalid {
                name: flag,
                reason: format!(
                    "{n} images asked for, but the set has {}: give 1 to {}",
                    set.len(),
                    set.len()
                ),
            }),
        }
    }
}

/// How many test images a job predicts, as the book's `predict_ch3(net, test_iter, n=6)`.
pub const PREDICTIONS: usize = 6;

/// Fashion-MNIST loaded for one training run, and the clock of the whole job.
pub struct FashionMnistJob {
    /// Shuffled training minibatches.
    pub train_iter: ImageLoader,
    /// Test minibatches, in order.
    pub test_iter: ImageLoader,
    cfg: TrainConfig,
    device: Device,
    start: Instant,
}

/// What every classifier reports after training: the `--json` fields they share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fitted {
    /// Per-epoch figures.
    pub epochs: Vec<EpochStats>,
    /// Last epoch's training loss (`null` without training).
    pub train_loss: Option<f64>,
    /// Last epoch's training accuracy.
    pub train_acc: Option<f64>,
    /// Test accuracy of the final model.
    pub test_acc: f64,
}

/// A trained model's figures, before the section adds its own fields ([`Trained::report`]).
pub struct Trained {
    result: Fitted,
    predictions: Vec<Prediction>,
    examples_per_sec: f64,
    device: Device,
    start: Instant,
}

/// What one section's run measured, in the shape of its `--json` line: the section's own
/// fields (`impl`, `num_hiddens`, `layers`, ...) first, then those every classifier has.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifierReport<S> {
    /// The section's own fields.
    #[serde(flatten)]
    pub section: S,
    /// Epochs, final losses and accuracies.
    #[serde(flatten)]
    pub result: Fitted,
    /// Training examples per second over all epochs, evaluation included: the book's
    /// "examples/sec", which `train_ch6` (chapter 6 on) prints and `train_ch3` does not; 0 when
    /// no epoch ran. Left out of the JSON for the chapter-3 and 4 sections.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples_per_sec: Option<f64>,
    /// Where it trained (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole job, loading included.
    pub seconds: f64,
}

/// A finished run: what it measured and the first test images with the model's labels.
pub struct ClassifierRun<S> {
    /// What was measured.
    pub report: ClassifierReport<S>,
    /// The first [`PREDICTIONS`] test images, predicted by the final model.
    pub predictions: Vec<Prediction>,
}

impl FashionMnistJob {
    /// Checks `cfg` and loads Fashion-MNIST from `data_dir` in minibatches of
    /// `cfg.batch_size` (the book's `load_data_fashion_mnist(batch_size)`), starting the clock.
    pub fn load(cfg: &TrainConfig, data_dir: &Path, device: &Device) -> Result<Self> {
        Self::load_resized(cfg, data_dir, None, device)
    }

    /// [`load`](Self::load) with the images resized to `resize` = (height, width) (chapter 7's
    /// `load_data_fashion_mnist(batch_size, resize=224)`).
    pub fn load_resized(
        cfg: &TrainConfig,
        data_dir: &Path,
        resize: Option<(usize, usize)>,
        device: &Device,
    ) -> Result<Self> {
        let input = ImageInput {
            resize,
            ..ImageInput::default()
        };
        Self::load_input(cfg, data_dir, &input, device)
    }

    /// [`load`](Self::load) with the images resized and the sets cut as `input` says.
    pub fn load_input(
        cfg: &TrainConfig,
        data_dir: &Path,
        input: &ImageInput,
        device: &Device,
    ) -> Result<Self> {
        cfg.validate()?;
        let start = Instant::now();
        let (train, test) = read_train_and_test(data_dir)?;
        let train = input.cut("--limit", input.train_limit, train)?;
        let test = input.cut("--test-limit", input.test_limit, test)?;
        let (batch, resize, seed) = (cfg.batch_size, input.resize, cfg.seed);
        let train_iter = ImageLoader::new(Arc::new(train), batch, true, resize, seed, device);
        let test_iter = ImageLoader::new(Arc::new(test), batch, false, resize, seed, device);
        Ok(Self {
            train_iter,
            test_iter,
            cfg: *cfg,
            device: device.clone(),
            start,
        })
    }

    /// Trains `net` for the configured epochs ([`train_ch3`]: `loss` gives one loss per
    /// example, `updater` moves the parameters), then evaluates it (also when no epoch ran, e.g.
    /// for a loaded model) and predicts the first test images.
    ///
    /// Stops with [`Error::Diverged`](crate::Error::Diverged) when an epoch's loss is not finite.
    pub fn fit<N: Net<Tensor<4>>>(
        &self,
        net: &mut N,
        loss: impl Fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>,
        updater: &mut impl Updater<N>,
        observer: &mut impl Observer,
    ) -> Result<Trained> {
        let (train_iter, test_iter) = (&self.train_iter, &self.test_iter);
        let history = train_ch3(
            net,
            train_iter,
            test_iter,
            loss,
            self.cfg.epochs,
            updater,
            observer,
        )?;
        let last = history.last();
        let test_acc = match last.and_then(|e| e.test_acc) {
            Some(acc) => acc,
            None => evaluate_accuracy(net, test_iter),
        };
        let train_seconds: f64 = history.epochs.iter().map(|e| e.seconds).sum();
        let examples = (train_iter.dataset().len() * history.epochs.len()) as f64;
        let result = Fitted {
            train_loss: last.map(|e| e.train_loss),
            train_acc: last.and_then(|e| e.train_acc),
            test_acc,
            epochs: history.epochs,
        };
        Ok(Trained {
            result,
            predictions: predict_ch3(net, test_iter, PREDICTIONS),
            examples_per_sec: if train_seconds > 0.0 {
                examples / train_seconds
            } else {
                0.0
            },
            device: self.device.clone(),
            start: self.start,
        })
    }
}

impl Trained {
    /// The report with the section's own fields, the job's wall time stopped now (`train_ch3`'s
    /// figures: no examples per second).
    pub fn report<S>(self, section: S) -> ClassifierRun<S> {
        self.report_as(section, false)
    }

    /// [`report`](Self::report) with the examples per second, as `train_ch6` reports them.
    pub fn report_with_speed<S>(self, section: S) -> ClassifierRun<S> {
        self.report_as(section, true)
    }

    fn report_as<S>(self, section: S, speed: bool) -> ClassifierRun<S> {
        ClassifierRun {
            report: ClassifierReport {
                section,
                result: self.result,
                examples_per_sec: speed.then_some(self.examples_per_sec),
                device: crate::device::describe(&self.device),
                seconds: self.start.elapsed().as_secs_f64(),
            },
            predictions: self.predictions,
        }
    }
}
