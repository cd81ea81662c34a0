//! d2l-zh 3.6.5-3.6.7, the classification loop: `evaluate_accuracy`, `train_epoch_ch3`,
//! `train_ch3` and `predict_ch3`. Written here, in the section that introduces them, and
//! re-exported by `train` for every classifier after it (the concise softmax regression, the
//! MLPs, LeNet, chapter 7).

use burn::tensor::{Int, Tensor};

use crate::data::ImageBatches;
use crate::error::Result;
use crate::nn::metrics::{Timer, correct_predictions};
use crate::nn::optim::Updater;
use crate::train::{DeviceSum, EpochStats, History, Net, Observer, check_finite, check_parameters};

/// Test accuracy of `net` on `data_iter` (d2l-zh 3.6 `evaluate_accuracy`), as a fraction.
pub fn evaluate_accuracy<N: Net<Tensor<4>>>(net: &N, data_iter: &impl ImageBatches) -> f64 {
    let net = net.valid(); // net.eval(), and no autodiff graph
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
pub fn train_epoch_ch3<N: Net<Tensor<4>>>(
    net: &mut N,
    train_iter: &impl ImageBatches,
    loss: &impl Fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>,
    updater: &mut impl Updater<N>,
    mut on_batch: impl FnMut(usize, usize),
) -> (f64, f64) {
    let total = train_iter.num_batches();
    // The book's Accumulator(3): summed loss, correct predictions, examples. The first two stay
    // on the device until the epoch ends (see `DeviceSum`).
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

/// Trains `net` for `num_epochs`, evaluating on `test_iter` after each (d2l-zh 3.6 `train_ch3`).
///
/// Stops with [`Error::Diverged`](crate::Error::Diverged) as soon as an epoch's loss is NaN or
/// infinite.
pub fn train_ch3<N: Net<Tensor<4>>>(
    net: &mut N,
    train_iter: &impl ImageBatches,
    test_iter: &impl ImageBatches,
    loss: impl Fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>,
    num_epochs: usize,
    updater: &mut impl Updater<N>,
    observer: &mut impl Observer,
) -> Result<History> {
    let mut history = History::default();
    for epoch in 1..=num_epochs {
        let timer = Timer::new();
        let (train_loss, train_acc) =
            train_epoch_ch3(net, train_iter, &loss, updater, |done, total| {
                observer.on_batch(epoch, done, total)
            });
        check_finite(epoch, train_loss)?;
        let test_acc = evaluate_accuracy(net, test_iter);
        let stats = EpochStats {
            epoch,
            train_loss,
            train_acc: Some(train_acc),
            test_acc: Some(test_acc),
            test_loss: None,
            seconds: timer.stop(),
        };
        observer.on_epoch(&stats);
        history.epochs.push(stats);
    }
    if num_epochs > 0 {
        check_parameters(net, num_epochs)?;
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

/// The titles of `predict_ch3`'s figure: each image's true class name, then the predicted one
/// (`labels` names the classes, e.g. Fashion-MNIST's `TEXT_LABELS`).
pub fn prediction_titles(predictions: &[Prediction], labels: &[&str]) -> Vec<String> {
    let name = |class: usize| labels.get(class).copied().unwrap_or("?");
    predictions
        .iter()
        .map(|p| format!("{}\n{}", name(p.label), name(p.predicted)))
        .collect()
}

/// Predicts the first `n` images of `test_iter` (d2l-zh 3.6 `predict_ch3`); the caller draws
/// them with their true and predicted names.
pub fn predict_ch3<N: Net<Tensor<4>>>(
    net: &N,
    test_iter: &impl ImageBatches,
    n: usize,
) -> Vec<Prediction> {
    let net = net.valid();
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
