//! d2l-zh 3.2 线性回归的从零开始实现: linear regression from scratch.
//!
//! The six steps of the section, in order: read the data (`data_iter`), initialise the
//! parameters, define the model, the loss and the optimisation algorithm, then train.

use std::time::Instant;

use burn::module::{Module, Param};
use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use super::{LinregConfig, LinregReport};
use crate::data::{DataIter, load_array};
use crate::device::Device;
use crate::error::Result;
use crate::nn::loss::squared_loss;
use crate::nn::optim::sgd;
use crate::train::{Net, Observer, mean_loss, train_regression};

/// The model's parameters w `[num_inputs, 1]` and b `[1]`, as a burn `Module`.
#[derive(Module, Debug)]
pub struct LinearRegressionScratch {
    /// The weights.
    pub w: Param<Tensor<2>>,
    /// The bias.
    pub b: Param<Tensor<1>>,
}

/// Step 2, initialise: w ~ N(0, 0.01²) with shape `[num_inputs, 1]`, b = 0; both require grad.
pub fn init_params(num_inputs: usize, seed: u64, device: &Device) -> LinearRegressionScratch {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 0.01).expect("N(0, 0.01²) should be valid");
    let w_values: Vec<f32> = (0..num_inputs).map(|_| normal.sample(&mut rng)).collect();
    let device = device.clone().autodiff();
    let w = Tensor::<2>::from_data(TensorData::new(w_values, [num_inputs, 1]), &device);
    LinearRegressionScratch {
        w: Param::from_tensor(w),
        b: Param::from_tensor(Tensor::<1>::zeros([1], &device)),
    }
}

/// Step 3, the model: ŷ = Xw + b (d2l-zh `linreg`).
///
/// burn broadcasts only between tensors of equal rank, so the bias `[1]` becomes `[1, 1]` first.
pub fn linreg(x: Tensor<2>, w: Tensor<2>, b: Tensor<1>) -> Tensor<2> {
    x.matmul(w) + b.unsqueeze::<2>() // [n, 1]
}

impl Net<Tensor<2>> for LinearRegressionScratch {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        linreg(x, self.w.val(), self.b.val())
    }
}

/// Step 4, the loss: ½(ŷ − y)² per example, flattened to `[n]`.
pub fn loss(y_hat: Tensor<2>, y: Tensor<2>) -> Tensor<1> {
    squared_loss(y_hat, y).flatten(0, 1)
}

/// Step 5, the optimisation algorithm: minibatch SGD on w and b (d2l-zh `sgd`).
///
/// The losses are summed so that `backward` gets a scalar; `sgd` divides by the batch size.
pub fn updater(lr: f64) -> impl FnMut(&mut LinearRegressionScratch, Tensor<1>) {
    move |net, losses| {
        let batch_size = losses.dims()[0];
        let grads = losses.sum().backward();
        net.w = net.w.clone().map(|w| sgd(w, &grads, lr, batch_size));
        net.b = net.b.clone().map(|b| sgd(b, &grads, lr, batch_size));
    }
}

/// Step 6, train: `cfg.epochs` passes over the data in shuffled minibatches; the observer sees
/// the loss over all examples after each epoch.
pub fn train(cfg: &LinregConfig, observer: &mut impl Observer) -> Result<LinregReport> {
    cfg.validate()?;
    let start = Instant::now();
    // Step 1: the data set, `synthetic_data(true_w, true_b, 1000)`, read in shuffled
    // minibatches by the book's `data_iter`.
    let (features, labels) = cfg.data();
    let examples = features.dims()[0];
    let train_iter = DataIter::new(
        features.clone(),
        labels.clone(),
        cfg.batch_size,
        cfg.seed.wrapping_add(2),
    );
    // `train_l = loss(net(features), labels)`: every example in one batch.
    let whole_set = load_array((features, labels), examples, false, 0);
    let mut net = init_params(cfg.true_w.len(), cfg.seed.wrapping_add(1), &cfg.device);
    let history = train_regression(
        &mut net,
        &train_iter,
        &whole_set,
        None,
        loss,
        mean_loss(loss),
        cfg.epochs,
        &mut updater(cfg.lr),
        observer,
    )?;

    let w: Vec<f32> = net
        .w
        .val()
        .inner()
        .try_into_vec_as()
        .expect("w should hold f32");
    let b = net.b.val().inner().into_scalar::<f32>() as f64;
    let estimate = (w.into_iter().map(f64::from).collect(), b);
    let final_loss = match history.last() {
        Some(last) => last.train_loss,
        None => crate::train::evaluate_loss(&net, &whole_set, &loss),
    };
    Ok(LinregReport::new(
        super::LinregImpl::Scratch,
        cfg,
        history.train_losses(),
        final_loss,
        estimate,
        crate::device::describe(&cfg.device),
        start.elapsed().as_secs_f64(),
    ))
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
        let net = init_params(2, 0, &cpu());
        assert!(net.w.val().is_require_grad() && net.b.val().is_require_grad());
        let w: Vec<f32> = net.w.val().inner().try_into_vec_as().unwrap();
        assert!(w.iter().all(|v| v.abs() < 0.05 && *v != 0.0), "{w:?}");
        assert_eq!(net.b.val().inner().into_scalar::<f32>(), 0.0);
    }
}
