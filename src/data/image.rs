//! Image helpers for the data loaders.

/// Resizes a `h × w` u8 image to `out_h × out_w` by bilinear interpolation, writing floats in
/// [0, 1] into `out`.
///
/// Pixel centres are aligned as in PyTorch's `interpolate(mode="bilinear", align_corners=False)`
/// and torchvision's `Resize` on tensors: output pixel i samples input position
/// (i + ½)·(h / out_h) − ½, clamped to the image.
pub fn resize_bilinear(
    image: &[u8],
    h: usize,
    w: usize,
    out_h: usize,
    out_w: usize,
    out: &mut [f32],
) {
    assert_eq!(image.len(), h * w, "image should have h * w pixels");
    assert_eq!(
        out.len(),
        out_h * out_w,
        "output should have out_h * out_w pixels"
    );
    // For each output coordinate: the two input neighbours and the weight of the second.
    let taps = |out_len: usize, in_len: usize| -> Vec<(usize, usize, f32)> {
        let scale = in_len as f32 / out_len as f32;
        (0..out_len)
            .map(|i| {
                let src = ((i as f32 + 0.5) * scale - 0.5).clamp(0.0, (in_len - 1) as f32);
                let lo = src.floor() as usize;
                let hi = (lo + 1).min(in_len - 1);
                (lo, hi, src - lo as f32)
            })
            .collect()
    };
    let rows = taps(out_h, h);
    let cols = taps(out_w, w);
    for (r, &(y0, y1, wy)) in rows.iter().enumerate() {
        for (c, &(x0, x1, wx)) in cols.iter().enumerate() {
            let p = |y: usize, x: usize| image[y * w + x] as f32;
            let top = p(y0, x0) * (1.0 - wx) + p(y0, x1) * wx;
            let bottom = p(y1, x0) * (1.0 - wx) + p(y1, x1) * wx;
            out[r * out_w + c] = (top * (1.0 - wy) + bottom * wy) / 255.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_is_a_plain_scale_to_unit_range() {
        let mut out = [0.0; 4];
        resize_bilinear(&[0, 51, 102, 255], 2, 2, 2, 2, &mut out);
        assert_eq!(out, [0.0, 0.2, 0.4, 1.0]);
    }

    #[test]
    fn upsampling_interpolates_between_neighbours() {
        // A 1×2 image [0, 255] at width 4: positions -0.25, 0.25, 0.75, 1.25 → 0, 0.25, 0.75, 1.
        let mut out = [0.0; 4];
        resize_bilinear(&[0, 255], 1, 2, 1, 4, &mut out);
        assert_eq!(out, [0.0, 0.25, 0.75, 1.0]);
    }
}
