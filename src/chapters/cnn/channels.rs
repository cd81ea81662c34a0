//! d2l-zh 6.4 多输入多输出通道: convolutions over several input channels, with several output
//! channels, and the 1 × 1 convolution.
//!
//! With c_i input channels the kernel has one 2-D slice per channel and the results are added:
//! Y = Σ_c X[c] ⋆ K[c]. Each output channel has a kernel of its own, so a layer's kernel is
//! c_o × c_i × k_h × k_w. A 1 × 1 kernel mixes channels at each pixel and nothing else: it is a
//! fully connected layer applied to every pixel, a c_o × c_i matrix times the c_i × (h·w) pixels.

use burn::tensor::Tensor;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;

use crate::chapters::cnn::conv2d::corr2d;
use crate::chapters::walkthrough::{Step, step};
use crate::device::Device;
use crate::error::{Error, Result};

/// 6.4.1 多输入通道: Σ_c corr2d(X[c], K[c]) for X `[c_i, h, w]` and K `[c_i, k_h, k_w]`.
pub fn corr2d_multi_in(x: Tensor<3>, k: Tensor<3>) -> Result<Tensor<2>> {
    let [channels, h, w] = x.dims();
    let [k_channels, kh, kw] = k.dims();
    if channels != k_channels {
        return Err(Error::Invalid {
            name: "kernel",
            reason: format!(
                "{k_channels} input channels in the kernel, {channels} in the input: expected the same"
            ),
        });
    }
    let mut sum: Option<Tensor<2>> = None;
    for c in 0..channels {
        let xc = x.clone().narrow(0, c, 1).reshape([h, w]);
        let kc = k.clone().narrow(0, c, 1).reshape([kh, kw]);
        let yc = corr2d(xc, kc)?;
        sum = Some(match sum {
            Some(s) => s + yc,
            None => yc,
        });
    }
    sum.ok_or_else(|| Error::Invalid {
        name: "input",
        reason: "no channels: expected at least one".into(),
    })
}

