//! d2l-rs patch: 2-D convolution as matrix products over im2col matrices built straight from
//! NCHW images, for the forward pass and both gradients.
//!
//! For one image and one group, X̃ is the `[k_len, positions]` matrix whose row
//! `k = (ci, ki, kj)` holds, for every output position `p = (oy, ox)`, the input value that kernel
//! element `(ki, kj)` of channel `ci` meets there (0 in the padding). Then
//!
//! ```text
//!   forward:        Y[co, p]  = Σ_k W[co, k] · X̃[k, p]  (+ bias[co])
//!   weight grad:   dW[co, k]  = Σ_images Σ_p G[co, p] · X̃[k, p]
//!   input grad:    dX         = col2im(Wᵀ · G)            (col2im is im2col's adjoint)
//! ```
//!
//! `W` is the weight exactly as stored (`[c_out, c_in / groups, k_h, k_w]` is row-major
//! `[c_out, k_len]`) and `Y`, `G` are one image's output planes, so no layout conversion is
//! needed on either side. The generic path (`conv3d_impl`) instead converts the whole batch to
//! NHWC on one thread, builds X̃ one scalar at a time per 512-position tile and copies every
//! result back out of a temporary; its input gradient goes through a transposed convolution. For
//! LeNet (d2l-zh 6.6) on a 2-core machine those steps took most of a training epoch.
//!
//! Output rows are processed in tiles of about `TILE_VALUES` X̃ values, so the buffer stays in
//! cache whatever the image size, and each matrix product is written straight into its place.

use alloc::vec;
use alloc::vec::Vec;
use core::ops::Range;

use burn_backend::ops::ConvOptions;
use burn_backend::ops::conv::calculate_conv_output_size;
use burn_backend::{DType, Element, ElementAdd};
use burn_std::{Bytes, Shape, f16};

use crate::{FlexTensor, Layout};

/// Target number of X̃ values in one tile (1 MB of f32).
const TILE_VALUES: usize = 1 << 18;

/// gemm multiplies a left operand stored column by column in place only when its row count is
/// a multiple of its vector width (16 f32 with AVX-512); otherwise it first copies the whole
/// operand into zero-padded panels ("packing"), which for these thin products cost as much as
/// the arithmetic. So the operands below get that many rows, the extra ones computed and dropped.
const GEMM_ROWS: usize = 16;

/// When one tile holds a whole image, images are put side by side in X̃ until a product has at
/// least this many rows (output positions): a late layer of a CNN has few positions per image
/// (ResNet-18 at 64 × 64: 4 to 16), and a product with 16 rows or fewer per image keeps gemm in
/// its edge kernels, loading each weight for a handful of multiplications.
const MIN_PRODUCT_ROWS: usize = 256;

/// How many images one product takes when a tile is a whole image of `span` X̃ columns and
/// `k_len` rows: enough for [`MIN_PRODUCT_ROWS`], X̃ at most four tiles' worth of values, and
/// no fewer products than threads (so that every core has one).
fn images_per_product(batch: usize, span: usize, k_len: usize) -> usize {
    #[cfg(feature = "rayon")]
    let threads = rayon::current_num_threads().max(1);
    #[cfg(not(feature = "rayon"))]
    let threads = 1;
    let wanted = MIN_PRODUCT_ROWS.div_ceil(span.max(1));
    let memory = (4 * TILE_VALUES / (k_len * span).max(1)).max(1);
    wanted.min(memory).min(batch.div_ceil(threads)).clamp(1, batch.max(1))
}

/// The element types these paths run on (gemm's), with the 0 and 1 its calls take.
trait ConvFloat: bytemuck::Pod + Element + ElementAdd + Send + Sync + 'static {
    const ZERO: Self;
    const ONE: Self;
}

impl ConvFloat for f32 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}

impl ConvFloat for f64 {
    const ZERO: Self = 0.0;
    const ONE: Self = 1.0;
}

impl ConvFloat for f16 {
    const ZERO: Self = f16::ZERO;
    const ONE: Self = f16::ONE;
}

/// The geometry of one group of a 2-D convolution, as im2col sees it.
#[derive(Clone, Copy, Debug)]
struct Geometry {
    /// Input channels per group.
    channels: usize,
    in_h: usize,
    in_w: usize,
    k_h: usize,
    k_w: usize,
    out_h: usize,
    out_w: usize,
    stride: [usize; 2],
    dilation: [usize; 2],
    /// Padding before the first row and column (the end padding only shows in `out_h`, `out_w`).
    pad: [usize; 2],
}

