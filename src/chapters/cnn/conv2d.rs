//! d2l-zh 6.2 图像卷积: the two-dimensional cross-correlation by hand, a convolution layer built
//! on it, finding the edges of an image, and learning a kernel back from its output.
//!
//! What deep learning calls a convolution is a cross-correlation: the kernel K (h × w) slides
//! over the input X (n_h × n_w) without being flipped, and each output is the sum of the
//! element-wise product with the window under it,
//!
//! Y[i, j] = Σₐ Σ_b X[i + a, j + b] · K[a, b],
//!
//! for (n_h − h + 1) × (n_w − w + 1) positions. A learned kernel does not care about the flip,
//! so the difference only matters when comparing with a textbook convolution.

use burn::module::{Module, Param};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::tensor::{Tensor, TensorData};
use std::borrow::Cow;

use crate::chapters::walkthrough::{Step, show, step};
use crate::device::Device;
use crate::error::{Error, Result};

/// Checks that a `kh × kw` window fits an `h × w` input (`name` says whose window it is).
pub(crate) fn check_window(
    name: &'static str,
    input: [usize; 2],
    window: [usize; 2],
) -> Result<()> {
    let [h, w] = input;
    let [kh, kw] = window;
    if kh == 0 || kw == 0 || kh > h || kw > w {
        return Err(Error::Invalid {
            name,
            reason: format!(
                "a {kh}x{kw} window does not fit a {h}x{w} input: expected from 1x1 up to {h}x{w}"
            ),
        });
    }
    Ok(())
}

/// 6.2.1 互相关运算: Y = X ⋆ K, one output per position of the window, as the book's `corr2d`
/// loops over them. Every output is a tensor operation, so autograd sees the whole computation
/// (the scratch layer below trains through it).
///
/// A kernel larger than the input has no position to take, and is refused.
pub fn corr2d(x: Tensor<2>, k: Tensor<2>) -> Result<Tensor<2>> {
    let [n_h, n_w] = x.dims();
    let [h, w] = k.dims();
    check_window("kernel", [n_h, n_w], [h, w])?;
    let (out_h, out_w) = (n_h - h + 1, n_w - w + 1);
    let mut outputs = Vec::with_capacity(out_h * out_w);
    for i in 0..out_h {
        for j in 0..out_w {
            // (X[i:i+h, j:j+w] * K).sum()
            outputs.push((x.clone().slice([i..i + h, j..j + w]) * k.clone()).sum());
        }
    }
    Ok(Tensor::cat(outputs, 0).reshape([out_h, out_w]))
}

/// 6.2.2 卷积层: a convolution layer from [`corr2d`], with a trained kernel and a scalar bias.
#[derive(Module, Debug)]
pub struct Conv2dScratch {
    /// The kernel, `kernel_size`, drawn from U(0, 1) as the book's `torch.rand`.
    pub weight: Param<Tensor<2>>,
    /// One bias, added to every output.
    pub bias: Param<Tensor<1>>,
}

impl Conv2dScratch {
    /// A layer with a random `kernel_size` kernel and a zero bias, ready to train.
    pub fn new(kernel_size: [usize; 2], device: &Device) -> Self {
        let device = device.clone().autodiff();
        let weight = Tensor::random(
            kernel_size,
            burn::tensor::Distribution::Uniform(0.0, 1.0),
            &device,
        );
        Self {
            weight: Param::from_tensor(weight),
            bias: Param::from_tensor(Tensor::zeros([1], &device)),
        }
    }

    /// corr2d(x, weight) + bias.
    pub fn forward(&self, x: Tensor<2>) -> Result<Tensor<2>> {
        Ok(corr2d(x, self.weight.val())? + self.bias.val().unsqueeze::<2>())
    }
}

/// 6.2.3 图像中目标的边缘检测: a 6 × 8 image, white (1) at the sides and black (0) in
/// columns 2-5.
pub fn edge_image(device: &Device) -> Tensor<2> {
    let mut pixels = [[1.0f32; 8]; 6];
    for row in &mut pixels {
        row[2..6].fill(0.0);
    }
    Tensor::from_data(pixels, device)
}

