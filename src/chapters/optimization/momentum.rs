//! d2l-zh 11.6 动量法 (momentum).
//!
//! On f(x) = 0.1x₁² + 2x₂² the curvature along x₂ is 20 times that along x₁: a learning rate
//! small enough for x₂ crawls along x₁ (η = 0.4), one fast enough for x₁ makes x₂ swing and
//! diverge (η = 0.6). Momentum averages the gradients instead of following the last one:
//!
//!   v_t = β v_{t−1} + g_t,    x_t = x_{t−1} − η v_t.
//!
//! Unrolled, v_t = Σ_τ β^τ g_{t−τ}: the gradients along x₂, which flip sign, cancel; those
//! along x₁, which agree, add up to an effective step of η / (1 − β). The weights β^τ fade
//! after about 1 / (1 − β) steps, drawn below for four β.
//!
//! burn's `Sgd` has momentum, with dampening 0.1 by default (v = β v + 0.9 g); PyTorch's and
//! the book's have none, so the concise run sets dampening to 0.

use burn::optim::momentum::MomentumConfig;
use burn::optim::{ModuleOptimizer, SgdConfig};
use burn::tensor::Tensor;
use serde::Serialize;

use super::gradient_descent::{Bowl, Trace2d};
use super::minibatch_sgd::{
    AirfoilRuns, AirfoilTensors, ScratchOptimizer, concise_config, scratch_config, train_ch11,
    train_concise_ch11, zero_states,
};
use crate::data::airfoil::FEATURES;
use crate::device::Device;
use crate::error::Result;
use crate::plot::curves::{Curves, Series};

/// The ill-conditioned bowl of 11.6-11.8: f(x₁, x₂) = 0.1x₁² + 2x₂².
pub const ILL_CONDITIONED: Bowl = Bowl { a: 0.1, b: 2.0 };

/// Steps of every 2-D run (`train_2d`'s default).
pub const STEPS_2D: usize = 20;

/// The book's `gd_2d` on [`ILL_CONDITIONED`] with rate `eta`.
pub fn gd_2d(eta: f64) -> Trace2d {
    Trace2d::run(
        format!("gd, η = {eta}"),
        ILL_CONDITIONED,
        |(x1, x2, s1, s2)| {
            let (g1, g2) = ILL_CONDITIONED.grad(x1, x2);
            (x1 - eta * g1, x2 - eta * g2, s1, s2)
        },
        STEPS_2D,
    )
}

/// The book's `momentum_2d`: v ← βv + ∇f, x ← x − ηv, per coordinate.
pub fn momentum_2d(eta: f64, beta: f64) -> Trace2d {
    Trace2d::run(
        format!("momentum, η = {eta}, β = {beta}"),
        ILL_CONDITIONED,
        |(x1, x2, v1, v2)| {
            let (g1, g2) = ILL_CONDITIONED.grad(x1, x2);
            let (v1, v2) = (beta * v1 + g1, beta * v2 + g2);
            (x1 - eta * v1, x2 - eta * v2, v1, v2)
        },
        STEPS_2D,
    )
}

/// The book's `sgd_momentum(params, states, hyperparams)`: one velocity per parameter.
#[derive(Debug, Clone)]
pub struct ScratchMomentum {
    /// η.
    pub lr: f64,
    /// β.
    pub momentum: f64,
    velocities: [Tensor<2>; 2],
}

impl ScratchMomentum {
    /// Zero velocities for w `[feature_dim, 1]` and b (`init_momentum_states`).
    pub fn new(lr: f64, momentum: f64, feature_dim: usize, device: &Device) -> Self {
        Self {
            lr,
            momentum,
            velocities: zero_states(feature_dim, device),
        }
    }
}

impl ScratchOptimizer for ScratchMomentum {
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        // v ← βv + g;  p ← p − ηv
        let v = self.velocities[slot].clone().mul_scalar(self.momentum) + grad;
        self.velocities[slot] = v.clone();
        param - v.mul_scalar(self.lr)
    }
}

/// burn's `Sgd` with PyTorch's momentum: β, no dampening, no Nesterov.
pub fn burn_momentum(momentum: f64) -> SgdConfig {
    SgdConfig::new().with_momentum(Some(MomentumConfig {
        momentum,
        dampening: 0.0,
        nesterov: false,
    }))
}

/// One setting: η and β.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Setting {
    /// η.
    pub lr: f64,
    /// β.
    pub momentum: f64,
}

/// The book's scratch runs: (0.02, 0.5), then β = 0.9 with η 0.01 and 0.005 (the effective
/// rate η / (1 − β) of 0.04, then 0.05 that is too noisy, then back to 0.05 with less noise).
pub const BOOK_SETTINGS: [Setting; 3] = [
    Setting {
        lr: 0.02,
        momentum: 0.5,
    },
    Setting {
        lr: 0.01,
        momentum: 0.9,
    },
    Setting {
        lr: 0.005,
        momentum: 0.9,
    },
];

/// The concise run: `torch.optim.SGD` with lr 0.005 and momentum 0.9.
pub const BOOK_CONCISE: Setting = Setting {
    lr: 0.005,
    momentum: 0.9,
};

