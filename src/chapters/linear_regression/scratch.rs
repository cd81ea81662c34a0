//! d2l-zh 3.2 线性回归的从零开始实现: linear regression from scratch.
//!
//! The six steps of the section, in order: read the data (`data_iter`), initialise the
//! parameters, define the model, the loss and the optimisation algorithm, then train.

use std::time::Instant;

use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use super::{LinregConfig, LinregReport, check_finite};
use crate::data::data_iter;
use crate::device::Device;
use crate::error::Result;
use crate::nn::loss::squared_loss;
use crate::nn::optim::sgd;

/// Step 2, initialise: w ~ N(0, 0.01²) with shape `[num_inputs, 1]`, b = 0; both require grad.
pub fn init_params(num_inputs: usize, seed: u64, device: &Device) -> (Tensor<2>, Tensor<1>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 0.01).expect("N(0, 0.01²) should be valid");
    let w_values: Vec<f32> = (0..num_inputs).map(|_| normal.sample(&mut rng)).collect();
    let device = device.clone().autodiff();
    let w =
        Tensor::<2>::from_data(TensorData::new(w_values, [num_inputs, 1]), &device).require_grad();
    let b = Tensor::<1>::zeros([1], &device).require_grad();
    (w, b)
}

/// Step 3, the model: ŷ = Xw + b (d2l-zh `linreg`).
///
/// burn broadcasts only between tensors of equal rank, so the bias `[1]` becomes `[1, 1]` first.
pub fn linreg(x: Tensor<2>, w: Tensor<2>, b: Tensor<1>) -> Tensor<2> {
    x.matmul(w) + b.unsqueeze::<2>() // [n, 1]
}

/// Steps 4-6: squared loss, minibatch SGD, and the training loop.
///
/// `on_epoch(epoch, loss)` is called after each epoch with the loss over all examples.
pub fn train(cfg: &LinregConfig, mut on_epoch: impl FnMut(usize, f64)) -> Result<LinregReport> {
    cfg.validate()?;
    let start = Instant::now();
    // Step 1: the data set, `synthetic_data(true_w, true_b, 1000)`, read in shuffled
    // minibatches by `data_iter` below.
    let (features, labels) = cfg.data();
    let (mut w, mut b) = init_params(cfg.true_w.len(), cfg.seed.wrapping_add(1), &cfg.device);
    let mut shuffle_rng = StdRng::seed_from_u64(cfg.seed.wrapping_add(2));

    let mut epoch_losses = Vec::with_capacity(cfg.epochs);
    for epoch in 1..=cfg.epochs {
        for (x, y) in data_iter(cfg.batch_size, &features, &labels, &mut shuffle_rng) {
            let l = squared_loss(linreg(x, w.clone(), b.clone()), y); // [batch, 1]
            // l has one loss per example: sum them so that backward gets a scalar.
            let grads = l.sum().backward();
            w = sgd(w, &grads, cfg.lr, cfg.batch_size);
            b = sgd(b, &grads, cfg.lr, cfg.batch_size);
        }
        let train_l = epoch_loss(&features, &labels, &w, &b);
        check_finite(epoch, train_l)?;
        on_epoch(epoch, train_l);
        epoch_losses.push(train_l);
    }

    let loss = epoch_losses
        .last()
        .copied()
        .unwrap_or_else(|| epoch_loss(&features, &labels, &w, &b));
    let w_values: Vec<f32> = w.inner().try_into_vec_as().expect("w should hold f32");
    let b_value = b.inner().into_scalar::<f32>() as f64;
    let estimate = (w_values.into_iter().map(f64::from).collect(), b_value);
    Ok(LinregReport::new(
        "scratch",
        cfg,
        epoch_losses,
        loss,
        estimate,
        crate::device::describe(&cfg.device),
        start.elapsed().as_secs_f64(),
    ))
}

/// Mean squared loss (with the ½) over the whole data set, outside the graph.
fn epoch_loss(features: &Tensor<2>, labels: &Tensor<2>, w: &Tensor<2>, b: &Tensor<1>) -> f64 {
    let y_hat = linreg(features.clone(), w.clone().inner(), b.clone().inner());
    squared_loss(y_hat, labels.clone())
        .mean()
        .into_scalar::<f32>() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn linreg_adds_the_bias_to_every_row() {
        let x = Tensor::<2>::from_data([[1.0f32, 2.0], [3.0, 4.0]], &cpu());
        let w = Tensor::<2>::from_data([[1.0f32], [-1.0]], &cpu());
        let b = Tensor::<1>::from_data([0.5f32], &cpu());
        let y: Vec<f32> = linreg(x, w, b).try_into_vec_as().unwrap();
        assert_eq!(y, [-0.5, -0.5]);
    }

    #[test]
    fn init_params_are_small_and_trainable() {
        let (w, b) = init_params(2, 0, &cpu());
        assert!(w.is_require_grad() && b.is_require_grad());
        let w: Vec<f32> = w.inner().try_into_vec_as().unwrap();
        assert!(w.iter().all(|v| v.abs() < 0.05 && *v != 0.0), "{w:?}");
        assert_eq!(b.inner().into_scalar::<f32>(), 0.0);
    }
}