impl Geometry {
    /// `out` is the output's `[height, width]`: the output gradient's in the backward passes,
    /// so that asymmetric padding needs no case of its own.
    fn new(
        x_shape: &[usize],
        w_shape: &[usize],
        options: &ConvOptions<2>,
        out: [usize; 2],
    ) -> Self {
        Self {
            channels: w_shape[1],
            in_h: x_shape[2],
            in_w: x_shape[3],
            k_h: w_shape[2],
            k_w: w_shape[3],
            out_h: out[0],
            out_w: out[1],
            stride: options.stride,
            dilation: options.dilation,
            pad: [options.padding[0].0, options.padding[1].0],
        }
    }

    fn k_len(&self) -> usize {
        self.channels * self.k_h * self.k_w
    }

    fn positions(&self) -> usize {
        self.out_h * self.out_w
    }

    /// Output rows per tile: about `TILE_VALUES` X̃ values, at least one row.
    fn tile_rows(&self) -> usize {
        (TILE_VALUES / (self.k_len() * self.out_w).max(1)).clamp(1, self.out_h.max(1))
    }

    /// The input row that kernel row `ki` reads for output row `oy`, if inside the image.
    fn input_row(&self, oy: usize, ki: usize) -> Option<usize> {
        let iy = (oy * self.stride[0] + ki * self.dilation[0]) as isize - self.pad[0] as isize;
        (0..self.in_h as isize).contains(&iy).then_some(iy as usize)
    }

    /// For kernel column `kj`: the output columns `[lo, hi)` whose input column lies inside the
    /// image, and the input column that `lo` reads.
    fn columns(&self, kj: usize) -> (usize, usize, usize) {
        let shift = (kj * self.dilation[1]) as isize - self.pad[1] as isize;
        let lo = if shift >= 0 {
            0
        } else {
            ((-shift) as usize).div_ceil(self.stride[1])
        };
        let hi = if (self.in_w as isize) <= shift {
            0
        } else {
            ((self.in_w as isize - shift) as usize).div_ceil(self.stride[1])
        }
        .min(self.out_w);
        let first = ((lo * self.stride[1]) as isize + shift).max(0) as usize;
        (lo, hi, first)
    }

    // With stride 1 an output position can be numbered by the cell of the padded input (the
    // "grid", `grid_h × grid_w`) under its window's first kernel element: q = oy · grid_w + ox.
    // Kernel element (ki, kj) then reads grid cell q + ki·d_h·grid_w + kj·d_w for every q, so
    // each row of X̃ is one contiguous piece of the grid: one copy per kernel element instead of
    // one per output row. The last k_w − 1 columns of each grid row are not outputs; their
    // values in X̃ are computed over and dropped (forward), or meet a zero gradient (backward).

    fn on_grid(&self) -> bool {
        self.stride == [1, 1]
    }

    fn grid_w(&self) -> usize {
        self.out_w + (self.k_w - 1) * self.dilation[1]
    }

    fn grid_h(&self) -> usize {
        self.out_h + (self.k_h - 1) * self.dilation[0]
    }

    /// Whether the image (no padding) is its own grid, so nothing needs copying into one.
    fn image_is_grid(&self) -> bool {
        self.pad == [0, 0] && self.grid_w() == self.in_w && self.grid_h() <= self.in_h
    }

    /// Values per channel of the grid buffer that `lower` and `raise_add` are given.
    fn grid_plane(&self) -> usize {
        if self.on_grid() && !self.image_is_grid() {
            self.grid_h() * self.grid_w()
        } else {
            0
        }
    }

    /// Distance between output rows in X̃'s columns: the grid's width, or the output's.
    fn pitch(&self) -> usize {
        if self.on_grid() {
            self.grid_w()
        } else {
            self.out_w
        }
    }

    /// X̃ columns from the first output of `rows` to the last one.
    fn span(&self, rows: &Range<usize>) -> usize {
        (rows.len() - 1) * self.pitch() + self.out_w
    }

    /// Copies each channel of `image` into the middle of its padded grid in `grid`; the padding
    /// cells are not written (they stay as the buffer was made: zero).
    fn fill_grid<T: Copy>(&self, image: &[T], grid: &mut [T]) {
        let (plane, grid_plane, grid_w) = (self.in_h * self.in_w, self.grid_plane(), self.grid_w());
        let width = self.in_w.min(grid_w.saturating_sub(self.pad[1]));
        for c in 0..self.channels {
            for iy in 0..self.in_h.min(self.grid_h().saturating_sub(self.pad[0])) {
                let src = &image[c * plane + iy * self.in_w..][..width];
                let dst = c * grid_plane + (iy + self.pad[0]) * grid_w + self.pad[1];
                copy_run(&mut grid[dst..dst + width], src);
            }
        }
    }

