//! d2l-zh 7.4 含并行连结的网络（GoogLeNet）: instead of choosing one window size, an
//! `Inception` block runs four paths side by side (1 × 1, 3 × 3, 5 × 5 convolutions and a 3 × 3
//! max pooling, with 1 × 1 convolutions to keep the channel counts small) and concatenates
//! their channels. Nine of them, in stages that halve the size, end in a global average
//! pooling and one dense layer.

use burn::module::Module;
use burn::nn::Linear;
use burn::nn::conv::Conv2d;
use burn::nn::pool::{AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig, MaxPool2d};
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{Trace, conv, dense, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// The book's `Inception(in_channels, c1, c2, c3, c4)`: four paths over the same input, whose
/// outputs (c1 + c2.1 + c3.1 + c4 channels, all of the input's size) are concatenated.
#[derive(Module, Debug)]
pub struct Inception {
    /// Path 1: a 1 × 1 convolution to `c1` channels.
    pub p1_1: Conv2d,
    /// Path 2: a 1 × 1 convolution to `c2.0`, ...
    pub p2_1: Conv2d,
    /// ... then a 3 × 3 convolution (padding 1) to `c2.1`.
    pub p2_2: Conv2d,
    /// Path 3: a 1 × 1 convolution to `c3.0`, ...
    pub p3_1: Conv2d,
    /// ... then a 5 × 5 convolution (padding 2) to `c3.1`.
    pub p3_2: Conv2d,
    /// Path 4: a 3 × 3 max pooling (stride 1, padding 1), ...
    pub p4_1: MaxPool2d,
    /// ... then a 1 × 1 convolution to `c4`.
    pub p4_2: Conv2d,
}

impl Inception {
    /// The block; its output has `c1 + c2.1 + c3.1 + c4` channels.
    pub fn new(
        in_channels: usize,
        c1: usize,
        c2: (usize, usize),
        c3: (usize, usize),
        c4: usize,
        device: &Device,
    ) -> Self {
        Self {
            p1_1: conv(in_channels, c1, 1, 1, 0, device),
            p2_1: conv(in_channels, c2.0, 1, 1, 0, device),
            p2_2: conv(c2.0, c2.1, 3, 1, 1, device),
            p3_1: conv(in_channels, c3.0, 1, 1, 0, device),
            p3_2: conv(c3.0, c3.1, 5, 1, 2, device),
            p4_1: max_pool(3, 1, 1),
            p4_2: conv(in_channels, c4, 1, 1, 0, device),
        }
    }

    /// The four paths, each ending in ReLU, concatenated along the channels.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let p1 = relu(self.p1_1.forward(x.clone()));
        let p2 = relu(self.p2_2.forward(relu(self.p2_1.forward(x.clone()))));
        let p3 = relu(self.p3_2.forward(relu(self.p3_1.forward(x.clone()))));
        let p4 = relu(self.p4_2.forward(self.p4_1.forward(x)));
        Tensor::cat(vec![p1, p2, p3, p4], 1)
    }
}

/// GoogLeNet as the book builds it: `b1` to `b5` and a dense layer.
#[derive(Module, Debug)]
pub struct GoogLeNet {
    /// b1: `Conv2d(1, 64, kernel_size=7, stride=2, padding=3)`, ReLU.
    pub b1_conv: Conv2d,
    /// b2: `Conv2d(64, 64, kernel_size=1)`, ReLU, ...
    pub b2_conv1: Conv2d,
    /// ... `Conv2d(64, 192, kernel_size=3, padding=1)`, ReLU.
    pub b2_conv2: Conv2d,
    /// b3: two Inception blocks, 192 → 256 → 480 channels.
    pub b3: Vec<Inception>,
    /// b4: five Inception blocks, 480 → 512 → 512 → 512 → 528 → 832.
    pub b4: Vec<Inception>,
    /// b5: two Inception blocks, 832 → 832 → 1024, then the global average pooling.
    pub b5: Vec<Inception>,
    /// `MaxPool2d(kernel_size=3, stride=2, padding=1)`, ending b1 to b4.
    pub pool: MaxPool2d,
    /// `AdaptiveAvgPool2d((1, 1))`.
    pub global_pool: AdaptiveAvgPool2d,
    /// `Linear(1024, 10)`.
    pub fc: Linear,
}

