//! Figures as PNG and SVG files (the book's `d2l.plot`, `Animator` and `show_images`).
//!
//! Drawing uses plotters; text uses the Hack font compiled into the binary, so figures
//! look the same on every machine and need no system fonts. Every figure is rendered in memory
//! and written with a temporary file and a rename.

pub mod curves;
pub mod images;
pub mod notebook;

use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

pub use curves::Series;
pub use images::show_images;

/// The output formats, chosen by the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Raster, `.png`.
    Png,
    /// Vector, `.svg`.
    Svg,
}

impl Format {
    /// The format that `path`'s extension names.
    pub fn of(path: &Path) -> Result<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(Format::Png),
            Some("svg") => Ok(Format::Svg),
            _ => Err(Error::Plot {
                path: path.to_path_buf(),
                reason: "unknown image format (expected a .png or .svg file name)".into(),
            }),
        }
    }
}

fn register_fonts() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        for family in ["sans-serif", "serif", "monospace"] {
            register_font(
                family,
                FontStyle::Normal,
                epaint_default_fonts::HACK_REGULAR,
            )
            .unwrap_or_else(|_| panic!("the bundled font should parse"));
        }
    });
}

/// Something that can draw itself on any plotters backend.
pub trait Figure {
    /// Size in pixels.
    fn size(&self) -> (u32, u32);
    /// Draws on `area`; errors are plotters' messages.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), String>;
}

/// Renders `figure` into `path` as PNG or SVG (by extension), atomically.
pub fn render(path: &Path, figure: &impl Figure) -> Result<()> {
    register_fonts();
    let fail = |reason: String| Error::Plot {
        path: path.to_path_buf(),
        reason,
    };
    let (width, height) = figure.size();
    let bytes = match Format::of(path)? {
        Format::Svg => {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
                figure.draw(&area).map_err(fail)?;
                area.present().map_err(|e| fail(e.to_string()))?;
            }
            svg.into_bytes()
        }
        Format::Png => {
            let mut rgb = vec![0u8; width as usize * height as usize * 3];
            {
                let area =
                    BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
                figure.draw(&area).map_err(fail)?;
                area.present().map_err(|e| fail(e.to_string()))?;
            }
            encode_png(&rgb, width, height).map_err(fail)?
        }
    };
    write_atomic(path, &bytes)
}

/// Encodes 8-bit RGB pixels as PNG.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> std::result::Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// Renders the figure twice, as `stem.svg` and `stem.png`, whichever extension `path` has.
pub fn render_svg_and_png(path: &Path, figure: &impl Figure) -> Result<Vec<std::path::PathBuf>> {
    Format::of(path)?;
    let paths = vec![path.with_extension("svg"), path.with_extension("png")];
    for p in &paths {
        render(p, figure)?;
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_comes_from_the_extension() {
        assert_eq!(Format::of(Path::new("a/b.PNG")).unwrap(), Format::Png);
        assert_eq!(Format::of(Path::new("b.svg")).unwrap(), Format::Svg);
        let err = Format::of(Path::new("b.jpg")).unwrap_err().to_string();
        assert!(
            err.contains("b.jpg") && err.contains(".png or .svg"),
            "{err}"
        );
    }
}
