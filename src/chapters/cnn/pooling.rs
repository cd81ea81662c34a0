//! d2l-zh 6.5 汇聚层: max and average pooling by hand, then burn's layers with padding, stride
//! and several channels.
//!
//! A pooling window slides like a convolution kernel but has no weights: it outputs the largest
//! (max pooling) or the mean (average pooling) of the values under it. Max pooling makes the
//! output insensitive to small shifts of a feature within the window. Each channel is pooled on
//! its own, so the output has as many channels as the input.

use burn::nn::PaddingConfig2d;
use burn::nn::pool::{AvgPool2dConfig, MaxPool2dConfig};
use burn::tensor::{Int, Tensor};

use crate::chapters::cnn::conv2d::check_window;
use crate::chapters::walkthrough::{Step, step};
use crate::device::Device;
use crate::error::{Error, Result};

/// Which statistic a pooling window takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PoolMode {
    /// The largest value in the window.
    Max,
    /// The mean of the window.
    Avg,
}

/// 6.5.1 最大汇聚层和平均汇聚层: the book's `pool2d`, one output per window position (stride 1,
/// no padding).
pub fn pool2d(x: Tensor<2>, pool_size: [usize; 2], mode: PoolMode) -> Result<Tensor<2>> {
    let [n_h, n_w] = x.dims();
    let [p_h, p_w] = pool_size;
    check_window("pool_size", [n_h, n_w], pool_size)?;
    let (out_h, out_w) = (n_h - p_h + 1, n_w - p_w + 1);
    let mut outputs = Vec::with_capacity(out_h * out_w);
    for i in 0..out_h {
        for j in 0..out_w {
            let window = x.clone().slice([i..i + p_h, j..j + p_w]);
            outputs.push(match mode {
                PoolMode::Max => window.max(),
                PoolMode::Avg => window.mean(),
            });
        }
    }
    Ok(Tensor::cat(outputs, 0).reshape([out_h, out_w]))
}

/// burn's max pooling with a `kernel` window, `stride` and zero `padding` on each side
/// (PyTorch's `nn.MaxPool2d(kernel, padding=..., stride=...)`; padded cells never win).
///
/// The padding must be at most half the window, as in PyTorch: more would make windows that
/// see only padding.
pub fn max_pool(
    x: Tensor<4>,
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> Result<Tensor<4>> {
    let [_, _, h, w] = x.dims();
    check_window("kernel", [h + 2 * padding[0], w + 2 * padding[1]], kernel)?;
    if stride.contains(&0) {
        return Err(Error::Invalid {
            name: "stride",
            reason: format!("{stride:?}: expected each at least 1"),
        });
    }
    if padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1] {
        return Err(Error::Invalid {
            name: "padding",
            reason: format!("{padding:?}: expected at most half of the {kernel:?} window"),
        });
    }
    let [ph, pw] = padding;
    Ok(MaxPool2dConfig::new(kernel)
        .with_strides(stride)
        .with_padding(PaddingConfig2d::Explicit(ph, pw, ph, pw))
        .init()
        .forward(x))
}

/// burn's average pooling over non-overlapping `size` windows (`nn.AvgPool2d(size)`).
pub fn avg_pool(x: Tensor<4>, size: [usize; 2]) -> Result<Tensor<4>> {
    let [_, _, h, w] = x.dims();
    check_window("kernel", [h, w], size)?;
    Ok(AvgPool2dConfig::new(size)
        .with_strides(size)
        .init()
        .forward(x))
}

