//! d2l-zh 11.9 Adadelta算法 (Adadelta), from scratch and as a burn optimizer.
//!
//! Adadelta has no learning rate. Like RMSProp it keeps a leaky average of squared gradients,
//! and beside it a leaky average of squared *updates*; the step is the gradient rescaled by the
//! ratio of their roots, so it carries the parameter's own units:
//!
//!   s_t  = ρ s_{t−1} + (1 − ρ) g_t²
//!   g'_t = √(Δx_{t−1} + ε) / √(s_t + ε) ⊙ g_t
//!   x_t  = x_{t−1} − g'_t
//!   Δx_t = ρ Δx_{t−1} + (1 − ρ) g'_t².
//!
//! burn 0.22 has no Adadelta, so [`Adadelta`] below is one, written against burn's
//! [`Optimizer`] trait (one tensor, its gradient and its state at a time) with PyTorch's
//! defaults (ρ 0.9, ε 1e-6, a learning rate multiplying g', 1 by default). It plugs into
//! `ModuleOptimizer` like burn's own optimizers and saves its state with them.

use burn::optim::{ModuleOptimizer, Optimizer, RecordState, StateSink, StateSource};
use burn::tensor::{Device as BurnDevice, Tensor};
use serde::Serialize;

use super::minibatch_sgd::{
    AirfoilRuns, AirfoilTensors, ScratchOptimizer, concise_config, scratch_config, train_ch11,
    train_concise_ch11, zero_states,
};
use crate::data::airfoil::FEATURES;
use crate::device::Device;
use crate::error::Result;
use crate::plot::curves::Curves;

/// The book's ε of the scratch version.
pub const EPS: f64 = 1e-5;

/// The book's `adadelta(params, states, hyperparams)`.
#[derive(Debug, Clone)]
pub struct ScratchAdadelta {
    /// ρ.
    pub rho: f64,
    /// ε (the book's is [`EPS`]).
    pub eps: f64,
    squares: [Tensor<2>; 2],
    deltas: [Tensor<2>; 2],
}

impl ScratchAdadelta {
    /// Zero averages for w and b (`init_adadelta_states`).
    pub fn new(rho: f64, feature_dim: usize, device: &Device) -> Self {
        Self {
            rho,
            eps: EPS,
            squares: zero_states(feature_dim, device),
            deltas: zero_states(feature_dim, device),
        }
    }
}

impl ScratchOptimizer for ScratchAdadelta {
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        let (rho, eps) = (self.rho, self.eps);
        let s = self.squares[slot].clone().mul_scalar(rho)
            + grad.clone().square().mul_scalar(1.0 - rho);
        let step = self.deltas[slot]
            .clone()
            .add_scalar(eps)
            .sqrt()
            .div(s.clone().add_scalar(eps).sqrt())
            * grad;
        self.deltas[slot] =
            self.deltas[slot].clone().mul_scalar(rho) + step.clone().square().mul_scalar(1.0 - rho);
        self.squares[slot] = s;
        param - step
    }
}

/// The settings of [`Adadelta`], PyTorch's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AdadeltaConfig {
    /// ρ, the leak of both averages (0.9).
    pub rho: f64,
    /// ε inside both roots (1e-6).
    pub epsilon: f64,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        Self {
            rho: 0.9,
            epsilon: 1e-6,
        }
    }
}

impl AdadeltaConfig {
    /// The bare optimizer, for one tensor at a time.
    pub fn build(&self) -> Adadelta {
        Adadelta { config: *self }
    }

    /// The optimizer of a whole module, as burn's `AdamConfig::init` gives.
    pub fn init(&self) -> ModuleOptimizer {
        ModuleOptimizer::from(self.build())
    }
}

/// Adadelta as a burn [`Optimizer`].
#[derive(Debug, Clone)]
pub struct Adadelta {
    config: AdadeltaConfig,
}

/// The two averages Adadelta keeps per parameter.
#[derive(Debug, Clone)]
pub struct AdadeltaState<const D: usize> {
    /// s: the leaky average of squared gradients.
    pub square_avg: Tensor<D>,
    /// Δx: the leaky average of squared updates.
    pub acc_delta: Tensor<D>,
}

/// Saved as two named tensors, so a checkpoint of the optimizer holds them.
impl<const D: usize> RecordState for AdadeltaState<D> {
    fn state_flatten(&self, prefix: &str, out: &mut StateSink) {
        out.push_tensor(prefix, "square_avg", self.square_avg.to_data());
        out.push_tensor(prefix, "acc_delta", self.acc_delta.to_data());
    }

    fn state_unflatten(prefix: &str, src: &mut StateSource, device: &BurnDevice) -> Option<Self> {
        let square_avg = src.take_tensor(prefix, "square_avg")?;
        let acc_delta = src.take_tensor(prefix, "acc_delta")?;
        Some(Self {
            square_avg: Tensor::from_data(square_avg, device),
            acc_delta: Tensor::from_data(acc_delta, device),
        })
    }
}

