//! Softmax regression on Fashion-MNIST, d2l-zh 3.4-3.7 (softmax回归).
//!
//! - [`scratch`]: 3.6 从零开始实现, the seven steps by hand: softmax, cross-entropy and accuracy
//!   are written there;
//! - [`training`]: 3.6's training loop and prediction (`train_ch3`, `predict_ch3`), which every
//!   classifier after this section runs (re-exported as `d2l::train::train_ch3`);
//! - [`concise`]: 3.7 简洁实现, burn's `Linear` and `Sgd`.
//!
//! Both are burn modules trained by the same [`train_ch3`] and saved in the same checkpoint
//! layout (PyTorch's `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))`), so a model trained one
//! way can be evaluated the other way, or in PyTorch.

pub mod concise;
pub mod scratch;
pub mod training;

use std::path::Path;

use burn::module::Param;
use burn::tensor::activation::softmax as softmax_rows;
use burn::tensor::{Int, Tensor};
use serde::Serialize;

use crate::checkpoint::{self, Layout};
use crate::device::Device;
use crate::error::Result;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{
    BookSettings, ClassifierReport, FashionMnistJob, Observer, Prediction, TrainConfig,
};
use concise::SoftmaxRegression;
use scratch::SoftmaxScratch;

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SoftmaxImpl {
    /// 3.6: softmax, cross-entropy and SGD by hand.
    Scratch,
    /// 3.7: burn's Linear and Sgd.
    Concise,
}

/// Which loss to train with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum SoftmaxLoss {
    /// Cross-entropy (the book's).
    #[default]
    CrossEntropy,
    /// Squared error between the predicted probabilities and one-hot targets, ½ Σⱼ (ŷⱼ − yⱼ)².
    Mse,
}

/// Hyperparameters, with the book's defaults (the command line takes its defaults from here).
#[derive(Debug, Clone)]
pub struct SoftmaxConfig {
    /// Implementation.
    pub implementation: SoftmaxImpl,
    /// Loss.
    pub loss: SoftmaxLoss,
    /// Epochs, learning rate, batch size and seed (the book's: [`SoftmaxConfig::TRAIN`]).
    pub train: TrainConfig,
}

/// `batch_size = 256`, `lr = 0.1`, `num_epochs = 10` in both 3.6 and 3.7.
impl BookSettings for SoftmaxConfig {
    const NAME: &'static str = "softmax";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.1, 256);
}

impl Default for SoftmaxConfig {
    fn default() -> Self {
        Self {
            implementation: SoftmaxImpl::Scratch,
            loss: SoftmaxLoss::CrossEntropy,
            train: Self::TRAIN,
        }
    }
}

/// The checkpoint names of PyTorch's `nn.Sequential(nn.Flatten(), nn.Linear(784, 10))`:
/// `net.load_state_dict(safetensors.torch.load_file(path))` works there as it does here.
pub const CHECKPOINT: Layout = Layout {
    chapter: "softmax",
    rename: &[("linear.", "1.")],
};

/// W `[784, 10]` is already the layout of burn's `Linear` (inputs first): the scratch model
/// becomes the concise one without copying a number, for checkpoints.
impl From<SoftmaxScratch> for SoftmaxRegression {
    fn from(net: SoftmaxScratch) -> Self {
        Self {
            linear: burn::nn::Linear {
                weight: net.w,
                bias: Some(net.b),
            },
        }
    }
}

impl From<SoftmaxRegression> for SoftmaxScratch {
    fn from(net: SoftmaxRegression) -> Self {
        let bias = net.linear.bias.unwrap_or_else(|| {
            let [_, outputs] = net.linear.weight.val().dims();
            Param::from_tensor(Tensor::zeros([outputs], &net.linear.weight.val().device()))
        });
        Self {
            w: net.linear.weight,
            b: bias,
        }
    }
}

/// Saves either implementation's parameters in [`CHECKPOINT`]'s layout.
pub fn save<N: Into<SoftmaxRegression>>(net: N, path: &Path) -> Result<()> {
    checkpoint::save(&net.into(), &CHECKPOINT, path)
}

/// Loads a checkpoint written by [`save`] (or by PyTorch, with the same names) into either
/// implementation.
pub fn load<N: From<SoftmaxRegression>>(path: &Path, device: &Device) -> Result<N> {
    checkpoint::load(SoftmaxRegression::zeros(device), &CHECKPOINT, path).map(N::from)
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

/// The fields of the `--json` line that only softmax regression has.
#[derive(Debug, Clone, Serialize)]
pub struct SoftmaxSection {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: SoftmaxImpl,
    /// The loss trained with.
    pub loss: SoftmaxLoss,
}

/// What one training run measured, in the shape of the `--json` line.
pub type SoftmaxReport = ClassifierReport<SoftmaxSection>;

/// A finished run: the model, its figures and the first test images with the model's labels
/// (step 7).
pub struct SoftmaxRun {
    /// The trained parameters, in the checkpoint's layout whichever implementation trained them.
    pub model: SoftmaxRegression,
    /// What was measured.
    pub report: SoftmaxReport,
    /// The first [`PREDICTIONS`] test images, predicted by the final model.
    pub predictions: Vec<Prediction>,
}

/// Where a run starts from and what it writes besides its report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checkpoints<'a> {
    /// Start from these parameters instead of a fresh initialisation.
    pub load: Option<&'a Path>,
    /// Save the trained parameters here.
    pub save: Option<&'a Path>,
}