    /// The adjoint of `fill_grid`: the middle of each channel's grid written to `image`.
    fn grid_to_image<T: Copy>(&self, grid: &[T], image: &mut [T]) {
        let (plane, grid_plane, grid_w) = (self.in_h * self.in_w, self.grid_plane(), self.grid_w());
        let width = self.in_w.min(grid_w.saturating_sub(self.pad[1]));
        for c in 0..self.channels {
            for iy in 0..self.in_h.min(self.grid_h().saturating_sub(self.pad[0])) {
                let src = c * grid_plane + (iy + self.pad[0]) * grid_w + self.pad[1];
                let dst = &mut image[c * plane + iy * self.in_w..][..width];
                copy_run(dst, &grid[src..src + width]);
            }
        }
    }

    /// Writes X̃ for output rows `rows` of `image` (this group's channels) into `col`: row `k`
    /// at `col[k * row_stride..]`, `span(rows)` values. `grid` is scratch of `channels ·
    /// grid_plane()` values, zero where never written (see `fill_grid`).
    fn lower<T: Copy>(
        &self,
        image: &[T],
        rows: &Range<usize>,
        zero: T,
        col: &mut [T],
        row_stride: usize,
        grid: &mut [T],
    ) {
        if !self.on_grid() {
            return self.im2col(image, rows.clone(), zero, col, row_stride);
        }
        let (source, plane) = if self.image_is_grid() {
            (image, self.in_h * self.in_w)
        } else {
            self.fill_grid(image, grid);
            (&*grid, self.grid_plane())
        };
        let (grid_w, span) = (self.grid_w(), self.span(rows));
        let start = rows.start * grid_w;
        for ci in 0..self.channels {
            for ki in 0..self.k_h {
                for kj in 0..self.k_w {
                    let k = (ci * self.k_h + ki) * self.k_w + kj;
                    let src = ci * plane + ki * self.dilation[0] * grid_w + kj * self.dilation[1];
                    col[k * row_stride..k * row_stride + span]
                        .copy_from_slice(&source[src + start..src + start + span]);
                }
            }
        }
    }

    /// The adjoint of `lower`: adds `col` into `target`, which is the image's gradient (this
    /// group's channels) off the grid or when the image is its own grid, else a grid buffer
    /// that `grid_to_image` later copies out.
    fn raise_add<T: Copy + ElementAdd>(
        &self,
        col: &[T],
        rows: &Range<usize>,
        row_stride: usize,
        target: &mut [T],
    ) {
        if !self.on_grid() {
            return self.col2im_add(col, rows.clone(), row_stride, target);
        }
        let plane = if self.image_is_grid() {
            self.in_h * self.in_w
        } else {
            self.grid_plane()
        };
        let (grid_w, span) = (self.grid_w(), self.span(rows));
        let start = rows.start * grid_w;
        for ci in 0..self.channels {
            for ki in 0..self.k_h {
                for kj in 0..self.k_w {
                    let k = (ci * self.k_h + ki) * self.k_w + kj;
                    let dst = ci * plane + ki * self.dilation[0] * grid_w + kj * self.dilation[1];
                    let src = &col[k * row_stride..k * row_stride + span];
                    for (d, &s) in target[dst + start..dst + start + span].iter_mut().zip(src) {
                        *d = T::add(*d, s);
                    }
                }
            }
        }
    }