impl Optimizer for Adadelta {
    type State<const D: usize> = AdadeltaState<D>;

    fn step<const D: usize>(
        &self,
        lr: f64,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        let AdadeltaConfig { rho, epsilon } = self.config;
        let (square_avg, acc_delta) = match state {
            Some(state) => (state.square_avg, state.acc_delta),
            None => (grad.zeros_like(), grad.zeros_like()),
        };
        let square_avg = square_avg.mul_scalar(rho) + grad.clone().square().mul_scalar(1.0 - rho);
        let delta = acc_delta
            .clone()
            .add_scalar(epsilon)
            .sqrt()
            .div(square_avg.clone().add_scalar(epsilon).sqrt())
            * grad;
        let acc_delta = acc_delta.mul_scalar(rho) + delta.clone().square().mul_scalar(1.0 - rho);
        let state = AdadeltaState {
            square_avg,
            acc_delta,
        };
        (tensor - delta.mul_scalar(lr), Some(state))
    }

    fn to_device<const D: usize>(state: Self::State<D>, device: &BurnDevice) -> Self::State<D> {
        AdadeltaState {
            square_avg: state.square_avg.to_device(device),
            acc_delta: state.acc_delta.to_device(device),
        }
    }
}

/// The book's ρ on airfoil.
pub const BOOK_RHO: f64 = 0.9;

/// Everything 11.9 shows: the airfoil runs.
#[derive(Debug, Clone, Serialize)]
pub struct AdadeltaSection {
    /// Scratch (ε 1e-5) and [`Adadelta`] (ε 1e-6, lr 1).
    pub airfoil: AirfoilRuns,
}

/// Runs the section with `rho` (the book's: 0.9).
pub fn run(data: &AirfoilTensors, rho: f64, seed: u64) -> Result<AdadeltaSection> {
    let device = data.features.device();
    let name = format!("rho {rho}");
    let scratch = train_ch11(
        &mut ScratchAdadelta::new(rho, FEATURES, &device),
        data,
        scratch_config(seed),
        &name,
    )?;
    let config = AdadeltaConfig {
        rho,
        ..AdadeltaConfig::default()
    };
    let concise = train_concise_ch11(
        config.init(),
        1.0,
        data,
        concise_config(seed),
        &format!("our burn Adadelta, {name}"),
    )?;
    Ok(AdadeltaSection {
        airfoil: AirfoilRuns {
            scratch: vec![scratch],
            concise: vec![concise],
        },
    })
}

impl AdadeltaSection {
    /// The airfoil curves.
    pub fn charts(&self) -> Vec<Curves> {
        self.airfoil.charts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn the_burn_optimizer_takes_the_scratch_steps() {
        let mut scratch = ScratchAdadelta::new(0.9, 3, &cpu());
        let concise = AdadeltaConfig {
            rho: 0.9,
            epsilon: EPS,
        };
        super::super::assert_same_steps(&mut scratch, &concise.build(), 1.0, 8);
    }

    /// With Δx = 0 the first step is √ε / √((1 − ρ)g² + ε) · g: tiny, and growing step by step.
    #[test]
    fn the_first_steps_are_small_and_grow() {
        let device = cpu();
        let opt = AdadeltaConfig::default().build();
        let mut p = Tensor::<1>::from_data([1.0f32], &device);
        let mut state = None;
        let mut moves = Vec::new();
        for _ in 0..5 {
            let before = p.clone().into_scalar::<f32>();
            let (next, s) = opt.step(1.0, p, Tensor::from_data([1.0f32], &device), state);
            moves.push(before - next.clone().into_scalar::<f32>());
            p = next;
            state = s;
        }
        let first = (1e-6f32).sqrt() / (0.1f32 + 1e-6).sqrt();
        assert!((moves[0] - first).abs() < 1e-6, "{moves:?}");
        assert!(moves.windows(2).all(|w| w[1] > w[0]), "{moves:?}");
    }

    #[test]
    fn its_state_round_trips_through_a_record() {
        let device = cpu();
        let state = AdadeltaState::<2> {
            square_avg: Tensor::from_data([[1.0f32, 2.0]], &device),
            acc_delta: Tensor::from_data([[3.0f32, 4.0]], &device),
        };
        let mut sink = StateSink::default();
        state.state_flatten("p", &mut sink);
        let mut source = StateSource::default();
        for (name, data) in sink.tensors {
            source.insert_tensor(name, data);
        }
        let back = AdadeltaState::<2>::state_unflatten("p", &mut source, &device).unwrap();
        let values: Vec<f32> = back.acc_delta.try_into_vec_as().unwrap();
        assert_eq!(values, [3.0, 4.0]);
    }
}
