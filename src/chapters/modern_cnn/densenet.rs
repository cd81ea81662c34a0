//! d2l-zh 7.7 稠密连接网络（DenseNet）: ResNet adds a block's input to its output; DenseNet
//! concatenates them instead, so every layer of a `DenseBlock` sees the channels of all the
//! layers before it, and each adds `growth_rate` (32) channels. A `transition_block` between
//! dense blocks halves the channels with a 1 × 1 convolution and the size with an average
//! pooling, so the channels do not grow without bound.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{
    AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig, AvgPool2d, AvgPool2dConfig, MaxPool2d,
};
use burn::nn::{BatchNorm, Linear};
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{Trace, batch_norm, conv, dense, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// The book's `conv_block(input_channels, num_channels)`: batch norm, ReLU, then a 3 × 3
/// convolution (the "pre-activation" order of ResNet's later version).
#[derive(Module, Debug)]
pub struct ConvBlock {
    /// `BatchNorm2d(input_channels)`.
    pub bn: BatchNorm,
    /// `Conv2d(input_channels, num_channels, kernel_size=3, padding=1)`.
    pub conv: Conv2d,
}

/// The book's `conv_block`.
pub fn conv_block(input_channels: usize, num_channels: usize, device: &Device) -> ConvBlock {
    ConvBlock {
        bn: batch_norm(input_channels, device),
        conv: conv(input_channels, num_channels, 3, 1, 1, device),
    }
}

impl ConvBlock {
    /// conv(ReLU(bn(x))).
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        self.conv.forward(relu(self.bn.forward(x)))
    }
}

/// The book's `DenseBlock(num_convs, input_channels, num_channels)`: `num_convs` conv blocks,
/// the i-th taking `input_channels + i · num_channels` channels; each output is concatenated
/// to its input. Output: `input_channels + num_convs · num_channels` channels.
#[derive(Module, Debug)]
pub struct DenseBlock {
    /// The conv blocks, in order.
    pub net: Vec<ConvBlock>,
}

impl DenseBlock {
    /// The block.
    pub fn new(
        num_convs: usize,
        input_channels: usize,
        num_channels: usize,
        device: &Device,
    ) -> Self {
        let net = (0..num_convs)
            .map(|i| conv_block(num_channels * i + input_channels, num_channels, device))
            .collect();
        Self { net }
    }

    /// `for blk in self.net: Y = blk(X); X = torch.cat((X, Y), dim=1)`.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        self.net.iter().fold(x, |x, block| {
            let y = block.forward(x.clone());
            Tensor::cat(vec![x, y], 1)
        })
    }
}

/// The book's `transition_block(input_channels, num_channels)`: batch norm, ReLU, a 1 × 1
/// convolution to `num_channels`, and `AvgPool2d(kernel_size=2, stride=2)`.
#[derive(Module, Debug)]
pub struct TransitionBlock {
    /// `BatchNorm2d(input_channels)`.
    pub bn: BatchNorm,
    /// `Conv2d(input_channels, num_channels, kernel_size=1)`.
    pub conv: Conv2d,
    /// `AvgPool2d(kernel_size=2, stride=2)`.
    pub pool: AvgPool2d,
}

/// The book's `transition_block`.
pub fn transition_block(
    input_channels: usize,
    num_channels: usize,
    device: &Device,
) -> TransitionBlock {
    TransitionBlock {
        bn: batch_norm(input_channels, device),
        conv: conv(input_channels, num_channels, 1, 1, 0, device),
        pool: AvgPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
    }
}

impl TransitionBlock {
    /// pool(conv(ReLU(bn(x)))).
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        self.pool
            .forward(self.conv.forward(relu(self.bn.forward(x))))
    }
}

/// `num_channels, growth_rate = 64, 32`.
pub const GROWTH_RATE: usize = 32;
/// `num_convs_in_dense_blocks = [4, 4, 4, 4]`.
pub const NUM_CONVS_IN_DENSE_BLOCKS: [usize; 4] = [4, 4, 4, 4];

/// DenseNet as the book builds it: ResNet's `b1`, four dense blocks with transition blocks
/// between them, batch norm, ReLU, global average pooling and a dense layer.
#[derive(Module, Debug)]
pub struct DenseNet {
    /// b1: `Conv2d(1, 64, kernel_size=7, stride=2, padding=3)`, ...
    pub b1_conv: Conv2d,
    /// ... `BatchNorm2d(64)`, ReLU, ...
    pub b1_bn: BatchNorm,
    /// ... `MaxPool2d(kernel_size=3, stride=2, padding=1)`.
    pub b1_pool: MaxPool2d,
    /// The dense blocks: 64 → 192, 96 → 224, 112 → 240, 120 → 248 channels.
    pub dense_blocks: Vec<DenseBlock>,
    /// A transition after each dense block but the last: 192 → 96, 224 → 112, 240 → 120.
    pub transitions: Vec<TransitionBlock>,
    /// `BatchNorm2d(248)`, before the last ReLU.
    pub bn: BatchNorm,
    /// `AdaptiveAvgPool2d((1, 1))`.
    pub global_pool: AdaptiveAvgPool2d,
    /// `Linear(248, 10)`.
    pub fc: Linear,
}

