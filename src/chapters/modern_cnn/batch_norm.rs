//! d2l-zh 7.5 批量规范化 (batch normalization): each channel of a minibatch is shifted to mean 0
//! and scaled to variance 1, then given a learned scale γ and shift β. LeNet with a batch-norm
//! layer after each convolution and each hidden dense layer trains with a learning rate of 1.0,
//! where plain LeNet needed 0.9 and many epochs to leave chance.
//!
//! In the book's order: [`batch_norm`], the function (7.5.3); [`BatchNormScratch`], the layer
//! that keeps the moving statistics; LeNet with it ([`LeNetBatchNorm`], 7.5.4); the same
//! network with burn's `BatchNorm` (7.5.5, [`BatchNormImpl::Concise`]); and the training [`run`].
//!
//! Training normalises with the minibatch's own statistics, prediction with the moving averages.
//! burn tells the two apart by the device (the book: `torch.is_grad_enabled()`): a model on an
//! autodiff device trains, its [`valid`](burn::module::Module::valid) copy predicts.

use std::path::Path;

use burn::module::{Module, ModuleDisplay, Param, RunningState};
use burn::nn::conv::Conv2d;
use burn::nn::pool::{AvgPool2d, AvgPool2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Linear};
use burn::tensor::Tensor;
use burn::tensor::activation::sigmoid;
use serde::Serialize;

use crate::chapters::cnn::lenet::conv_xavier;
use crate::device::Device;
use crate::error::Result;
use crate::nn::layers::linear_xavier;
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{BookSettings, ClassifierRun, FashionMnistJob, Net, Observer, TrainConfig};

/// The book's ε: added to the variance so that a constant channel does not divide by zero.
pub const EPS: f64 = 1e-5;
/// The book's momentum: the weight of the old moving average, `0.9 · old + 0.1 · batch`.
/// (burn's `BatchNormConfig::momentum` is the weight of the new value, 0.1: the same rule.)
pub const MOMENTUM: f64 = 0.9;

/// `shape` with every axis 1 but the channels (axis 1): `[1, c, 1, 1]` for images, `[1, c]` for
/// features, so that a per-channel vector broadcasts over a minibatch.
fn per_channel<const D: usize>(values: Tensor<1>) -> Tensor<D> {
    let mut shape = [1; D];
    shape[1] = values.dims()[0];
    values.reshape(shape)
}

/// The mean of each channel over every other axis (examples, height, width).
fn channel_mean<const D: usize>(x: Tensor<D>) -> Tensor<1> {
    let channels = x.dims()[1];
    let per_channel_values = x.shape().num_elements() / channels;
    x.swap_dims(0, 1)
        .reshape([channels, per_channel_values])
        .mean_dim(1)
        .reshape([channels])
}

/// The book's `batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum)`: returns Y
/// and the new moving mean and variance.
///
/// Training (an autodiff device): μ and σ² of each channel over the minibatch (σ² biased, as
/// the book computes it), X̂ = (X − μ) / √(σ² + ε), and the moving averages
/// m ← momentum · m + (1 − momentum) · μ (likewise for σ²). Prediction: X̂ from the moving
/// averages, which stay as they are. Then Y = γ · X̂ + β.
pub fn batch_norm<const D: usize>(
    x: Tensor<D>,
    gamma: Tensor<1>,
    beta: Tensor<1>,
    moving: (Tensor<1>, Tensor<1>),
    eps: f64,
    momentum: f64,
) -> (Tensor<D>, (Tensor<1>, Tensor<1>)) {
    let (moving_mean, moving_var) = moving;
    let device = x.device();
    let (moving_mean, moving_var) = (
        moving_mean.to_device(&device),
        moving_var.to_device(&device),
    );
    let (x_hat, moving) = if !device.is_autodiff() {
        let std = moving_var.clone().add_scalar(eps).sqrt();
        let x_hat = (x - per_channel(moving_mean.clone())) / per_channel(std);
        (x_hat, (moving_mean, moving_var))
    } else {
        let mean = channel_mean(x.clone());
        let centered = x - per_channel(mean.clone());
        let var = channel_mean(centered.clone().square());
        let x_hat = centered / per_channel(var.clone().add_scalar(eps).sqrt());
        // The moving averages are statistics, not part of the graph.
        let update = |old: Tensor<1>, new: Tensor<1>| {
            (old.mul_scalar(momentum) + new.mul_scalar(1.0 - momentum)).detach()
        };
        (
            x_hat,
            (
                update(moving_mean, mean.detach()),
                update(moving_var, var.detach()),
            ),
        )
    };
    (per_channel(gamma) * x_hat + per_channel(beta), moving)
}

