//! Several charts in one figure: side by side, or in rows.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Curves;
use crate::plot::Figure;

/// Several charts side by side, like matplotlib's `subplots(1, n)`.
#[derive(Debug, Clone)]
pub struct Panels(pub Vec<Curves>);

impl Figure for Panels {
    fn size(&self) -> (u32, u32) {
        let width = self.0.iter().map(|c| c.size.0).sum();
        let height = self.0.iter().map(|c| c.size.1).max().unwrap_or(0);
        (width, height)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        for (panel, curves) in area
            .split_evenly((1, self.0.len().max(1)))
            .iter()
            .zip(&self.0)
        {
            curves.draw(panel)?;
        }
        Ok(())
    }
}

/// Charts in rows of `columns`, like matplotlib's `subplots(rows, columns)`: every cell as
/// large as the largest chart; the last row may be short.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Charts per row (at least 1).
    pub columns: usize,
    /// The charts, row by row.
    pub panels: Vec<Curves>,
}

impl Grid {
    /// (rows, columns).
    pub(crate) fn shape(&self) -> (usize, usize) {
        let columns = self.columns.clamp(1, self.panels.len().max(1));
        (self.panels.len().div_ceil(columns).max(1), columns)
    }
}

impl Figure for Grid {
    fn size(&self) -> (u32, u32) {
        let (rows, columns) = self.shape();
        let width = self.panels.iter().map(|c| c.size.0).max().unwrap_or(0);
        let height = self.panels.iter().map(|c| c.size.1).max().unwrap_or(0);
        (width * columns as u32, height * rows as u32)
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        area.fill(&WHITE).map_err(|e| e.to_string())?;
        for (panel, curves) in area.split_evenly(self.shape()).iter().zip(&self.panels) {
            curves.draw(panel)?;
        }
        Ok(())
    }
}
