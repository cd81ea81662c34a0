//! d2l-zh 7.6 残差网络（ResNet）: each block learns a correction f(x) − x to its input instead
//! of f(x) itself, and adds the input back: y = ReLU(g(x) + x). A block that does nothing is
//! then easy to learn (g = 0), so adding blocks cannot make the network worse, and gradients
//! reach the first layers through the additions. ResNet-18: a 7 × 7 stem, four stages of two
//! `Residual` blocks (64, 128, 256, 512 channels, each stage after the first halving the size),
//! a global average pooling and one dense layer.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig, MaxPool2d};
use burn::nn::{BatchNorm, Linear};
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{Trace, batch_norm, conv, dense, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// The book's `Residual(input_channels, num_channels, use_1x1conv, strides)`: two 3 × 3
/// convolutions with batch norm, and the input added back before the last ReLU.
#[derive(Module, Debug)]
pub struct Residual {
    /// `Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)`.
    pub conv1: Conv2d,
    /// `Conv2d(num_channels, num_channels, kernel_size=3, padding=1)`.
    pub conv2: Conv2d,
    /// With `use_1x1conv`: `Conv2d(input_channels, num_channels, kernel_size=1,
    /// stride=strides)`, which gives the input the output's channels and size so that the two
    /// can be added.
    pub conv3: Option<Conv2d>,
    /// `BatchNorm2d(num_channels)` after `conv1`.
    pub bn1: BatchNorm,
    /// `BatchNorm2d(num_channels)` after `conv2`.
    pub bn2: BatchNorm,
}

impl Residual {
    /// The block; `use_1x1conv` is needed whenever channels or size change.
    pub fn new(
        input_channels: usize,
        num_channels: usize,
        use_1x1conv: bool,
        strides: usize,
        device: &Device,
    ) -> Self {
        Self {
            conv1: conv(input_channels, num_channels, 3, strides, 1, device),
            conv2: conv(num_channels, num_channels, 3, 1, 1, device),
            conv3: use_1x1conv.then(|| conv(input_channels, num_channels, 1, strides, 0, device)),
            bn1: batch_norm(num_channels, device),
            bn2: batch_norm(num_channels, device),
        }
    }

    /// Y = ReLU(bn1(conv1(X))); Y = bn2(conv2(Y)); ReLU(Y + X), X through `conv3` if present.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let y = relu(self.bn1.forward(self.conv1.forward(x.clone())));
        let y = self.bn2.forward(self.conv2.forward(y));
        let x = match &self.conv3 {
            Some(conv3) => conv3.forward(x),
            None => x,
        };
        relu(y + x)
    }
}

/// `resnet_block(input_channels, num_channels, num_residuals, first_block)`: the first
/// `Residual` of a stage halves the size and changes the channels (except in the first stage,
/// which follows a max pooling and keeps both).
pub fn resnet_block(
    input_channels: usize,
    num_channels: usize,
    num_residuals: usize,
    first_block: bool,
    device: &Device,
) -> Vec<Residual> {
    (0..num_residuals)
        .map(|i| {
            if i == 0 && !first_block {
                Residual::new(input_channels, num_channels, true, 2, device)
            } else {
                Residual::new(num_channels, num_channels, false, 1, device)
            }
        })
        .collect()
}

/// ResNet-18 as the book builds it: `b1` to `b5`, global average pooling, a dense layer.
#[derive(Module, Debug)]
pub struct ResNet {
    /// b1: `Conv2d(1, 64, kernel_size=7, stride=2, padding=3)`, ...
    pub b1_conv: Conv2d,
    /// ... `BatchNorm2d(64)`, ReLU, ...
    pub b1_bn: BatchNorm,
    /// ... `MaxPool2d(kernel_size=3, stride=2, padding=1)`.
    pub b1_pool: MaxPool2d,
    /// b2 to b5: `resnet_block(64, 64, 2, first_block=True)`, `(64, 128, 2)`, `(128, 256, 2)`,
    /// `(256, 512, 2)`.
    pub stages: Vec<Vec<Residual>>,
    /// `AdaptiveAvgPool2d((1, 1))`.
    pub global_pool: AdaptiveAvgPool2d,
    /// `Linear(512, 10)`.
    pub fc: Linear,
}

