//! The operations our patched burn-flex and burn-autodiff (`patches/`, see each PATCH.md) compute
//! their own way, checked against plain loops on random inputs: the sigmoid and its gradient,
//! average pooling forward and backward, and a 2-D convolution with both its gradients. The
//! crates' own tests do not run in our CI, so these do.
//!
//! And that the patches are in use at all: a `cargo update` to a newer burn, or a `[patch]` line
//! lost, would otherwise build the published crates with a warning only, and every test above
//! would still pass on them.

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
    // A tensor that is still used later (not uniquely owned) is read into a new buffer; the
    // last use of `x` is transformed in place. Both run in parallel pieces at this size.
    let fast = values(sigmoid(x.clone()));
    let in_place = values(sigmoid(x));
    assert_eq!(fast, in_place);
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

#[test]
fn the_sigmoids_gradient_is_s_times_one_minus_s() {
    // burn-autodiff's patch hands the forward output to the backward pass instead of computing
    // it again: the gradient of Σ σ(x) · r must still be r · σ(x) · (1 − σ(x)), for every
    // element, at a size that takes the parallel path.
    let device = cpu().autodiff();
    let x = random([600, 500], 5).mul_scalar(4.0);
    let r = random([600, 500], 6);
    let x_ad = Tensor::<2>::from_data(x.to_data(), &device).require_grad();
    let r_ad = Tensor::<2>::from_data(r.to_data(), &device);
    let s = sigmoid(x_ad.clone());
    let grads = (s.clone() * r_ad).sum().backward();
    let got = values(x_ad.grad(&grads).expect("x requires grad"));
    let want: Vec<f64> = values(x)
        .iter()
        .zip(values(r))
        .map(|(&x, r)| {
            let s = 1.0 / (1.0 + (-(x as f64)).exp());
            r as f64 * s * (1.0 - s)
        })
        .collect();
    assert_close(&got, &want, 1e-6, "dΣσ(x)·r/dx");
    // The forward output is still intact after the backward pass read it.
    let s = values(s.inner());
    assert!(s.iter().all(|v| (0.0..=1.0).contains(v)));
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

/// Shapes and options of one convolution: input, weight, output, options.
struct ConvCase<'a> {
    x_shape: [usize; 4],
    w_shape: [usize; 4],
    y_shape: [usize; 4],
    options: &'a ConvOptions<2>,
}

