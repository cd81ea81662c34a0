//! d2l-zh 4.3 多层感知机的简洁实现: the same network from burn's layers.
//!
//! `nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))` with its
//! weights drawn from N(0, 0.01²), trained by burn's `Sgd`.

use burn::module::Module;
use burn::nn::{Linear, Relu};
use burn::tensor::{Int, Tensor};

use crate::device::Device;
use crate::nn::layers::linear_normal;
use crate::nn::loss::cross_entropy_logits;
use crate::train::Net;

/// Flatten, `Linear(784, h)`, ReLU, `Linear(h, 10)`: logits out.
#[derive(Module, Debug)]
pub struct Mlp {
    /// The hidden layer.
    pub hidden: Linear,
    /// max(x, 0).
    pub relu: Relu,
    /// The output layer.
    pub output: Linear,
}

impl Mlp {
    /// `net.apply(init_weights)`: weights ~ N(0, 0.01²), biases 0.
    pub fn new(
        num_inputs: usize,
        num_hiddens: usize,
        num_outputs: usize,
        seed: u64,
        device: &Device,
    ) -> Self {
        Self {
            hidden: linear_normal(num_inputs, num_hiddens, 0.01, seed, device),
            relu: Relu::new(),
            output: linear_normal(num_hiddens, num_outputs, 0.01, seed.wrapping_add(1), device),
        }
    }
}

impl Net<Tensor<4>> for Mlp {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = x.flatten::<2>(1, 3); // nn.Flatten()
        self.output
            .forward(self.relu.forward(self.hidden.forward(x)))
    }
}

/// `nn.CrossEntropyLoss(reduction='none')`.
pub fn loss(logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    cross_entropy_logits(logits, y)
}
