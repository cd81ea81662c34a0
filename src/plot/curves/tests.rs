//! The axes and the legend: nothing clipped, the book's range kept where it fits.

use super::*;
use crate::history::EpochStats;

/// Every drawable point of `curves` lies inside the ranges it is drawn with.
fn assert_nothing_clipped(curves: &Curves) {
    let ((x0, x1), (y0, y1)) = curves.axes();
    for series in &curves.series {
        for &(x, y) in &series.points {
            if !(x.is_finite() && y.is_finite())
                || (curves.log_y && y <= 0.0)
                || (curves.log_x && x <= 0.0)
            {
                continue;
            }
            assert!(
                (x0..=x1).contains(&x) && (y0..=y1).contains(&y),
                "{}: ({x}, {y}) outside x {x0}..{x1}, y {y0}..{y1}",
                series.name
            );
        }
    }
}

fn epoch(epoch: usize, train_loss: f64, train_acc: f64, test_acc: f64) -> EpochStats {
    EpochStats {
        epoch,
        train_loss,
        train_acc: Some(train_acc),
        test_acc: Some(test_acc),
        test_loss: None,
        seconds: 1.0,
    }
}

#[test]
fn lenets_first_epochs_are_drawn_not_clipped() {
    // d2l lenet's first two epochs: a loss of 2.32 and an accuracy of 0.105 lie outside the
    // book's 0.3-0.9, which the chart drew them at before.
    let curves = ch3_curves(&[epoch(1, 2.32, 0.105, 0.1), epoch(2, 1.39, 0.45, 0.53)]);
    assert_nothing_clipped(&curves);
    let (_, (low, high)) = curves.axes();
    assert!(low < 0.1 && high > 2.32, "{low}..{high}");
}

#[test]
fn the_books_range_stays_when_the_data_fits_it() {
    let curves = ch3_curves(&[epoch(1, 0.79, 0.75, 0.77), epoch(2, 0.57, 0.81, 0.79)]);
    assert_eq!(curves.axes(), ((1.0, 2.0), (0.3, 0.9)));
}

#[test]
fn no_point_is_clipped_on_linear_or_log_axes() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for case in 0..200 {
        let scale = 10f64.powi(rng.random_range(-6..6));
        let points = (0..rng.random_range(1..30))
            .map(|_| {
                let x: f64 = rng.random_range(-50.0..50.0);
                // Cases 2 and 3 of every four draw on a log x axis: x > 0 there.
                let x = if case % 4 >= 2 { x.abs() + 1e-9 } else { x };
                let y = rng.random_range(-1.0..1.0) * scale;
                (x, if case % 2 == 1 { y.abs() + 1e-12 } else { y })
            })
            .chain([(f64::NAN, 1.0), (2.0, f64::INFINITY)])
            .collect();
        let curves = Curves {
            title: String::new(),
            xlabel: String::new(),
            ylabel: String::new(),
            xlim: if case % 4 >= 2 {
                (1e-2, 1.0)
            } else {
                (-1.0, 1.0)
            },
            ylim: if case % 2 == 1 {
                (1e-3, 1e2)
            } else {
                (0.0, 1.0)
            },
            series: vec![Series::new("random", points)],
            size: (100, 100),
            log_y: case % 2 == 1,
            log_x: case % 4 >= 2,
            markers: false,
        };
        assert_nothing_clipped(&curves);
    }
}

#[test]
fn the_legend_goes_where_the_lines_are_not() {
    // A loss falling into the lower right, accuracies rising into the upper right and
    // starting in the lower left: only the loss's first point is in the upper left.
    let curves = ch3_curves(&[
        epoch(1, 0.9, 0.3, 0.3),
        epoch(2, 0.5, 0.8, 0.8),
        epoch(3, 0.3, 0.9, 0.9),
    ]);
    assert!(matches!(
        curves.legend_corner(),
        SeriesLabelPosition::UpperLeft
    ));
}

#[test]
fn a_grid_wraps_its_panels_into_rows() {
    let chart = ch3_curves(&[epoch(1, 0.9, 0.3, 0.3)]);
    let grid = Grid {
        columns: 3,
        panels: vec![chart.clone(); 7],
    };
    assert_eq!(grid.shape(), (3, 3));
    assert_eq!(grid.size(), (3 * chart.size.0, 3 * chart.size.1));
    let one = Grid {
        columns: 5,
        panels: vec![chart.clone(); 2],
    };
    assert_eq!(one.size(), (2 * chart.size.0, chart.size.1));
}
