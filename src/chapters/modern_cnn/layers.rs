//! The building blocks every chapter-7 network is made of, with the book's initialisation, and
//! the book's shape check.
//!
//! `d2l.train_ch6` draws every `Conv2d` and `Linear` weight Xavier-uniform
//! (`nn.init.xavier_uniform_`); we also start every bias at 0. Batch norm starts at γ = 1,
//! β = 0 with PyTorch's ε = 1e-5 and momentum 0.1 (burn's defaults are the same).

use burn::module::Param;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Initializer, Linear, PaddingConfig2d};
use burn::tensor::Tensor;

use crate::device::Device;
use crate::train::LayerShape;

/// `nn.Conv2d(c_in, c_out, kernel_size, stride, padding)` with Xavier-uniform weights (fans
/// c_in·k² and c_out·k²) and a zero bias, on the autodiff device, ready to train.
pub fn conv(
    c_in: usize,
    c_out: usize,
    kernel: usize,
    stride: usize,
    padding: usize,
    device: &Device,
) -> Conv2d {
    let mut conv = Conv2dConfig::new([c_in, c_out], [kernel, kernel])
        .with_stride([stride, stride])
        .with_padding(PaddingConfig2d::Explicit(
            padding, padding, padding, padding,
        ))
        .with_initializer(Initializer::XavierUniform { gain: 1.0 })
        .init(&device.clone().autodiff());
    conv.bias = conv
        .bias
        .map(|b| Param::from_tensor(Tensor::zeros(b.dims(), &b.device())));
    conv
}

/// `nn.Linear(d_in, d_out)`, Xavier-uniform, zero bias. The weights come from the autodiff
/// device's generator, which the network seeded once: a per-layer seed would give layers of
/// the same shape the same weights.
pub fn dense(d_in: usize, d_out: usize, device: &Device) -> Linear {
    let device = device.clone().autodiff();
    let mut linear = burn::nn::LinearConfig::new(d_in, d_out)
        .with_initializer(Initializer::XavierUniform { gain: 1.0 })
        .init(&device);
    linear.bias = Some(Param::from_tensor(Tensor::zeros([d_out], &device)));
    linear
}

/// `nn.MaxPool2d(kernel_size, stride, padding)`; the padding counts as −∞, so a window never
/// takes its maximum from it.
pub fn max_pool(kernel: usize, stride: usize, padding: usize) -> MaxPool2d {
    MaxPool2dConfig::new([kernel, kernel])
        .with_strides([stride, stride])
        .with_padding(PaddingConfig2d::Explicit(
            padding, padding, padding, padding,
        ))
        .init()
}

/// `nn.BatchNorm2d(channels)` with PyTorch's ε and momentum, γ = 1 and β = 0.
pub fn batch_norm(channels: usize, device: &Device) -> BatchNorm {
    BatchNormConfig::new(channels).init(&device.clone().autodiff())
}

/// The side of a convolution's or pooling's output for a square input of `side` pixels:
/// ⌊(side + 2·padding − kernel) / stride⌋ + 1 (d2l-zh 6.3), or `None` when the window no longer
/// fits, the point below which a network cannot take its input.
pub fn output_side(side: usize, kernel: usize, stride: usize, padding: usize) -> Option<usize> {
    (side + 2 * padding)
        .checked_sub(kernel)
        .map(|room| room / stride + 1)
}

/// The book's shape check (`for layer in net: X = layer(X); print(...)`), threaded through a
/// network's forward pass: the forward pass hands each layer's output to
/// [`record`](Trace::record), which keeps its shape when tracing and does nothing otherwise.
/// One forward pass thus serves training and the table, and the two cannot drift apart.
#[derive(Debug, Default)]
pub struct Trace {
    shapes: Option<Vec<LayerShape>>,
}

impl Trace {
    /// A trace that records nothing (training and prediction).
    pub fn off() -> Self {
        Self { shapes: None }
    }

    /// A trace that records every layer's output shape.
    pub fn on() -> Self {
        Self {
            shapes: Some(Vec::new()),
        }
    }

