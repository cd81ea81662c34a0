//! Minibatch training of a model that predicts numbers: d2l-zh 3.2's loop for linear regression,
//! and the one 4.4 (polynomial fitting), 4.5 (weight decay) and 4.10 (house prices) use with a
//! test set beside the training set.
//!
//! After every epoch the loss is measured over whole data sets with the parameters as they are
//! then (the book's `train_l = loss(net(features), labels)` and `d2l.evaluate_loss`), not
//! averaged over the minibatches as they moved.

use burn::tensor::Tensor;

use super::{DeviceSum, EpochStats, History, Net, Observer, check_finite, check_parameters};
use crate::data::RowBatches;
use crate::error::Result;
use crate::nn::metrics::Timer;
use crate::nn::optim::Updater;

/// The mean of `loss` over every example of `data_iter`, outside the graph (d2l's
/// `evaluate_loss`).
pub fn evaluate_loss<N: Net<Tensor<2>>>(
    net: &N,
    data_iter: &impl RowBatches,
    loss: &impl Fn(Tensor<2>, Tensor<2>) -> Tensor<1>,
) -> f64 {
    let net = net.valid();
    let mut sum = DeviceSum::default();
    let mut examples = 0;
    for (x, y) in data_iter.batches() {
        let l = loss(net.forward(x), y);
        examples += l.dims()[0];
        sum.add(l.sum());
    }
    sum.read() / examples.max(1) as f64
}

/// `evaluate` for [`train_regression`] that reports the mean of `loss`, as the book's
/// `evaluate_loss(net, data_iter, loss)`.
pub fn mean_loss<N: Net<Tensor<2>>, E: RowBatches>(
    loss: impl Fn(Tensor<2>, Tensor<2>) -> Tensor<1>,
) -> impl Fn(&N, &E) -> f64 {
    move |net, data| evaluate_loss(net, data, &loss)
}

/// Trains `net` for `num_epochs` on `train_iter`; after each epoch `evaluate`s it on
/// `train_eval` (all training examples) and, if given, on `test_iter`.
///
/// `loss` gives one loss per example, for the updates. `evaluate` is what the book records per
/// epoch: usually the mean of the same loss ([`evaluate_loss`], see [`mean_loss`]), for the
/// house prices the log RMSE. Stops with [`Error::Diverged`](crate::Error::Diverged) as soon as
/// the training figure is NaN or infinite.
#[allow(
    clippy::too_many_arguments,
    reason = "the book's train loops take this many"
)]
pub fn train_regression<N: Net<Tensor<2>>, E: RowBatches>(
    net: &mut N,
    train_iter: &impl RowBatches,
    train_eval: &E,
    test_iter: Option<&E>,
    loss: impl Fn(Tensor<2>, Tensor<2>) -> Tensor<1>,
    evaluate: impl Fn(&N, &E) -> f64,
    num_epochs: usize,
    updater: &mut impl Updater<N>,
    observer: &mut impl Observer,
) -> Result<History> {
    let mut history = History::default();
    for epoch in 1..=num_epochs {
        let timer = Timer::new();
        let total = train_iter.num_batches();
        for (i, (x, y)) in train_iter.batches().enumerate() {
            let l = loss(net.forward(x), y);
            updater.step(net, l);
            observer.on_batch(epoch, i + 1, total);
        }
        let train_loss = evaluate(net, train_eval);
        check_finite(epoch, train_loss)?;
        let stats = EpochStats {
            epoch,
            train_loss,
            train_acc: None,
            test_acc: None,
            test_loss: test_iter.map(|test| evaluate(net, test)),
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
