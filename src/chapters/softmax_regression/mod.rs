//! Softmax regression on Fashion-MNIST, d2l-zh 3.4-3.7 (softmax回归).
//!
//! - [`scratch`]: 3.6 从零开始实现, the seven steps by hand;
//! - [`concise`]: 3.7 简洁实现, burn's `Linear` and `Sgd`.
//!
//! Both train with the same [`train_ch3`](crate::train::train_ch3) and save the same checkpoint
//! layout, so a model trained one way can be evaluated the other way, or in PyTorch.

pub mod concise;
pub mod scratch;

use std::path::Path;
use std::time::Instant;

use burn::module::Param;
use burn::tensor::activation::softmax as softmax_rows;
use burn::tensor::{Int, Tensor, TensorData};
use serde::Serialize;

use crate::checkpoint::{self, NamedTensor};
use crate::data::{ImageLoader, load_data_fashion_mnist};
use crate::device::Device;
use crate::error::{Result, check};
use crate::nn::optim::OptimizerUpdater;
use crate::train::{Batches, History, Net, Observer, evaluate_accuracy, train_ch3};
use concise::SoftmaxRegression;
use scratch::{NUM_INPUTS, NUM_OUTPUTS, SoftmaxScratch};

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoftmaxImpl {
    /// 3.6: by hand.
    Scratch,
    /// 3.7: burn's layers.
    Concise,
}

/// Which loss to train with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SoftmaxLoss {
    /// Cross-entropy, as in the book.
    #[default]
    CrossEntropy,
    /// Squared error between the predicted probabilities and one-hot targets, ½ Σⱼ (ŷⱼ − yⱼ)².
    Mse,
}

/// Hyperparameters, with the book's defaults.
#[derive(Debug, Clone)]
pub struct SoftmaxConfig {
    /// Implementation.
    pub implementation: SoftmaxImpl,
    /// Loss.
    pub loss: SoftmaxLoss,
    /// Passes over the training set (`num_epochs = 10`).
    pub epochs: usize,
    /// Learning rate (`lr = 0.1`).
    pub lr: f64,
    /// Minibatch size (`batch_size = 256`).
    pub batch_size: usize,
    /// Seed for the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for SoftmaxConfig {
    fn default() -> Self {
        Self {
            implementation: SoftmaxImpl::Scratch,
            loss: SoftmaxLoss::CrossEntropy,
            epochs: 10,
            lr: 0.1,
            batch_size: 256,
            seed: 42,
        }
    }
}

impl SoftmaxConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        Ok(())
    }
}

/// A softmax regression model of either implementation.
#[derive(Debug, Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "one model per run: its size does not matter"
)]
pub enum SoftmaxModel {
    /// Hand-written parameters; outputs probabilities.
    Scratch(SoftmaxScratch),
    /// burn's `Linear`; outputs logits.
    Concise(SoftmaxRegression),
}

impl Net for SoftmaxModel {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        match self {
            SoftmaxModel::Scratch(net) => net.forward(x),
            SoftmaxModel::Concise(net) => net.forward(x),
        }
    }

    fn no_grad(&self) -> Self {
        match self {
            SoftmaxModel::Scratch(net) => SoftmaxModel::Scratch(net.no_grad()),
            SoftmaxModel::Concise(net) => SoftmaxModel::Concise(net.no_grad()),
        }
    }
}

/// Names in the checkpoint: those of PyTorch's `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))`,
/// so `net.load_state_dict(safetensors.torch.load_file(path))` works there as it does here.
const WEIGHT: &str = "1.weight";
const BIAS: &str = "1.bias";

impl SoftmaxModel {
    /// A freshly initialised model (W ~ N(0, 0.01²), b = 0).
    pub fn new(implementation: SoftmaxImpl, seed: u64, device: &Device) -> Self {
        match implementation {
            SoftmaxImpl::Scratch => SoftmaxModel::Scratch(scratch::init_params(seed, device)),
            SoftmaxImpl::Concise => SoftmaxModel::Concise(SoftmaxRegression::new(seed, device)),
        }
    }