    /// `x`, the output of a layer that PyTorch names `layer`, its shape noted when tracing.
    pub fn record<const D: usize>(&mut self, layer: &'static str, x: Tensor<D>) -> Tensor<D> {
        if let Some(shapes) = &mut self.shapes {
            shapes.push(LayerShape {
                layer,
                shape: x.dims().to_vec(),
            });
        }
        x
    }

    /// The recorded shapes, in the order of the layers.
    pub fn into_shapes(self) -> Vec<LayerShape> {
        self.shapes.unwrap_or_default()
    }
}

/// The classifier at the end of AlexNet and VGG: two hidden dense layers of 4,096 with ReLU
/// and dropout 0.5, then 10 class scores (`Linear(features, 4096), ReLU, Dropout(0.5),
/// Linear(4096, 4096), ReLU, Dropout(0.5), Linear(4096, 10)`).
#[derive(burn::module::Module, Debug)]
pub struct DenseHead {
    /// `Linear(features, 4096)`.
    pub fc1: Linear,
    /// `Linear(4096, 4096)`.
    pub fc2: Linear,
    /// `Linear(4096, 10)`.
    pub fc3: Linear,
    /// `Dropout(0.5)`, after each hidden layer: active on the autodiff device only.
    pub dropout: burn::nn::Dropout,
}

impl DenseHead {
    /// The book's head for `features` inputs; `hidden` is 4,096 in the book.
    pub fn new(features: usize, hidden: usize, device: &Device) -> Self {
        Self {
            fc1: dense(features, hidden, device),
            fc2: dense(hidden, hidden, device),
            fc3: dense(hidden, 10, device),
            dropout: burn::nn::DropoutConfig::new(0.5).init(),
        }
    }

    /// Flatten, then the three dense layers, each shape recorded as the book prints it.
    pub fn forward(&self, x: Tensor<4>, t: &mut Trace) -> Tensor<2> {
        use burn::tensor::activation::relu;
        let x = t.record("Flatten", x.flatten::<2>(1, 3));
        let x = t.record("Linear", self.fc1.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("Dropout", self.dropout.forward(x));
        let x = t.record("Linear", self.fc2.forward(x));
        let x = t.record("ReLU", relu(x));
        let x = t.record("Dropout", self.dropout.forward(x));
        t.record("Linear", self.fc3.forward(x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn output_side_is_the_books_formula_and_none_when_the_window_does_not_fit() {
        assert_eq!(output_side(224, 11, 4, 1), Some(54)); // AlexNet's first convolution
        assert_eq!(output_side(54, 3, 2, 0), Some(26));
        assert_eq!(output_side(96, 7, 2, 3), Some(48));
        assert_eq!(output_side(2, 3, 2, 0), None);
        assert_eq!(output_side(1, 3, 2, 1), Some(1));
    }

    #[test]
    fn a_trace_records_only_when_on() {
        let x = Tensor::<4>::zeros([1, 2, 3, 4], &cpu());
        let mut off = Trace::off();
        off.record("Conv2d", x.clone());
        assert!(off.into_shapes().is_empty());
        let mut on = Trace::on();
        on.record("Conv2d", x);
        let shapes = on.into_shapes();
        assert_eq!(
            (shapes[0].layer, shapes[0].shape.clone()),
            ("Conv2d", vec![1, 2, 3, 4])
        );
    }

    #[test]
    fn max_pool_padding_never_wins_over_negative_values() {
        let x = Tensor::<4>::ones([1, 1, 2, 2], &cpu()).neg();
        let y = max_pool(3, 1, 1).forward(x);
        let values: Vec<f32> = y.try_into_vec_as().unwrap();
        assert_eq!(values, vec![-1.0; 4]);
    }

    #[test]
    fn xavier_layers_start_with_zero_bias() {
        let c = conv(3, 8, 3, 2, 1, &cpu());
        let bias = c.bias.as_ref().unwrap().val();
        assert_eq!(bias.inner().abs().sum().into_scalar::<f32>(), 0.0);
    }
}
