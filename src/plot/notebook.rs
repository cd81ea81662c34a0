//! Figures inside a Jupyter notebook (`notebooks/`, run by the evcxr kernel).
//!
//! evcxr shows whatever a cell prints between `EVCXR_BEGIN_CONTENT <mime type>` and
//! `EVCXR_END_CONTENT` as that content, and sets `EVCXR_IS_RUNTIME` in the process that runs the
//! cells: that is how [`show`] tells a notebook from a program (`cargo run --example`), where it
//! prints the file's path instead. This is the one place where the library prints.

use std::path::Path;

use super::{Figure, render_svg_and_png};
use crate::error::{Error, Result};

/// Whether this code runs inside an evcxr notebook kernel.
pub fn in_notebook() -> bool {
    std::env::var_os("EVCXR_IS_RUNTIME").is_some()
}

/// Shows the PNG file at `path`: inline in a notebook, as "wrote <path>" in a program.
pub fn show(path: &Path) -> Result<()> {
    if !in_notebook() {
        println!("wrote {}", path.display());
        return Ok(());
    }
    let png = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    println!(
        "EVCXR_BEGIN_CONTENT image/png\n{}\nEVCXR_END_CONTENT",
        base64(&png)
    );
    Ok(())
}

/// Draws `figure` into `stem.svg` and `stem.png` (in the current folder; in a notebook, beside
/// it) and shows the PNG ([`show`]).
pub fn show_figure(stem: &str, figure: &impl Figure) -> Result<()> {
    let files = render_svg_and_png(&Path::new(stem).with_extension("png"), figure)?;
    show(&files[1])
}

/// RFC 4648 base64 with padding: each 3 bytes become 4 characters of 6 bits each.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_the_rfc_4648_test_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
