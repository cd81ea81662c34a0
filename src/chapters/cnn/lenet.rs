//! d2l-zh 6.6 卷积神经网络（LeNet）: two convolution blocks and three dense layers, trained on
//! Fashion-MNIST with the classification loop every chapter shares.
//!
//! Each convolution block is a 5 × 5 convolution, a sigmoid and a 2 × 2 average pooling with
//! stride 2. The first convolution pads by 2, so a 28 × 28 image keeps its size there; the second
//! does not, and after both blocks 16 channels of 5 × 5 remain: 400 numbers per image, which the
//! dense layers take down to 120, 84 and the 10 class scores.

use std::path::Path;

use burn::module::Module;
use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{AvgPool2d, AvgPool2dConfig};
use burn::nn::{Initializer, Linear};
use burn::tensor::Tensor;
use burn::tensor::activation::sigmoid;

use serde::Serialize;

use crate::device::Device;
use crate::error::Result;
use crate::nn::layers::linear_xavier;
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{BookSettings, ClassifierRun, FashionMnistJob, Net, Observer, TrainConfig};

/// LeNet's hyperparameters, with the book's defaults (the command line takes its defaults from
/// here).
#[derive(Debug, Clone)]
pub struct LeNetConfig {
    /// Epochs, learning rate, batch size and seed (the book's: [`LeNetConfig::TRAIN`]).
    pub train: TrainConfig,
}

/// `batch_size = 256`, `lr, num_epochs = 0.9, 10`.
impl BookSettings for LeNetConfig {
    const NAME: &'static str = "lenet";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.9, 256);
    /// Measured: peak memory grows by ~54 kB per example of a minibatch (the convolutions'
    /// unfolded inputs and every layer's activations, kept for the backward pass).
    const BYTES_PER_EXAMPLE: u64 = 64 << 10;
}

impl Default for LeNetConfig {
    fn default() -> Self {
        Self { train: Self::TRAIN }
    }
}

/// LeNet-5 as the book builds it (`nn.Sequential` of 12 layers), sigmoids and average pooling
/// included: the original network's choices, before ReLU and max pooling became usual.
#[derive(Module, Debug)]
pub struct LeNet {
    /// `Conv2d(1, 6, kernel_size=5, padding=2)`.
    pub conv1: Conv2d,
    /// `Conv2d(6, 16, kernel_size=5)`.
    pub conv2: Conv2d,
    /// `AvgPool2d(kernel_size=2, stride=2)`, used after both convolutions.
    pub pool: AvgPool2d,
    /// `Linear(16 * 5 * 5, 120)`.
    pub fc1: Linear,
    /// `Linear(120, 84)`.
    pub fc2: Linear,
    /// `Linear(84, 10)`.
    pub fc3: Linear,
}

/// A convolution with Xavier-uniform weights and a zero bias, as the book's `train_ch6`
/// initialises it (`nn.init.xavier_uniform_`). For a convolution the fans are
/// channels × kernel area: fan_in = c_in·k², fan_out = c_out·k².
pub fn conv_xavier(
    c_in: usize,
    c_out: usize,
    kernel: usize,
    padding: usize,
    device: &Device,
) -> Conv2d {
    let mut conv = Conv2dConfig::new([c_in, c_out], [kernel, kernel])
        .with_padding(PaddingConfig2d::Explicit(
            padding, padding, padding, padding,
        ))
        .with_initializer(Initializer::XavierUniform { gain: 1.0 })
        .init(&device.clone().autodiff());
    conv.bias = conv
        .bias
        .map(|b| burn::module::Param::from_tensor(Tensor::zeros(b.dims(), &b.device())));
    conv
}

impl LeNet {
    /// The network with every weight Xavier-uniform and every bias zero; `seed` makes the draw
    /// repeatable.
    pub fn new(seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let conv1 = conv_xavier(1, 6, 5, 2, device);
        let conv2 = conv_xavier(6, 16, 5, 0, device);
        let dense = |i: u64, d_in, d_out| linear_xavier(d_in, d_out, true, seed + i, device);
        Self {
            conv1,
            conv2,
            pool: AvgPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            fc1: dense(1, 16 * 5 * 5, 120),
            fc2: dense(2, 120, 84),
            fc3: dense(3, 84, 10),
        }
    }

    /// The output of each layer for `x`, named as PyTorch prints them (the book's shape check:
    /// `for layer in net: X = layer(X); print(layer.__class__.__name__, X.shape)`).
    pub fn layer_shapes(&self, x: Tensor<4>) -> Vec<(&'static str, Vec<usize>)> {
        let mut shapes = Vec::new();
        let mut record = |name, dims: &[usize]| shapes.push((name, dims.to_vec()));
        let x = self.conv1.forward(x);
        record("Conv2d", &x.dims());
        let x = sigmoid(x);
        record("Sigmoid", &x.dims());
        let x = self.pool.forward(x);
        record("AvgPool2d", &x.dims());
        let x = self.conv2.forward(x);
        record("Conv2d", &x.dims());
        let x = sigmoid(x);
        record("Sigmoid", &x.dims());
        let x = self.pool.forward(x);
        record("AvgPool2d", &x.dims());
        let x = x.flatten::<2>(1, 3);
        record("Flatten", &x.dims());
        let x = self.fc1.forward(x);
        record("Linear", &x.dims());
        let x = sigmoid(x);
        record("Sigmoid", &x.dims());
        let x = self.fc2.forward(x);
        record("Linear", &x.dims());
        let x = sigmoid(x);
        record("Sigmoid", &x.dims());
        let x = self.fc3.forward(x);
        record("Linear", &x.dims());
        shapes
    }
}

impl Net<Tensor<4>> for LeNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = self.pool.forward(sigmoid(self.conv1.forward(x))); // [n, 6, 14, 14]
        let x = self.pool.forward(sigmoid(self.conv2.forward(x))); // [n, 16, 5, 5]
        let x = sigmoid(self.fc1.forward(x.flatten::<2>(1, 3))); // [n, 120]
        let x = sigmoid(self.fc2.forward(x)); // [n, 84]
        self.fc3.forward(x) // [n, 10] logits
    }
}

pub use crate::train::LayerShape;

/// The book's shape check: one 28 × 28 image through every layer of `net`.
pub fn layer_shapes(net: &LeNet, device: &Device) -> Vec<LayerShape> {
    let x = Tensor::<4>::zeros([1, 1, 28, 28], device);
    net.valid()
        .layer_shapes(x)
        .into_iter()
        .map(|(layer, shape)| LayerShape { layer, shape })
        .collect()
}

/// The fields of the `--json` line that only LeNet has.
#[derive(Debug, Clone, Serialize)]
pub struct LeNetSection {
    /// Each layer's output shape for one image.
    pub layers: Vec<LayerShape>,
}

/// The whole job (the book's `train_ch6(net, train_iter, test_iter, num_epochs, lr)`): load
/// Fashion-MNIST, train LeNet with SGD and cross-entropy, predict a few test images and measure.
/// `train_ch6` differs from `train_ch3` only in moving data to the GPU, which our loaders do.
pub fn run(
    cfg: &LeNetConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<LeNetSection>> {
    let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;
    let mut net = LeNet::new(cfg.train.seed, device);
    let layers = layer_shapes(&net, device);
    let mut updater = OptimizerUpdater::sgd(cfg.train.lr);
    let trained = job.fit(&mut net, cross_entropy_logits, &mut updater, observer)?;
    Ok(trained.report_with_speed(LeNetSection { layers }))
}
