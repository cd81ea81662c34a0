//! d2l-zh 4.6.4 从零开始实现: dropout written by hand, in an MLP with two hidden layers.

use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Distribution, Tensor};

use crate::device::Device;
use crate::train::Net;

/// Drops each element of `x` with probability `p` and scales the survivors by 1/(1 − p), so that
/// the expected value of every element stays what it was: E[h'] = (1 − p) · h / (1 − p) = h.
///
/// # Panics
///
/// If `p` is outside [0, 1], as the book's `assert 0 <= dropout <= 1`; the command line refuses
/// such a value before training starts.
pub fn dropout_layer<const D: usize>(x: Tensor<D>, p: f64) -> Tensor<D> {
    assert!(
        (0.0..=1.0).contains(&p),
        "dropout probability {p} is not in [0, 1]"
    );
    if p == 1.0 {
        return x.zeros_like(); // everything dropped
    }
    if p == 0.0 {
        return x; // everything kept
    }
    // mask = (torch.rand(X.shape) > dropout).float()
    let mask = x
        .random_like(Distribution::Uniform(0.0, 1.0))
        .greater_elem(p)
        .float();
    (mask * x).div_scalar(1.0 - p)
}

/// 784-256-256-10 with ReLU, and dropout after each hidden layer while training.
#[derive(Module, Debug)]
pub struct DropoutMlp {
    /// Input to first hidden layer.
    pub lin1: Linear,
    /// First to second hidden layer.
    pub lin2: Linear,
    /// Second hidden layer to the ten outputs.
    pub lin3: Linear,
    /// Dropout probability after the first hidden layer.
    pub dropout1: f64,
    /// Dropout probability after the second hidden layer.
    pub dropout2: f64,
}

impl DropoutMlp {
    /// The layers with burn's default initialisation (PyTorch's, as the book leaves it).
    pub fn new(sizes: [usize; 4], dropouts: (f64, f64), seed: u64, device: &Device) -> Self {
        let device = device.clone().autodiff();
        device.seed(seed);
        let linear = |d_in, d_out| LinearConfig::new(d_in, d_out).init(&device);
        Self {
            lin1: linear(sizes[0], sizes[1]),
            lin2: linear(sizes[1], sizes[2]),
            lin3: linear(sizes[2], sizes[3]),
            dropout1: dropouts.0,
            dropout2: dropouts.1,
        }
    }
}

impl Net<Tensor<4>> for DropoutMlp {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let h1 = self.lin1.forward(x.flatten::<2>(1, 3)).clamp_min(0.0);
        // The book asks `self.training`; here a model is training while its parameters are on
        // the autodiff device, and `valid()` (evaluation) takes them off it.
        let training = h1.device().is_autodiff();
        let h1 = if training {
            dropout_layer(h1, self.dropout1)
        } else {
            h1
        };
        let h2 = self.lin2.forward(h1).clamp_min(0.0);
        let h2 = if training {
            dropout_layer(h2, self.dropout2)
        } else {
            h2
        };
        self.lin3.forward(h2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn no_dropout_keeps_x_and_full_dropout_zeroes_it() {
        let x = Tensor::<2>::from_data([[1.0f32, -2.0], [3.0, 4.0]], &cpu());
        let kept: Vec<f32> = dropout_layer(x.clone(), 0.0).try_into_vec_as().unwrap();
        assert_eq!(kept, [1.0, -2.0, 3.0, 4.0]);
        let dropped: Vec<f32> = dropout_layer(x, 1.0).try_into_vec_as().unwrap();
        assert_eq!(dropped, [0.0; 4]);
    }

    #[test]
    fn survivors_are_scaled_and_about_one_minus_p_survive() {
        let device = cpu();
        device.seed(7);
        let x = Tensor::<1>::ones([100_000], &device).mul_scalar(2.0);
        let y: Vec<f32> = dropout_layer(x, 0.2).try_into_vec_as().unwrap();
        let kept: Vec<&f32> = y.iter().filter(|v| **v != 0.0).collect();
        assert!(
            kept.iter().all(|v| (**v - 2.5).abs() < 1e-6),
            "2 / (1 - 0.2) = 2.5"
        );
        let fraction = kept.len() as f64 / y.len() as f64;
        assert!((fraction - 0.8).abs() < 0.01, "kept {fraction}");
    }

    #[test]
    fn evaluation_is_deterministic() {
        let net = DropoutMlp::new([784, 16, 16, 10], (0.5, 0.5), 0, &cpu());
        let x = Tensor::<4>::ones([2, 1, 28, 28], &cpu());
        let eval = net.valid();
        let a: Vec<f32> = eval.forward(x.clone()).try_into_vec_as().unwrap();
        let b: Vec<f32> = eval.forward(x.clone()).try_into_vec_as().unwrap();
        assert_eq!(a, b);
        // While training the masks differ from call to call.
        let c: Vec<f32> = net.forward(x.clone()).inner().try_into_vec_as().unwrap();
        let d: Vec<f32> = net.forward(x).inner().try_into_vec_as().unwrap();
        assert_ne!(c, d);
    }
}
