//! d2l-zh 4.6.5 简洁实现: the same network with burn's `Dropout` layers, which switch themselves
//! off when the model is evaluated (`valid()`).

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear, Relu};
use burn::tensor::Tensor;

use crate::device::Device;
use crate::nn::layers::linear_normal;
use crate::train::Net;

/// `nn.Sequential(Flatten, Linear, ReLU, Dropout(0.2), Linear, ReLU, Dropout(0.5), Linear)`.
#[derive(Module, Debug)]
pub struct DropoutMlp {
    /// `Linear(784, 256)`.
    pub lin1: Linear,
    /// `Dropout(dropout1)`.
    pub dropout1: Dropout,
    /// `Linear(256, 256)`.
    pub lin2: Linear,
    /// `Dropout(dropout2)`.
    pub dropout2: Dropout,
    /// `Linear(256, 10)`.
    pub lin3: Linear,
    /// max(x, 0).
    pub relu: Relu,
}

impl DropoutMlp {
    /// `net.apply(init_weights)`: weights ~ N(0, 0.01²), biases 0. Also seeds the backend's
    /// generator, which `Dropout` draws its masks from, so that a seed repeats the run.
    pub fn new(sizes: [usize; 4], dropouts: (f64, f64), seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let layer = |i: usize| linear_normal(sizes[i], sizes[i + 1], 0.01, seed + i as u64, device);
        Self {
            lin1: layer(0),
            dropout1: DropoutConfig::new(dropouts.0).init(),
            lin2: layer(1),
            dropout2: DropoutConfig::new(dropouts.1).init(),
            lin3: layer(2),
            relu: Relu::new(),
        }
    }
}

impl Net<Tensor<4>> for DropoutMlp {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let h1 = self
            .dropout1
            .forward(self.relu.forward(self.lin1.forward(x.flatten::<2>(1, 3))));
        let h2 = self
            .dropout2
            .forward(self.relu.forward(self.lin2.forward(h1)));
        self.lin3.forward(h2)
    }
}
