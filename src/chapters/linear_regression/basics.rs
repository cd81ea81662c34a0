//! d2l-zh 3.1.2 矢量化加速 and 3.1.3 正态分布与平方损失: why we add whole vectors at once, and
//! the normal densities that make the squared loss the maximum-likelihood choice.
//!
//! [`vectorization`] adds two vectors of ones twice: element by element in a loop of tensor
//! operations (one slice, add and write per element, as the book's Python loop indexes a torch
//! tensor) and with one `a + b`. Each element of the loop pays for a whole operation's fixed
//! cost; the vectorised add pays it once.
//!
//! [`normal`] is p(x) = exp(−(x − μ)² / (2σ²)) / √(2πσ²); [`normal_curves`] gives the book's
//! three (μ, σ) pairs over x ∈ [−7, 7).

use burn::tensor::Tensor;
use serde::Serialize;

use crate::device::Device;
use crate::error::{Error, Result};
use crate::nn::metrics::Timer;
use crate::plot::curves::{Curves, Series};

/// The largest vector [`vectorization`] accepts: the loop does three tensor operations per
/// element, a few seconds at this size.
pub const MAX_N: usize = 1_000_000;

/// What the two ways of adding took.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Vectorization {
    /// Elements of each vector (the book: 10,000).
    pub n: usize,
    /// Seconds for the element-by-element loop.
    pub loop_seconds: f64,
    /// Seconds for `a + b`.
    pub vectorized_seconds: f64,
    /// Whether both gave the same vector (all twos).
    pub same_result: bool,
}

/// Times `c[i] = a[i] + b[i]` for every i against `a + b`, for vectors of `n` ones.
pub fn vectorization(n: usize, device: &Device) -> Result<Vectorization> {
    if !(1..=MAX_N).contains(&n) {
        return Err(Error::Hyper {
            name: "--n",
            value: n.to_string(),
            expected: "1 to 1,000,000 elements",
        });
    }
    let a = Tensor::<1>::ones([n], device);
    let b = Tensor::<1>::ones([n], device);

    let timer = Timer::new();
    let mut c = Tensor::<1>::zeros([n], device);
    for i in 0..n {
        let sum = a.clone().slice(i..i + 1) + b.clone().slice(i..i + 1);
        c = c.slice_assign(i..i + 1, sum);
    }
    // Reading one value back waits for the work on devices that run asynchronously.
    let _ = c.clone().slice(0..1).into_scalar::<f32>();
    let loop_seconds = timer.stop();

    let timer = Timer::new();
    let d = a + b;
    let _ = d.clone().slice(0..1).into_scalar::<f32>();
    let vectorized_seconds = timer.stop();

    let same_result = c.equal(d).all().into_scalar::<bool>();
    Ok(Vectorization {
        n,
        loop_seconds,
        vectorized_seconds,
        same_result,
    })
}

/// The density of N(μ, σ²) at x.
pub fn normal(x: f64, mu: f64, sigma: f64) -> f64 {
    let p = 1.0 / (2.0 * std::f64::consts::PI * sigma * sigma).sqrt();
    p * (-0.5 / (sigma * sigma) * (x - mu).powi(2)).exp()
}

/// One density curve of the figure.
#[derive(Debug, Clone, Serialize)]
pub struct NormalCurve {
    /// μ.
    pub mean: f64,
    /// σ.
    pub std: f64,
    /// (x, p(x)) for x = −7, −6.99, ..., 6.99.
    pub points: Vec<(f64, f64)>,
}

/// The book's figure: (μ, σ) = (0, 1), (0, 2), (3, 1).
pub fn normal_curves() -> Vec<NormalCurve> {
    let xs: Vec<f64> = (0..1400).map(|i| -7.0 + i as f64 * 0.01).collect();
    [(0.0, 1.0), (0.0, 2.0), (3.0, 1.0)]
        .into_iter()
        .map(|(mean, std)| NormalCurve {
            mean,
            std,
            points: xs.iter().map(|&x| (x, normal(x, mean, std))).collect(),
        })
        .collect()
}

/// The book's `d2l.plot(x, [normal(x, mu, sigma) for mu, sigma in params], ...)`.
pub fn normal_chart(densities: &[NormalCurve]) -> Curves {
    Curves {
        title: String::new(),
        xlabel: "x".into(),
        ylabel: "p(x)".into(),
        xlim: (-7.0, 7.0),
        ylim: (0.0, 0.42),
        series: densities
            .iter()
            .map(|c| Series::new(format!("mean {}, std {}", c.mean, c.std), c.points.clone()))
            .collect(),
        size: (540, 380),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn both_ways_give_twos_and_the_loop_is_slower() {
        let timing = vectorization(2_000, &cpu()).unwrap();
        assert!(timing.same_result);
        // 6,000 operations against one: the loop loses by far more than timing noise.
        assert!(
            timing.loop_seconds > 10.0 * timing.vectorized_seconds,
            "{timing:?}"
        );
    }

    #[test]
    fn sizes_out_of_range_are_refused() {
        for n in [0, MAX_N + 1] {
            let err = vectorization(n, &cpu()).unwrap_err().to_string();
            assert!(err.contains("--n"), "{err}");
        }
    }

    #[test]
    fn densities_integrate_to_one_and_peak_at_the_mean() {
        for curve in normal_curves() {
            let area: f64 = curve.points.iter().map(|(_, p)| p * 0.01).sum();
            // (3, 1) loses the mass above x = 7 (4σ), about 3e-5.
            assert!((area - 1.0).abs() < 0.01, "{}: {area}", curve.mean);
            let peak = curve
                .points
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap();
            assert!((peak.0 - curve.mean).abs() < 0.006, "{peak:?}");
            let expected = 1.0 / (2.0 * std::f64::consts::PI).sqrt() / curve.std;
            assert!((peak.1 - expected).abs() < 1e-6);
        }
    }
}
