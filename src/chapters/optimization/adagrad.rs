//! d2l-zh 11.7 AdaGrad算法 (AdaGrad).
//!
//! One learning rate for every coordinate either crawls along the flat ones or overshoots the
//! steep ones. AdaGrad divides each coordinate's step by the root of the sum of its squared
//! gradients so far:
//!
//!   s_t = s_{t−1} + g_t²,    x_t = x_{t−1} − η g_t / √(s_t + ε).
//!
//! A coordinate with large gradients gets small steps, a rarely-moved one keeps large steps;
//! and because s only grows, the rate decays like O(t^−½) by itself, which suits convex
//! problems and can stop deep networks too early (11.8 fixes that).
//!
//! burn's `AdaGrad` adds ε outside the root, g / (√s + ε), with ε = 1e-5; PyTorch's has 1e-10,
//! which the concise run sets.

use burn::optim::AdaGradConfig;
use burn::tensor::Tensor;
use serde::Serialize;

use super::gradient_descent::Trace2d;
use super::minibatch_sgd::{
    AirfoilRuns, AirfoilTensors, ScratchOptimizer, concise_config, scratch_config, train_ch11,
    train_concise_ch11, zero_states,
};
use super::momentum::{ILL_CONDITIONED, STEPS_2D};
use crate::data::airfoil::FEATURES;
use crate::device::Device;
use crate::error::Result;
use crate::plot::curves::Curves;

/// The book's ε inside the root, for the 2-D runs and the scratch optimizer.
pub const EPS: f64 = 1e-6;

/// The book's `adagrad_2d` on the ill-conditioned bowl with rate `eta`.
pub fn adagrad_2d(eta: f64) -> Trace2d {
    Trace2d::run(
        format!("AdaGrad, η = {eta}"),
        ILL_CONDITIONED,
        |(x1, x2, s1, s2)| {
            let (g1, g2) = ILL_CONDITIONED.grad(x1, x2);
            let (s1, s2) = (s1 + g1 * g1, s2 + g2 * g2);
            (
                x1 - eta / (s1 + EPS).sqrt() * g1,
                x2 - eta / (s2 + EPS).sqrt() * g2,
                s1,
                s2,
            )
        },
        STEPS_2D,
    )
}

/// The book's `adagrad(params, states, hyperparams)`.
#[derive(Debug, Clone)]
pub struct ScratchAdaGrad {
    /// η.
    pub lr: f64,
    sums: [Tensor<2>; 2],
}

impl ScratchAdaGrad {
    /// Zero sums of squares for w and b (`init_adagrad_states`).
    pub fn new(lr: f64, feature_dim: usize, device: &Device) -> Self {
        Self {
            lr,
            sums: zero_states(feature_dim, device),
        }
    }
}

impl ScratchOptimizer for ScratchAdaGrad {
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        // s ← s + g²;  p ← p − η g / √(s + ε)
        let s = self.sums[slot].clone() + grad.clone().square();
        self.sums[slot] = s.clone();
        param - grad.mul_scalar(self.lr).div(s.add_scalar(EPS).sqrt())
    }
}

/// burn's `AdaGrad` as PyTorch's: ε 1e-10, no rate decay.
pub fn burn_adagrad() -> AdaGradConfig {
    AdaGradConfig::new().with_epsilon(1e-10)
}

/// The book's rate on airfoil, scratch and concise.
pub const BOOK_LR: f64 = 0.1;

/// Everything 11.7 shows.
#[derive(Debug, Clone, Serialize)]
pub struct AdaGradSection {
    /// η = 0.4 and η = 2 on the ill-conditioned bowl.
    pub traces: Vec<Trace2d>,
    /// The airfoil runs.
    pub airfoil: AirfoilRuns,
}

/// Runs the section with rate `lr` on airfoil (the book's: [`BOOK_LR`]).
pub fn run(data: &AirfoilTensors, lr: f64, seed: u64) -> Result<AdaGradSection> {
    let device = data.features.device();
    let name = format!("lr {lr}");
    let scratch = train_ch11(
        &mut ScratchAdaGrad::new(lr, FEATURES, &device),
        data,
        scratch_config(seed),
        &name,
    )?;
    let concise = train_concise_ch11(
        burn_adagrad().init(),
        lr,
        data,
        concise_config(seed),
        &format!("burn AdaGrad, {name}"),
    )?;
    Ok(AdaGradSection {
        traces: vec![adagrad_2d(0.4), adagrad_2d(2.0)],
        airfoil: AirfoilRuns {
            scratch: vec![scratch],
            concise: vec![concise],
        },
    })
}

impl AdaGradSection {
    /// The 2-D runs, then the airfoil curves.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts: Vec<Curves> = self.traces.iter().map(Trace2d::chart).collect();
        charts.extend(self.airfoil.charts());
        charts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn the_2d_runs_end_where_the_book_prints() {
        let (x1, x2) = adagrad_2d(0.4).last();
        assert!((x1 - -2.382563).abs() < 5e-7 && (x2 - -0.158591).abs() < 5e-7);
        let (x1, x2) = adagrad_2d(2.0).last();
        assert!((x1 - -0.002295).abs() < 5e-7 && x2.abs() < 5e-7);
    }

    #[test]
    fn burns_adagrad_with_pytorchs_epsilon_takes_the_books_steps() {
        let mut scratch = ScratchAdaGrad::new(0.1, 3, &cpu());
        super::super::assert_same_steps(&mut scratch, &burn_adagrad().build(), 0.1, 6);
    }
}