/// The edge detector `[[1, -1]]`: zero where neighbours are equal, ±1 where the colour changes
/// from one column to the next.
pub fn edge_kernel(device: &Device) -> Tensor<2> {
    Tensor::from_data([[1.0f32, -1.0]], device)
}

/// One iteration of [`learn_kernel`]: the summed squared error before the update.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct KernelStep {
    /// 1-based iteration.
    pub iteration: usize,
    /// Σ (Ŷ − Y)² over the 6 × 7 outputs.
    pub loss: f64,
}

/// 6.2.4 学习卷积核: recovers a 1 × 2 kernel from an input `x` and its output `y` alone, with a
/// one-channel `Conv2d` (no bias), the squared error summed over the outputs, and plain gradient
/// descent with learning rate `lr`. Returns the loss of every iteration and the learned kernel.
pub fn learn_kernel(
    x: Tensor<2>,
    y: Tensor<2>,
    iterations: usize,
    lr: f64,
    seed: u64,
) -> (Vec<KernelStep>, [f32; 2]) {
    let device = x.device().autodiff();
    device.seed(seed);
    // nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False); PyTorch and burn draw the same
    // U(-1/√2, 1/√2) start (Kaiming-uniform with a = √5 on a fan-in of 2).
    let mut conv: Conv2d = Conv2dConfig::new([1, 1], [1, 2])
        .with_bias(false)
        .init(&device);
    // Batch and channel axes of size 1: [6, 8] -> [1, 1, 6, 8].
    let [h, w] = x.dims();
    let x = x.reshape([1, 1, h, w]).autodiff();
    let [oh, ow] = y.dims();
    let y = y.reshape([1, 1, oh, ow]).autodiff();
    let mut history = Vec::with_capacity(iterations);
    for iteration in 1..=iterations {
        let l = (conv.forward(x.clone()) - y.clone()).square().sum();
        history.push(KernelStep {
            iteration,
            loss: l.clone().inner().into_scalar::<f32>() as f64,
        });
        let grads = l.backward();
        let weight = conv.weight.val();
        let grad = weight.grad(&grads).expect("the kernel is trained");
        // conv2d.weight.data[:] -= lr * conv2d.weight.grad, off the graph.
        let updated = (weight.inner() - grad * lr).autodiff().require_grad();
        conv.weight = Param::from_tensor(updated);
    }
    let kernel: Vec<f32> = conv
        .weight
        .val()
        .inner()
        .try_into_vec_as()
        .expect("the kernel is f32");
    (history, [kernel[0], kernel[1]])
}

