//! d2l-zh 4.1.2 激活函数: ReLU, sigmoid and tanh, and their derivatives by autograd.
//!
//! Each function is evaluated on the book's grid `x = arange(-8, 8, 0.1)`; its derivative comes
//! from one `backward` of the sum (each yᵢ depends on xᵢ alone, so ∂Σy/∂xᵢ = dyᵢ/dxᵢ).

use burn::tensor::activation::{relu, sigmoid, tanh};
use burn::tensor::{Tensor, TensorData};
use serde::Serialize;

use crate::device::Device;
use crate::plot::curves::{Curves, Series};

/// An element-wise function of a vector.
pub type Activation = fn(Tensor<1>) -> Tensor<1>;

/// The three activation functions of the section.
pub const ACTIVATIONS: [(&str, Activation); 3] =
    [("ReLU", relu), ("sigmoid", sigmoid), ("tanh", tanh)];

/// One function sampled on the grid, with its derivative.
#[derive(Debug, Clone, Serialize)]
pub struct ActivationCurve {
    /// `ReLU`, `sigmoid` or `tanh`.
    pub name: String,
    /// The inputs.
    pub x: Vec<f64>,
    /// f(x).
    pub y: Vec<f64>,
    /// f'(x), by autograd.
    pub gradient: Vec<f64>,
}

impl ActivationCurve {
    /// The function and its derivative in one chart, as the book draws each (`d2l.plot`).
    pub fn chart(&self) -> Curves {
        let points = |values: &[f64]| self.x.iter().copied().zip(values.iter().copied()).collect();
        Curves {
            title: self.name.clone(),
            xlabel: "x".into(),
            ylabel: String::new(),
            xlim: (-8.0, 8.0),
            ylim: if self.name == "ReLU" {
                (-0.5, 8.0)
            } else {
                (-1.05, 1.05)
            },
            series: vec![
                Series::new(format!("{}(x)", self.name), points(&self.y)),
                Series::new(format!("d {}(x) / dx", self.name), points(&self.gradient)),
            ],
            size: (420, 360),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// The book's grid: -8, -7.9, ..., 7.9.
pub fn grid() -> Vec<f64> {
    (0..160).map(|i| -8.0 + 0.1 * i as f64).collect()
}

/// Every function of [`ACTIVATIONS`] and its derivative on `x`.
pub fn activation_curves(x: &[f64], device: &Device) -> Vec<ActivationCurve> {
    let autodiff = device.clone().autodiff();
    let to_f64 = |t: Tensor<1>| -> Vec<f64> { t.inner().try_into_vec_as().expect("f32 values") };
    ACTIVATIONS
        .iter()
        .map(|(name, f)| {
            let values: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let x_t = Tensor::<1>::from_data(TensorData::new(values, [x.len()]), &autodiff)
                .require_grad();
            let y = f(x_t.clone());
            // y.backward(torch.ones_like(x)) in the book: burn sums a non-scalar for us.
            let grads = y.clone().sum().backward();
            ActivationCurve {
                name: name.to_string(),
                x: x.to_vec(),
                y: to_f64(y),
                gradient: to_f64(x_t.grad(&grads).expect("x requires grad")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn autograd_derivatives_equal_the_closed_forms() {
        let curves = activation_curves(&grid(), &cpu());
        let closed: [fn(f64) -> f64; 3] = [
            |x| if x > 0.0 { 1.0 } else { 0.0 },
            |x| {
                let s = 1.0 / (1.0 + (-x).exp());
                s * (1.0 - s) // sigmoid' = s(1 − s)
            },
            |x| 1.0 - x.tanh().powi(2), // tanh' = 1 − tanh²
        ];
        assert_eq!(curves.len(), 3);
        for (curve, derivative) in curves.iter().zip(closed) {
            for (&x, &g) in curve.x.iter().zip(&curve.gradient) {
                if curve.name == "ReLU" && x.abs() < 1e-6 {
                    continue; // no derivative at the kink
                }
                assert!(
                    (g - derivative(x)).abs() < 1e-5,
                    "{} at {x}: {g}",
                    curve.name
                );
            }
        }
        // sigmoid'(0) = 0.25 and tanh'(0) = 1 are the largest slopes.
        let max = |c: &ActivationCurve| c.gradient.iter().copied().fold(0.0, f64::max);
        assert!((max(&curves[1]) - 0.25).abs() < 1e-3);
        assert!((max(&curves[2]) - 1.0).abs() < 1e-3);
    }
}