/// 6.4.2 多输出通道: one [`corr2d_multi_in`] per output channel, stacked: K `[c_o, c_i, k_h,
/// k_w]` gives `[c_o, h', w']`.
pub fn corr2d_multi_in_out(x: Tensor<3>, k: Tensor<4>) -> Result<Tensor<3>> {
    let [c_out, c_in, kh, kw] = k.dims();
    let outputs = (0..c_out)
        .map(|o| {
            let ko = k.clone().narrow(0, o, 1).reshape([c_in, kh, kw]);
            corr2d_multi_in(x.clone(), ko).map(|y| y.unsqueeze::<3>())
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Tensor::cat(outputs, 0))
}

/// 6.4.3 1×1 卷积层: the 1 × 1 convolution as a matrix product, K `[c_o, c_i]` times X
/// `[c_i, h·w]`.
pub fn corr2d_multi_in_out_1x1(x: Tensor<3>, k: Tensor<4>) -> Tensor<3> {
    let [c_in, h, w] = x.dims();
    let [c_out, _, _, _] = k.dims();
    let x = x.reshape([c_in, h * w]);
    let k = k.reshape([c_out, c_in]);
    k.matmul(x).reshape([c_out, h, w])
}

/// burn's `conv2d` on one image (no bias, stride 1, no padding), to compare with.
pub fn burn_conv2d(x: Tensor<3>, k: Tensor<4>) -> Tensor<3> {
    let [c_in, h, w] = x.dims();
    let y = conv2d(
        x.reshape([1, c_in, h, w]),
        k,
        None,
        ConvOptions::new([1, 1], [0, 0], [1, 1], 1),
    );
    let [_, c_out, oh, ow] = y.dims();
    y.reshape([c_out, oh, ow])
}

/// The book's two-channel input and kernel.
pub fn book_example(device: &Device) -> (Tensor<3>, Tensor<3>) {
    let x = Tensor::from_data(
        [
            [[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]],
            [[1.0, 2., 3.], [4., 5., 6.], [7., 8., 9.]],
        ],
        device,
    );
    let k = Tensor::from_data([[[0.0f32, 1.], [2., 3.]], [[1.0, 2.], [3., 4.]]], device);
    (x, k)
}

/// The section's examples in order, on `device`; `seed` draws the 1 × 1 example.
pub fn walkthrough(seed: u64, device: &Device) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    let (x, k) = book_example(device);
    steps.push(step(
        "6.4.1",
        "corr2d_multi_in(X, K): two channels, their correlations added",
        "corr2d_multi_in(x, k)?",
        corr2d_multi_in(x.clone(), k.clone())?.to_data(),
    ));
    // K = torch.stack((K, K + 1, K + 2), 0)
    let k3 = Tensor::stack::<4>(vec![k.clone(), k.clone() + 1.0, k + 2.0], 0);
    steps.push(step(
        "6.4.2",
        "K = stack((K, K + 1, K + 2)); K.shape",
        "Tensor::stack::<4>(vec![k.clone(), k.clone() + 1.0, k + 2.0], 0).dims()",
        burn::tensor::TensorData::new(k3.dims().map(|d| d as i64).to_vec(), [4]),
    ));
    let multi = corr2d_multi_in_out(x.clone(), k3.clone())?;
    steps.push(step(
        "6.4.2",
        "corr2d_multi_in_out(X, K): three output channels",
        "corr2d_multi_in_out(x, k3)?",
        multi.clone().to_data(),
    ));
    let burn_multi = burn_conv2d(x, k3);
    steps.push(step(
        "6.4.2",
        "the largest difference from burn's conv2d",
        "(multi - conv2d(x, k3)).abs().max()",
        (multi - burn_multi).abs().max().to_data(),
    ));

    device.seed(seed);
    let normal = burn::tensor::Distribution::Normal(0.0, 1.0);
    let x = Tensor::<3>::random([3, 3, 3], normal, device);
    let k = Tensor::<4>::random([2, 3, 1, 1], normal, device);
    let y1 = corr2d_multi_in_out_1x1(x.clone(), k.clone());
    let y2 = corr2d_multi_in_out(x, k)?;
    steps.push(step(
        "6.4.3",
        "a 1 x 1 convolution as a matrix product: |Y1 - Y2| summed, X ~ N(0, 1) 3x3x3, K 2x3x1x1",
        "(corr2d_multi_in_out_1x1(x, k) - corr2d_multi_in_out(x, k)?).abs().sum()",
        (y1 - y2).abs().sum().to_data(),
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

    #[test]
    fn two_input_channels_give_the_books_result() {
        let (x, k) = book_example(&cpu());
        assert_eq!(
            values(corr2d_multi_in(x, k).unwrap()),
            [56.0, 72.0, 104.0, 120.0]
        );
    }

    #[test]
    fn three_output_channels_equal_burns_conv2d() {
        let (x, k) = book_example(&cpu());
        let k3 = Tensor::stack::<4>(vec![k.clone(), k.clone() + 1.0, k + 2.0], 0);
        let ours = corr2d_multi_in_out(x.clone(), k3.clone()).unwrap();
        assert_eq!(ours.dims(), [3, 2, 2]);
        assert_eq!(
            values(ours.clone()),
            [
                56.0, 72.0, 104.0, 120.0, 76.0, 100.0, 148.0, 172.0, 96.0, 128.0, 192.0, 224.0
            ]
        );
        assert_eq!(values(ours), values(burn_conv2d(x, k3)));
    }

    #[test]
    fn one_by_one_convolution_is_a_matrix_product() {
        let device = cpu();
        device.seed(3);
        let normal = burn::tensor::Distribution::Normal(0.0, 1.0);
        let x = Tensor::<3>::random([5, 6, 7], normal, &device);
        let k = Tensor::<4>::random([4, 5, 1, 1], normal, &device);
        let by_matmul = values(corr2d_multi_in_out_1x1(x.clone(), k.clone()));
        for other in [
            values(corr2d_multi_in_out(x.clone(), k.clone()).unwrap()),
            values(burn_conv2d(x, k)),
        ] {
            let worst = by_matmul
                .iter()
                .zip(&other)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0f32, f32::max);
            assert!(worst < 1e-6, "{worst}");
        }
    }

    #[test]
    fn mismatched_channels_are_refused() {
        let device = cpu();
        let err = corr2d_multi_in(
            Tensor::zeros([2, 3, 3], &device),
            Tensor::zeros([3, 2, 2], &device),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("3 input channels in the kernel, 2 in the input"),
            "{err}"
        );
    }
}