    /// W `[784, 10]` and b `[10]`, outside the graph.
    pub fn parameters(&self) -> (Tensor<2>, Tensor<1>) {
        match self {
            SoftmaxModel::Scratch(net) => (net.w.clone().inner(), net.b.clone().inner()),
            SoftmaxModel::Concise(net) => (
                net.linear.weight.val().inner(),
                net.linear
                    .bias
                    .as_ref()
                    .expect("Linear should have a bias")
                    .val()
                    .inner(),
            ),
        }
    }

    /// A model of `implementation` with the given W `[784, 10]` and b `[10]`.
    pub fn from_parameters(
        implementation: SoftmaxImpl,
        w: Tensor<2>,
        b: Tensor<1>,
        device: &Device,
    ) -> Self {
        let device = device.clone().autodiff();
        let (w, b) = (w.to_device(&device), b.to_device(&device));
        match implementation {
            SoftmaxImpl::Scratch => SoftmaxModel::Scratch(SoftmaxScratch {
                w: w.autodiff().require_grad(),
                b: b.autodiff().require_grad(),
            }),
            SoftmaxImpl::Concise => {
                // The given parameters, without drawing random ones first.
                let linear = burn::nn::Linear {
                    weight: Param::from_tensor(w.autodiff()),
                    bias: Some(Param::from_tensor(b.autodiff())),
                };
                SoftmaxModel::Concise(SoftmaxRegression { linear })
            }
        }
    }

    /// Saves W (transposed to PyTorch's `[10, 784]`) and b as safetensors.
    pub fn save(&self, path: &Path) -> Result<()> {
        let (w, b) = self.parameters();
        let tensors = [
            NamedTensor {
                name: WEIGHT.into(),
                shape: vec![NUM_OUTPUTS, NUM_INPUTS],
                values: w.transpose().try_into_vec_as::<f32>().expect("W holds f32"),
            },
            NamedTensor {
                name: BIAS.into(),
                shape: vec![NUM_OUTPUTS],
                values: b.try_into_vec_as::<f32>().expect("b holds f32"),
            },
        ];
        checkpoint::save(path, &tensors, &[("chapter", "softmax"), ("format", "pt")])
    }

    /// Loads a checkpoint written by [`SoftmaxModel::save`] (or by PyTorch, with the same names).
    pub fn load(implementation: SoftmaxImpl, path: &Path, device: &Device) -> Result<Self> {
        let mut tensors = checkpoint::load(
            path,
            &[(WEIGHT, &[NUM_OUTPUTS, NUM_INPUTS]), (BIAS, &[NUM_OUTPUTS])],
        )?;
        let bias = tensors.pop().expect("two tensors were loaded");
        let weight = tensors.pop().expect("two tensors were loaded");
        let w = Tensor::<2>::from_data(TensorData::new(weight.values, weight.shape), device)
            .transpose();
        let b = Tensor::<1>::from_data(TensorData::new(bias.values, bias.shape), device);
        Ok(Self::from_parameters(implementation, w, b, device))
    }

    /// Trains for `cfg.epochs` with `train_ch3`, the model's updater and the chosen loss.
    pub fn fit(
        &mut self,
        cfg: &SoftmaxConfig,
        train_iter: &impl Batches,
        test_iter: &impl Batches,
        observer: &mut impl Observer,
    ) -> Result<History> {
        cfg.validate()?;
        let loss = self.loss_fn(cfg.loss);
        match self {
            SoftmaxModel::Scratch(net) => train_ch3(
                net,
                train_iter,
                test_iter,
                loss,
                cfg.epochs,
                &mut scratch::updater(cfg.lr),
                observer,
            ),
            SoftmaxModel::Concise(net) => {
                let mut updater = OptimizerUpdater::sgd(cfg.lr);
                train_ch3(
                    net,
                    train_iter,
                    test_iter,
                    loss,
                    cfg.epochs,
                    &mut updater,
                    observer,
                )
            }
        }
    }

    /// The per-example loss for this model's output (probabilities for scratch, logits for concise).
    fn loss_fn(&self, loss: SoftmaxLoss) -> fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1> {
        match (self, loss) {
            (SoftmaxModel::Scratch(_), SoftmaxLoss::CrossEntropy) => scratch::cross_entropy,
            (SoftmaxModel::Concise(_), SoftmaxLoss::CrossEntropy) => concise::loss,
            (SoftmaxModel::Scratch(_), SoftmaxLoss::Mse) => one_hot_squared_loss,
            (SoftmaxModel::Concise(_), SoftmaxLoss::Mse) => {
                |logits, y| one_hot_squared_loss(softmax_rows(logits, 1), y)
            }
        }
    }
}

