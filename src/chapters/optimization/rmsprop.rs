//! d2l-zh 11.8 RMSProp算法 (RMSProp).
//!
//! AdaGrad's sum of squared gradients only grows, so its steps shrink for ever. RMSProp keeps a
//! leaky average instead,
//!
//!   s_t = γ s_{t−1} + (1 − γ) g_t²,    x_t = x_{t−1} − η g_t / √(s_t + ε),
//!
//! whose weights (1 − γ)γ^τ on past squares (drawn below) sum to 1 and fade after about
//! 1 / (1 − γ) steps: the scale adapts per coordinate without the rate decaying.
//!
//! burn's `RmsProp` differs from PyTorch's in three defaults: momentum 0.9 (PyTorch 0), ε 1e-5
//! added outside the root (PyTorch 1e-8), smoothing α 0.99 (the book's γ = 0.9). The concise
//! run sets all three.

use burn::optim::RmsPropConfig;
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
use crate::plot::curves::{Curves, Series};

/// The book's ε inside the root.
pub const EPS: f64 = 1e-6;

/// The book's `rmsprop_2d` with rate `eta` and leak `gamma`.
pub fn rmsprop_2d(eta: f64, gamma: f64) -> Trace2d {
    Trace2d::run(
        format!("RMSProp, η = {eta}, γ = {gamma}"),
        ILL_CONDITIONED,
        |(x1, x2, s1, s2)| {
            let (g1, g2) = ILL_CONDITIONED.grad(x1, x2);
            let s1 = gamma * s1 + (1.0 - gamma) * g1 * g1;
            let s2 = gamma * s2 + (1.0 - gamma) * g2 * g2;
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

/// The weights (1 − γ)γ^τ of past squared gradients in s, for γ 0.95, 0.9, 0.8 and 0.7.
pub fn gamma_weights() -> Curves {
    let series = [0.95, 0.9, 0.8, 0.7]
        .iter()
        .map(|&gamma: &f64| {
            let points = (0..40)
                .map(|t| (t as f64, (1.0 - gamma) * gamma.powi(t)))
                .collect();
            Series::new(format!("gamma = {gamma:.2}"), points)
        })
        .collect();
    Curves {
        title: "weight of the squared gradient τ steps back".into(),
        xlabel: "time".into(),
        ylabel: "(1 − γ) γ^τ".into(),
        xlim: (0.0, 40.0),
        ylim: (0.0, 0.3),
        series,
        size: (420, 320),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

/// The book's `rmsprop(params, states, hyperparams)`.
#[derive(Debug, Clone)]
pub struct ScratchRmsProp {
    /// η.
    pub lr: f64,
    /// γ.
    pub gamma: f64,
    averages: [Tensor<2>; 2],
}

impl ScratchRmsProp {
    /// Zero averages for w and b (`init_rmsprop_states`).
    pub fn new(lr: f64, gamma: f64, feature_dim: usize, device: &Device) -> Self {
        Self {
            lr,
            gamma,
            averages: zero_states(feature_dim, device),
        }
    }
}

impl ScratchOptimizer for ScratchRmsProp {
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        // s ← γs + (1 − γ)g²;  p ← p − η g / √(s + ε)
        let s = self.averages[slot].clone().mul_scalar(self.gamma)
            + grad.clone().square().mul_scalar(1.0 - self.gamma);
        self.averages[slot] = s.clone();
        param - grad.mul_scalar(self.lr).div(s.add_scalar(EPS).sqrt())
    }
}

/// burn's `RmsProp` as PyTorch's `RMSprop(alpha=gamma)`: no momentum, ε 1e-8.
pub fn burn_rmsprop(gamma: f64) -> RmsPropConfig {
    RmsPropConfig::new()
        .with_alpha(gamma as f32)
        .with_momentum(0.0)
        .with_epsilon(1e-8)
}

/// The book's η and γ on airfoil.
pub const BOOK_LR: f64 = 0.01;
/// γ.
pub const BOOK_GAMMA: f64 = 0.9;

/// Everything 11.8 shows.
#[derive(Debug, Clone, Serialize)]
pub struct RmsPropSection {
    /// η = 0.4, γ = 0.9 on the ill-conditioned bowl.
    pub traces: Vec<Trace2d>,
    /// The airfoil runs.
    pub airfoil: AirfoilRuns,
}

/// Runs the section with `lr` and `gamma` on airfoil (the book's: 0.01 and 0.9).
pub fn run(data: &AirfoilTensors, lr: f64, gamma: f64, seed: u64) -> Result<RmsPropSection> {
    let device = data.features.device();
    let name = format!("lr {lr}, gamma {gamma}");
    let scratch = train_ch11(
        &mut ScratchRmsProp::new(lr, gamma, FEATURES, &device),
        data,
        scratch_config(seed),
        &name,
    )?;
    let concise = train_concise_ch11(
        burn_rmsprop(gamma).init(),
        lr,
        data,
        concise_config(seed),
        &format!("burn RmsProp, {name}"),
    )?;
    Ok(RmsPropSection {
        traces: vec![rmsprop_2d(0.4, 0.9)],
        airfoil: AirfoilRuns {
            scratch: vec![scratch],
            concise: vec![concise],
        },
    })
}

impl RmsPropSection {
    /// The weights, the 2-D run, then the airfoil curves.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts = vec![gamma_weights()];
        charts.extend(self.traces.iter().map(Trace2d::chart));
        charts.extend(self.airfoil.charts());
        charts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn the_2d_run_ends_where_the_book_prints() {
        let (x1, x2) = rmsprop_2d(0.4, 0.9).last();
        assert!(
            (x1 - -0.010599).abs() < 5e-7 && x2.abs() < 5e-7,
            "{x1} {x2}"
        );
    }

    #[test]
    fn burns_rmsprop_configured_as_pytorchs_takes_the_books_steps() {
        let mut scratch = ScratchRmsProp::new(0.01, 0.9, 3, &cpu());
        super::super::assert_same_steps(&mut scratch, &burn_rmsprop(0.9).build(), 0.01, 6);
    }

    #[test]
    fn burns_default_rmsprop_would_not() {
        let mut scratch = ScratchRmsProp::new(0.01, 0.9, 3, &cpu());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::super::assert_same_steps(&mut scratch, &RmsPropConfig::new().build(), 0.01, 6)
        }));
        assert!(
            outcome.is_err(),
            "momentum 0.9 and α 0.99 should change the steps"
        );
    }
}
