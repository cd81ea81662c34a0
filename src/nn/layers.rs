//! Layer constructors with the book's initialisation.

use burn::module::{Initializer, Param};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::Tensor;

use crate::device::Device;

/// `nn.Linear(d_in, d_out)` initialised as d2l does: weight ~ N(0, std²), bias = 0.
///
/// The layer lives on the autodiff version of `device`, ready to train; `seed` makes the draw
/// repeatable.
pub fn linear_normal(d_in: usize, d_out: usize, std: f64, seed: u64, device: &Device) -> Linear {
    let device = device.clone().autodiff();
    device.seed(seed);
    let mut linear = LinearConfig::new(d_in, d_out)
        .with_initializer(Initializer::Normal { mean: 0.0, std })
        .init(&device);
    // A new trainable parameter: mapping the old one to zeros would drop its require-grad flag.
    linear.bias = Some(Param::from_tensor(Tensor::zeros([d_out], &device)));
    linear
}

/// `nn.Linear(d_in, d_out)` with Xavier initialisation (d2l-zh 4.8.2.2): weights with variance
/// 2 / (d_in + d_out), from U(−a, a) with a = √(6 / (d_in + d_out)) (`uniform`) or a normal; the
/// bias 0. With this variance both the forward activations and the backward gradients keep their
/// scale from layer to layer.
pub fn linear_xavier(
    d_in: usize,
    d_out: usize,
    uniform: bool,
    seed: u64,
    device: &Device,
) -> Linear {
    let device = device.clone().autodiff();
    device.seed(seed);
    let initializer = if uniform {
        Initializer::XavierUniform { gain: 1.0 }
    } else {
        Initializer::XavierNormal { gain: 1.0 }
    };
    let mut linear = LinearConfig::new(d_in, d_out)
        .with_initializer(initializer)
        .init(&device);
    linear.bias = Some(Param::from_tensor(Tensor::zeros([d_out], &device)));
    linear
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn xavier_weights_have_variance_two_over_fan_in_plus_fan_out() {
        for uniform in [true, false] {
            let linear = linear_xavier(300, 100, uniform, 1, &cpu());
            let w: Vec<f32> = linear.weight.val().inner().try_into_vec_as().unwrap();
            let variance = w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32;
            let expected = 2.0 / 400.0;
            assert!(
                (variance - expected).abs() < 0.05 * expected,
                "{uniform}: {variance}"
            );
            if uniform {
                let bound = (6.0f32 / 400.0).sqrt();
                assert!(w.iter().all(|v| v.abs() <= bound), "U(-a, a)");
            }
        }
    }

    #[test]
    fn small_weights_zero_bias_and_both_train() {
        let linear = linear_normal(784, 10, 0.01, 0, &cpu());
        let w: Vec<f32> = linear.weight.val().inner().try_into_vec_as().unwrap();
        let std = (w.iter().map(|v| v * v).sum::<f32>() / w.len() as f32).sqrt();
        assert!((std - 0.01).abs() < 0.001, "std {std}");
        let bias = linear.bias.as_ref().unwrap().val();
        assert!(bias.is_require_grad() && linear.weight.val().is_require_grad());
        assert_eq!(bias.inner().abs().sum().into_scalar::<f32>(), 0.0);
    }
}
