//! d2l-zh 4.8 数值稳定性和模型初始化: gradients that vanish and products that explode, and the
//! initialisation that keeps variances in check.
//!
//! - Vanishing: sigmoid's derivative s(1 − s) is at most 1/4 and nearly 0 for |x| > 5, so a
//!   product of many such factors shrinks to nothing (the figure is `d2l activations`' sigmoid
//!   panel, which `d2l stability` draws on its own).
//! - Exploding: the product of 100 random 4 × 4 matrices with N(0, 1) entries grows by about
//!   e^0.56 per factor, to entries around 1e24.
//! - Xavier initialisation draws weights with variance 2 / (n_in + n_out), so that activations
//!   and gradients keep their variance from layer to layer:
//!   [`linear_xavier`](crate::nn::layers::linear_xavier).

use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::device::Device;

/// The start and the end of the exploding product.
#[derive(Debug, Clone, Serialize)]
pub struct Explosion {
    /// How many matrices were multiplied.
    pub factors: usize,
    /// The first matrix, row-major.
    pub first: Vec<f64>,
    /// The product of all of them, row-major.
    pub product: Vec<f64>,
    /// The largest |entry| of the product.
    pub max_abs: f64,
}

/// `M = torch.normal(0, 1, size=(4, 4)); for i in range(100): M = M @ torch.normal(0, 1, ...)`.
pub fn exploding_product(factors: usize, seed: u64, device: &Device) -> Explosion {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, 1.0).expect("N(0, 1) should be valid");
    let mut random = || {
        let values: Vec<f32> = (0..16).map(|_| normal.sample(&mut rng)).collect();
        Tensor::<2>::from_data(TensorData::new(values, [4, 4]), device)
    };
    let to_f64 = |m: &Tensor<2>| -> Vec<f64> {
        m.clone()
            .try_into_vec_as::<f32>()
            .expect("f32 entries")
            .into_iter()
            .map(f64::from)
            .collect()
    };
    let mut m = random();
    let first = to_f64(&m);
    for _ in 0..factors {
        m = m.matmul(random());
    }
    let product = to_f64(&m);
    let max_abs = product.iter().map(|v| v.abs()).fold(0.0, f64::max);
    Explosion {
        factors,
        first,
        product,
        max_abs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn a_hundred_random_matrices_explode() {
        let explosion = exploding_product(100, 0, &cpu());
        let first = explosion.first.iter().map(|v| v.abs()).fold(0.0, f64::max);
        assert!(first < 10.0, "{first}");
        // Book: entries around 1e25; about e^56 in expectation.
        assert!(explosion.max_abs > 1e15, "{}", explosion.max_abs);
        assert!(explosion.max_abs.is_finite());
    }
}
