//! The operations our patched burn-flex (`patches/burn-flex`, see its PATCH.md) computes its own
//! way, checked against plain loops on random inputs: the sigmoid, average pooling forward and
//! backward, and the weight gradient of a 2-D convolution. burn-flex's own tests do not run in
//! our CI, so these do.

use burn::nn::PaddingConfig2d;
use burn::nn::pool::AvgPool2dConfig;
use burn::tensor::activation::sigmoid;
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Distribution, Tensor, TensorData};
use d2l::device::cpu;

fn random<const D: usize>(shape: [usize; D], seed: u64) -> Tensor<D> {
    let device = cpu();
    device.seed(seed);
    Tensor::random(shape, Distribution::Normal(0.0, 1.0), &device)
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.try_into_vec_as().unwrap()
}

fn assert_close(got: &[f32], want: &[f64], tolerance: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        let err = (g as f64 - w).abs();
        assert!(
            err <= tolerance * w.abs().max(1.0),
            "{what}[{i}]: {g} vs {w}"
        );
    }
}

#[test]
fn sigmoid_is_within_a_few_ulp_everywhere() {
    let mut inputs: Vec<f32> = (-1_000_000..=1_000_000).map(|i| i as f32 * 1e-4).collect();
    inputs.extend([-1000.0, -88.0, -87.5, -87.0, 87.0, 88.0, 1000.0, 0.0, -0.0]);
    let n = inputs.len();
    let x = Tensor::<1>::from_data(TensorData::new(inputs.clone(), [n]), &cpu());
    let fast = values(sigmoid(x.clone()));
    // A tensor that is still used later (not uniquely owned) takes the copying path.
    let shared = values(sigmoid(x.clone()));
    assert_eq!(fast, shared);
    for (&x, &s) in inputs.iter().zip(&fast) {
        let want = 1.0 / (1.0 + (-(x as f64)).exp());
        if want < 1e-37 {
            assert!(s.abs() < 1e-37, "σ({x}) = {s}");
        } else {
            assert!(
                ((s as f64) - want).abs() <= 4.0 * f32::EPSILON as f64 * want,
                "σ({x}) = {s}, want {want}"
            );
        }
    }
    let nan = values(sigmoid(Tensor::<1>::from_data([f32::NAN], &cpu())));
    assert!(nan[0].is_nan());
}

/// Average pooling of `x` [n, c, h, w] by loops in f64 (PyTorch's count_include_pad = true),
/// and the gradient of Σ pool(x) · r with respect to x.
fn pool_reference(
    x: &[f32],
    shape: [usize; 4],
    r: &[f32],
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: [usize; 2],
) -> (Vec<f64>, Vec<f64>) {
    let [n, c, h, w] = shape;
    let oh = (h + 2 * padding[0] - kernel[0]) / stride[0] + 1;
    let ow = (w + 2 * padding[1] - kernel[1]) / stride[1] + 1;
    let mut out = vec![0.0; n * c * oh * ow];
    let mut grad = vec![0.0; x.len()];
    for plane in 0..n * c {
        for oy in 0..oh {
            for ox in 0..ow {
                let o = (plane * oh + oy) * ow + ox;
                let count = (kernel[0] * kernel[1]) as f64;
                for ky in 0..kernel[0] {
                    for kx in 0..kernel[1] {
                        let iy = (oy * stride[0] + ky) as isize - padding[0] as isize;
                        let ix = (ox * stride[1] + kx) as isize - padding[1] as isize;
                        if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                            continue;
                        }
                        let i = (plane * h + iy as usize) * w + ix as usize;
                        out[o] += x[i] as f64 / count;
                        grad[i] += r[o] as f64 / count;
                    }
                }
            }
        }
    }
    (out, grad)
}

#[test]
fn average_pooling_and_its_gradient_match_loops() {
    let shape = [2, 3, 7, 9];
    let cases = [
        ([2, 2], [2, 2], [0, 0]), // LeNet's
        ([3, 3], [1, 1], [0, 0]), // overlapping windows
        ([2, 3], [2, 1], [0, 0]),
        ([3, 3], [2, 2], [1, 1]), // padded: burn-flex's general path
    ];
    for (seed, (kernel, stride, padding)) in cases.into_iter().enumerate() {
        let x = random(shape, seed as u64).autodiff().require_grad();
        let pool = AvgPool2dConfig::new(kernel)
            .with_strides(stride)
            .with_padding(PaddingConfig2d::Explicit(
                padding[0], padding[1], padding[0], padding[1],
            ))
            .init();
        let y = pool.forward(x.clone());
        let r = random(y.dims(), 100 + seed as u64);
        let grads = (y.clone() * r.clone().autodiff()).sum().backward();
        let dx = values(x.grad(&grads).unwrap());
        let (out, grad) = pool_reference(
            &values(x.inner()),
            shape,
            &values(r),
            kernel,
            stride,
            padding,
        );
        let what = format!("{kernel:?} {stride:?} {padding:?}");
        assert_close(&values(y.inner()), &out, 1e-6, &what);
        assert_close(&dx, &grad, 1e-6, &what);
    }
}