impl ConvCase<'_> {
    /// Calls `visit(x index, w index, y index)` for every product of conv2d(x, W): the one
    /// loop nest that the three references below share.
    fn for_each_product(&self, mut visit: impl FnMut(usize, usize, usize)) {
        let [n, c_in, h, w] = self.x_shape;
        let [_, cpg, kh, kw] = self.w_shape;
        let [_, c_out, oh, ow] = self.y_shape;
        let o = self.options;
        let per_group = c_out / o.groups;
        for b in 0..n {
            for co in 0..c_out {
                let g = co / per_group;
                for ci in 0..cpg {
                    for ky in 0..kh {
                        for kx in 0..kw {
                            for oy in 0..oh {
                                for ox in 0..ow {
                                    let iy = (oy * o.stride[0] + ky * o.dilation[0]) as isize
                                        - o.padding[0].0 as isize;
                                    let ix = (ox * o.stride[1] + kx * o.dilation[1]) as isize
                                        - o.padding[1].0 as isize;
                                    if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                                        continue;
                                    }
                                    let (iy, ix) = (iy as usize, ix as usize);
                                    let xi = ((b * c_in + g * cpg + ci) * h + iy) * w + ix;
                                    let wi = ((co * cpg + ci) * kh + ky) * kw + kx;
                                    let yi = ((b * c_out + co) * oh + oy) * ow + ox;
                                    visit(xi, wi, yi);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_convolution_and_both_its_gradients_match_loops() {
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
        // Strides (the path off the grid), groups, dilation, asymmetric padding.
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
        (
            [2, 2, 9, 7],
            [4, 1, 3, 2],
            options([1, 1], [(2, 2), (1, 1)], [2, 3], 2),
        ),
        // A batch large enough to be cut into several pieces.
        (
            [300, 1, 28, 28],
            [2, 1, 5, 5],
            options([1, 1], [(2, 2), (2, 2)], [1, 1], 1),
        ),
        // Small late-layer images (ResNet-18's at 64 × 64): several images per product,
        // a batch that does not divide evenly, on the grid with padding, off it with a stride,
        // a strided 1 × 1 convolution, and groups.
        (
            [37, 16, 4, 4],
            [8, 16, 3, 3],
            options([1, 1], [(1, 1), (1, 1)], [1, 1], 1),
        ),
        (
            [37, 8, 5, 5],
            [6, 8, 3, 3],
            options([2, 2], [(1, 1), (1, 1)], [1, 1], 1),
        ),
        (
            [37, 8, 4, 4],
            [12, 8, 1, 1],
            options([2, 2], [(0, 0), (0, 0)], [1, 1], 1),
        ),
        (
            [9, 4, 3, 3],
            [6, 2, 3, 3],
            options([1, 1], [(1, 1), (1, 1)], [1, 1], 2),
        ),
        // An image large enough to be cut into several tiles of rows.
        (
            [1, 8, 120, 100],
            [2, 8, 5, 5],
            options([1, 1], [(1, 1), (2, 2)], [1, 1], 1),
        ),
    ];
    for (seed, (x_shape, w_shape, options)) in cases.into_iter().enumerate() {
        let seed = seed as u64;
        let x = random(x_shape, seed).autodiff().require_grad();
        let weight = random(w_shape, 50 + seed).autodiff().require_grad();
        let bias = random([w_shape[0]], 70 + seed);
        let y = conv2d(
            x.clone(),
            weight.clone(),
            Some(bias.clone().autodiff()),
            options.clone(),
        );
        let r = random(y.dims(), 100 + seed);
        let grads = (y.clone() * r.clone().autodiff()).sum().backward();
        let case = ConvCase {
            x_shape,
            w_shape,
            y_shape: y.dims(),
            options: &options,
        };
        let (xv, wv, rv) = (
            values(x.clone().inner()),
            values(weight.clone().inner()),
            values(r),
        );
        // y = b + Σ x·w; dL/dW = Σ x·r; dL/dx = Σ w·r (L = Σ y·r).
        let bv = values(bias);
        let per_channel = y.dims()[2] * y.dims()[3];
        let mut want_y: Vec<f64> = (0..rv.len())
            .map(|i| bv[i / per_channel % w_shape[0]] as f64)
            .collect();
        let mut want_dw = vec![0.0; wv.len()];
        let mut want_dx = vec![0.0; xv.len()];
        case.for_each_product(|xi, wi, yi| {
            want_y[yi] += xv[xi] as f64 * wv[wi] as f64;
            want_dw[wi] += xv[xi] as f64 * rv[yi] as f64;
            want_dx[xi] += wv[wi] as f64 * rv[yi] as f64;
        });
        let what = format!("{x_shape:?} {w_shape:?} {options:?}");
        assert_close(&values(y.inner()), &want_y, 1e-4, &format!("y {what}"));
        assert_close(
            &values(weight.grad(&grads).unwrap()),
            &want_dw,
            1e-4,
            &format!("dW {what}"),
        );
        assert_close(
            &values(x.grad(&grads).unwrap()),
            &want_dx,
            1e-4,
            &format!("dx {what}"),
        );
    }
}

/// The patched crates' markers, the PATCH.md headings and the guard tests agree: one
/// `D2L_RS_PATCHES` line per numbered change, each change naming a test of this file. (Against
/// the published crates this file does not compile: they have no `D2L_RS_PATCHES`.)
#[test]
fn every_patch_is_built_listed_and_guarded() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let this_file = std::fs::read_to_string(root.join("tests/patches.rs")).unwrap();
    // The build scripts' announcement (what notebooks print) counts the same changes.
    assert_eq!(
        d2l::device::patches(),
        Some((
            burn_flex::D2L_RS_PATCHES.len(),
            burn_autodiff::D2L_RS_PATCHES.len()
        ))
    );
    assert!(d2l::device::engine().contains("patched (d2l-rs)"));
    for (krate, markers) in [
        ("burn-flex", burn_flex::D2L_RS_PATCHES),
        ("burn-autodiff", burn_autodiff::D2L_RS_PATCHES),
    ] {
        let notes = std::fs::read_to_string(root.join("patches").join(krate).join("PATCH.md"))
            .unwrap_or_else(|e| panic!("patches/{krate}/PATCH.md: {e}"));
        let sections: Vec<&str> = notes
            .split("\n## ")
            .skip(1)
            .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(
            sections.len(),
            markers.len(),
            "{krate}: PATCH.md has {} numbered changes, D2L_RS_PATCHES {markers:?}",
            sections.len()
        );
        for (i, (section, marker)) in sections.iter().zip(markers).enumerate() {
            let number = format!("{}", i + 1);
            assert!(
                section.starts_with(&format!("{number}.")),
                "{krate}: {section:.40}"
            );
            assert!(
                marker.starts_with(&format!("{number} ")),
                "{krate}: {marker}"
            );
            let guard = section
                .split("Guard test: `")
                .nth(1)
                .and_then(|rest| rest.split('`').next())
                .unwrap_or_else(|| panic!("{krate} change {number} names no guard test"));
            assert!(
                this_file.contains(&format!("fn {guard}(")),
                "{krate} change {number}: no test `{guard}` in tests/patches.rs"
            );
        }
    }
}

/// Why a `Cargo.lock` does not build `krate` from `patches/` (a path dependency has no
/// `source`), or `None` when it does.
fn not_from_patches(lock: &str, krate: &str) -> Option<String> {
    let entry = lock
        .split("[[package]]")
        .find(|p| p.contains(&format!("\nname = \"{krate}\"\n")))?;
    entry
        .lines()
        .find(|l| l.starts_with("source = "))
        .map(|source| format!("{krate} comes from {source}, not patches/{krate}"))
}

#[test]
fn the_lock_file_builds_burn_flex_and_burn_autodiff_from_patches() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    for krate in ["burn-flex", "burn-autodiff"] {
        assert!(
            lock.contains(&format!("\nname = \"{krate}\"\n")),
            "{krate} not in Cargo.lock"
        );
        assert_eq!(not_from_patches(&lock, krate), None);
    }
    // The check itself tells a published crate from a path one.
    let stock = "[[package]]\nname = \"burn-flex\"\nversion = \"0.22.2\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
    assert!(
        not_from_patches(stock, "burn-flex")
            .unwrap()
            .contains("registry+")
    );
}

#[test]
fn clamp_min_equals_max_with_zero_elementwise() {
    // Patch 1: the in-place `mask_fill` behind `clamp_min` (ReLU as max(x, 0)) selects instead
    // of branching. Uniquely owned input takes the in-place path, a shared one the other.
    let x = random([100_000], 11);
    let want: Vec<f32> = values(x.clone()).iter().map(|v| v.max(0.0)).collect();
    let shared = values(x.clone().clamp_min(0.0));
    let in_place = values(x.clamp_min(0.0));
    assert_eq!(shared, want);
    assert_eq!(in_place, want);
    assert!(want.contains(&0.0) && want.iter().any(|&v| v > 0.0));
}
