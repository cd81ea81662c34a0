//! Line charts: training curves (d2l's `Animator`) and function plots (d2l's `plot`).

use plotters::coord::Shift;
use plotters::prelude::*;

mod layout;

pub use layout::{Grid, Panels};

use super::Figure;
use crate::error::Result;
use crate::history::EpochStats;

/// One named line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// `(x, y)` points in order.
    pub points: Vec<(f64, f64)>,
    /// A dot on each point of this series even when the chart has none (an optimiser's steps
    /// over the function it descends).
    pub markers: bool,
}

impl Series {
    /// A series from a name and points.
    pub fn new(name: impl Into<String>, points: Vec<(f64, f64)>) -> Self {
        Self {
            name: name.into(),
            points,
            markers: false,
        }
    }

    /// The same series with a dot on each point.
    pub fn with_markers(mut self) -> Self {
        self.markers = true;
        self
    }
}

/// A chart of several lines with a legend.
#[derive(Debug, Clone)]
pub struct Curves {
    /// Text over the chart (may be empty).
    pub title: String,
    /// x-axis label.
    pub xlabel: String,
    /// y-axis label (may be empty).
    pub ylabel: String,
    /// x range.
    pub xlim: (f64, f64),
    /// y range.
    pub ylim: (f64, f64),
    /// The lines.
    pub series: Vec<Series>,
    /// Size in pixels.
    pub size: (u32, u32),
    /// A logarithmic y axis (matplotlib's `yscale='log'`); `ylim` and every y must be > 0.
    pub log_y: bool,
    /// A logarithmic x axis (`xscale='log'`); `xlim` and every x must be > 0.
    pub log_x: bool,
    /// A dot on every point, as the book's `Animator` draws them; off for dense function plots.
    pub markers: bool,
}

/// The book's `Animator(xlabel='epoch', xlim=[1, num_epochs], ylim=[0.3, 0.9])` of `train_ch3`:
/// train loss, train accuracy and test accuracy per epoch. The book's y range holds a trained
/// softmax regression; a first epoch's loss of 2.3 or an accuracy of 0.1 lies outside it, and
/// [`Curves::axes`] widens the axis to show them instead of clipping.
pub fn ch3_curves(epochs: &[EpochStats]) -> Curves {
    let series = |name: &str, f: fn(&EpochStats) -> Option<f64>| {
        Series::new(
            name,
            epochs
                .iter()
                .filter_map(|e| f(e).map(|v| (e.epoch as f64, v)))
                .collect(),
        )
    };
    Curves {
        title: String::new(),
        xlabel: "epoch".into(),
        ylabel: String::new(),
        xlim: (1.0, epochs.len().max(2) as f64),
        ylim: (0.3, 0.9),
        series: vec![
            series("train loss", |e| Some(e.train_loss)),
            series("train acc", |e| e.train_acc),
            series("test acc", |e| e.test_acc),
        ],
        size: (560, 400),
        log_y: false,
        log_x: false,
        markers: true,
    }
}

/// Training and test loss per epoch on a log axis, the book's `Animator(yscale='log',
/// legend=['train', 'test'])` of 4.4 and 4.5: a point at epoch 1 and every `every` epochs, the
/// y range widened to whole decades, dots on the points when there are few of them.
pub fn loss_curves(title: impl Into<String>, epochs: &[EpochStats], every: usize) -> Curves {
    let points = |pick: fn(&EpochStats) -> Option<f64>| -> Vec<(f64, f64)> {
        epochs
            .iter()
            .filter(|e| e.epoch == 1 || e.epoch.is_multiple_of(every.max(1)))
            .filter_map(|e| pick(e).map(|v| (e.epoch as f64, v)))
            .collect()
    };
    let series = vec![
        Series::new("train", points(|e| Some(e.train_loss))),
        Series::new("test", points(|e| e.test_loss)),
    ];
    Curves {
        title: title.into(),
        xlabel: "epoch".into(),
        ylabel: "loss".into(),
        xlim: (1.0, epochs.len().max(2) as f64),
        ylim: decades(&series, (1e-3, 1e2)),
        markers: series[0].points.len() <= 40,
        series,
        size: (420, 360),
        log_y: true,
        log_x: false,
    }
}