/// `lr, num_epochs, batch_size = 0.1, 10, 256`, images resized to 96.
impl BookSettings for DenseNet {
    const NAME: &'static str = "densenet";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.1, 256);
    /// Measured at 96 × 96: every concatenation copies the growing stack of channels.
    const BYTES_PER_EXAMPLE: u64 = 8 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for DenseNet {
    const RESIZE: usize = 96;
    const SHAPE_INPUT: usize = 96;
    const QUICK: Quick = Quick {
        resize: 64,
        limit: 4_000,
        test_limit: 2_000,
        epochs: 3,
        batch_size: 64,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.140,
        train_acc: 0.949,
        test_acc: 0.885,
    };

    fn new(_resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let mut num_channels = 64;
        let (mut dense_blocks, mut transitions) = (Vec::new(), Vec::new());
        let last = NUM_CONVS_IN_DENSE_BLOCKS.len() - 1;
        for (i, &num_convs) in NUM_CONVS_IN_DENSE_BLOCKS.iter().enumerate() {
            dense_blocks.push(DenseBlock::new(
                num_convs,
                num_channels,
                GROWTH_RATE,
                device,
            ));
            num_channels += num_convs * GROWTH_RATE;
            if i != last {
                transitions.push(transition_block(num_channels, num_channels / 2, device));
                num_channels /= 2;
            }
        }
        Self {
            b1_conv: conv(1, 64, 7, 2, 3, device),
            b1_bn: batch_norm(64, device),
            b1_pool: max_pool(3, 2, 1),
            dense_blocks,
            transitions,
            bn: batch_norm(num_channels, device),
            global_pool: AdaptiveAvgPool2dConfig::new([1, 1]).init(),
            fc: dense(num_channels, 10, device),
        }
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let x = relu(self.b1_bn.forward(self.b1_conv.forward(x)));
        let mut x = t.record("Sequential", self.b1_pool.forward(x));
        for (i, block) in self.dense_blocks.iter().enumerate() {
            x = t.record("DenseBlock", block.forward(x));
            if let Some(transition) = self.transitions.get(i) {
                x = t.record("Sequential", transition.forward(x));
            }
        }
        let x = t.record("BatchNorm2d", self.bn.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("AdaptiveAvgPool2d", self.global_pool.forward(x));
        let x = t.record("Flatten", x.flatten::<2>(1, 3));
        t.record("Linear", self.fc.forward(x))
    }

    /// b1 (stride 2, then a padded pooling), then three 2 × 2 average poolings without
    /// padding: 96 → 48 → 24 → 12 → 6 → 3; the smallest input is 29 (→ 15 → 8 → 4 → 2 → 1).
    fn feature_side(side: usize) -> Option<usize> {
        let side = output_side(side, 7, 2, 3)?;
        let side = output_side(side, 3, 2, 1)?;
        (0..3).try_fold(side, |side, _| output_side(side, 2, 2, 0))
    }
}

impl Net<Tensor<4>> for DenseNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.7.2-7.7.3: `DenseBlock(2, 3, 10)` takes 4 × 3 × 8 × 8 to 4 × 23 × 8 × 8, and
    /// `transition_block(23, 10)` that to 4 × 10 × 4 × 4.
    #[test]
    fn dense_and_transition_blocks_give_the_books_shapes() {
        let x = Tensor::<4>::random([4, 3, 8, 8], burn::tensor::Distribution::Default, &cpu());
        let y = DenseBlock::new(2, 3, 10, &cpu()).valid().forward(x);
        assert_eq!(y.dims(), [4, 23, 8, 8]);
        let z = transition_block(23, 10, &cpu()).valid().forward(y);
        assert_eq!(z.dims(), [4, 10, 4, 4]);
    }

    /// The whole network for one 96 × 96 image.
    #[test]
    fn the_block_shapes_follow_the_channel_arithmetic() {
        let net = DenseNet::new(96, 0, &cpu());
        assert_table(
            &net.layer_shapes(96, &cpu()),
            &[
                ("Sequential", &[1, 64, 24, 24]),
                ("DenseBlock", &[1, 192, 24, 24]),
                ("Sequential", &[1, 96, 12, 12]),
                ("DenseBlock", &[1, 224, 12, 12]),
                ("Sequential", &[1, 112, 6, 6]),
                ("DenseBlock", &[1, 240, 6, 6]),
                ("Sequential", &[1, 120, 3, 3]),
                ("DenseBlock", &[1, 248, 3, 3]),
                ("BatchNorm2d", &[1, 248, 3, 3]),
                ("ReLU", &[1, 248, 3, 3]),
                ("AdaptiveAvgPool2d", &[1, 248, 1, 1]),
                ("Flatten", &[1, 248]),
                ("Linear", &[1, 10]),
            ],
        );
        assert_eq!(DenseNet::min_resize(), 29);
    }
}
