//! Minibatch stochastic gradient descent, by hand (d2l-zh 3.2.6 `sgd`) and through burn's
//! optimizers (3.3.6), behind one [`Updater`] trait so that one training loop serves both.

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Gradients, Tensor};

/// One step of minibatch SGD on one parameter: p ← p − η · ∂l/∂p / |B|.
///
/// `grads` must come from `l.sum().backward()`, as in the book, hence the division by the batch
/// size. The new parameter is built outside the graph (`inner()`), then made a fresh leaf that
/// requires gradients again: `p - g * s` alone would keep the old graph alive and lose the
/// gradient next step.
pub fn sgd<const D: usize>(
    param: Tensor<D>,
    grads: &Gradients,
    lr: f64,
    batch_size: usize,
) -> Tensor<D> {
    let grad = param
        .grad(grads)
        .expect("sgd: the parameter should require gradients and take part in the loss");
    let step = grad.mul_scalar(lr / batch_size as f64);
    (param.inner() - step).autodiff().require_grad()
}

/// Updates a network from the per-example losses of one minibatch (d2l's `updater`).
///
/// The losses are not reduced yet: the from-scratch updater sums them and divides the gradient
/// by the batch size, burn's optimizers take their mean. Both give the same step.
pub trait Updater<N> {
    /// Backpropagates `losses` and updates `net` in place.
    fn step(&mut self, net: &mut N, losses: Tensor<1>);
}

/// Any closure `|net, losses|` is an updater, like the book's `updater(batch_size)`.
impl<N, F: FnMut(&mut N, Tensor<1>)> Updater<N> for F {
    fn step(&mut self, net: &mut N, losses: Tensor<1>) {
        self(net, losses)
    }
}

/// A burn optimizer on a [`Module`] (d2l-zh 3.3 `torch.optim.SGD(net.parameters(), lr)`).
pub struct OptimizerUpdater {
    optimizer: ModuleOptimizer,
    lr: f64,
}

impl OptimizerUpdater {
    /// Plain SGD with learning rate `lr`.
    pub fn sgd(lr: f64) -> Self {
        Self::new(SgdConfig::new().init(), lr)
    }

    /// Any burn optimizer (Adam, SGD with weight decay or parameter groups, ...) at rate `lr`.
    pub fn new(optimizer: ModuleOptimizer, lr: f64) -> Self {
        Self { optimizer, lr }
    }
}

impl<M: Module> Updater<M> for OptimizerUpdater {
    fn step(&mut self, net: &mut M, losses: Tensor<1>) {
        let grads = losses.mean().backward();
        let grads = GradientsParams::from_grads(grads, net);
        *net = self.optimizer.step(self.lr, net.clone(), grads);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn sgd_steps_against_the_gradient_and_keeps_a_leaf() {
        let device = cpu().autodiff();
        let w = Tensor::<1>::from_data([1.0f32, -2.0], &device).require_grad();
        // l = Σ w², so ∂l/∂w = 2w; with lr 0.5 and batch 2: w − 0.5 · 2w / 2 = 0.5 w.
        let grads = w.clone().square().sum().backward();
        let w = sgd(w, &grads, 0.5, 2);
        let values: Vec<f32> = w.clone().inner().try_into_vec_as().unwrap();
        assert_eq!(values, [0.5, -1.0]);
        // The updated parameter must give a gradient on the next step too.
        let grads = w.clone().square().sum().backward();
        assert!(w.grad(&grads).is_some());
    }
}