/// dL/dW for L = Σ conv2d(x, W) · r, by loops in f64.
fn weight_grad_reference(
    x: &[f32],
    x_shape: [usize; 4],
    r: &[f32],
    r_shape: [usize; 4],
    w_shape: [usize; 4],
    options: &ConvOptions<2>,
) -> Vec<f64> {
    let [n, c_in, h, w] = x_shape;
    let [_, c_out, oh, ow] = r_shape;
    let [_, cpg, kh, kw] = w_shape;
    let per_group = c_out / options.groups;
    let mut grad = vec![0.0; c_out * cpg * kh * kw];
    for b in 0..n {
        for co in 0..c_out {
            let g = co / per_group;
            for ci in 0..cpg {
                for ky in 0..kh {
                    for kx in 0..kw {
                        let mut sum = 0.0;
                        for oy in 0..oh {
                            for ox in 0..ow {
                                let iy = (oy * options.stride[0] + ky * options.dilation[0])
                                    as isize
                                    - options.padding[0].0 as isize;
                                let ix = (ox * options.stride[1] + kx * options.dilation[1])
                                    as isize
                                    - options.padding[1].0 as isize;
                                if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                                    continue;
                                }
                                let xi =
                                    ((b * c_in + g * cpg + ci) * h + iy as usize) * w + ix as usize;
                                let ri = ((b * c_out + co) * oh + oy) * ow + ox;
                                sum += x[xi] as f64 * r[ri] as f64;
                            }
                        }
                        grad[((co * cpg + ci) * kh + ky) * kw + kx] += sum;
                    }
                }
            }
        }
    }
    grad
}

#[test]
fn the_convolution_weight_gradient_matches_loops() {
    let options = |stride, padding: [(usize, usize); 2], dilation, groups| {
        ConvOptions::new_with_padding(stride, padding, dilation, groups)
    };
    let cases = [
        // LeNet's two layers, on a small batch.
        (
            [3, 1, 28, 28],
            [6, 1, 5, 5],
            options([1, 1], [(2, 2), (2, 2)], [1, 1], 1),
        ),
        (
            [3, 6, 14, 14],
            [16, 6, 5, 5],
            options([1, 1], [(0, 0), (0, 0)], [1, 1], 1),
        ),
        (
            [2, 4, 9, 11],
            [6, 2, 3, 3],
            options([2, 1], [(1, 1), (0, 0)], [1, 1], 2),
        ),
        (
            [2, 3, 10, 10],
            [4, 3, 3, 2],
            options([1, 2], [(0, 0), (1, 1)], [2, 1], 1),
        ),
        (
            [2, 2, 8, 8],
            [3, 2, 3, 3],
            options([1, 1], [(1, 0), (0, 2)], [1, 1], 1),
        ),
        // A batch large enough to be cut into several pieces.
        (
            [300, 1, 28, 28],
            [2, 1, 5, 5],
            options([1, 1], [(2, 2), (2, 2)], [1, 1], 1),
        ),
    ];
    for (seed, (x_shape, w_shape, options)) in cases.into_iter().enumerate() {
        let seed = seed as u64;
        let x = random(x_shape, seed);
        let weight = random(w_shape, 50 + seed).autodiff().require_grad();
        let y = conv2d(x.clone().autodiff(), weight.clone(), None, options.clone());
        let r = random(y.dims(), 100 + seed);
        let grads = (y.clone() * r.clone().autodiff()).sum().backward();
        let dw = values(weight.grad(&grads).unwrap());
        let want = weight_grad_reference(
            &values(x),
            x_shape,
            &values(r.clone()),
            r.dims(),
            w_shape,
            &options,
        );
        assert_close(
            &dw,
            &want,
            1e-4,
            &format!("{x_shape:?} {w_shape:?} {options:?}"),
        );
    }
}