/// One loss per example, from the model's output and the labels.
type LossFn = fn(Tensor<2>, Tensor<1, Int>) -> Tensor<1>;

/// The whole job: load Fashion-MNIST from `data_dir`, start from a checkpoint or from scratch,
/// train for `cfg.train.epochs` (0 only evaluates), save if asked, predict a few test images
/// and measure.
pub fn run(
    cfg: &SoftmaxConfig,
    data_dir: &Path,
    checkpoints: Checkpoints,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<SoftmaxRun> {
    let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;
    let lr = cfg.train.lr;
    // The one place the two implementations differ: the model, its loss and its updater.
    let (model, trained) = match cfg.implementation {
        SoftmaxImpl::Scratch => {
            let mut net: SoftmaxScratch = match checkpoints.load {
                Some(path) => load(path, device)?,
                None => scratch::init_params(cfg.train.seed, device),
            };
            let loss: LossFn = match cfg.loss {
                SoftmaxLoss::CrossEntropy => scratch::cross_entropy,
                SoftmaxLoss::Mse => one_hot_squared_loss,
            };
            let trained = job.fit(&mut net, loss, &mut scratch::updater(lr), observer)?;
            (SoftmaxRegression::from(net), trained)
        }
        SoftmaxImpl::Concise => {
            let mut net: SoftmaxRegression = match checkpoints.load {
                Some(path) => load(path, device)?,
                None => SoftmaxRegression::new(cfg.train.seed, device),
            };
            let loss: LossFn = match cfg.loss {
                SoftmaxLoss::CrossEntropy => concise::loss,
                SoftmaxLoss::Mse => |logits, y| one_hot_squared_loss(softmax_rows(logits, 1), y),
            };
            let trained = job.fit(&mut net, loss, &mut OptimizerUpdater::sgd(lr), observer)?;
            (net, trained)
        }
    };
    if let Some(path) = checkpoints.save {
        save(model.clone(), path)?;
    }
    let run = trained.report(SoftmaxSection {
        implementation: cfg.implementation,
        loss: cfg.loss,
    });
    Ok(SoftmaxRun {
        model,
        report: run.report,
        predictions: run.predictions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use crate::nn::optim::Updater;
    use crate::train::Net;
    use burn::module::Module;

    #[test]
    fn checkpoints_round_trip_across_implementations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let scratch = scratch::init_params(1, &cpu());
        save(scratch.clone(), &path).unwrap();
        let concise: SoftmaxRegression = load(&path, &cpu()).unwrap();
        let x = Tensor::<4>::ones([2, 1, 28, 28], &cpu());
        // Scratch gives probabilities, concise logits: softmax of one equals the other.
        let p: Vec<f32> = scratch
            .valid()
            .forward(x.clone())
            .try_into_vec_as()
            .unwrap();
        let q: Vec<f32> = softmax_rows(concise.valid().forward(x), 1)
            .try_into_vec_as()
            .unwrap();
        for (a, b) in p.iter().zip(&q) {
            assert!((a - b).abs() < 1e-6, "{p:?} vs {q:?}");
        }
    }

    #[test]
    fn checkpoints_have_pytorchs_names_and_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        let net = SoftmaxRegression::new(3, &cpu());
        save(net.clone(), &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
        let mut names = file.names();
        names.sort();
        assert_eq!(names, ["1.bias", "1.weight"]);
        let weight = file.tensor("1.weight").unwrap();
        assert_eq!(weight.shape(), [10, 784]); // PyTorch's [out, in]
        // Row j of the file is column j of W: the first value of row 1 is W[0][1].
        let w: Vec<f32> = net.linear.weight.val().inner().try_into_vec_as().unwrap();
        let row1 = f32::from_le_bytes(weight.data()[784 * 4..784 * 4 + 4].try_into().unwrap());
        assert_eq!(row1, w[1]);
    }

    #[test]
    fn a_loaded_model_trains() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.safetensors");
        save(SoftmaxRegression::new(2, &cpu()), &path).unwrap();
        let mut net: SoftmaxScratch = load(&path, &cpu()).unwrap();
        let x = Tensor::<4>::ones([2, 1, 28, 28], &cpu());
        let y = Tensor::<1, Int>::from_data([1, 4], &cpu());
        let losses = scratch::cross_entropy(net.forward(x), y);
        let before = net.w.val().inner().sum().into_scalar::<f32>();
        scratch::updater(0.5).step(&mut net, losses);
        assert_ne!(before, net.w.val().inner().sum().into_scalar::<f32>());
    }

    #[test]
    fn one_hot_squared_loss_by_hand() {
        let p = Tensor::<2>::from_data([[0.5f32, 0.5], [1.0, 0.0]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 0], &cpu());
        let l: Vec<f32> = one_hot_squared_loss(p, y).try_into_vec_as().unwrap();
        assert_eq!(l, [0.25, 0.0]);
    }
}
