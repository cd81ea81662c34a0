//! d2l-zh 6.3 填充和步幅: how padding and stride set a convolution's output size.
//!
//! Along one axis, an input of n, a kernel of k, p rows of padding in all (both sides together)
//! and a stride of s give
//!
//! ⌊(n − k + p + s) / s⌋ outputs.
//!
//! With p = k − 1 (odd k, (k − 1)/2 on each side) and s = 1 the size is kept; a stride of s
//! divides it by about s. [`output_size`] is that formula and [`comp_conv2d`] asks burn's
//! `conv2d`; the tests check that the two agree.

use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::tensor::{Tensor, TensorData};
use std::borrow::Cow;

use crate::chapters::walkthrough::{Step, show};
use crate::device::Device;
use crate::error::{Error, Result};

/// The largest input side, kernel side, padding and stride [`Case::check`] accepts: enough to
/// try any textbook case, small enough that the probe convolution is instant.
pub const MAX_SIDE: usize = 4096;

/// One convolution to size: a square `size × size` input (or `[h, w]`), a kernel, the padding
/// on each side and the stride, each `[rows, columns]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Case {
    /// Input height and width.
    pub input: [usize; 2],
    /// Kernel height and width.
    pub kernel: [usize; 2],
    /// Padding on each side (top and bottom, left and right).
    pub padding: [usize; 2],
    /// Stride along rows and columns.
    pub stride: [usize; 2],
}

impl Case {
    /// Refuses what a convolution cannot do, naming the flag: a zero or huge size, a zero
    /// stride, a kernel larger than the padded input.
    pub fn check(&self) -> Result<()> {
        let range = |name: &'static str, values: [usize; 2], min: usize| {
            if values.iter().all(|v| (min..=MAX_SIDE).contains(v)) {
                Ok(())
            } else {
                Err(Error::Invalid {
                    name,
                    reason: format!(
                        "{},{}: expected each from {min} to {MAX_SIDE}",
                        values[0], values[1]
                    ),
                })
            }
        };
        range("--size", self.input, 1)?;
        range("--kernel", self.kernel, 1)?;
        range("--padding", self.padding, 0)?;
        range("--stride", self.stride, 1)?;
        let padded = [0, 1].map(|a| self.input[a] + 2 * self.padding[a]);
        if self.kernel[0] > padded[0] || self.kernel[1] > padded[1] {
            return Err(Error::Invalid {
                name: "--kernel",
                reason: format!(
                    "{}x{} is larger than the padded input ({}x{}): expected at most that",
                    self.kernel[0], self.kernel[1], padded[0], padded[1]
                ),
            });
        }
        // Sizes multiply: the convolution unfolds every output position's window (out_h ·
        // out_w · k_h · k_w values), next to the padded input; 4 bytes each.
        let out = self.output_size();
        let unfolded = [out[0], out[1], self.kernel[0], self.kernel[1]]
            .iter()
            .map(|&v| v as u128)
            .product::<u128>();
        let bytes = 4 * (unfolded + (padded[0] * padded[1]) as u128);
        crate::limits::check_memory("--kernel", bytes).map_err(|_| Error::Invalid {
            name: "--kernel",
            reason: format!(
                "a {}x{} kernel over a {}x{} padded input unfolds to about {:.1} GiB, more than \
                 the {} GiB d2l allows: give a smaller --kernel, --size or --padding",
                self.kernel[0],
                self.kernel[1],
                padded[0],
                padded[1],
                bytes as f64 / f64::from(1u32 << 30),
                crate::limits::MAX_MEMORY >> 30
            ),
        })?;
        Ok(())
    }

    /// The output size by the formula, `[rows, columns]`.
    pub fn output_size(&self) -> [usize; 2] {
        [0, 1].map(|a| {
            output_size(
                self.input[a],
                self.kernel[a],
                2 * self.padding[a],
                self.stride[a],
            )
        })
    }

    /// `nn.Conv2d(1, 1, kernel_size, padding, stride)`.
    pub fn layer(&self, device: &Device) -> Conv2d {
        let [ph, pw] = self.padding;
        Conv2dConfig::new([1, 1], self.kernel)
            .with_padding(PaddingConfig2d::Explicit(ph, pw, ph, pw))
            .with_stride(self.stride)
            .init(device)
    }
}

/// ⌊(n − k + p + s) / s⌋: the outputs along one axis for input n, kernel k, total padding p
/// and stride s (k ≤ n + p and s ≥ 1; [`Case::check`] makes sure).
pub fn output_size(n: usize, k: usize, total_padding: usize, stride: usize) -> usize {
    (n + total_padding - k + stride) / stride
}

/// The book's `comp_conv2d`: adds the batch and channel axes (of size 1) to `x`, runs the
/// convolution and returns the output's height and width.
pub fn comp_conv2d(conv: &Conv2d, x: Tensor<2>) -> [usize; 2] {
    let [h, w] = x.dims();
    let y = conv.forward(x.reshape([1, 1, h, w]));
    let [_, _, oh, ow] = y.dims();
    [oh, ow]
}

