//! Linear regression, d2l-zh 3.1-3.3 (线性回归): the same problem solved three ways.
//!
//! - [`scratch`]: 3.2 从零开始实现, the six steps by hand with autograd;
//! - [`concise`]: 3.3 简洁实现, burn's `Linear`, `MseLoss` and `Sgd`;
//! - [`closed_form`]: 3.1.1's analytic solution w* = (XᵀX)⁻¹Xᵀy, computed by QR;
//! - [`basics`]: 3.1.2's vectorised addition against a loop, and 3.1.3's normal densities.
//!
//! All three train on [`synthetic_data`](crate::data::synthetic_data) with the book's true
//! parameters w = [2, −3.4], b = 4.2, and report how far their estimates are from them.

pub mod basics;
pub mod closed_form;
pub mod concise;
pub mod scratch;

use serde::Serialize;

use burn::tensor::Tensor;

use crate::data::synthetic::{add_outliers, synthetic_data};
use crate::device::Device;
use crate::error::{Result, check};
use crate::nn::loss::RegressionLoss;
use crate::train::Observer;

/// Which implementation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum LinregImpl {
    /// 3.2: model, loss and SGD written by hand.
    Scratch,
    /// 3.3: burn's Linear, MseLoss and Sgd.
    Concise,
    /// 3.1: least squares solved by QR, no training.
    ClosedForm,
}

/// The name the command line uses: `scratch`, `concise` or `closed-form`.
impl std::fmt::Display for LinregImpl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use clap::ValueEnum;
        let value = self.to_possible_value().expect("every variant has a name");
        f.write_str(value.get_name())
    }
}

/// Hyperparameters of the chapter, with the book's defaults (the command line takes its
/// defaults from here).
#[derive(Debug, Clone)]
pub struct LinregConfig {
    /// Implementation.
    pub implementation: LinregImpl,
    /// Passes over the data (`num_epochs = 3`).
    pub epochs: usize,
    /// Learning rate η (`lr = 0.03`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 10`).
    pub batch_size: usize,
    /// Number of synthetic examples (`1000`).
    pub examples: usize,
    /// Seed for the data, the initial weights and the shuffling.
    pub seed: u64,
    /// The true weights (`true_w = [2, -3.4]`).
    pub true_w: Vec<f32>,
    /// The true bias (`true_b = 4.2`).
    pub true_b: f32,
    /// The loss of the concise implementation (`nn.MSELoss` in the book).
    pub loss: RegressionLoss,
    /// Fraction of targets replaced by wild values (0 in the book).
    pub outliers: f64,
    /// Where the tensors live.
    pub device: Device,
}

/// The most synthetic examples `d2l linreg` makes (80 MB of features).
pub const MAX_EXAMPLES: usize = 10_000_000;

impl Default for LinregConfig {
    fn default() -> Self {
        Self {
            implementation: LinregImpl::Scratch,
            epochs: 3,
            lr: 0.03,
            batch_size: 10,
            examples: 1000,
            seed: 42,
            true_w: vec![2.0, -3.4],
            true_b: 4.2,
            loss: RegressionLoss::Mse,
            outliers: 0.0,
            device: crate::device::cpu(),
        }
    }
}

impl LinregConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        check::positive("--examples", self.examples)?;
        if self.examples > MAX_EXAMPLES {
            return Err(crate::error::Error::Hyper {
                name: "--examples",
                value: self.examples.to_string(),
                expected: "at most 10,000,000 examples (the data are made in memory)",
            });
        }
        // The closed form solves for one weight per feature and the bias: with fewer examples
        // than that the least-squares problem has no single answer (and faer's QR asserts).
        if self.implementation == LinregImpl::ClosedForm && self.examples <= self.true_w.len() {
            return Err(crate::error::Error::Hyper {
                name: "--examples",
                value: self.examples.to_string(),
                expected: "more examples than features for --impl closed-form (at least 3)",
            });
        }
        if !(0.0..1.0).contains(&self.outliers) {
            return Err(crate::error::Error::Hyper {
                name: "--outliers",
                value: self.outliers.to_string(),
                expected: "a fraction in [0, 1)",
            });
        }
        Ok(())
    }

    /// The synthetic data set `(X, y)`, with `outliers` of the targets made wild.
    pub fn data(&self) -> (Tensor<2>, Tensor<2>) {
        let (x, y) = synthetic_data(
            &self.true_w,
            self.true_b,
            self.examples,
            self.seed,
            &self.device,
        );
        (x, add_outliers(y, self.outliers, self.seed.wrapping_add(3)))
    }
}

/// Runs the chosen implementation: the one place the three differ.
pub fn run(cfg: &LinregConfig, observer: &mut impl Observer) -> Result<LinregReport> {
    match cfg.implementation {
        LinregImpl::Scratch => scratch::train(cfg, observer),
        LinregImpl::Concise => concise::train(cfg, observer),
        LinregImpl::ClosedForm => closed_form::solve(cfg),
    }
}

/// What one run found.
#[derive(Debug, Clone, Serialize)]
pub struct LinregReport {
    /// `scratch`, `concise` or `closed-form`.
    #[serde(rename = "impl")]
    pub implementation: LinregImpl,
    /// The loss trained with (`squared` for scratch and the closed form).
    pub criterion: RegressionLoss,
    /// Number of epochs trained (0 for the closed form).
    pub epochs: usize,
    /// Training loss after each epoch, as the book prints it.
    pub epoch_losses: Vec<f64>,
    /// Final training loss over all examples.
    pub loss: f64,
    /// Estimated weights.
    pub w: Vec<f64>,
    /// Estimated bias.
    pub b: f64,
    /// true_w − w, element by element (the book's `w的估计误差`).
    pub w_error: Vec<f64>,
    /// true_b − b.
    pub b_error: f64,
    /// Where the work ran (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole run.
    pub seconds: f64,
}

impl LinregReport {
    /// Fills in the errors from the estimates and the true parameters.
    pub(crate) fn new(
        implementation: LinregImpl,
        cfg: &LinregConfig,
        epoch_losses: Vec<f64>,
        loss: f64,
        (w, b): (Vec<f64>, f64),
        device: String,
        seconds: f64,
    ) -> Self {
        let w_error = cfg
            .true_w
            .iter()
            .zip(&w)
            .map(|(t, e)| *t as f64 - e)
            .collect();
        let criterion = if implementation == LinregImpl::Concise {
            cfg.loss
        } else {
            RegressionLoss::Squared
        };
        Self {
            implementation,
            criterion,
            epochs: epoch_losses.len(),
            epoch_losses,
            loss,
            b_error: cfg.true_b as f64 - b,
            w,
            b,
            w_error,
            device,
            seconds,
        }
    }
}