/// The book's `BatchNorm` layer from scratch: γ and β learned, the moving mean and variance
/// kept between minibatches (and saved with the model, as burn's `BatchNorm` keeps them).
#[derive(Module, Debug)]
pub struct BatchNormScratch {
    /// The scale γ, one per channel, starting at 1.
    pub gamma: Param<Tensor<1>>,
    /// The shift β, one per channel, starting at 0.
    pub beta: Param<Tensor<1>>,
    /// The moving mean, starting at 0.
    pub moving_mean: RunningState<Tensor<1>>,
    /// The moving variance, starting at 1.
    pub moving_var: RunningState<Tensor<1>>,
}

impl BatchNormScratch {
    /// A layer for `num_features` channels (or features), ready to train on `device`.
    pub fn new(num_features: usize, device: &Device) -> Self {
        let device = device.clone().autodiff();
        Self {
            gamma: Param::from_tensor(Tensor::ones([num_features], &device)),
            beta: Param::from_tensor(Tensor::zeros([num_features], &device)),
            moving_mean: RunningState::new(Tensor::zeros([num_features], &device)),
            moving_var: RunningState::new(Tensor::ones([num_features], &device)),
        }
    }
}

/// A batch-norm layer of either implementation, for images (`D` = 4) or features (`D` = 2).
pub trait Normalize: Module + ModuleDisplay {
    /// The normalised, scaled and shifted `x`; in training the moving statistics move.
    fn normalize<const D: usize>(&self, x: Tensor<D>) -> Tensor<D>;
    /// γ and β, as numbers.
    fn scale_and_shift(&self) -> (Vec<f32>, Vec<f32>);
}

impl Normalize for BatchNormScratch {
    fn normalize<const D: usize>(&self, x: Tensor<D>) -> Tensor<D> {
        let moving = (self.moving_mean.value_sync(), self.moving_var.value_sync());
        let training = x.device().is_autodiff();
        let (y, (mean, var)) =
            batch_norm(x, self.gamma.val(), self.beta.val(), moving, EPS, MOMENTUM);
        if training {
            self.moving_mean.update(mean);
            self.moving_var.update(var);
        }
        y
    }

    fn scale_and_shift(&self) -> (Vec<f32>, Vec<f32>) {
        (numbers(self.gamma.val()), numbers(self.beta.val()))
    }
}

/// burn's own layer (7.5.5), with the book's ε and momentum.
impl Normalize for BatchNorm {
    fn normalize<const D: usize>(&self, x: Tensor<D>) -> Tensor<D> {
        self.forward(x)
    }

    fn scale_and_shift(&self) -> (Vec<f32>, Vec<f32>) {
        (numbers(self.gamma.val()), numbers(self.beta.val()))
    }
}

fn numbers(t: Tensor<1>) -> Vec<f32> {
    t.inner().try_into_vec_as().expect("γ and β are floats")
}

/// 7.5.4: LeNet with a batch-norm layer after each convolution and each hidden dense layer,
/// before the sigmoid. Unlike 6.6's LeNet the first convolution does not pad: 28 → 24 → 12 → 8
/// → 4, so the first dense layer takes 16 · 4 · 4 = 256 inputs.
#[derive(Module, Debug)]
pub struct LeNetBatchNorm<N> {
    /// `Conv2d(1, 6, kernel_size=5)`.
    pub conv1: Conv2d,
    /// `BatchNorm(6, num_dims=4)`: the first batch-norm layer, whose γ and β the book prints.
    pub bn1: N,
    /// `Conv2d(6, 16, kernel_size=5)`.
    pub conv2: Conv2d,
    /// `BatchNorm(16, num_dims=4)`.
    pub bn2: N,
    /// `AvgPool2d(kernel_size=2, stride=2)`, after both convolution blocks.
    pub pool: AvgPool2d,
    /// `Linear(16 * 4 * 4, 120)`.
    pub fc1: Linear,
    /// `BatchNorm(120, num_dims=2)`.
    pub bn3: N,
    /// `Linear(120, 84)`.
    pub fc2: Linear,
    /// `BatchNorm(84, num_dims=2)`.
    pub bn4: N,
    /// `Linear(84, 10)`.
    pub fc3: Linear,
}