/// The four cases of the section, on an 8 × 8 input.
pub fn book_cases() -> [(&'static str, &'static str, Case); 4] {
    let case = |kernel, padding, stride| Case {
        input: [8, 8],
        kernel,
        padding,
        stride,
    };
    [
        (
            "6.3.1",
            "Conv2d(1, 1, kernel_size=3, padding=1): the size is kept",
            case([3, 3], [1, 1], [1, 1]),
        ),
        (
            "6.3.1",
            "Conv2d(1, 1, kernel_size=(5, 3), padding=(2, 1)): kept with a rectangular kernel too",
            case([5, 3], [2, 1], [1, 1]),
        ),
        (
            "6.3.2",
            "Conv2d(1, 1, kernel_size=3, padding=1, stride=2): halved",
            case([3, 3], [1, 1], [2, 2]),
        ),
        (
            "6.3.2",
            "Conv2d(1, 1, kernel_size=(3, 5), padding=(0, 1), stride=(3, 4))",
            case([3, 5], [0, 1], [3, 4]),
        ),
    ]
}

/// One case as a step: burn's output shape next to the formula's.
pub fn case_step(
    section: &'static str,
    caption: &'static str,
    case: &Case,
    device: &Device,
) -> Result<Step> {
    case.check()?;
    let x = Tensor::<2>::random(
        case.input,
        burn::tensor::Distribution::Uniform(0.0, 1.0),
        device,
    );
    let measured = comp_conv2d(&case.layer(device), x);
    let formula = case.output_size();
    Ok(Step {
        section,
        caption: Cow::Borrowed(caption),
        code: Cow::Borrowed("comp_conv2d(&conv, x)"),
        value: format!(
            "{} (formula: {})",
            show(&TensorData::new(measured.map(|v| v as i64).to_vec(), [2])),
            show(&TensorData::new(formula.map(|v| v as i64).to_vec(), [2])),
        ),
    })
}

/// The section's cases, and `extra` (the user's own) after them.
pub fn walkthrough(extra: Option<Case>, device: &Device) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    for (section, caption, case) in book_cases() {
        steps.push(case_step(section, caption, &case, device)?);
    }
    if let Some(case) = extra {
        steps.push(case_step(
            "your case",
            "--size, --kernel, --padding, --stride",
            &case,
            device,
        )?);
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn the_book_cases_give_the_books_shapes() {
        let device = cpu();
        let expected = [[8, 8], [8, 8], [4, 4], [2, 2]];
        for ((_, _, case), want) in book_cases().iter().zip(expected) {
            assert_eq!(case.output_size(), want, "{case:?}");
            let x = Tensor::<2>::zeros(case.input, &device);
            assert_eq!(comp_conv2d(&case.layer(&device), x), want, "{case:?}");
        }
    }

    #[test]
    fn the_formula_agrees_with_burn_on_random_cases() {
        let device = cpu();
        let mut rng = StdRng::seed_from_u64(6);
        let mut tried = 0;
        while tried < 200 {
            let case = Case {
                input: [rng.random_range(1..20), rng.random_range(1..20)],
                kernel: [rng.random_range(1..8), rng.random_range(1..8)],
                padding: [rng.random_range(0..4), rng.random_range(0..4)],
                stride: [rng.random_range(1..5), rng.random_range(1..5)],
            };
            if case.check().is_err() {
                continue;
            }
            tried += 1;
            let x = Tensor::<2>::zeros(case.input, &device);
            assert_eq!(
                comp_conv2d(&case.layer(&device), x),
                case.output_size(),
                "{case:?}"
            );
        }
    }

    #[test]
    fn impossible_cases_name_the_flag_and_the_range() {
        let base = Case {
            input: [8, 8],
            kernel: [3, 3],
            padding: [0, 0],
            stride: [1, 1],
        };
        let zero_stride = Case {
            stride: [0, 1],
            ..base
        };
        let err = zero_stride.check().unwrap_err().to_string();
        assert!(
            err.contains("--stride: 0,1") && err.contains("from 1 to 4096"),
            "{err}"
        );
        let too_big = Case {
            kernel: [11, 3],
            padding: [1, 1],
            ..base
        };
        let err = too_big.check().unwrap_err().to_string();
        assert!(err.contains("--kernel") && err.contains("10x10"), "{err}");
        let huge = Case {
            input: [MAX_SIDE + 1, 8],
            ..base
        };
        assert!(huge.check().unwrap_err().to_string().contains("--size"));
        // The largest kernel that fits still works.
        let fits = Case {
            kernel: [10, 10],
            padding: [1, 1],
            ..base
        };
        fits.check().unwrap();
        assert_eq!(fits.output_size(), [1, 1]);
    }
}
