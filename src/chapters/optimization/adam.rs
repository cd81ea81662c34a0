//! d2l-zh 11.10 Adam算法 (Adam), and Yogi.
//!
//! Adam keeps two leaky averages per coordinate: of the gradient (momentum, 11.6) and of its
//! square (RMSProp, 11.8), then corrects both for starting at zero:
//!
//!   v_t = β₁ v_{t−1} + (1 − β₁) g_t,     s_t = β₂ s_{t−1} + (1 − β₂) g_t²,
//!   v̂_t = v_t / (1 − β₁ᵗ),               ŝ_t = s_t / (1 − β₂ᵗ),
//!   x_t = x_{t−1} − η v̂_t / (√ŝ_t + ε),  with β₁ = 0.9, β₂ = 0.999.
//!
//! Without the correction the first steps would be (1 − β₁) = 0.1 times too short.
//! When gradients are large and rare, s_t can grow so fast that Adam forgets them; Yogi
//! changes s by at most (1 − β₂)g² a step, in the direction of g²:
//!
//!   s_t = s_{t−1} + (1 − β₂) g_t² ⊙ sign(g_t² − s_{t−1}).
//!
//! burn's `Adam` has PyTorch's betas but ε 1e-5 (PyTorch 1e-8); the concise run sets 1e-8.

use burn::optim::AdamConfig;
use burn::tensor::Tensor;
use serde::Serialize;

use super::minibatch_sgd::{
    AirfoilRuns, AirfoilTensors, ScratchOptimizer, concise_config, scratch_config, train_ch11,
    train_concise_ch11, zero_states,
};
use crate::data::airfoil::FEATURES;
use crate::device::Device;
use crate::error::Result;
use crate::plot::curves::Curves;

/// How the second moment is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SecondMoment {
    /// Adam's leaky average; the book's ε is 1e-6.
    Adam,
    /// Yogi's sign-limited change; the book's ε is 1e-3.
    Yogi,
}

/// The book's `adam` and `yogi(params, states, hyperparams)`, with `hyperparams['t']`.
#[derive(Debug, Clone)]
pub struct ScratchAdam {
    /// η.
    pub lr: f64,
    /// β₁.
    pub beta1: f64,
    /// β₂.
    pub beta2: f64,
    /// ε, added after the root.
    pub eps: f64,
    /// Adam or Yogi.
    pub rule: SecondMoment,
    /// The step, from 1: the exponent of the bias correction.
    pub t: i32,
    moments: [Tensor<2>; 2],
    squares: [Tensor<2>; 2],
}

impl ScratchAdam {
    /// Zero moments for w and b (`init_adam_states`), t = 1, the book's ε for `rule`.
    pub fn new(
        lr: f64,
        (beta1, beta2): (f64, f64),
        rule: SecondMoment,
        feature_dim: usize,
        device: &Device,
    ) -> Self {
        Self {
            lr,
            beta1,
            beta2,
            eps: match rule {
                SecondMoment::Adam => 1e-6,
                SecondMoment::Yogi => 1e-3,
            },
            rule,
            t: 1,
            moments: zero_states(feature_dim, device),
            squares: zero_states(feature_dim, device),
        }
    }
}

impl ScratchOptimizer for ScratchAdam {
    fn update(&mut self, slot: usize, param: Tensor<2>, grad: Tensor<2>) -> Tensor<2> {
        let (b1, b2) = (self.beta1, self.beta2);
        let v = self.moments[slot].clone().mul_scalar(b1) + grad.clone().mul_scalar(1.0 - b1);
        let g2 = grad.square();
        let s_old = self.squares[slot].clone();
        let s = match self.rule {
            SecondMoment::Adam => s_old.mul_scalar(b2) + g2.mul_scalar(1.0 - b2),
            SecondMoment::Yogi => {
                let sign = (g2.clone() - s_old.clone()).sign();
                s_old + g2.mul_scalar(1.0 - b2) * sign
            }
        };
        self.moments[slot] = v.clone();
        self.squares[slot] = s.clone();
        let v_hat = v.div_scalar(1.0 - b1.powi(self.t));
        let s_hat = s.div_scalar(1.0 - b2.powi(self.t));
        param
            - v_hat
                .mul_scalar(self.lr)
                .div(s_hat.sqrt().add_scalar(self.eps))
    }

