//! Weight decay, d2l-zh 4.5 (权重衰减): high-dimensional linear regression with 20 examples for 200
//! inputs, where only a penalty on ‖w‖² keeps the model from fitting the noise.
//!
//! - [`scratch`]: 4.5.2, the penalty λ‖w‖²/2 added to the loss by hand;
//! - [`concise`]: 4.5.3, SGD's own weight decay, applied to the weight and not the bias.
//!
//! y = 0.05 + Σᵢ 0.01·xᵢ + ε with ε ~ N(0, 0.01²); both train with [`train_regression`].

pub mod concise;
pub mod scratch;

use std::time::Instant;

use burn::tensor::Tensor;
use serde::Serialize;

use crate::data::{ArrayLoader, load_array, synthetic_data};
use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::nn::loss::squared_loss;
use crate::train::{EpochStats, Observer, mean_loss, train_regression};

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum WeightDecayImpl {
    /// 4.5.2: the L2 penalty added to the loss by hand.
    Scratch,
    /// 4.5.3: weight decay in burn's Sgd, on the weight only.
    Concise,
}

/// Hyperparameters, with the book's defaults.
#[derive(Debug, Clone)]
pub struct WeightDecayConfig {
    /// Implementation.
    pub implementation: WeightDecayImpl,
    /// Inputs (`num_inputs = 200`).
    pub num_inputs: usize,
    /// Training examples (`n_train = 20`).
    pub n_train: usize,
    /// Test examples (`n_test = 100`).
    pub n_test: usize,
    /// Passes over the training set (`num_epochs = 100`).
    pub epochs: usize,
    /// Learning rate (`lr = 0.003`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 5`).
    pub batch_size: usize,
    /// Seed for the data, the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for WeightDecayConfig {
    fn default() -> Self {
        Self {
            implementation: WeightDecayImpl::Scratch,
            num_inputs: 200,
            n_train: 20,
            n_test: 100,
            epochs: 100,
            lr: 0.003,
            batch_size: 5,
            seed: 42,
        }
    }
}

impl WeightDecayConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        check::positive("--num-inputs", self.num_inputs)?;
        Ok(())
    }
}

/// Checks a weight decay λ: finite and ≥ 0.
pub fn check_lambda(lambda: f64) -> Result<f64> {
    crate::error::check::f32_non_negative("--lambd", lambda)
}

/// One training run with one λ.
#[derive(Debug, Clone, Serialize)]
pub struct DecayRun {
    /// The penalty's weight λ (`lambd` in the book, `wd` in the concise section).
    pub lambda: f64,
    /// ‖w‖₂ after training (the book prints it).
    pub w_norm: f64,
    /// Final mean squared loss (with the ½) on the training set.
    pub train_loss: f64,
    /// Final mean squared loss on the test set.
    pub test_loss: f64,
    /// Both losses after every epoch.
    pub epochs: Vec<EpochStats>,
}

/// What `d2l weight-decay` reports.
#[derive(Debug, Clone, Serialize)]
pub struct WeightDecayReport {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: WeightDecayImpl,
    /// One run per λ.
    pub runs: Vec<DecayRun>,
    /// Where it ran.
    pub device: String,
    /// Wall time.
    pub seconds: f64,
}

/// The training and test sets, as loaders: shuffled minibatches for training, and the whole of
/// each set in one batch for evaluation.
pub struct Data {
    /// Minibatches of the training set.
    pub train_iter: ArrayLoader,
    /// The training set in one batch.
    pub train_eval: ArrayLoader,
    /// The test set in one batch.
    pub test_eval: ArrayLoader,
}

/// `synthetic_data(true_w, true_b, n)` for both sets, with w = 0.01 everywhere and b = 0.05.
pub fn data(cfg: &WeightDecayConfig, device: &Device) -> Data {
    let true_w = vec![0.01f32; cfg.num_inputs];
    let train = synthetic_data(&true_w, 0.05, cfg.n_train, cfg.seed, device);
    let test = synthetic_data(&true_w, 0.05, cfg.n_test, cfg.seed.wrapping_add(1), device);
    Data {
        train_iter: load_array(
            train.clone(),
            cfg.batch_size,
            true,
            cfg.seed.wrapping_add(2),
        ),
        train_eval: load_array(train, cfg.n_train, false, 0),
        test_eval: load_array(test, cfg.n_test, false, 0),
    }
}

/// ½(ŷ − y)² per example: what both implementations report (`d2l.squared_loss`).
pub fn loss(y_hat: Tensor<2>, y: Tensor<2>) -> Tensor<1> {
    squared_loss(y_hat, y).flatten(0, 1)
}