/// A y range for a log axis that holds every positive value of `series`, widened to whole
/// powers of ten; `fallback` when there is none.
pub fn decades(series: &[Series], fallback: (f64, f64)) -> (f64, f64) {
    let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (low, high) = ys
        .filter(|y| *y > 0.0 && y.is_finite())
        .fold((f64::MAX, f64::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    if low <= high {
        let (low, high) = (low.log10().floor(), high.log10().ceil());
        (
            10f64.powf(low),
            10f64.powf(if high > low { high } else { low + 1.0 }),
        )
    } else {
        fallback
    }
}

/// The book's four colours (matplotlib's blue, 'm', green, red), then more of matplotlib's
/// palette for figures with more curves (2.6 draws seven).
const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(191, 0, 191),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(0, 0, 0),
    RGBColor(140, 86, 75),
];

impl Curves {
    /// The x and y ranges the chart is drawn with: `xlim` and `ylim`, widened where a point lies
    /// outside them, so that no point is clipped. A fixed range (the book's) is kept when the
    /// data fits it; a widened side gets 5 % of the range as margin (a log axis: the next power
    /// of ten). Non-finite values, and values ≤ 0 on a log axis, cannot be drawn and are left
    /// out.
    pub fn axes(&self) -> ((f64, f64), (f64, f64)) {
        let drawable = |&(x, y): &(f64, f64)| {
            x.is_finite() && y.is_finite() && (!self.log_y || y > 0.0) && (!self.log_x || x > 0.0)
        };
        let points: Vec<(f64, f64)> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .filter(drawable)
            .collect();
        let xlim = widen(self.xlim, points.iter().map(|p| p.0), self.log_x);
        let ylim = widen(self.ylim, points.iter().map(|p| p.1), self.log_y);
        (xlim, ylim)
    }
}

impl Curves {
    /// The corner for the legend that covers the fewest points and line midpoints (matplotlib's
    /// `loc='best'`, roughly): a box of 40 % × 30 % of the plot in each corner, lower right
    /// first on a tie.
    fn legend_corner(&self) -> SeriesLabelPosition {
        let ((x0, x1), (y0, y1)) = self.axes();
        let y_of = |y: f64| to_axis(y, self.log_y);
        let x_of = |x: f64| to_axis(x, self.log_x);
        let (y0, y1) = (y_of(y0), y_of(y1));
        let (x0, x1) = (x_of(x0), x_of(x1));
        let mut marks = Vec::new();
        for series in &self.series {
            let points: Vec<(f64, f64)> = series
                .points
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|&(x, y)| ((x_of(x) - x0) / (x1 - x0), (y_of(y) - y0) / (y1 - y0)))
                .collect();
            marks.extend(
                points
                    .windows(2)
                    .map(|w| ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0)),
            );
            marks.extend(points);
        }
        let corners = [
            (SeriesLabelPosition::LowerRight, true, false),
            (SeriesLabelPosition::UpperRight, true, true),
            (SeriesLabelPosition::LowerLeft, false, false),
            (SeriesLabelPosition::UpperLeft, false, true),
        ];
        let covered = |right: bool, upper: bool| {
            marks
                .iter()
                .filter(|(x, _)| if right { *x > 0.6 } else { *x < 0.4 })
                .filter(|(_, y)| if upper { *y > 0.7 } else { *y < 0.3 })
                .count()
        };
        corners
            .into_iter()
            .min_by_key(|&(_, right, upper)| covered(right, upper))
            .map_or(SeriesLabelPosition::LowerRight, |(corner, _, _)| corner)
    }
}

/// `range` grown to hold every value (see [`Curves::axes`]).
fn widen(range: (f64, f64), values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (low, high) = values.fold(range, |(lo, hi), v| (lo.min(v), hi.max(v)));
    if log {
        let low = if low < range.0 {
            10f64.powf(low.log10().floor())
        } else {
            low
        };
        let high = if high > range.1 {
            10f64.powf(high.log10().ceil())
        } else {
            high
        };
        return (low, high);
    }
    let margin = 0.05 * (high - low).max(f64::EPSILON);
    (
        if low < range.0 { low - margin } else { low },
        if high > range.1 { high + margin } else { high },
    )
}

impl Figure for Curves {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
        area.fill(&WHITE).map_err(err)?;
        let (xlim, ylim) = self.axes();
        let (log_x, log_y) = (self.log_x, self.log_y);
        let y_of = |y: f64| to_axis(y, log_y);
        let x_of = |x: f64| to_axis(x, log_x);
        let ylim = (y_of(ylim.0), y_of(ylim.1));
        let xlim = (x_of(xlim.0), x_of(xlim.1));
        let mut chart = ChartBuilder::on(area)
            .caption(&self.title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(xlim.0..xlim.1, ylim.0..ylim.1)
            .map_err(err)?;
        let mut mesh = chart.configure_mesh();
        if log_y {
            // One label per power of ten.
            mesh.y_labels((ylim.1 - ylim.0).round() as usize + 1);
        }
        if log_x {
            mesh.x_labels((xlim.1 - xlim.0).round() as usize + 1);
        }
        mesh.x_desc(&self.xlabel)
            .y_desc(&self.ylabel)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&|x| tick_label(*x, log_x))
            .y_label_formatter(&|y| tick_label(*y, log_y))
            .label_style(("sans-serif", 13))
            .draw()
            .map_err(err)?;
        for (i, series) in self.series.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            let points: Vec<(f64, f64)> = series
                .points
                .iter()
                .map(|&(x, y)| (x_of(x), y_of(y)))
                .collect();
            let drawn = chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(err)?;
            // A series without a name (a contour line, say) stays out of the legend.
            if !series.name.is_empty() {
                drawn.label(&series.name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2))
                });
            }
            if self.markers || series.markers {
                chart
                    .draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled())))
                    .map_err(err)?;
            }
        }
        chart
            .configure_series_labels()
            .position(self.legend_corner())
            .label_font(("sans-serif", 13))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        Ok(())
    }
}

/// Where a value lies on its axis: a log axis is a linear axis of log10(v) whose ticks are
/// labelled 1eK.
fn to_axis(value: f64, log: bool) -> f64 {
    if log {
        value.max(f64::MIN_POSITIVE).log10()
    } else {
        value
    }
}

/// A tick's text: the value, or 1eK on a log axis.
fn tick_label(value: f64, log: bool) -> String {
    if log {
        format!("1e{}", format_tick(value))
    } else {
        format_tick(value)
    }
}

/// "2" rather than "2.0", but "0.25" as it is.
fn format_tick(value: f64) -> String {
    let rounded = (value * 1e6).round() / 1e6;
    format!("{rounded}")
}

#[cfg(test)]
mod tests;