/// The section's examples in order, on `device`.
pub fn walkthrough(device: &Device) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    let x = Tensor::<2>::from_data([[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]], device);
    steps.push(step(
        "6.5.1",
        "pool2d(X, (2, 2)): max pooling",
        "pool2d(x, [2, 2], PoolMode::Max)?",
        pool2d(x.clone(), [2, 2], PoolMode::Max)?.to_data(),
    ));
    steps.push(step(
        "6.5.1",
        "pool2d(X, (2, 2), 'avg'): average pooling",
        "pool2d(x, [2, 2], PoolMode::Avg)?",
        pool2d(x, [2, 2], PoolMode::Avg)?.to_data(),
    ));

    // X = torch.arange(16).reshape((1, 1, 4, 4))
    let x = Tensor::<1, Int>::arange(0..16, device)
        .float()
        .reshape([1, 1, 4, 4]);
    steps.push(step(
        "6.5.2",
        "X = arange(16).reshape(1, 1, 4, 4)",
        "Tensor::<1, Int>::arange(0..16, &device).float().reshape([1, 1, 4, 4])",
        x.to_data(),
    ));
    steps.push(step(
        "6.5.2",
        "nn.MaxPool2d(3): the stride is the window by default, so one window fits",
        "max_pool(x, [3, 3], [3, 3], [0, 0])?",
        max_pool(x.clone(), [3, 3], [3, 3], [0, 0])?.to_data(),
    ));
    steps.push(step(
        "6.5.2",
        "nn.MaxPool2d(3, padding=1, stride=2)",
        "max_pool(x, [3, 3], [2, 2], [1, 1])?",
        max_pool(x.clone(), [3, 3], [2, 2], [1, 1])?.to_data(),
    ));
    steps.push(step(
        "6.5.2",
        "nn.MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))",
        "max_pool(x, [2, 3], [2, 3], [0, 1])?",
        max_pool(x.clone(), [2, 3], [2, 3], [0, 1])?.to_data(),
    ));

    // X = torch.cat((X, X + 1), 1)
    let x2 = Tensor::cat(vec![x.clone(), x + 1.0], 1);
    steps.push(step(
        "6.5.3",
        "X = cat((X, X + 1), 1); nn.MaxPool2d(3, padding=1, stride=2): two channels in, two out",
        "max_pool(Tensor::cat(vec![x.clone(), x + 1.0], 1), [3, 3], [2, 2], [1, 1])?",
        max_pool(x2, [3, 3], [2, 2], [1, 1])?.to_data(),
    ));
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
        t.try_into_vec_as().unwrap()
    }

    fn arange16() -> Tensor<4> {
        Tensor::<1, Int>::arange(0..16, &cpu())
            .float()
            .reshape([1, 1, 4, 4])
    }

    #[test]
    fn pool2d_gives_the_books_values() {
        let x = Tensor::<2>::from_data([[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]], &cpu());
        let max = pool2d(x.clone(), [2, 2], PoolMode::Max).unwrap();
        assert_eq!(values(max), [4.0, 5.0, 7.0, 8.0]);
        let avg = pool2d(x, [2, 2], PoolMode::Avg).unwrap();
        assert_eq!(values(avg), [2.0, 3.0, 5.0, 6.0]);
    }

    #[test]
    fn burns_layers_agree_with_pool2d_at_stride_one() {
        let device = cpu();
        device.seed(5);
        let x = Tensor::<2>::random(
            [7, 9],
            burn::tensor::Distribution::Normal(0.0, 1.0),
            &device,
        );
        let by_hand = values(pool2d(x.clone(), [3, 2], PoolMode::Max).unwrap());
        let layer = max_pool(x.clone().reshape([1, 1, 7, 9]), [3, 2], [1, 1], [0, 0]).unwrap();
        assert_eq!(by_hand, values(layer));
        let by_hand = values(pool2d(x.clone(), [2, 2], PoolMode::Avg).unwrap());
        let layer = AvgPool2dConfig::new([2, 2])
            .with_strides([1, 1])
            .init()
            .forward(x.reshape([1, 1, 7, 9]));
        for (a, b) in by_hand.iter().zip(values(layer)) {
            assert!((a - b).abs() < 1e-6, "{a} {b}");
        }
    }

    #[test]
    fn padding_and_stride_give_the_books_values() {
        let x = arange16();
        assert_eq!(
            values(max_pool(x.clone(), [3, 3], [3, 3], [0, 0]).unwrap()),
            [10.0]
        );
        let padded = max_pool(x.clone(), [3, 3], [2, 2], [1, 1]).unwrap();
        assert_eq!(values(padded), [5.0, 7.0, 13.0, 15.0]);
        let rect = max_pool(x.clone(), [2, 3], [2, 3], [0, 1]).unwrap();
        assert_eq!(values(rect), [5.0, 7.0, 13.0, 15.0]);
        let two = max_pool(
            Tensor::cat(vec![x.clone(), x + 1.0], 1),
            [3, 3],
            [2, 2],
            [1, 1],
        );
        let two = two.unwrap();
        assert_eq!(two.dims(), [1, 2, 2, 2]);
        assert_eq!(values(two), [5.0, 7.0, 13.0, 15.0, 6.0, 8.0, 14.0, 16.0]);
        let avg = avg_pool(arange16(), [2, 2]).unwrap();
        assert_eq!(values(avg), [2.5, 4.5, 10.5, 12.5]);
    }

    #[test]
    fn impossible_windows_are_refused_before_burn_sees_them() {
        let x = arange16();
        let cases = [
            (
                [5, 5],
                [1, 1],
                [0, 0],
                "5x5 window does not fit a 4x4 input",
            ),
            ([2, 2], [0, 1], [0, 0], "expected each at least 1"),
            ([2, 2], [1, 1], [2, 0], "at most half"),
        ];
        for (kernel, stride, padding, want) in cases {
            let err = max_pool(x.clone(), kernel, stride, padding)
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{err}");
        }
        let err = pool2d(Tensor::zeros([2, 2], &cpu()), [3, 1], PoolMode::Avg).unwrap_err();
        assert!(err.to_string().contains("pool_size"), "{err}");
    }
}