/// ½ Σⱼ (ŷⱼ − one_hot(y)ⱼ)² per example: regression onto the one-hot code.
pub fn one_hot_squared_loss(probabilities: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    let [n, q] = probabilities.dims();
    let target = y.one_hot::<2>(q).float(); // [n, q]
    (probabilities - target)
        .square()
        .sum_dim(1)
        .div_scalar(2.0)
        .reshape([n])
}

/// What one training run measured, in the shape of the `--json` line.
#[derive(Debug, Clone, Serialize)]
pub struct SoftmaxReport {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: SoftmaxImpl,
    /// The loss trained with.
    pub loss: SoftmaxLoss,
    /// Per-epoch figures.
    pub epochs: Vec<crate::train::EpochStats>,
    /// Last epoch's training loss (`null` without training).
    pub train_loss: Option<f64>,
    /// Last epoch's training accuracy.
    pub train_acc: Option<f64>,
    /// Test accuracy of the final model.
    pub test_acc: f64,
    /// Where it trained (`d2l::device::describe`).
    pub device: String,
    /// Wall time of the whole job, loading included.
    pub seconds: f64,
}

/// A finished run: the trained model, its figures, and the test loader (for predictions).
pub struct SoftmaxRun {
    /// The model after training.
    pub model: SoftmaxModel,
    /// What was measured.
    pub report: SoftmaxReport,
    /// The test set's loader.
    pub test_iter: ImageLoader,
}

/// The whole job: load Fashion-MNIST from `data_dir`, start from `checkpoint` or from scratch,
/// train for `cfg.epochs` (0 only evaluates) and measure.
pub fn run(
    cfg: &SoftmaxConfig,
    data_dir: &Path,
    checkpoint: Option<&Path>,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<SoftmaxRun> {
    cfg.validate()?;
    let start = Instant::now();
    let (train_iter, test_iter) =
        load_data_fashion_mnist(data_dir, cfg.batch_size, None, cfg.seed, device)?;
    let mut model = match checkpoint {
        Some(path) => SoftmaxModel::load(cfg.implementation, path, device)?,
        None => SoftmaxModel::new(cfg.implementation, cfg.seed, device),
    };
    let history = model.fit(cfg, &train_iter, &test_iter, observer)?;
    let test_acc = match history.last() {
        Some(last) => last.test_acc,
        None => evaluate_accuracy(&model, &test_iter),
    };
    let report = SoftmaxReport {
        implementation: cfg.implementation,
        loss: cfg.loss,
        train_loss: history.last().map(|e| e.train_loss),
        train_acc: history.last().map(|e| e.train_acc),
        test_acc,
        epochs: history.epochs,
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok(SoftmaxRun {
        model,
        report,
        test_iter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn checkpoints_round_trip_across_implementations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let scratch = SoftmaxModel::new(SoftmaxImpl::Scratch, 1, &cpu());
        scratch.save(&path).unwrap();
        let concise = SoftmaxModel::load(SoftmaxImpl::Concise, &path, &cpu()).unwrap();
        let x = Tensor::<4>::ones([2, 1, 28, 28], &cpu());
        // Scratch gives probabilities, concise logits: softmax of one equals the other.
        let p: Vec<f32> = scratch
            .no_grad()
            .forward(x.clone())
            .try_into_vec_as()
            .unwrap();
        let q: Vec<f32> = softmax_rows(concise.no_grad().forward(x), 1)
            .try_into_vec_as()
            .unwrap();
        for (a, b) in p.iter().zip(&q) {
            assert!((a - b).abs() < 1e-6, "{p:?} vs {q:?}");
        }
    }

    #[test]
    fn one_hot_squared_loss_by_hand() {
        let p = Tensor::<2>::from_data([[0.5f32, 0.5], [1.0, 0.0]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 0], &cpu());
        let l: Vec<f32> = one_hot_squared_loss(p, y).try_into_vec_as().unwrap();
        assert_eq!(l, [0.25, 0.0]);
    }
}
