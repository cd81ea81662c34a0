//! d2l-zh 7.1 深度卷积神经网络（AlexNet）: LeNet's idea made deep and wide. Five convolutions
//! (the first 11 × 11 with stride 4, to shrink a 224 × 224 image quickly), max pooling,
//! ReLU instead of the sigmoid, and two dense layers of 4,096 with dropout. The book's version
//! takes one channel (Fashion-MNIST) and ends in 10 classes.
//!
//! Shapes for one 224 × 224 image: 96 × 54 × 54 after the first convolution, 256 × 5 × 5 =
//! 6,400 features after the last pooling, which the dense layers take to 4,096, 4,096 and 10.

use burn::module::Module;
use burn::nn::conv::Conv2d;
use burn::nn::pool::MaxPool2d;
use burn::tensor::Tensor;
use burn::tensor::activation::relu;

use super::layers::{DenseHead, Trace, conv, max_pool, output_side};
use super::training::{BookResult, ModernCnn, Quick};
use crate::device::Device;
use crate::train::{BookSettings, Net, TrainConfig};

/// AlexNet as the book builds it (`nn.Sequential` of 20 layers).
#[derive(Module, Debug)]
pub struct AlexNet {
    /// `Conv2d(1, 96, kernel_size=11, stride=4, padding=1)`: large windows for large images.
    pub conv1: Conv2d,
    /// `Conv2d(96, 256, kernel_size=5, padding=2)`.
    pub conv2: Conv2d,
    /// `Conv2d(256, 384, kernel_size=3, padding=1)`.
    pub conv3: Conv2d,
    /// `Conv2d(384, 384, kernel_size=3, padding=1)`.
    pub conv4: Conv2d,
    /// `Conv2d(384, 256, kernel_size=3, padding=1)`.
    pub conv5: Conv2d,
    /// `MaxPool2d(kernel_size=3, stride=2)`, after the first, second and fifth convolution.
    pub pool: MaxPool2d,
    /// Flatten, `Linear(6400, 4096)`, `Linear(4096, 4096)`, `Linear(4096, 10)` with ReLU and
    /// `Dropout(0.5)` between them.
    pub head: DenseHead,
}

/// `lr, num_epochs = 0.01, 10`, `batch_size = 128`, images resized to 224.
impl BookSettings for AlexNet {
    const NAME: &'static str = "alexnet";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.01, 128);
    /// Measured at 224 × 224: the activations kept for the backward pass and the unfolded
    /// convolution inputs (the parameters, 47 M, are not per example).
    const BYTES_PER_EXAMPLE: u64 = 12 << 20;

    /// Checked with the image size by [`CnnConfig::validate`](super::training::CnnConfig).
    fn check_batch_memory(_: usize) -> crate::Result<()> {
        Ok(())
    }
}

impl ModernCnn for AlexNet {
    const RESIZE: usize = 224;
    const SHAPE_INPUT: usize = 224;
    const QUICK: Quick = Quick {
        resize: 65,
        limit: 12_000,
        test_limit: 2_000,
        epochs: 5,
        batch_size: 64,
    };
    const BOOK: BookResult = BookResult {
        loss: 0.330,
        train_acc: 0.879,
        test_acc: 0.883,
    };

    fn new(resize: usize, seed: u64, device: &Device) -> Self {
        device.clone().autodiff().seed(seed);
        let side = Self::feature_side(resize).unwrap_or(1);
        Self {
            conv1: conv(1, 96, 11, 4, 1, device),
            conv2: conv(96, 256, 5, 1, 2, device),
            conv3: conv(256, 384, 3, 1, 1, device),
            conv4: conv(384, 384, 3, 1, 1, device),
            conv5: conv(384, 256, 3, 1, 1, device),
            pool: max_pool(3, 2, 0),
            head: DenseHead::new(256 * side * side, 4096, device),
        }
    }

    fn forward_traced(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        let x = t.record("Conv2d", self.conv1.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        let x = t.record("Conv2d", self.conv2.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        let x = t.record("Conv2d", self.conv3.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("Conv2d", self.conv4.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("Conv2d", self.conv5.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("MaxPool2d", self.pool.forward(x));
        self.head.forward(x, t)
    }

    /// 224 → 54 → 26 → 26 → 12 → 12 → 5; the smallest input is 65 (→ 15 → 7 → 7 → 3 → 3 → 1).
    fn feature_side(side: usize) -> Option<usize> {
        let side = output_side(side, 11, 4, 1)?;
        let side = output_side(side, 3, 2, 0)?;
        let side = output_side(side, 3, 2, 0)?; // conv2 keeps the size
        output_side(side, 3, 2, 0) // conv3-conv5 keep it too
    }
}

impl Net<Tensor<4>> for AlexNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        self.forward_traced(x, &mut Trace::off())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chapters::modern_cnn::tests::assert_table;
    use crate::device::cpu;

    /// d2l-zh 7.1.2's table, for one 224 × 224 image.
    #[test]
    fn the_layer_shapes_are_the_books() {
        let net = AlexNet::new(224, 0, &cpu());
        assert_table(
            &net.layer_shapes(224, &cpu()),
            &[
                ("Conv2d", &[1, 96, 54, 54]),
                ("ReLU", &[1, 96, 54, 54]),
                ("MaxPool2d", &[1, 96, 26, 26]),
                ("Conv2d", &[1, 256, 26, 26]),
                ("ReLU", &[1, 256, 26, 26]),
                ("MaxPool2d", &[1, 256, 12, 12]),
                ("Conv2d", &[1, 384, 12, 12]),
                ("ReLU", &[1, 384, 12, 12]),
                ("Conv2d", &[1, 384, 12, 12]),
                ("ReLU", &[1, 384, 12, 12]),
                ("Conv2d", &[1, 256, 12, 12]),
                ("ReLU", &[1, 256, 12, 12]),
                ("MaxPool2d", &[1, 256, 5, 5]),
                ("Flatten", &[1, 6400]),
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
    fn the_smallest_input_is_65_and_the_dense_layers_follow_the_size() {
        assert_eq!(AlexNet::min_resize(), 65);
        assert_eq!(AlexNet::feature_side(96), Some(1));
        let net = AlexNet::new(96, 0, &cpu());
        let shapes = net.layer_shapes(96, &cpu());
        assert_eq!(shapes[13].shape, vec![1, 256]);
    }
}
