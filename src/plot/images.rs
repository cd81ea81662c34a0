//! A grid of images with a title over each (d2l-zh 3.5 `show_images`).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

use super::{Figure, render};
use crate::error::{Error, Result};

/// Grayscale images in [0, 1], laid out `rows × cols`.
#[derive(Debug, Clone)]
pub struct ImageGrid<'a> {
    /// Each image's pixels, row-major, `height × width`.
    pub images: &'a [Vec<f32>],
    /// Image height.
    pub height: usize,
    /// Image width.
    pub width: usize,
    /// Rows of the grid.
    pub rows: usize,
    /// Columns of the grid.
    pub cols: usize,
    /// One title per image (may be empty; `\n` starts a new line).
    pub titles: &'a [String],
    /// Screen pixels per image pixel.
    pub scale: u32,
}

/// Height of one line of a title, in pixels.
const LINE_HEIGHT: u32 = 16;
/// Space between cells.
const GAP: u32 = 6;

impl ImageGrid<'_> {
    /// Room for the titles: as many lines as the longest title has.
    fn title_height(&self) -> u32 {
        let lines = self
            .titles
            .iter()
            .map(|t| t.lines().count())
            .max()
            .unwrap_or(0);
        lines as u32 * LINE_HEIGHT + 2
    }

    fn cell(&self) -> (u32, u32) {
        let w = (self.width as u32 * self.scale).max(80);
        (
            w + GAP,
            self.height as u32 * self.scale + self.title_height() + GAP,
        )
    }
}

impl Figure for ImageGrid<'_> {
    fn size(&self) -> (u32, u32) {
        let (w, h) = self.cell();
        (w * self.cols as u32 + GAP, h * self.rows as u32 + GAP)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        area.fill(&WHITE).map_err(err)?;
        let (cell_w, cell_h) = self.cell();
        let s = self.scale as i32;
        for (k, image) in self.images.iter().enumerate().take(self.rows * self.cols) {
            let x0 = (GAP + (k % self.cols) as u32 * cell_w) as i32;
            let y0 = (GAP + (k / self.cols) as u32 * cell_h) as i32;
            // One text element per line: plotters does not break lines itself.
            let lines = self
                .titles
                .get(k)
                .map(String::as_str)
                .unwrap_or_default()
                .lines();
            for (line_number, line) in lines.enumerate() {
                let style = TextStyle::from(("sans-serif", 13).into_font()).color(&BLACK);
                let y = y0 + (line_number as u32 * LINE_HEIGHT) as i32;
                area.draw(&Text::new(line, (x0, y), style)).map_err(err)?;
            }
            let top = y0 + self.title_height() as i32;
            // matplotlib's imshow colours a 2-D array with viridis, as in the book's figure.
            for (i, &value) in image.iter().enumerate() {
                let (r, c) = ((i / self.width) as i32, (i % self.width) as i32);
                let color = ViridisRGB.get_color(value.clamp(0.0, 1.0));
                let corner = (x0 + c * s, top + r * s);
                area.draw(&Rectangle::new(
                    [corner, (corner.0 + s, corner.1 + s)],
                    color.filled(),
                ))
                .map_err(err)?;
            }
        }
        Ok(())
    }
}

/// Draws `images` (each `height × width`, values in [0, 1]) in a `rows × cols` grid with
/// `titles`, into `path` (`.png` or `.svg`).
pub fn show_images(
    path: &Path,
    images: &[Vec<f32>],
    (height, width): (usize, usize),
    (rows, cols): (usize, usize),
    titles: &[String],
    scale: u32,
) -> Result<()> {
    if let Some(bad) = images.iter().position(|img| img.len() != height * width) {
        return Err(Error::Plot {
            path: path.to_path_buf(),
            reason: format!(
                "image {bad} has {} pixels, expected {height} × {width}",
                images[bad].len()
            ),
        });
    }
    let grid = ImageGrid {
        images,
        height,
        width,
        rows,
        cols,
        titles,
        scale: scale.max(1),
    };
    render(path, &grid)
}
