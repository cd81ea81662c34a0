//! d2l-zh 7.2 使用块的网络（VGG）: a network built from one repeated block instead of layers
//! chosen one by one. A `vgg_block` is a few 3 × 3 convolutions that keep the size (padding 1),
//! each followed by ReLU, then a 2 × 2 max pooling that halves it. VGG-11 has five blocks
//! (`conv_arch = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))`: 8 convolutions and 3 dense
//! layers), so 224 → 7 and 512 × 7 × 7 features reach AlexNet's dense head.
//!
//! The book trains a version with a quarter of the channels (`ratio = 4`), which is what
//! `d2l vgg` trains; the shape table is printed for the full VGG-11.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::MaxPool2d;
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{DenseHead, Trace, conv, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// VGG-11's blocks: (convolutions, output channels).
pub const CONV_ARCH: [(usize, usize); 5] = [(1, 64), (1, 128), (2, 256), (2, 512), (2, 512)];

/// The book trains VGG-11 with its channels divided by this (`small_conv_arch`).
pub const RATIO: usize = 4;

/// `vgg_block(num_convs, in_channels, out_channels)`: `num_convs` × (3 × 3 convolution with
/// padding 1, ReLU), then `MaxPool2d(kernel_size=2, stride=2)`.
#[derive(Module, Debug)]
pub struct VggBlock {
    /// The convolutions: the first from `in_channels`, the rest from `out_channels`.
    pub convs: Vec<Conv2d>,
    /// The pooling that halves height and width.
    pub pool: MaxPool2d,
}

/// The book's `vgg_block`.
pub fn vgg_block(
    num_convs: usize,
    in_channels: usize,
    out_channels: usize,
    device: &Device,
) -> VggBlock {
    let convs = (0..num_convs)
        .map(|i| {
            let c_in = if i == 0 { in_channels } else { out_channels };
            conv(c_in, out_channels, 3, 1, 1, device)
        })
        .collect();
    VggBlock {
        convs,
        pool: max_pool(2, 2, 0),
    }
}

impl VggBlock {
    /// The block's output (the book traces a block as one `Sequential`).
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = self.convs.iter().fold(x, |x, conv| relu(conv.forward(x)));
        self.pool.forward(x)
    }
}

/// VGG: the blocks of a `conv_arch`, then AlexNet's dense head.
#[derive(Module, Debug)]
pub struct Vgg {
    /// One `vgg_block` per entry of the architecture.
    pub blocks: Vec<VggBlock>,
    /// Flatten, `Linear(c · 7 · 7, 4096)`, `Linear(4096, 4096)`, `Linear(4096, 10)`.
    pub head: DenseHead,
}

impl Vgg {
    /// The book's `vgg(conv_arch)` for `resize` × `resize` images (7 × 7 feature maps at 224).
    pub fn from_arch(arch: &[(usize, usize)], resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let mut in_channels = 1;
        let mut blocks = Vec::new();
        for &(num_convs, out_channels) in arch {
            blocks.push(vgg_block(num_convs, in_channels, out_channels, device));
            in_channels = out_channels;
        }
        let side = feature_side(arch.len(), resize).unwrap_or(1);
        Self {
            blocks,
            head: DenseHead::new(in_channels * side * side, 4096, device),
        }
    }
}

/// After `blocks` halvings: 224 → 7 for five blocks; `None` below 2^blocks.
fn feature_side(blocks: usize, side: usize) -> Option<usize> {
    (0..blocks).try_fold(side, |side, _| output_side(side, 2, 2, 0))
}

/// `lr, num_epochs, batch_size = 0.05, 10, 128`, images resized to 224.
impl BookSettings for Vgg {
    const NAME: &'static str = "vgg";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.05, 128);
    /// Measured at 224 × 224 for the quarter-width network.
    const BYTES_PER_EXAMPLE: u64 = 16 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for Vgg {
    const RESIZE: usize = 224;
    const SHAPE_INPUT: usize = 224;
    const QUICK: Quick = Quick {
        resize: 64,
        limit: 6_000,
        test_limit: 2_000,
        epochs: 3,
        batch_size: 32,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.175,
        train_acc: 0.935,
        test_acc: 0.920,
    };

    /// The network the book trains: VGG-11 with a quarter of the channels.
    fn new(resize: usize, seed: u64, device: &Device) -> Self {
        let small = CONV_ARCH.map(|(convs, channels)| (convs, channels / RATIO));
        Self::from_arch(&small, resize, seed, device)
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let x = self
            .blocks
            .iter()
            .fold(x, |x, block| t.record("Sequential", block.forward(x)));
        self.head.forward(x, t)
    }

    fn feature_side(side: usize) -> Option<usize> {
        feature_side(CONV_ARCH.len(), side)
    }
}

impl Net<Tensor<4>> for Vgg {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.2.2's table: the full VGG-11, one 224 × 224 image.
    #[test]
    fn the_block_shapes_of_full_vgg_11_are_the_books() {
        let net = Vgg::from_arch(&CONV_ARCH, 224, 0, &cpu());
        assert_table(
            &net.layer_shapes(224, &cpu()),
            &[
                ("Sequential", &[1, 64, 112, 112]),
                ("Sequential", &[1, 128, 56, 56]),
                ("Sequential", &[1, 256, 28, 28]),
                ("Sequential", &[1, 512, 14, 14]),
                ("Sequential", &[1, 512, 7, 7]),
                ("Flatten", &[1, 25088]),
                ("Linear", &[1, 4096]),
                ("ReLU", &[1, 4096]),
                ("Dropout", &[1, 4096]),
                ("Linear", &[1, 4096]),
                ("ReLU", &[1, 4096]),
                ("Dropout", &[1, 4096]),
                ("Linear", &[1, 10]),
            ],
        );
    }

    #[test]
    fn the_trained_network_has_a_quarter_of_the_channels() {
        let net = Vgg::new(64, 0, &cpu());
        let shapes = net.layer_shapes(64, &cpu());
        assert_eq!(shapes[4].shape, vec![1, 128, 2, 2]);
        assert_eq!(shapes[5].shape, vec![1, 512]);
        assert_eq!(Vgg::min_resize(), 32);
        assert_eq!(net.blocks.iter().map(|b| b.convs.len()).sum::<usize>(), 8);
    }
}