/// Trains `scratch` settings from scratch and `concise` with burn's `Sgd`.
pub fn airfoil_runs(
    data: &AirfoilTensors,
    scratch: &[Setting],
    concise: Setting,
    seed: u64,
) -> Result<AirfoilRuns> {
    let device = data.features.device();
    let name = |s: &Setting| format!("lr {}, momentum {}", s.lr, s.momentum);
    let scratch = scratch
        .iter()
        .map(|s| {
            let mut optimizer = ScratchMomentum::new(s.lr, s.momentum, FEATURES, &device);
            train_ch11(&mut optimizer, data, scratch_config(seed), &name(s))
        })
        .collect::<Result<Vec<_>>>()?;
    let optimizer: ModuleOptimizer = burn_momentum(concise.momentum).init();
    let concise = train_concise_ch11(
        optimizer,
        concise.lr,
        data,
        concise_config(seed),
        &format!("burn Sgd, {}", name(&concise)),
    )?;
    Ok(AirfoilRuns {
        scratch,
        concise: vec![concise],
    })
}

/// The weights β^τ of past gradients in the velocity, τ = 0..40, for β 0.95, 0.9, 0.6 and 0.
pub fn effective_weights() -> Curves {
    let series = [0.95, 0.9, 0.6, 0.0]
        .iter()
        .map(|&beta: &f64| {
            let points = (0..40).map(|t| (t as f64, beta.powi(t))).collect();
            Series::new(format!("beta = {beta:.2}"), points)
        })
        .collect();
    Curves {
        title: "weight of the gradient τ steps back".into(),
        xlabel: "time".into(),
        ylabel: "β^τ".into(),
        xlim: (0.0, 40.0),
        ylim: (0.0, 1.0),
        series,
        size: (420, 320),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

/// Gradient descent on f(x) = λx²/2 shrinks x by (1 − ηλ) a step: x_t = (1 − ηλ)ᵗ x₀. For
/// η = 0.1 and λ ∈ {0.1, 1, 10, 19}: slow, fast, one step, and an oscillation that only just
/// converges (|1 − ηλ| = 0.9).
pub fn quadratic_rates() -> Curves {
    let eta = 0.1;
    let series = [0.1, 1.0, 10.0, 19.0]
        .iter()
        .map(|&lambda: &f64| {
            let points = (0..20)
                .map(|t| (t as f64, (1.0 - eta * lambda).powi(t)))
                .collect();
            Series::new(format!("lambda = {lambda:.2}"), points)
        })
        .collect();
    Curves {
        title: "x_t / x_0 = (1 − ηλ)^t, η = 0.1".into(),
        xlabel: "time".into(),
        ylabel: "x_t / x_0".into(),
        xlim: (0.0, 20.0),
        ylim: (-1.0, 1.0),
        series,
        size: (420, 320),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

/// Everything 11.6 shows.
#[derive(Debug, Clone, Serialize)]
pub struct MomentumSection {
    /// gd with η 0.4 and 0.6, momentum with (0.6, 0.5) and (0.6, 0.25), on [`ILL_CONDITIONED`].
    pub traces: Vec<Trace2d>,
    /// The airfoil runs.
    pub airfoil: AirfoilRuns,
}

/// The book's 2-D runs.
pub fn traces() -> Vec<Trace2d> {
    vec![
        gd_2d(0.4),
        gd_2d(0.6),
        momentum_2d(0.6, 0.5),
        momentum_2d(0.6, 0.25),
    ]
}

/// Runs the section with `scratch` and `concise` settings on airfoil (the book's: [`BOOK_SETTINGS`],
/// [`BOOK_CONCISE`]).
pub fn run(
    data: &AirfoilTensors,
    scratch: &[Setting],
    concise: Setting,
    seed: u64,
) -> Result<MomentumSection> {
    Ok(MomentumSection {
        traces: traces(),
        airfoil: airfoil_runs(data, scratch, concise, seed)?,
    })
}

impl MomentumSection {
    /// The 2-D runs, the weights, the rates, then the airfoil curves.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts: Vec<Curves> = self.traces.iter().map(Trace2d::chart).collect();
        charts.push(effective_weights());
        charts.push(quadratic_rates());
        charts.extend(self.airfoil.charts());
        charts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    /// The book prints these positions after 20 steps.
    #[test]
    fn the_2d_runs_end_where_the_book_prints() {
        let close = |(x1, x2): (f64, f64), want: (f64, f64)| {
            (x1 - want.0).abs() < 5e-7 && (x2 - want.1).abs() < 5e-7
        };
        assert!(close(gd_2d(0.4).last(), (-0.943467, -0.000073)));
        assert!(close(momentum_2d(0.6, 0.5).last(), (0.007188, 0.002553)));
        assert!(close(momentum_2d(0.6, 0.25).last(), (-0.126340, -0.186632)));
        // η = 0.6 multiplies x₂ by 1 − 0.6 · 4 = −1.4 a step: it diverges.
        let (_, x2) = gd_2d(0.6).last();
        assert!((x2 - -2.0 * 1.4f64.powi(20)).abs() < 1e-6 * x2.abs());
    }

    #[test]
    fn burns_sgd_without_dampening_takes_the_books_momentum_steps() {
        let mut scratch = ScratchMomentum::new(0.05, 0.9, 3, &cpu());
        super::super::assert_same_steps(&mut scratch, &burn_momentum(0.9).build(), 0.05, 6);
    }

    #[test]
    fn burns_default_dampening_would_take_other_steps() {
        let mut scratch = ScratchMomentum::new(0.05, 0.9, 3, &cpu());
        let dampened = SgdConfig::new().with_momentum(Some(MomentumConfig::new()));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::super::assert_same_steps(&mut scratch, &dampened.build(), 0.05, 6)
        }));
        assert!(outcome.is_err(), "dampening 0.1 should change the steps");
    }
}
