//! d2l-zh 7.3 网络中的网络（NiN）: no dense layers at all. A `nin_block` is one convolution
//! followed by two 1 × 1 convolutions, which act as a small dense network on each pixel's
//! channels. The last block has as many channels as there are classes, and a global average
//! pooling turns each channel into one class score: far fewer parameters than AlexNet's 4,096-wide
//! dense layers (about 2 M against 47 M).

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig, MaxPool2d};
use burn::nn::{Dropout, DropoutConfig};
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{Trace, conv, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// `nin_block(in_channels, out_channels, kernel_size, strides, padding)`: the convolution,
/// then two `Conv2d(out_channels, out_channels, kernel_size=1)`, each followed by ReLU.
#[derive(Module, Debug)]
pub struct NinBlock {
    /// The block's one spatial convolution.
    pub conv: Conv2d,
    /// The first 1 × 1 convolution.
    pub pointwise1: Conv2d,
    /// The second 1 × 1 convolution.
    pub pointwise2: Conv2d,
}

/// The book's `nin_block`.
pub fn nin_block(
    in_channels: usize,
    out_channels: usize,
    kernel_size: usize,
    stride: usize,
    padding: usize,
    device: &Device,
) -> NinBlock {
    NinBlock {
        conv: conv(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            device,
        ),
        pointwise1: conv(out_channels, out_channels, 1, 1, 0, device),
        pointwise2: conv(out_channels, out_channels, 1, 1, 0, device),
    }
}

impl NinBlock {
    /// conv, ReLU, 1 × 1 conv, ReLU, 1 × 1 conv, ReLU.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = relu(self.conv.forward(x));
        let x = relu(self.pointwise1.forward(x));
        relu(self.pointwise2.forward(x))
    }
}

/// NiN as the book builds it: four `nin_block`s with max pooling between them, dropout before
/// the last, and a global average pooling.
#[derive(Module, Debug)]
pub struct Nin {
    /// `nin_block(1, 96, kernel_size=11, strides=4, padding=0)`.
    pub block1: NinBlock,
    /// `nin_block(96, 256, kernel_size=5, strides=1, padding=2)`.
    pub block2: NinBlock,
    /// `nin_block(256, 384, kernel_size=3, strides=1, padding=1)`.
    pub block3: NinBlock,
    /// `nin_block(384, 10, kernel_size=3, strides=1, padding=1)`: one channel per class.
    pub block4: NinBlock,
    /// `MaxPool2d(3, stride=2)`, after each of the first three blocks.
    pub pool: MaxPool2d,
    /// `Dropout(0.5)` before the last block.
    pub dropout: Dropout,
    /// `AdaptiveAvgPool2d((1, 1))`: each class channel's mean is its score.
    pub global_pool: AdaptiveAvgPool2d,
}

/// `lr, num_epochs, batch_size = 0.1, 10, 128`, images resized to 224.
impl BookSettings for Nin {
    const NAME: &'static str = "nin";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.1, 128);
    /// Measured at 224 × 224.
    const BYTES_PER_EXAMPLE: u64 = 16 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for Nin {
    const RESIZE: usize = 224;
    const SHAPE_INPUT: usize = 224;
    const QUICK: Quick = Quick {
        resize: 67,
        limit: 12_000,
        test_limit: 2_000,
        epochs: 5,
        batch_size: 64,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.563,
        train_acc: 0.786,
        test_acc: 0.790,
    };

    fn new(_resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        Self {
            block1: nin_block(1, 96, 11, 4, 0, device),
            block2: nin_block(96, 256, 5, 1, 2, device),
            block3: nin_block(256, 384, 3, 1, 1, device),
            block4: nin_block(384, 10, 3, 1, 1, device),
            pool: max_pool(3, 2, 0),
            dropout: DropoutConfig::new(0.5).init(),
            global_pool: AdaptiveAvgPool2dConfig::new([1, 1]).init(),
        }
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let x = t.record("Sequential", self.block1.forward(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        let x = t.record("Sequential", self.block2.forward(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        let x = t.record("Sequential", self.block3.forward(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        let x = t.record("Dropout", self.dropout.forward(x));
        let x = t.record("Sequential", self.block4.forward(x));
        let x = t.record("AdaptiveAvgPool2d", self.global_pool.forward(x));
        t.record("Flatten", x.flatten::<2>(1, 3))
    }

    /// 224 → 54 → 26 → 26 → 12 → 12 → 5; the smallest input is 67.
    fn feature_side(side: usize) -> Option<usize> {
        let side = output_side(side, 11, 4, 0)?;
        let side = output_side(side, 3, 2, 0)?;
        let side = output_side(side, 3, 2, 0)?;
        output_side(side, 3, 2, 0)
    }
}

impl Net<Tensor<4>> for Nin {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.3.2's table, for one 224 × 224 image.
    #[test]
    fn the_layer_shapes_are_the_books() {
        let net = Nin::new(224, 0, &cpu());
        assert_table(
            &net.layer_shapes(224, &cpu()),
            &[
                ("Sequential", &[1, 96, 54, 54]),
                ("MaxPool2d", &[1, 96, 26, 26]),
                ("Sequential", &[1, 256, 26, 26]),
                ("MaxPool2d", &[1, 256, 12, 12]),
                ("Sequential", &[1, 384, 12, 12]),
                ("MaxPool2d", &[1, 384, 5, 5]),
                ("Dropout", &[1, 384, 5, 5]),
                ("Sequential", &[1, 10, 5, 5]),
                ("AdaptiveAvgPool2d", &[1, 10, 1, 1]),
                ("Flatten", &[1, 10]),
            ],
        );
        assert_eq!(Nin::min_resize(), 67);
    }
}