/// A divergence with λ large for the learning rate is λ's fault, not η's: the decay step
/// multiplies w by (1 − ηλ), which flips sign and grows once ηλ > 2 whatever the data.
fn blame_lambda(err: Error, lr: f64, lambda: f64) -> Error {
    match err {
        Error::Diverged { epoch, what, .. } if lr * lambda > 1.0 => Error::Diverged {
            epoch,
            what,
            hint: format!(
                "--lambd {} is too large for --lr {lr} (each step scales w by 1 - lr x lambd = \
                 {}): give a --lambd below {}",
                short(lambda),
                short(1.0 - lr * lambda),
                short(1.0 / lr)
            ),
        },
        other => other,
    }
}

/// A number in few characters: 333.3, 1e30, -3e27.
fn short(x: f64) -> String {
    if x != 0.0 && !(1e-3..1e6).contains(&x.abs()) {
        format!("{x:.3e}").replace(".000e", "e")
    } else {
        let text = format!("{x:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Trains once per λ in `lambdas` with the chosen implementation.
pub fn run(
    cfg: &WeightDecayConfig,
    lambdas: &[f64],
    device: &Device,
    observer: &mut impl Observer,
) -> Result<WeightDecayReport> {
    cfg.validate()?;
    for &lambda in lambdas {
        check_lambda(lambda)?;
    }
    let start = Instant::now();
    let data = data(cfg, device);
    let mut runs = Vec::with_capacity(lambdas.len());
    for &lambda in lambdas {
        let seed = cfg.seed.wrapping_add(3);
        // The one place the two implementations differ: the model and how λ enters the update.
        let (history, w_norm) = match cfg.implementation {
            WeightDecayImpl::Scratch => {
                let mut net = scratch::init_params(cfg.num_inputs, seed, device);
                let history = train_regression(
                    &mut net,
                    &data.train_iter,
                    &data.train_eval,
                    Some(&data.test_eval),
                    loss,
                    mean_loss(loss),
                    cfg.epochs,
                    &mut scratch::updater(cfg.lr, lambda),
                    observer,
                )
                .map_err(|e| blame_lambda(e, cfg.lr, lambda))?;
                (history, norm(net.w.val()))
            }
            WeightDecayImpl::Concise => {
                let mut net = concise::init(cfg.num_inputs, seed, device);
                let mut trainer = concise::trainer(&net, cfg.lr, lambda);
                let history = train_regression(
                    &mut net,
                    &data.train_iter,
                    &data.train_eval,
                    Some(&data.test_eval),
                    loss,
                    mean_loss(loss),
                    cfg.epochs,
                    &mut trainer,
                    observer,
                )
                .map_err(|e| blame_lambda(e, cfg.lr, lambda))?;
                (history, norm(net.weight.val()))
            }
        };
        let last = history.last();
        runs.push(DecayRun {
            lambda,
            w_norm,
            train_loss: last.map_or(f64::NAN, |e| e.train_loss),
            test_loss: last.and_then(|e| e.test_loss).unwrap_or(f64::NAN),
            epochs: history.epochs,
        });
    }
    Ok(WeightDecayReport {
        implementation: cfg.implementation,
        runs,
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// ‖w‖₂ (`torch.norm(w).item()`).
fn norm(w: Tensor<2>) -> f64 {
    (w.inner().square().sum().into_scalar::<f32>() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn decay_shrinks_w_and_generalises_better_in_both_implementations() {
        for implementation in [WeightDecayImpl::Scratch, WeightDecayImpl::Concise] {
            let cfg = WeightDecayConfig {
                implementation,
                ..WeightDecayConfig::default()
            };
            let report = run(&cfg, &[0.0, 3.0], &cpu(), &mut ()).unwrap();
            let (free, decayed) = (&report.runs[0], &report.runs[1]);
            // Book: ‖w‖ 12.96 (λ = 0) and 0.356 (λ = 3); concise 13.73 and 0.389.
            assert!(free.w_norm > 5.0, "{implementation:?}: {}", free.w_norm);
            assert!(
                decayed.w_norm < 1.0,
                "{implementation:?}: {}",
                decayed.w_norm
            );
            assert!(decayed.test_loss < free.test_loss, "{implementation:?}");
        }
    }

    #[test]
    fn a_negative_decay_is_refused() {
        let err = blame_lambda(
            Error::Diverged {
                epoch: 1,
                what: "the loss became NaN".into(),
                hint: Error::LOWER_LR.into(),
            },
            0.003,
            1e30,
        )
        .to_string();
        assert!(
            err.contains("--lambd 1e30 is too large for --lr 0.003"),
            "{err}"
        );
        assert!(err.contains("below 333.3"), "{err}");
        let err = check_lambda(-1.0).unwrap_err().to_string();
        assert!(
            err.contains("--lambd") && err.contains("0, or a number > 0"),
            "{err}"
        );
    }
}
