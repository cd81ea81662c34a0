//! d2l-zh 11.4 随机梯度下降 (stochastic gradient descent), on the 2-D bowl with noise.
//!
//! An objective that averages n examples, f(x) = (1/n) Σ f_i(x), has a gradient that costs n
//! evaluations. SGD takes the gradient of one random f_i instead: an unbiased estimate,
//! E_i[∇f_i(x)] = ∇f(x), at 1/n of the cost, but noisy. Here the noise is simulated: N(0, 1)
//! added to each coordinate of the gradient of x₁² + 2x₂².
//!
//! With a constant rate the noise keeps x jumping around the minimum; the rate has to shrink.
//! The section compares three schedules η(t) = η₀ · lr(t) with η₀ = 0.1:
//!
//! - constant: lr(t) = 1 (50 steps) — x wanders near the minimum and never settles;
//! - exponential: lr(t) = e^{−0.1t} (1,000 steps) — Σ η(t) is finite, so x stops early, short
//!   of the minimum, whatever the number of steps;
//! - polynomial: lr(t) = (1 + 0.1t)^{−½} (50 steps) — Σ η(t) diverges while Σ η(t)² grows
//!   slowly: it still reaches the minimum, and the noise's effect shrinks.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use super::gradient_descent::{BOWL_11_3, Trace2d};
use crate::plot::curves::Curves;

/// η₀ of all three runs.
pub const ETA: f64 = 0.1;

/// The book's learning-rate functions, each called once per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Schedule {
    /// `constant_lr`: 1.
    Constant,
    /// `exponential_lr`: e^{−0.1t}.
    Exponential,
    /// `polynomial_lr`: (1 + 0.1t)^{−½}.
    Polynomial,
}

impl Schedule {
    /// The factor at step counter `t`. The book's counter starts at 1 and is raised before each
    /// use, so step k (from 1) gets t = k + 1.
    pub fn factor(self, t: u32) -> f64 {
        match self {
            Schedule::Constant => 1.0,
            Schedule::Exponential => (-0.1 * t as f64).exp(),
            Schedule::Polynomial => (1.0 + 0.1 * t as f64).powf(-0.5),
        }
    }

    /// "constant", "exponential" or "polynomial".
    pub fn name(self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Exponential => "exponential",
            Schedule::Polynomial => "polynomial",
        }
    }

    /// The book's number of steps for each.
    pub fn steps(self) -> usize {
        match self {
            Schedule::Exponential => 1_000,
            _ => 50,
        }
    }
}

/// The book's `sgd` under `train_2d`: gradient plus `noise`·N(0, 1) per coordinate, step
/// η₀ · lr(t). `noise` = 1 is the book's; 0 turns it back into gradient descent.
pub fn sgd_2d(schedule: Schedule, steps: usize, noise: f64, seed: u64) -> Trace2d {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).expect("N(0, 1) is a distribution");
    let mut t = 1;
    Trace2d::run(
        format!("SGD, {} rate", schedule.name()),
        BOWL_11_3,
        move |(x1, x2, s1, s2)| {
            let (g1, g2) = BOWL_11_3.grad(x1, x2);
            let g1 = g1 + noise * normal.sample(&mut rng);
            let g2 = g2 + noise * normal.sample(&mut rng);
            t += 1;
            let eta_t = ETA * schedule.factor(t);
            (x1 - eta_t * g1, x2 - eta_t * g2, s1, s2)
        },
        steps,
    )
}

/// The three runs with the book's steps.
#[derive(Debug, Clone, Serialize)]
pub struct StochasticGd {
    /// Constant, exponential, polynomial.
    pub traces: Vec<Trace2d>,
}

/// Runs the three schedules with noise drawn from `seed`.
pub fn run(seed: u64) -> StochasticGd {
    StochasticGd {
        traces: [
            Schedule::Constant,
            Schedule::Exponential,
            Schedule::Polynomial,
        ]
        .iter()
        .map(|&s| sgd_2d(s, s.steps(), 1.0, seed))
        .collect(),
    }
}

impl StochasticGd {
    /// Each run over the bowl's level sets.
    pub fn charts(&self) -> Vec<Curves> {
        self.traces.iter().map(Trace2d::chart).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::optimization::gradient_descent::gd_2d;

    #[test]
    fn the_schedules_follow_their_formulas() {
        assert_eq!(Schedule::Constant.factor(7), 1.0);
        assert!((Schedule::Exponential.factor(2) - (-0.2f64).exp()).abs() < 1e-15);
        assert!((Schedule::Exponential.factor(50) - 0.006737947).abs() < 1e-9);
        assert!((Schedule::Polynomial.factor(2) - 1.2f64.powf(-0.5)).abs() < 1e-15);
        assert!((Schedule::Polynomial.factor(990) - 0.1).abs() < 1e-15);
    }

    #[test]
    fn without_noise_a_constant_rate_is_gradient_descent() {
        let sgd = sgd_2d(Schedule::Constant, 20, 0.0, 3);
        assert_eq!(sgd.points, gd_2d(0.1, 20));
    }

    /// The exponential rate sums to less than η₀ · e^{−0.2} / (1 − e^{−0.1}) ≈ 0.86: after
    /// step 100 the rates add up to under 10⁻⁵, so x no longer moves, wherever it is.
    #[test]
    fn the_exponential_rate_freezes_x() {
        for seed in 0..5 {
            let run = sgd_2d(Schedule::Exponential, 1_000, 1.0, seed);
            let (a, b) = (run.points[100], run.points[1_000]);
            assert!(
                (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3,
                "{a:?} {b:?}"
            );
        }
    }

    /// Averaged over seeds, the polynomial rate ends nearer the minimum than the constant one.
    #[test]
    fn the_polynomial_rate_ends_nearer_than_the_constant_one() {
        let mean_f = |s: Schedule| {
            (0..40)
                .map(|seed| {
                    let (x1, x2) = sgd_2d(s, 50, 1.0, seed).last();
                    BOWL_11_3.f(x1, x2)
                })
                .sum::<f64>()
                / 40.0
        };
        assert!(mean_f(Schedule::Polynomial) < mean_f(Schedule::Constant));
    }
}