    fn end_step(&mut self) {
        self.t += 1;
    }
}

/// burn's `Adam` as PyTorch's: β₁, β₂ and ε 1e-8.
pub fn burn_adam((beta1, beta2): (f64, f64)) -> AdamConfig {
    AdamConfig::new()
        .with_beta_1(beta1 as f32)
        .with_beta_2(beta2 as f32)
        .with_epsilon(1e-8)
}

/// The book's η on airfoil (Adam, burn's Adam and Yogi).
pub const BOOK_LR: f64 = 0.01;
/// The book's (β₁, β₂).
pub const BOOK_BETAS: (f64, f64) = (0.9, 0.999);

/// Everything 11.10 shows: Adam from scratch, burn's Adam, and Yogi from scratch.
#[derive(Debug, Clone, Serialize)]
pub struct AdamSection {
    /// The airfoil runs: scratch Adam and Yogi, then burn's Adam.
    pub airfoil: AirfoilRuns,
}

/// Runs the section with `lr` and `betas` (the book's: 0.01, (0.9, 0.999)).
pub fn run(data: &AirfoilTensors, lr: f64, betas: (f64, f64), seed: u64) -> Result<AdamSection> {
    let device = data.features.device();
    let scratch = [SecondMoment::Adam, SecondMoment::Yogi]
        .iter()
        .map(|&rule| {
            let mut optimizer = ScratchAdam::new(lr, betas, rule, FEATURES, &device);
            let name = format!("{rule:?}, lr {lr}");
            train_ch11(&mut optimizer, data, scratch_config(seed), &name)
        })
        .collect::<Result<Vec<_>>>()?;
    let concise = train_concise_ch11(
        burn_adam(betas).init(),
        lr,
        data,
        concise_config(seed),
        &format!("burn Adam, lr {lr}"),
    )?;
    Ok(AdamSection {
        airfoil: AirfoilRuns {
            scratch,
            concise: vec![concise],
        },
    })
}

impl AdamSection {
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
    fn burns_adam_with_pytorchs_epsilon_takes_the_books_steps() {
        let mut scratch = ScratchAdam::new(0.01, BOOK_BETAS, SecondMoment::Adam, 3, &cpu());
        super::super::assert_same_steps(&mut scratch, &burn_adam(BOOK_BETAS).build(), 0.01, 8);
    }

    /// The first bias-corrected step is η · sign(g) whatever the gradient's size.
    #[test]
    fn the_first_step_is_the_learning_rate() {
        let device = cpu();
        for rule in [SecondMoment::Adam, SecondMoment::Yogi] {
            let mut adam = ScratchAdam::new(0.01, BOOK_BETAS, rule, 1, &device);
            adam.eps = 0.0;
            let p = Tensor::<2>::zeros([1, 1], &device);
            let g = Tensor::<2>::from_data([[-250.0f32]], &device);
            let moved = adam.update(0, p, g).into_scalar::<f32>();
            assert!((moved - 0.01).abs() < 1e-7, "{rule:?}: {moved}");
        }
    }

    /// Yogi's s moves by at most (1 − β₂)g² a step, towards g²: from 0, a gradient of 10
    /// raises it to 0.001 · 100 = 0.1 (as Adam's would); a gradient of 0.1 next lowers it by
    /// 0.001 · 0.01 only.
    #[test]
    fn yogi_changes_its_second_moment_by_at_most_one_minus_beta2_g_squared() {
        let device = cpu();
        let mut yogi = ScratchAdam::new(0.01, BOOK_BETAS, SecondMoment::Yogi, 1, &device);
        let p = Tensor::<2>::zeros([1, 1], &device);
        let big = Tensor::<2>::from_data([[10.0f32]], &device);
        let small = Tensor::<2>::from_data([[0.1f32]], &device);
        let p = yogi.update(0, p, big);
        let after_big = yogi.squares[0].clone().into_scalar::<f32>();
        assert!((after_big - 0.1).abs() < 1e-6, "{after_big}");
        yogi.update(0, p, small);
        let after_small = yogi.squares[0].clone().into_scalar::<f32>();
        // g² < s: s falls by (1 − β₂)g² = 1e-5 only.
        assert!(
            (after_big - after_small - 1e-5).abs() < 1e-7,
            "{after_small}"
        );
    }
}