impl<N: Normalize> LeNetBatchNorm<N> {
    /// The network with `norm(channels)` as its batch-norm layers, the convolutions and dense
    /// layers Xavier-uniform as `train_ch6` initialises them; `seed` makes the draw repeatable.
    pub fn new(norm: impl Fn(usize) -> N, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let conv1 = conv_xavier(1, 6, 5, 0, device);
        let conv2 = conv_xavier(6, 16, 5, 0, device);
        let dense = |i: u64, d_in, d_out| linear_xavier(d_in, d_out, true, seed + i, device);
        Self {
            conv1,
            bn1: norm(6),
            conv2,
            bn2: norm(16),
            pool: AvgPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            fc1: dense(1, 16 * 4 * 4, 120),
            bn3: norm(120),
            fc2: dense(2, 120, 84),
            bn4: norm(84),
            fc3: dense(3, 84, 10),
        }
    }
}

impl<N: Normalize> Net<Tensor<4>> for LeNetBatchNorm<N> {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = sigmoid(self.bn1.normalize(self.conv1.forward(x))); // [n, 6, 24, 24]
        let x = sigmoid(self.bn2.normalize(self.conv2.forward(self.pool.forward(x)))); // [n, 16, 8, 8]
        let x = self.pool.forward(x).flatten::<2>(1, 3); // [n, 256]
        let x = sigmoid(self.bn3.normalize(self.fc1.forward(x))); // [n, 120]
        let x = sigmoid(self.bn4.normalize(self.fc2.forward(x))); // [n, 84]
        self.fc3.forward(x) // [n, 10] logits
    }
}

/// Which batch-norm layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum BatchNormImpl {
    /// 7.5.3-7.5.4: batch_norm and its layer, written by hand.
    Scratch,
    /// 7.5.5: burn's BatchNorm layer.
    Concise,
}

/// 7.5's settings, with the book's defaults (the command line takes its defaults from here).
#[derive(Debug, Clone)]
pub struct BatchNormLeNetConfig {
    /// Which batch-norm layer.
    pub implementation: BatchNormImpl,
    /// Epochs, learning rate, batch size and seed (the book's: [`BatchNormLeNetConfig::TRAIN`]).
    pub train: TrainConfig,
}

/// `lr, num_epochs, batch_size = 1.0, 10, 256` for both implementations.
impl BookSettings for BatchNormLeNetConfig {
    const NAME: &'static str = "batch-norm";
    const TRAIN: TrainConfig = TrainConfig::book(10, 1.0, 256);
    /// Measured: ~74 kB per example of a minibatch (LeNet's, and the normalised copies).
    const BYTES_PER_EXAMPLE: u64 = 96 << 10;
}

impl Default for BatchNormLeNetConfig {
    fn default() -> Self {
        Self {
            implementation: BatchNormImpl::Scratch,
            train: Self::TRAIN,
        }
    }
}

/// The fields of the `--json` line that only 7.5 has.
#[derive(Debug, Clone, Serialize)]
pub struct BatchNormSection {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: BatchNormImpl,
    /// The learned scale γ of the first batch-norm layer (the book's `net[1].gamma`).
    pub gamma: Vec<f32>,
    /// The learned shift β of the first batch-norm layer.
    pub beta: Vec<f32>,
}

