//! Synthetic regression data (d2l-zh 3.2.1 "生成数据集").

use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};

use crate::device::Device;

/// Standard deviation of the label noise ε in y = Xw + b + ε.
pub const NOISE_STD: f32 = 0.01;

/// Draws `n` examples of y = Xw + b + ε with X ~ N(0, 1) and ε ~ N(0, 0.01²).
///
/// Returns `(X, y)` with shapes `[n, w.len()]` and `[n, 1]`. The same `seed` gives the same data
/// on every machine, because the numbers come from `rand`'s ChaCha generator and not from the
/// backend. Defined in d2l-zh 3.2 (`synthetic_data`).
///
/// ```
/// use d2l::prelude::*;
/// let (x, y) = d2l::data::synthetic_data(&[2.0, -3.4], 4.2, 1000, 42, &d2l::device::cpu());
/// assert_eq!(x.dims(), [1000, 2]);
/// assert_eq!(y.dims(), [1000, 1]);
/// ```
pub fn synthetic_data(
    w: &[f32],
    b: f32,
    n: usize,
    seed: u64,
    device: &Device,
) -> (Tensor<2>, Tensor<2>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let standard = Normal::new(0.0f32, 1.0).expect("unit normal should be valid");
    let noise = Normal::new(0.0f32, NOISE_STD).expect("noise normal should be valid");

    let x_values: Vec<f32> = (0..n * w.len())
        .map(|_| standard.sample(&mut rng))
        .collect();
    let eps_values: Vec<f32> = (0..n).map(|_| noise.sample(&mut rng)).collect();

    let x = Tensor::<2>::from_data(TensorData::new(x_values, [n, w.len()]), device);
    let w = Tensor::<2>::from_data(TensorData::new(w.to_vec(), [w.len(), 1]), device);
    let eps = Tensor::<2>::from_data(TensorData::new(eps_values, [n, 1]), device);
    let y = x.clone().matmul(w).add_scalar(b) + eps; // [n, 1]
    (x, y)
}

/// Replaces a `fraction` of the targets with wild values: each chosen yᵢ gets N(0, 10²) added.
///
/// Squared loss follows such outliers (its gradient grows with the residual); L1 and Huber's
/// loss cap their pull (d2l's robust-loss exercise).
pub fn add_outliers(y: Tensor<2>, fraction: f64, seed: u64) -> Tensor<2> {
    let [n, _] = y.dims();
    let count = (fraction * n as f64).round() as usize;
    if count == 0 {
        return y;
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let wild = Normal::new(0.0f32, 10.0).expect("N(0, 10²) should be valid");
    let mut values: Vec<f32> = y.clone().try_into_vec_as().expect("y holds floats");
    for i in rand::seq::index::sample(&mut rng, n, count) {
        values[i] += wild.sample(&mut rng);
    }
    Tensor::from_data(TensorData::new(values, [n, 1]), &y.device())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn labels_follow_the_linear_model_up_to_the_noise() {
        let device = cpu();
        let (x, y) = synthetic_data(&[2.0, -3.4], 4.2, 500, 7, &device);
        let x: Vec<f32> = x.try_into_vec_as().unwrap();
        let y: Vec<f32> = y.try_into_vec_as().unwrap();
        let max_residual = (0..500)
            .map(|i| (y[i] - (2.0 * x[2 * i] - 3.4 * x[2 * i + 1] + 4.2)).abs())
            .fold(0.0f32, f32::max);
        // Five standard deviations of the noise: fails if y ignores w, b or adds the wrong noise.
        assert!(
            max_residual < 5.0 * NOISE_STD,
            "max residual {max_residual}"
        );
        assert!(max_residual > 0.0, "the labels should carry noise");
    }

    #[test]
    fn outliers_touch_exactly_the_requested_fraction() {
        let (_, y) = synthetic_data(&[1.0], 0.0, 200, 1, &cpu());
        let wild = add_outliers(y.clone(), 0.05, 2);
        let before: Vec<f32> = y.try_into_vec_as().unwrap();
        let after: Vec<f32> = wild.try_into_vec_as().unwrap();
        let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 10);
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let device = cpu();
        let a = synthetic_data(&[1.0], 0.0, 20, 3, &device).0.into_data();
        let b = synthetic_data(&[1.0], 0.0, 20, 3, &device).0.into_data();
        let c = synthetic_data(&[1.0], 0.0, 20, 4, &device).0.into_data();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