    /// Writes X̃ for output rows `rows` of `image` (this group's channels, NCHW) into `col`:
    /// row `k` of X̃ starts at `col[k * row_stride]` and holds `rows.len() * out_w` values.
    fn im2col<T: Copy>(
        &self,
        image: &[T],
        rows: Range<usize>,
        zero: T,
        col: &mut [T],
        row_stride: usize,
    ) {
        let plane = self.in_h * self.in_w;
        let width = rows.len() * self.out_w;
        for ci in 0..self.channels {
            let channel = &image[ci * plane..(ci + 1) * plane];
            for ki in 0..self.k_h {
                for kj in 0..self.k_w {
                    let k = (ci * self.k_h + ki) * self.k_w + kj;
                    let (lo, hi, first) = self.columns(kj);
                    let dst_row = &mut col[k * row_stride..k * row_stride + width];
                    for (dst, oy) in dst_row.chunks_exact_mut(self.out_w).zip(rows.clone()) {
                        let Some(iy) = self.input_row(oy, ki).filter(|_| lo < hi) else {
                            fill_run(dst, zero);
                            continue;
                        };
                        fill_run(&mut dst[..lo], zero);
                        fill_run(&mut dst[hi..], zero);
                        let src = &channel[iy * self.in_w + first..(iy + 1) * self.in_w];
                        if self.stride[1] == 1 {
                            copy_run(&mut dst[lo..hi], src);
                        } else {
                            for (d, &s) in dst[lo..hi]
                                .iter_mut()
                                .zip(src.iter().step_by(self.stride[1]))
                            {
                                *d = s;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds `col` (laid out as `im2col` writes it) back into `image`: the adjoint of im2col.
    fn col2im_add<T: Copy + ElementAdd>(
        &self,
        col: &[T],
        rows: Range<usize>,
        row_stride: usize,
        image: &mut [T],
    ) {
        let plane = self.in_h * self.in_w;
        let width = rows.len() * self.out_w;
        for ci in 0..self.channels {
            let channel = &mut image[ci * plane..(ci + 1) * plane];
            for ki in 0..self.k_h {
                for kj in 0..self.k_w {
                    let k = (ci * self.k_h + ki) * self.k_w + kj;
                    let (lo, hi, first) = self.columns(kj);
                    if lo >= hi {
                        continue;
                    }
                    let src_row = &col[k * row_stride..k * row_stride + width];
                    for (src, oy) in src_row.chunks_exact(self.out_w).zip(rows.clone()) {
                        let Some(iy) = self.input_row(oy, ki) else {
                            continue;
                        };
                        let dst = &mut channel[iy * self.in_w + first..(iy + 1) * self.in_w];
                        if self.stride[1] == 1 {
                            for (d, &s) in dst.iter_mut().zip(&src[lo..hi]) {
                                *d = T::add(*d, s);
                            }
                        } else {
                            for (d, &s) in dst.iter_mut().step_by(self.stride[1]).zip(&src[lo..hi])
                            {
                                *d = T::add(*d, s);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Copies `dst.len()` values from the front of `src`. A run here is one output row, often
/// shorter than 32 values (LeNet: 10 and 28), where a `memcpy` call per run costs more than the
/// copy itself; overlapping fixed-size copies compile to a few vector moves instead.
#[inline(always)]
fn copy_run<T: Copy>(dst: &mut [T], src: &[T]) {
    let n = dst.len();
    let src = &src[..n];
    match n {
        0 => {}
        1..=3 => {
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        4..=7 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        8..=15 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=32 => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Sets every value of `dst` to `zero`; the short runs (padding at a row's ends) without a
/// `memset` call, as in `copy_run`.
#[inline(always)]
fn fill_run<T: Copy>(dst: &mut [T], zero: T) {
    let n = dst.len();
    match n {
        0 => {}
        1..=3 => {
            dst[0] = zero;
            dst[n / 2] = zero;
            dst[n - 1] = zero;
        }
        4..=7 => {
            dst[..4].copy_from_slice(&[zero; 4]);
            dst[n - 4..].copy_from_slice(&[zero; 4]);
        }
        8..=16 => {
            dst[..8].copy_from_slice(&[zero; 8]);
            dst[n - 8..].copy_from_slice(&[zero; 8]);
        }
        _ => dst.fill(zero),
    }
}

/// `dst = lhs · rhs` for an `m × k` times `k × n` product, every operand given by its pointer
/// and its column and row strides, on the calling thread.
///
/// # Safety
/// The pointers and strides must address valid, non-overlapping memory for the sizes given.
#[allow(clippy::too_many_arguments)]
unsafe fn matmul_strided<T: Copy + 'static>(
    [m, n, k]: [usize; 3],
    dst: (*mut T, isize, isize),
    lhs: (*const T, isize, isize),
    rhs: (*const T, isize, isize),
    zero: T,
    one: T,
) {
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.0,
            dst.1,
            dst.2,
            false,
            lhs.0,
            lhs.1,
            lhs.2,
            rhs.0,
            rhs.1,
            rhs.2,
            zero,
            one,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// Whether `conv2d` takes the NCHW im2col path: every float type gemm handles, with no depth
/// axis (a 2-D convolution). 1×1 kernels and depthwise convolutions keep their own fast paths.
pub fn forward_applies(x: &FlexTensor, weight: &FlexTensor, options: &ConvOptions<2>) -> bool {
    let w = weight.layout().shape();
    let depthwise = options.groups > 1 && w[1] == 1 && w[0] == options.groups;
    let one_by_one = w[2] == 1 && w[3] == 1 && options.stride == [1, 1];
    matches!(x.dtype(), DType::F32 | DType::F64 | DType::F16)
        && x.layout().shape().len() == 4
        && !depthwise
        && !one_by_one
        && options.padding.iter().all(|&(begin, end)| begin == end)
}

/// The forward convolution, `[batch, c_out, out_h, out_w]` (symmetric padding).
pub fn conv2d(
    x: FlexTensor,
    weight: FlexTensor,
    bias: Option<FlexTensor>,
    options: &ConvOptions<2>,
) -> FlexTensor {
    match x.dtype() {
        DType::F32 => forward::<f32>(x, weight, bias, options),
        DType::F64 => forward::<f64>(x, weight, bias, options),
        DType::F16 => forward::<f16>(x, weight, bias, options),
        dtype => panic!("conv2d: unsupported dtype {:?}", dtype),
    }
}

fn forward<T: ConvFloat>(
    x: FlexTensor,
    weight: FlexTensor,
    bias: Option<FlexTensor>,
    options: &ConvOptions<2>,
) -> FlexTensor {
    let (zero, one) = (T::ZERO, T::ONE);
    let dtype = x.dtype();
    let x = x.to_contiguous();
    let weight = weight.to_contiguous();
    let bias = bias.map(|b| b.to_contiguous());
    let (xs, ws) = (x.layout().shape(), weight.layout().shape());
    let out = |axis: usize| {
        let [k, input] = [ws[2 + axis], xs[2 + axis]];
        let (stride, dilation) = (options.stride[axis], options.dilation[axis]);
        calculate_conv_output_size(k, stride, options.padding[axis].0, dilation, input)
    };
    let geometry = Geometry::new(xs, ws, options, [out(0), out(1)]);
    let (batch, c_in, c_out, groups) = (xs[0], xs[1], ws[0], options.groups);
    let c_out_per_group = c_out / groups;
    let (k_len, positions) = (geometry.k_len(), geometry.positions());
    let image_len = c_in * geometry.in_h * geometry.in_w;
    let tile_rows = geometry.tile_rows();
    let tiles = geometry.out_h.div_ceil(tile_rows);
    // A job is `images` images and one tile of their output rows: several images only when a
    // tile is a whole image.
    let images = if tiles == 1 {
        images_per_product(batch, geometry.span(&(0..geometry.out_h)), k_len)
    } else {
        1
    };
    let image_groups = batch.div_ceil(images);

    let mut output = vec![zero; batch * c_out * positions];
    let x_data: &[T] = x.storage();
    let w_data: &[T] = weight.storage();
    let bias_data: Option<&[T]> = bias.as_ref().map(|b| b.storage());
    if output.is_empty() {
        return FlexTensor::new(
            Bytes::from_elems(output),
            Layout::contiguous(Shape::from(vec![
                batch,
                c_out,
                geometry.out_h,
                geometry.out_w,
            ])),
            dtype,
        );
    }

    let out_ptr = output.as_mut_ptr() as usize;
    let (pitch, plane) = (geometry.pitch(), geometry.in_h * geometry.in_w);
    // One job: images [first, first + count), one tile of output rows, every group. Scratch:
    // X̃, the grid, and the product before its rows are copied into place. Image i of the job
    // has X̃ columns [i · span, (i + 1) · span).
    let job = |(col, grid, product): &mut (Vec<T>, Vec<T>, Vec<T>), job: usize| {
        let (first, tile) = ((job / tiles) * images, job % tiles);
        let count = images.min(batch - first);
        let rows = tile * tile_rows..((tile + 1) * tile_rows).min(geometry.out_h);
        let span = geometry.span(&rows);
        // Columns of X̃ past `count · span` hold whatever the buffer had (zeros or earlier
        // values); their products land in rows of Yᵀ that are never copied out.
        let stride = (count * span).next_multiple_of(GEMM_ROWS);
        col.resize(k_len * stride, zero);
        product.resize(c_out_per_group * stride, zero);
        for g in 0..groups {
            for i in 0..count {
                let image = &x_data[(first + i) * image_len + g * geometry.channels * plane..];
                geometry.lower(image, &rows, zero, &mut col[i * span..], stride, grid);
            }
            // Yᵀ[q, co] = X̃ᵀ[q, k] · Wᵀ[k, co]: the long position axis is gemm's m.
            unsafe {
                matmul_strided(
                    [stride, c_out_per_group, k_len],
                    (product.as_mut_ptr(), stride as isize, 1),
                    (col.as_ptr(), stride as isize, 1),
                    (
                        w_data.as_ptr().add(g * c_out_per_group * k_len),
                        k_len as isize,
                        1,
                    ),
                    zero,
                    one,
                );
            }
            for (i, co) in (0..count).flat_map(|i| (0..c_out_per_group).map(move |co| (i, co))) {
                let channel = (first + i) * c_out + g * c_out_per_group + co;
                let start = channel * positions + rows.start * geometry.out_w;
                // SAFETY: only this job writes these rows of this channel, and no reference to
                // `output` lives while the jobs run.
                let dst = unsafe {
                    core::slice::from_raw_parts_mut(
                        (out_ptr as *mut T).add(start),
                        rows.len() * geometry.out_w,
                    )
                };
                let src = &product[co * stride + i * span..co * stride + (i + 1) * span];
                for (t, out_row) in dst.chunks_exact_mut(geometry.out_w).enumerate() {
                    copy_run(out_row, &src[t * pitch..]);
                }
                if let Some(bias) = bias_data {
                    let value = bias[g * c_out_per_group + co];
                    for v in dst.iter_mut() {
                        *v = T::add(*v, value);
                    }
                }
            }
        }
    };
    let scratch = || {
        let grid = vec![zero; geometry.channels * geometry.grid_plane()];
        (Vec::new(), grid, Vec::new())
    };

    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        (0..image_groups * tiles)
            .into_par_iter()
            .for_each_init(scratch, |buffers, j| job(buffers, j));
    }
    #[cfg(not(feature = "rayon"))]
    {
        let mut buffers = scratch();
        (0..image_groups * tiles).for_each(|j| job(&mut buffers, j));
    }

    FlexTensor::new(
        Bytes::from_elems(output),
        Layout::contiguous(Shape::from(vec![
            batch,
            c_out,
            geometry.out_h,
            geometry.out_w,
        ])),
        dtype,
    )
}

/// The gradient of conv2d with respect to its input, `x`'s shape (any padding, stride,
/// dilation and groups).
pub fn conv2d_x_backward(
    x: FlexTensor,
    weight: FlexTensor,
    output_grad: FlexTensor,
    options: &ConvOptions<2>,
) -> FlexTensor {
    match x.dtype() {
        DType::F32 => x_backward::<f32>(x, weight, output_grad, options),
        DType::F64 => x_backward::<f64>(x, weight, output_grad, options),
        DType::F16 => x_backward::<f16>(x, weight, output_grad, options),
        dtype => panic!("conv2d_x_backward: unsupported dtype {:?}", dtype),
    }
}

fn x_backward<T: ConvFloat>(
    x: FlexTensor,
    weight: FlexTensor,
    output_grad: FlexTensor,
    options: &ConvOptions<2>,
) -> FlexTensor {
    let (zero, one) = (T::ZERO, T::ONE);
    let dtype = x.dtype();
    let xs = x.layout().shape().to_vec();
    let weight = weight.to_contiguous();
    let grad = output_grad.to_contiguous();
    let gs = grad.layout().shape();
    let geometry = Geometry::new(&xs, weight.layout().shape(), options, [gs[2], gs[3]]);
    let (c_in, groups) = (xs[1], options.groups);
    let c_out = weight.layout().shape()[0];
    let c_out_per_group = c_out / groups;
    let (k_len, positions) = (geometry.k_len(), geometry.positions());
    let plane = geometry.in_h * geometry.in_w;
    let image_len = c_in * plane;
    let tile_rows = geometry.tile_rows();
    let w_data: &[T] = weight.storage();
    let g_data: &[T] = grad.storage();

    let pitch = geometry.pitch();
    let separate_grid = geometry.grid_plane() > 0;
    let tiles = geometry.out_h.div_ceil(tile_rows);
    // Several images per product only when a tile is a whole image (as in the forward pass).
    let images = if tiles == 1 && image_len > 0 {
        images_per_product(xs[0], geometry.span(&(0..geometry.out_h)), k_len)
    } else {
        1
    };
    let mut dx = vec![zero; xs.iter().product()];
    // One job: `count` consecutive images (`dx_images`, from image `first`), every group and
    // tile, adding into their own input gradients. Scratch: the gradient laid out as X̃'s
    // columns (zero between rows on the grid), Wᵀ · G, and the grid. Image i of the job has
    // the columns [i · span, (i + 1) · span).
    let job = |(gaps, col, grid): &mut (Vec<T>, Vec<T>, Vec<T>),
               (j, dx_images): (usize, &mut [T])| {
        let (first, count) = (j * images, dx_images.len() / image_len);
        for g in 0..groups {
            if separate_grid {
                grid.fill(zero);
            }
            let mut rows = 0..tile_rows.min(geometry.out_h);
            while !rows.is_empty() {
                let span = geometry.span(&rows);
                let stride = count * span;
                gaps.clear();
                gaps.resize(c_out_per_group * stride, zero);
                for (i, co) in (0..count).flat_map(|i| (0..c_out_per_group).map(move |co| (i, co)))
                {
                    let channel = (first + i) * c_out + g * c_out_per_group + co;
                    let src = &g_data[channel * positions + rows.start * geometry.out_w..];
                    let src = &src[..rows.len() * geometry.out_w];
                    for (t, row) in src.chunks_exact(geometry.out_w).enumerate() {
                        let dst = co * stride + i * span + t * pitch;
                        copy_run(&mut gaps[dst..dst + geometry.out_w], row);
                    }
                }
                col.resize(k_len * stride, zero);
                // (Wᵀ · G)ᵀ[q, k] = Gᵀ[q, co] · W[co, k]
                unsafe {
                    matmul_strided(
                        [stride, k_len, c_out_per_group],
                        (col.as_mut_ptr(), stride as isize, 1),
                        (gaps.as_ptr(), stride as isize, 1),
                        (
                            w_data.as_ptr().add(g * c_out_per_group * k_len),
                            1,
                            k_len as isize,
                        ),
                        zero,
                        one,
                    );
                }
                for (i, dx_image) in dx_images.chunks_exact_mut(image_len).enumerate() {
                    let dx_group = &mut dx_image[g * geometry.channels * plane..];
                    let target = if separate_grid {
                        if count > 1 {
                            grid.fill(zero);
                        }
                        &mut grid[..]
                    } else {
                        &mut dx_group[..]
                    };
                    geometry.raise_add(&col[i * span..], &rows, stride, target);
                    if separate_grid && count > 1 {
                        geometry.grid_to_image(grid, dx_group);
                    }
                }
                rows = rows.end..(rows.end + tile_rows).min(geometry.out_h);
            }
            if separate_grid && count == 1 {
                geometry.grid_to_image(grid, &mut dx_images[g * geometry.channels * plane..]);
            }
        }
    };
    let scratch = || {
        let grid = vec![zero; geometry.channels * geometry.grid_plane()];
        (Vec::new(), Vec::new(), grid)
    };
    if image_len > 0 && positions > 0 && k_len > 0 && c_out_per_group > 0 {
        #[cfg(feature = "rayon")]
        {
            use rayon::prelude::*;
            dx.par_chunks_mut(image_len * images)
                .enumerate()
                .for_each_init(scratch, job);
        }
        #[cfg(not(feature = "rayon"))]
        {
            let mut buffers = scratch();
            dx.chunks_mut(image_len * images)
                .enumerate()
                .for_each(|item| job(&mut buffers, item));
        }
    }
    FlexTensor::new(
        Bytes::from_elems(dx),
        Layout::contiguous(Shape::from(xs)),
        dtype,
    )
}

/// The gradient of conv2d with respect to its bias: the output gradient summed over images and
/// positions, per channel. burn-backend's default first swaps the batch and channel axes, which
/// copies the whole output gradient into the transposed layout just to sum it.
pub fn conv2d_bias_backward(output_grad: FlexTensor, bias_shape: Shape) -> FlexTensor {
    use crate::Flex;
    use burn_backend::ops::FloatTensorOps;
    let dims = output_grad.layout().shape().to_vec();
    let (batch, channels) = (dims[0], dims[1]);
    let positions: usize = dims[2..].iter().product();
    let grad = Flex::float_reshape(output_grad, Shape::from(vec![batch, channels, positions]));
    let per_image = Flex::float_sum_dim(grad, 2);
    let total = Flex::float_sum_dim(per_image, 0);
    Flex::float_reshape(total, bias_shape)
}

// ----------------------------------------------------------------------------------------------
// Weight gradient
// ----------------------------------------------------------------------------------------------
//
// burn-backend's default swaps the batch and channel axes and runs a forward convolution whose
// "kernel" is the whole output gradient. For a layer with one input channel (LeNet's first) that
// convolution has a batch of 1: one (batch · h · w) × (k_h · k_w) im2col matrix on one thread,
// rebuilt and zeroed for every minibatch. Here images are taken in pieces of at most ~1M X̃
// values; each piece is one matrix product G · X̃ᵀ over all its images' positions, the pieces
// run in parallel, and their results are added in piece order, so the sum is the same on every
// run whatever the thread count.

/// The gradient of conv2d with respect to its weight, `[c_out, c_in / groups, k_h, k_w]`.
pub fn conv2d_weight_backward(
    x: FlexTensor,
    weight_shape: [usize; 4],
    output_grad: FlexTensor,
    options: &ConvOptions<2>,
) -> FlexTensor {
    match x.dtype() {
        DType::F32 => weight_backward::<f32>(x, weight_shape, output_grad, options),
        DType::F64 => weight_backward::<f64>(x, weight_shape, output_grad, options),
        DType::F16 => weight_backward::<f16>(x, weight_shape, output_grad, options),
        dtype => panic!("conv2d_weight_backward: unsupported dtype {:?}", dtype),
    }
}

fn weight_backward<T: ConvFloat>(
    x: FlexTensor,
    weight_shape: [usize; 4],
    output_grad: FlexTensor,
    options: &ConvOptions<2>,
) -> FlexTensor {
    let (zero, one) = (T::ZERO, T::ONE);
    let dtype = x.dtype();
    let x = x.to_contiguous();
    let grad = output_grad.to_contiguous();
    let xs = x.layout().shape();
    let gs = grad.layout().shape();
    let geometry = Geometry::new(xs, &weight_shape, options, [gs[2], gs[3]]);
    let (batch, c_in, c_out) = (xs[0], xs[1], gs[1]);
    let groups = options.groups;
    let c_out_per_group = c_out / groups;
    let x_data: &[T] = x.storage();
    let g_data: &[T] = grad.storage();

    let (k_len, positions) = (geometry.k_len(), geometry.positions());
    let plane = geometry.in_h * geometry.in_w;
    let result_len = c_out * k_len;
    if batch == 0 || positions == 0 || k_len == 0 || c_out == 0 {
        return FlexTensor::new(
            Bytes::from_elems(vec![zero; result_len]),
            Layout::contiguous(Shape::from(weight_shape.to_vec())),
            dtype,
        );
    }
    let (pitch, all_rows) = (geometry.pitch(), 0..geometry.out_h);
    // X̃ columns per image: its output positions, with the gaps between rows on the grid.
    let per_image = geometry.span(&all_rows);
    // Pieces of about 256 K X̃ values (1 MB of f32), so that X̃ stays in cache between being
    // written and being read by the product; but with at least MIN_PRODUCT_ROWS positions, the
    // product's inner dimension: a late layer (k_len 4,608, 4 positions an image) would
    // otherwise make pieces of a few images, each a thin product whose [c_out, k_len] result
    // (9 MB) is allocated, zeroed and added up again.
    let images_per_piece = ((1 << 18) / (k_len * per_image).max(1))
        .max(MIN_PRODUCT_ROWS.div_ceil(per_image.max(1)))
        .clamp(1, batch);
    let pieces = batch.div_ceil(images_per_piece);
    // Every piece lays out A and B with the row length of a full piece (the last one may use
    // fewer columns), so the cells between rows on the grid, zero when the buffers are made,
    // are never written and the buffers can be reused from piece to piece.
    let cols = images_per_piece * per_image;
    let scratch = || {
        let a = vec![zero; c_out_per_group * cols];
        let b = vec![zero; k_len * cols];
        let grid = vec![zero; geometry.channels * geometry.grid_plane()];
        (a, b, grid)
    };

    // One piece: images [first, first + count), all groups; returns its [c_out, k_len] sum.
    let run_piece = |(a, b, grid): &mut (Vec<T>, Vec<T>, Vec<T>), piece: usize| -> Vec<T> {
        let first = piece * images_per_piece;
        let count = images_per_piece.min(batch - first);
        let mut result = vec![zero; result_len];
        for g in 0..groups {
            // A = G for this group's output channels: [c_out_per_group, cols].
            for co in 0..c_out_per_group {
                for i in 0..count {
                    let src = ((first + i) * c_out + g * c_out_per_group + co) * positions;
                    let src = &g_data[src..src + positions];
                    for (t, row) in src.chunks_exact(geometry.out_w).enumerate() {
                        let dst = co * cols + i * per_image + t * pitch;
                        copy_run(&mut a[dst..dst + geometry.out_w], row);
                    }
                }
            }
            // B = X̃ for this group's input channels: [k_len, cols].
            for i in 0..count {
                let image = &x_data[((first + i) * c_in + g * geometry.channels) * plane..];
                let b = &mut b[i * per_image..];
                geometry.lower(image, &all_rows, zero, b, cols, grid);
            }
            // dW_g = A · Bᵀ over this piece's columns: [c_out_per_group, k_len], row-major in
            // its place in `result`.
            unsafe {
                matmul_strided(
                    [c_out_per_group, k_len, count * per_image],
                    (
                        result.as_mut_ptr().add(g * c_out_per_group * k_len),
                        1,
                        k_len as isize,
                    ),
                    (a.as_ptr(), 1, cols as isize),
                    (b.as_ptr(), cols as isize, 1),
                    zero,
                    one,
                );
            }
        }
        result
    };

    // One contiguous run of pieces per thread, each with one set of buffers: rayon's
    // `map_init` would make (and zero) new buffers at every split of the range.
    #[cfg(feature = "rayon")]
    let partials: Vec<Vec<T>> = {
        use rayon::prelude::*;
        let workers = rayon::current_num_threads().clamp(1, pieces);
        let runs: Vec<Vec<Vec<T>>> = (0..workers)
            .into_par_iter()
            .map(|w| {
                let mut buffers = scratch();
                (w * pieces / workers..(w + 1) * pieces / workers)
                    .map(|piece| run_piece(&mut buffers, piece))
                    .collect()
            })
            .collect();
        runs.into_iter().flatten().collect()
    };
    #[cfg(not(feature = "rayon"))]
    let partials: Vec<Vec<T>> = {
        let mut buffers = scratch();
        (0..pieces)
            .map(|piece| run_piece(&mut buffers, piece))
            .collect()
    };

    let mut partials = partials.into_iter();
    let mut total = partials.next().expect("at least one piece");
    for partial in partials {
        for (t, p) in total.iter_mut().zip(&partial) {
            *t = T::add(*t, *p);
        }
    }
    FlexTensor::new(
        Bytes::from_elems(total),
        Layout::contiguous(Shape::from(weight_shape.to_vec())),
        dtype,
    )
}