/// The whole job: load Fashion-MNIST, train LeNet with batch norm by SGD and cross-entropy
/// (`d2l.train_ch6`), then read γ and β of its first batch-norm layer.
pub fn run(
    cfg: &BatchNormLeNetConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<BatchNormSection>> {
    let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;
    let (seed, mut updater) = (cfg.train.seed, OptimizerUpdater::sgd(cfg.train.lr));
    // The one place the two implementations differ: the batch-norm layer.
    let ((gamma, beta), trained) = match cfg.implementation {
        BatchNormImpl::Scratch => {
            let norm = |channels| BatchNormScratch::new(channels, device);
            let mut net = LeNetBatchNorm::new(norm, seed, device);
            let trained = job.fit(&mut net, cross_entropy_logits, &mut updater, observer)?;
            (net.bn1.scale_and_shift(), trained)
        }
        BatchNormImpl::Concise => {
            let norm = |channels| {
                BatchNormConfig::new(channels)
                    .with_epsilon(EPS)
                    .with_momentum(1.0 - MOMENTUM)
                    .init(&device.clone().autodiff())
            };
            let mut net = LeNetBatchNorm::new(norm, seed, device);
            let trained = job.fit(&mut net, cross_entropy_logits, &mut updater, observer)?;
            (net.bn1.scale_and_shift(), trained)
        }
    };
    Ok(trained.report_with_speed(BatchNormSection {
        implementation: cfg.implementation,
        gamma,
        beta,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use burn::tensor::Distribution;

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.inner().try_into_vec_as().unwrap()
    }

    fn assert_close(a: &[f32], b: &[f32], what: &str) {
        assert_eq!(a.len(), b.len(), "{what}");
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() < 1e-4, "{what}[{i}]: {x} vs {y}");
        }
    }

    /// The scratch layer and burn's, fed the same minibatches: the same outputs in training,
    /// the same moving statistics after three steps, the same outputs in prediction.
    #[test]
    fn the_scratch_layer_equals_burns_in_training_and_prediction() {
        let device = cpu().autodiff();
        let scratch = BatchNormScratch::new(3, &cpu());
        let burn_layer = BatchNormConfig::new(3)
            .with_epsilon(EPS)
            .with_momentum(1.0 - MOMENTUM)
            .init(&device);
        device.seed(3);
        for step in 0..3 {
            let x = Tensor::<4>::random([5, 3, 4, 2], Distribution::Normal(1.5, 2.0), &device)
                .add_scalar(step as f64);
            let ours = values(scratch.normalize(x.clone()));
            let theirs = values(burn_layer.normalize(x));
            assert_close(&ours, &theirs, "training output");
        }
        assert_close(
            &values(scratch.moving_mean.value_sync()),
            &values(burn_layer.running_mean.value_sync()),
            "moving mean",
        );
        assert_close(
            &values(scratch.moving_var.value_sync()),
            &values(burn_layer.running_var.value_sync()),
            "moving variance",
        );
        // Prediction uses the moving statistics, so a single example is normalised too.
        let x = Tensor::<4>::random([1, 3, 4, 2], Distribution::Default, &cpu());
        let ours = values(scratch.valid().normalize(x.clone()));
        let theirs = values(burn_layer.valid().normalize(x));
        assert_close(&ours, &theirs, "prediction output");
    }

    #[test]
    fn training_normalises_each_channel_and_prediction_does_not_move_the_statistics() {
        let layer = BatchNormScratch::new(2, &cpu());
        let device = cpu().autodiff();
        device.seed(1);
        let x = Tensor::<2>::random([64, 2], Distribution::Normal(5.0, 3.0), &device);
        let y = layer.normalize(x);
        let mean = values(y.clone().mean_dim(0));
        let var = values(y.square().mean_dim(0));
        assert!(mean.iter().all(|m| m.abs() < 1e-5), "{mean:?}");
        assert!(var.iter().all(|v| (v - 1.0).abs() < 1e-3), "{var:?}");
        // After one step: 0.9 · 0 + 0.1 · μ, with μ near 5.
        let moved = values(layer.moving_mean.value_sync());
        assert!(moved.iter().all(|m| (0.3..0.7).contains(m)), "{moved:?}");
        let predict = layer.valid();
        predict.normalize(Tensor::<2>::ones([4, 2], &cpu()));
        assert_eq!(values(predict.moving_mean.value_sync()), moved);
    }

    #[test]
    fn lenet_with_batch_norm_maps_images_to_ten_scores() {
        let norm = |channels| BatchNormScratch::new(channels, &cpu());
        let net = LeNetBatchNorm::new(norm, 0, &cpu());
        let x = Tensor::<4>::random([2, 1, 28, 28], Distribution::Default, &cpu().autodiff());
        assert_eq!(net.forward(x).dims(), [2, 10]);
        let (gamma, beta) = net.bn1.scale_and_shift();
        assert_eq!((gamma, beta), (vec![1.0; 6], vec![0.0; 6]));
    }
}