/// The section's examples in order, on `device`.
pub fn walkthrough(iterations: usize, lr: f64, seed: u64, device: &Device) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    let x = Tensor::<2>::from_data([[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]], device);
    let k = Tensor::<2>::from_data([[0.0f32, 1.], [2., 3.]], device);
    steps.push(step(
        "6.2.1",
        "corr2d(X, K) with X = arange(9).reshape(3, 3), K = arange(4).reshape(2, 2)",
        "corr2d(x, k)?",
        corr2d(x, k)?.to_data(),
    ));

    let image = edge_image(device);
    steps.push(step(
        "6.2.3",
        "X: a 6 x 8 image, black (0) in the middle four columns",
        "edge_image(&device)",
        image.to_data(),
    ));
    let edges = corr2d(image.clone(), edge_kernel(device))?;
    steps.push(step(
        "6.2.3",
        "Y = corr2d(X, K) with K = [[1, -1]]: 1 where white turns black, -1 where black turns white",
        "corr2d(x.clone(), edge_kernel(&device))?",
        edges.to_data(),
    ));
    steps.push(step(
        "6.2.3",
        "corr2d(X.t(), K): the kernel only sees vertical edges, the transposed image has none",
        "corr2d(x.transpose(), edge_kernel(&device))?",
        corr2d(image.clone().transpose(), edge_kernel(device))?.to_data(),
    ));

    let (history, kernel) = learn_kernel(image, edges, iterations, lr, seed);
    // The divergence check, on the learned kernel (after the last update) and on every loss.
    let blown = history.iter().find(|s| !s.loss.is_finite());
    if blown.is_some() || kernel.iter().any(|k| !k.is_finite()) {
        return Err(crate::Error::Diverged {
            epoch: blown.map_or(iterations, |s| s.iteration),
            what: "the kernel or the loss became NaN or infinite".into(),
            hint: crate::Error::LOWER_LR.into(),
        });
    }
    let losses: Vec<String> = history
        .iter()
        .filter(|s| s.iteration % 2 == 0)
        .map(|s| format!("epoch {}, loss {:.3}", s.iteration, s.loss))
        .collect();
    steps.push(Step {
        section: "6.2.4",
        caption: Cow::Owned(format!(
            "learn K back from X and Y: Conv2d(1, 1, (1, 2)), summed squared error, lr {lr}, \
             {iterations} iterations"
        )),
        code: Cow::Owned(format!("learn_kernel(x, y, {iterations}, {lr}, seed)")),
        value: losses.join("\n"),
    });
    steps.push(Step {
        section: "6.2.4",
        caption: Cow::Borrowed("the learned kernel, close to [[1, -1]]"),
        code: Cow::Borrowed("conv2d.weight.val().reshape([1, 2])"),
        value: show(&TensorData::new(kernel.to_vec(), [1, 2])),
    });
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    fn values(t: Tensor<2>) -> Vec<f32> {
        t.try_into_vec_as().unwrap()
    }

    #[test]
    fn corr2d_gives_the_books_example() {
        let x = Tensor::<2>::from_data([[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]], &cpu());
        let k = Tensor::<2>::from_data([[0.0f32, 1.], [2., 3.]], &cpu());
        assert_eq!(values(corr2d(x, k).unwrap()), [19.0, 25.0, 37.0, 43.0]);
    }

    #[test]
    fn edge_kernel_marks_both_edges_and_nothing_else() {
        let device = cpu();
        let y = corr2d(edge_image(&device), edge_kernel(&device)).unwrap();
        assert_eq!(y.dims(), [6, 7]);
        let row = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0, 0.0];
        assert_eq!(values(y), row.repeat(6));
        let transposed = corr2d(edge_image(&device).transpose(), edge_kernel(&device)).unwrap();
        assert!(values(transposed).iter().all(|&v| v == 0.0));
    }

    #[test]
    fn a_kernel_larger_than_the_input_is_refused() {
        let device = cpu();
        let err = corr2d(
            Tensor::zeros([2, 3], &device),
            Tensor::zeros([3, 1], &device),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("3x1 window does not fit a 2x3 input"), "{err}");
    }

    #[test]
    fn the_scratch_layer_trains_through_corr2d() {
        let device = cpu();
        let layer = Conv2dScratch::new([1, 2], &device);
        let x = edge_image(&device).autodiff();
        let grads = layer.forward(x).unwrap().sum().backward();
        // d(ΣY)/dK[0, b] = Σ over the 6 x 7 windows of the pixel under K[0, b].
        let grad: Vec<f32> = layer
            .weight
            .val()
            .grad(&grads)
            .unwrap()
            .try_into_vec_as()
            .unwrap();
        let image = values(edge_image(&device));
        let expected = |b: usize| -> f32 {
            (0..6)
                .flat_map(|i| (0..7).map(move |j| (i, j)))
                .map(|(i, j)| image[i * 8 + j + b])
                .sum()
        };
        assert_eq!(grad, [expected(0), expected(1)]);
        let bias_grad: Vec<f32> = layer
            .bias
            .val()
            .grad(&grads)
            .unwrap()
            .try_into_vec_as()
            .unwrap();
        assert_eq!(bias_grad, [42.0]);
    }

    #[test]
    fn the_edge_kernel_is_learned_back_in_ten_iterations() {
        let device = cpu();
        let x = edge_image(&device);
        let y = corr2d(x.clone(), edge_kernel(&device)).unwrap();
        for seed in 0..4 {
            let (history, kernel) = learn_kernel(x.clone(), y.clone(), 10, 3e-2, seed);
            assert!(
                history[9].loss < history[0].loss / 10.0,
                "{seed}: {history:?}"
            );
            assert!((kernel[0] - 1.0).abs() < 0.1, "{seed}: {kernel:?}");
            assert!((kernel[1] + 1.0).abs() < 0.1, "{seed}: {kernel:?}");
        }
    }
}