/// `lr, num_epochs, batch_size = 0.05, 10, 256`, images resized to 96.
impl BookSettings for ResNet {
    const NAME: &'static str = "resnet";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.05, 256);
    /// Measured at 96 × 96.
    const BYTES_PER_EXAMPLE: u64 = 6 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for ResNet {
    const RESIZE: usize = 96;
    const SHAPE_INPUT: usize = 224;
    const QUICK: Quick = Quick {
        resize: 64,
        limit: 3_000,
        test_limit: 2_000,
        epochs: 3,
        batch_size: 64,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.012,
        train_acc: 0.997,
        test_acc: 0.893,
    };

    fn new(_resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        Self {
            b1_conv: conv(1, 64, 7, 2, 3, device),
            b1_bn: batch_norm(64, device),
            b1_pool: max_pool(3, 2, 1),
            stages: vec![
                resnet_block(64, 64, 2, true, device),
                resnet_block(64, 128, 2, false, device),
                resnet_block(128, 256, 2, false, device),
                resnet_block(256, 512, 2, false, device),
            ],
            global_pool: AdaptiveAvgPool2dConfig::new([1, 1]).init(),
            fc: dense(512, 10, device),
        }
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let x = relu(self.b1_bn.forward(self.b1_conv.forward(x)));
        let x = t.record("Sequential", self.b1_pool.forward(x));
        let x = self.stages.iter().fold(x, |x, stage| {
            let x = stage.iter().fold(x, |x, block| block.forward(x));
            t.record("Sequential", x)
        });
        let x = t.record("AdaptiveAvgPool2d", self.global_pool.forward(x));
        let x = t.record("Flatten", x.flatten::<2>(1, 3));
        t.record("Linear", self.fc.forward(x))
    }

    /// Every window pads, so any size goes through: 96 → 48 → 24 → 24 → 12 → 6 → 3.
    fn feature_side(side: usize) -> Option<usize> {
        let side = output_side(side, 7, 2, 3)?;
        (0..4).try_fold(side, |side, _| output_side(side, 3, 2, 1))
    }
}

impl Net<Tensor<4>> for ResNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.6.3's table, for one 224 × 224 image.
    #[test]
    fn the_stage_shapes_are_the_books() {
        let net = ResNet::new(224, 0, &cpu());
        assert_table(
            &net.layer_shapes(224, &cpu()),
            &[
                ("Sequential", &[1, 64, 56, 56]),
                ("Sequential", &[1, 64, 56, 56]),
                ("Sequential", &[1, 128, 28, 28]),
                ("Sequential", &[1, 256, 14, 14]),
                ("Sequential", &[1, 512, 7, 7]),
                ("AdaptiveAvgPool2d", &[1, 512, 1, 1]),
                ("Flatten", &[1, 512]),
                ("Linear", &[1, 10]),
            ],
        );
    }

    /// d2l-zh 7.6.2: `Residual(3, 3)` keeps a 4 × 3 × 6 × 6 input's shape; with a 1 × 1
    /// convolution and stride 2 to 6 channels it gives 4 × 6 × 3 × 3.
    #[test]
    fn residual_blocks_keep_or_halve_as_the_book_shows() {
        let x = Tensor::<4>::random([4, 3, 6, 6], burn::tensor::Distribution::Default, &cpu());
        let same = Residual::new(3, 3, false, 1, &cpu()).valid();
        assert_eq!(same.forward(x.clone()).dims(), [4, 3, 6, 6]);
        let halved = Residual::new(3, 6, true, 2, &cpu()).valid();
        assert_eq!(halved.forward(x).dims(), [4, 6, 3, 3]);
    }

    /// A block whose convolutions output zeros is the identity (after ReLU): the residual
    /// connection carries the input through unchanged.
    #[test]
    fn a_block_that_learned_nothing_passes_its_input_on() {
        let mut block = Residual::new(2, 2, false, 1, &cpu());
        block.conv2 = block
            .conv2
            .map(&mut crate::chapters::modern_cnn::tests::Zero);
        let block = block.valid();
        let x = Tensor::<4>::random([1, 2, 4, 4], burn::tensor::Distribution::Default, &cpu());
        let y = block.forward(x.clone());
        // bn2 of zeros is β = 0, so y = ReLU(0 + x) = x for x ≥ 0.
        let diff: f32 = (y - x).abs().max().into_scalar();
        assert!(diff < 1e-6, "{diff}");
    }
}
