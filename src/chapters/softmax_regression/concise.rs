//! d2l-zh 3.7 softmax回归的简洁实现: the same model with burn's layers and optimiser.
//!
//! `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))` becomes [`SoftmaxRegression`], the
//! cross-entropy works on logits (log-sum-exp, never an explicit softmax), and the parameters
//! move with burn's `Sgd`.

use burn::module::{Initializer, Module};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Int, Tensor};

use super::scratch::{NUM_INPUTS, NUM_OUTPUTS};
use crate::device::Device;
use crate::nn::layers::linear_normal;
use crate::nn::loss::cross_entropy_logits;
use crate::train::Net;

/// Flatten, then one fully connected layer: the output is logits, not probabilities.
#[derive(Module, Debug)]
pub struct SoftmaxRegression {
    /// `Linear(784, 10)`; burn stores its weight as `[784, 10]` (inputs first).
    pub linear: Linear,
}

impl SoftmaxRegression {
    /// `nn.init.normal_(m.weight, std=0.01)` as in the book; the bias starts at zero.
    pub fn new(seed: u64, device: &Device) -> Self {
        Self {
            linear: linear_normal(NUM_INPUTS, NUM_OUTPUTS, 0.01, seed, device),
        }
    }

    /// All parameters zero, ready to train: the shape to load a checkpoint into (no random draw).
    pub fn zeros(device: &Device) -> Self {
        Self {
            linear: LinearConfig::new(NUM_INPUTS, NUM_OUTPUTS)
                .with_initializer(Initializer::Zeros)
                .init(&device.clone().autodiff()),
        }
    }
}

impl Net<Tensor<4>> for SoftmaxRegression {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.linear.forward(x.flatten::<2>(1, 3)) // [n, 784] -> [n, 10] logits
    }
}

/// `nn.CrossEntropyLoss(reduction='none')`: one loss per example, from logits.
///
/// burn's own `CrossEntropyLoss` always averages over the batch, while `train_ch3` needs the
/// per-example losses to report the epoch's loss; both compute `−log_softmax(o)[y]`.
pub fn loss(logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    cross_entropy_logits(logits, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use burn::nn::loss::CrossEntropyLossConfig;

    #[test]
    fn per_example_loss_averages_to_burns_cross_entropy() {
        let device = cpu();
        let logits = Tensor::<2>::from_data([[2.0f32, -1.0, 0.5], [0.1, 0.2, 3.0]], &device);
        let y = Tensor::<1, Int>::from_data([1, 2], &device);
        let ours = loss(logits.clone(), y.clone()).mean().into_scalar::<f32>();
        let burns = CrossEntropyLossConfig::new()
            .init(&device)
            .forward(logits, y)
            .into_scalar::<f32>();
        assert!((ours - burns).abs() < 1e-6, "{ours} vs {burns}");
    }
}
