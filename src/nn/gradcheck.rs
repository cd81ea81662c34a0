//! Checking autograd against finite differences.
//!
//! For a scalar function f and a point x, the central difference
//! (f(x + εeᵢ) − f(x − εeᵢ)) / 2ε approximates ∂f/∂xᵢ with an error of order ε². A gradient that
//! disagrees with it by more than that points at a bug in the backward pass (or a kink of f
//! within ε of x). Everything runs in f64 so that ε can be small without rounding noise.

use burn::tensor::{DType, Tensor, TensorData};

use crate::device::Device;

/// How far autograd is from the finite differences.
#[derive(Debug, Clone, PartialEq)]
pub struct GradCheck {
    /// ∂f/∂x from autograd.
    pub autograd: Vec<f64>,
    /// ∂f/∂x from central differences.
    pub numeric: Vec<f64>,
    /// maxᵢ |aᵢ − nᵢ| / max(|aᵢ|, |nᵢ|, 1e-8): 0 when they agree.
    pub max_rel_error: f64,
}

/// Compares autograd's gradient of `f` at `x` with central differences of step `eps`.
///
/// `f` maps a vector to a one-element tensor (a scalar loss). It is called on tensors of
/// dtype f64; it must not change the dtype.
pub fn grad_check(
    f: impl Fn(Tensor<1>) -> Tensor<1>,
    x: &[f64],
    eps: f64,
    device: &Device,
) -> GradCheck {
    let tensor = |values: Vec<f64>, device: &Device| {
        let n = values.len();
        Tensor::<1>::from_data(TensorData::new(values, [n]), (device, DType::F64))
    };
    let scalar = |t: Tensor<1>| -> f64 { t.inner().into_scalar::<f64>() };

    let autodiff = device.clone().autodiff();
    let leaf = tensor(x.to_vec(), &autodiff).require_grad();
    let grads = f(leaf.clone()).sum().backward();
    let autograd: Vec<f64> = leaf
        .grad(&grads)
        .map(|g| {
            g.try_into_vec_as::<f64>()
                .expect("gradient should be readable")
        })
        .unwrap_or_else(|| vec![0.0; x.len()]); // f does not depend on x at all

    let numeric: Vec<f64> = (0..x.len())
        .map(|i| {
            let shifted = |delta: f64| {
                let mut values = x.to_vec();
                values[i] += delta;
                scalar(f(tensor(values, device)))
            };
            (shifted(eps) - shifted(-eps)) / (2.0 * eps)
        })
        .collect();

    let max_rel_error = autograd
        .iter()
        .zip(&numeric)
        .map(|(a, n)| (a - n).abs() / a.abs().max(n.abs()).max(1e-8))
        .fold(0.0, f64::max);
    GradCheck {
        autograd,
        numeric,
        max_rel_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn agrees_on_a_smooth_function() {
        // f(x) = Σ xᵢ³, ∂f/∂xᵢ = 3xᵢ².
        let check = grad_check(|x| x.powi_scalar(3).sum(), &[1.0, -2.0, 0.5], 1e-5, &cpu());
        assert!(check.max_rel_error < 1e-6, "{check:?}");
        assert!((check.autograd[1] - 12.0).abs() < 1e-9);
    }

    #[test]
    fn catches_a_wrong_gradient() {
        // The gradient of a detached factor is missing: f = x · stop_grad(x) has ∂f/∂x = x by
        // autograd but 2x by finite differences.
        let check = grad_check(
            |x| (x.clone() * x.detach()).sum(),
            &[1.0, 2.0],
            1e-5,
            &cpu(),
        );
        assert!(check.max_rel_error > 0.4, "{check:?}");
    }
}