/// `lr, num_epochs, batch_size = 0.1, 10, 128`, images resized to 96.
impl BookSettings for GoogLeNet {
    const NAME: &'static str = "googlenet";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.1, 128);
    /// Measured at 96 × 96.
    const BYTES_PER_EXAMPLE: u64 = 8 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for GoogLeNet {
    const RESIZE: usize = 96;
    const SHAPE_INPUT: usize = 96;
    const QUICK: Quick = Quick {
        resize: 32,
        limit: 12_000,
        test_limit: 2_000,
        epochs: 5,
        batch_size: 64,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.262,
        train_acc: 0.900,
        test_acc: 0.886,
    };

    fn new(_resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let inception = |i, c1, c2, c3, c4| Inception::new(i, c1, c2, c3, c4, device);
        Self {
            b1_conv: conv(1, 64, 7, 2, 3, device),
            b2_conv1: conv(64, 64, 1, 1, 0, device),
            b2_conv2: conv(64, 192, 3, 1, 1, device),
            b3: vec![
                inception(192, 64, (96, 128), (16, 32), 32),
                inception(256, 128, (128, 192), (32, 96), 64),
            ],
            b4: vec![
                inception(480, 192, (96, 208), (16, 48), 64),
                inception(512, 160, (112, 224), (24, 64), 64),
                inception(512, 128, (128, 256), (24, 64), 64),
                inception(512, 112, (144, 288), (32, 64), 64),
                inception(528, 256, (160, 320), (32, 128), 128),
            ],
            b5: vec![
                inception(832, 256, (160, 320), (32, 128), 128),
                inception(832, 384, (192, 384), (48, 128), 128),
            ],
            pool: max_pool(3, 2, 1),
            global_pool: AdaptiveAvgPool2dConfig::new([1, 1]).init(),
            fc: dense(1024, 10, device),
        }
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let stage = |x, blocks: &[Inception]| blocks.iter().fold(x, |x, b| b.forward(x));
        let x = self.pool.forward(relu(self.b1_conv.forward(x)));
        let x = t.record("Sequential", x);
        let x = relu(self.b2_conv2.forward(relu(self.b2_conv1.forward(x))));
        let x = t.record("Sequential", self.pool.forward(x));
        let x = t.record("Sequential", self.pool.forward(stage(x, &self.b3)));
        let x = t.record("Sequential", self.pool.forward(stage(x, &self.b4)));
        let x = self.global_pool.forward(stage(x, &self.b5));
        let x = t.record("Sequential", x.flatten::<2>(1, 3));
        t.record("Linear", self.fc.forward(x))
    }

    /// Every pooling pads by 1, so any size goes through: 96 → 48 → 24 → 12 → 6 → 3.
    fn feature_side(side: usize) -> Option<usize> {
        let side = output_side(side, 7, 2, 3)?;
        (0..4).try_fold(side, |side, _| output_side(side, 3, 2, 1))
    }
}

impl Net<Tensor<4>> for GoogLeNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.4.2's table, for one 96 × 96 image.
    #[test]
    fn the_stage_shapes_are_the_books() {
        let net = GoogLeNet::new(96, 0, &cpu());
        assert_table(
            &net.layer_shapes(96, &cpu()),
            &[
                ("Sequential", &[1, 64, 24, 24]),
                ("Sequential", &[1, 192, 12, 12]),
                ("Sequential", &[1, 480, 6, 6]),
                ("Sequential", &[1, 832, 3, 3]),
                ("Sequential", &[1, 1024]),
                ("Linear", &[1, 10]),
            ],
        );
    }

    #[test]
    fn an_inception_block_concatenates_its_four_paths() {
        let block = Inception::new(192, 64, (96, 128), (16, 32), 32, &cpu());
        let y = block.forward(Tensor::<4>::zeros([2, 192, 12, 12], &cpu().autodiff()));
        assert_eq!(y.dims(), [2, 64 + 128 + 32 + 32, 12, 12]);
        assert_eq!(GoogLeNet::min_resize(), 1);
    }
}
