//! The classification training loop of d2l-zh 3.6.6: `train_epoch_ch3`, `evaluate_accuracy` and
//! `train_ch3`, shared by the from-scratch and the concise softmax regression (and the MLPs after
//! them).
//!
//! The library prints nothing: progress goes to an [`Observer`] and the figures come back as a
//! [`History`]. The binary turns both into progress bars, lines and plots.

use burn::tensor::{Int, Tensor};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::nn::metrics::{Timer, correct_predictions};
use crate::nn::optim::Updater;

/// A classifier: images `[n, c, h, w]` in, one row of scores per image out.
pub trait Net {
    /// ŷ for a batch: probabilities or logits, whichever the loss expects.
    fn forward(&self, x: Tensor<4>) -> Tensor<2>;

    /// The same network with its parameters taken out of the autodiff graph, for evaluation
    /// (the book's `net.eval()` and `torch.no_grad()`).
    fn no_grad(&self) -> Self;
}

/// Something that serves minibatches of labelled images, one epoch per call.
pub trait Batches {
    /// The minibatches `(X, y)` of the next epoch.
    fn batches(&self) -> Box<dyn Iterator<Item = (Tensor<4>, Tensor<1, Int>)> + '_>;

    /// How many minibatches one epoch has.
    fn num_batches(&self) -> usize;
}

/// The figures of one epoch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpochStats {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's examples.
    pub train_loss: f64,
    /// Training accuracy over the epoch (as the parameters moved).
    pub train_acc: f64,
    /// Test accuracy after the epoch.
    pub test_acc: f64,
    /// Wall time of the epoch, evaluation included.
    pub seconds: f64,
}

/// What `train_ch3` measured, one entry per epoch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    /// Per-epoch figures in order.
    pub epochs: Vec<EpochStats>,
}

impl History {
    /// The last epoch's figures, if any epoch ran.
    pub fn last(&self) -> Option<&EpochStats> {
        self.epochs.last()
    }
}

/// Watches training; every method has an empty default.
pub trait Observer {
    /// Called after each minibatch of `epoch` (1-based) with how many are done.
    fn on_batch(&mut self, _epoch: usize, _done: usize, _total: usize) {}
    /// Called after each epoch.
    fn on_epoch(&mut self, _stats: &EpochStats) {}
}

/// The observer that ignores everything.
impl Observer for () {}

/// Test accuracy of `net` on `data_iter` (d2l-zh 3.6 `evaluate_accuracy`), as a fraction.
pub fn evaluate_accuracy<N: Net>(net: &N, data_iter: &impl Batches) -> f64 {
    let net = net.no_grad();
    let mut correct = DeviceSum::default();
    let mut examples = 0;
    for (x, y) in data_iter.batches() {
        examples += y.dims()[0];
        correct.add(correct_predictions(net.forward(x), y).float());
    }
    correct.read() / examples.max(1) as f64
}

/// One epoch of training (d2l-zh 3.6 `train_epoch_ch3`); returns (mean loss, accuracy).
///
/// `loss` gives one loss per example; the `updater` backpropagates them and moves the parameters.
pub fn train_epoch_ch3<N: Net>(
    net: &mut N,
    train_iter: &impl Batches,
    loss: &impl Fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>,
    updater: &mut impl Updater<N>,
    mut on_batch: impl FnMut(usize, usize),
) -> (f64, f64) {
    let total = train_iter.num_batches();
    // The book's Accumulator(3): summed loss, correct predictions, examples. The first two stay
    // on the device until the epoch ends (see `correct_predictions`).
    let (mut loss_sum, mut correct, mut examples) = (DeviceSum::default(), DeviceSum::default(), 0);
    for (i, (x, y)) in train_iter.batches().enumerate() {
        examples += y.dims()[0];
        let y_hat = net.forward(x);
        let l = loss(y_hat.clone(), y.clone());
        // Take the figures off the graph (inner) before the update consumes it.
        loss_sum.add(l.clone().inner().sum());
        correct.add(correct_predictions(y_hat.inner(), y).float());
        updater.step(net, l);
        on_batch(i + 1, total);
    }
    let examples = examples.max(1) as f64;
    (loss_sum.read() / examples, correct.read() / examples)
}

/// A running total kept as a one-element tensor on the device of what it adds up.
#[derive(Default)]
struct DeviceSum(Option<Tensor<1>>);

impl DeviceSum {
    fn add(&mut self, value: Tensor<1>) {
        self.0 = Some(match self.0.take() {
            Some(sum) => sum + value,
            None => value,
        });
    }

    /// The total, read back to the host (0 when nothing was added).
    fn read(self) -> f64 {
        self.0.map_or(0.0, |sum| sum.into_scalar::<f32>() as f64)
    }
}

/// Trains `net` for `num_epochs`, evaluating on `test_iter` after each (d2l-zh 3.6 `train_ch3`).
///
/// Stops with [`Error::Diverged`] as soon as an epoch's loss is NaN or infinite, instead of
/// training on garbage.
pub fn train_ch3<N: Net>(
    net: &mut N,
    train_iter: &impl Batches,
    test_iter: &impl Batches,
    loss: impl Fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>,
    num_epochs: usize,
    updater: &mut impl Updater<N>,
    observer: &mut impl Observer,
) -> Result<History> {
    let mut history = History::default();
    for epoch in 1..=num_epochs {
        let mut timer = Timer::new();
        let (train_loss, train_acc) =
            train_epoch_ch3(net, train_iter, &loss, updater, |done, total| {
                observer.on_batch(epoch, done, total)
            });
        if !train_loss.is_finite() {
            return Err(Error::Diverged {
                epoch,
                loss: train_loss,
            });
        }
        let test_acc = evaluate_accuracy(net, test_iter);
        let stats = EpochStats {
            epoch,
            train_loss,
            train_acc,
            test_acc,
            seconds: timer.stop(),
        };
        observer.on_epoch(&stats);
        history.epochs.push(stats);
    }
    Ok(history)
}

/// One labelled test image and what the network made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Pixels in [0, 1], row-major, `height × width`.
    pub image: Vec<f32>,
    /// Image height.
    pub height: usize,
    /// Image width.
    pub width: usize,
    /// The true class.
    pub label: usize,
    /// argmax ŷ.
    pub predicted: usize,
}

/// Predicts the first `n` images of `test_iter` (d2l-zh 3.6 `predict_ch3`); the caller draws
/// them with their true and predicted names.
pub fn predict_ch3<N: Net>(net: &N, test_iter: &impl Batches, n: usize) -> Vec<Prediction> {
    let net = net.no_grad();
    let mut predictions = Vec::with_capacity(n);
    for (x, y) in test_iter.batches() {
        if predictions.len() >= n {
            break;
        }
        let [batch, _, height, width] = x.dims();
        let predicted: Vec<i64> = net
            .forward(x.clone())
            .argmax(1)
            .reshape([batch])
            .try_into_vec_as::<i64>()
            .expect("classes are integers");
        let labels: Vec<i64> = y.try_into_vec_as::<i64>().expect("labels are integers");
        let pixels: Vec<f32> = x.try_into_vec_as::<f32>().expect("images are floats");
        let take = (n - predictions.len()).min(batch);
        for i in 0..take {
            predictions.push(Prediction {
                image: pixels[i * height * width..(i + 1) * height * width].to_vec(),
                height,
                width,
                label: labels[i] as usize,
                predicted: predicted[i] as usize,
            });
        }
    }
    predictions
}
