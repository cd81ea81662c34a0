//! d2l-zh 11.1 优化和深度学习 (optimization and deep learning): why minimizing a training loss
//! is hard even when the gradient is known. Three obstacles, each on a function small enough to
//! draw: local minima, saddle points and vanishing gradients.
//!
//! - f(x) = x cos(πx) on [−1, 2] has a local minimum near x = −0.3 and the global one near
//!   x = 1.1: gradient descent started left of the hump between them stops at the first.
//! - x³ has f'(0) = 0 and f''(0) = 0 without a minimum there; x² − y² has a zero gradient at
//!   (0, 0), a minimum along x and a maximum along y: a saddle.
//! - tanh flattens: tanh'(x) = 1 − tanh²(x) is 0.0013 at x = 4, so a step there barely moves.

use serde::Serialize;

use crate::plot::curves::{Curves, Series};

/// f(x) = x cos(πx), the book's example of local and global minima.
pub fn f(x: f64) -> f64 {
    x * (std::f64::consts::PI * x).cos()
}

/// The smallest value of `g` on a grid of `n` + 1 points over [a, b]: `(x, g(x))`.
pub fn grid_min(g: impl Fn(f64) -> f64, (a, b): (f64, f64), n: usize) -> (f64, f64) {
    (0..=n)
        .map(|i| a + (b - a) * i as f64 / n as f64)
        .map(|x| (x, g(x)))
        .fold((f64::NAN, f64::INFINITY), |best, p| {
            if p.1 < best.1 { p } else { best }
        })
}

/// What the section measures: both minima of [`f`], and tanh's gradient where it vanishes.
#[derive(Debug, Clone, Serialize)]
pub struct Challenges {
    /// The local minimum of x cos(πx) left of the hump, `(x, f(x))`.
    pub local_min: (f64, f64),
    /// The global minimum on [−1, 2].
    pub global_min: (f64, f64),
    /// tanh'(4) = 1 − tanh²(4).
    pub tanh_grad_at_4: f64,
}

/// Finds the minima on a fine grid (10⁻⁵ apart) and tanh's gradient at 4.
pub fn run() -> Challenges {
    Challenges {
        local_min: grid_min(f, (-1.0, 0.5), 150_000),
        global_min: grid_min(f, (-1.0, 2.0), 300_000),
        tanh_grad_at_4: 1.0 - 4f64.tanh().powi(2),
    }
}

/// `points` of `g` over [a, b].
fn line(g: impl Fn(f64) -> f64, (a, b): (f64, f64)) -> Vec<(f64, f64)> {
    (0..=300)
        .map(|i| a + (b - a) * i as f64 / 300.0)
        .map(|x| (x, g(x)))
        .collect()
}

fn chart(title: &str, series: Vec<Series>, xlim: (f64, f64), ylim: (f64, f64)) -> Curves {
    Curves {
        title: title.into(),
        xlabel: "x".into(),
        ylabel: "f(x)".into(),
        xlim,
        ylim,
        series,
        size: (380, 320),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

impl Challenges {
    /// The book's four figures, one panel each: the two minima, x³'s saddle, x² − y² cut along
    /// both axes (the book draws the surface in 3-D), and tanh with the point where its gradient vanishes.
    pub fn charts(&self) -> Vec<Curves> {
        let minima = chart(
            "local and global minimum",
            vec![
                Series::new("x cos(πx)", line(f, (-1.0, 2.0))),
                Series::new("local minimum", vec![self.local_min]).with_markers(),
                Series::new("global minimum", vec![self.global_min]).with_markers(),
            ],
            (-1.0, 2.0),
            (-1.5, 1.5),
        );
        let cubic = chart(
            "saddle point of x³",
            vec![
                Series::new("x³", line(|x| x.powi(3), (-2.0, 2.0))),
                Series::new("saddle point", vec![(0.0, 0.0)]).with_markers(),
            ],
            (-2.0, 2.0),
            (-8.0, 8.0),
        );
        // The surface x² − y² cut along each axis through (0, 0): a minimum along x, a
        // maximum along y, a zero gradient in both.
        let saddle = chart(
            "x² − y² along x and along y",
            vec![
                Series::new("f(x, 0) = x²", line(|x| x * x, (-2.0, 2.0))),
                Series::new("f(0, y) = −y²", line(|y| -y * y, (-2.0, 2.0))),
                Series::new("saddle point", vec![(0.0, 0.0)]).with_markers(),
            ],
            (-2.0, 2.0),
            (-4.0, 4.0),
        );
        let tanh = chart(
            "vanishing gradient",
            vec![
                Series::new("tanh(x)", line(f64::tanh, (-2.0, 5.0))),
                Series::new(
                    format!("x = 4, gradient {:.4}", self.tanh_grad_at_4),
                    vec![(4.0, 4f64.tanh())],
                )
                .with_markers(),
            ],
            (-2.0, 5.0),
            (-1.0, 1.0),
        );
        vec![minima, cubic, saddle, tanh]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minima_and_the_vanishing_gradient_are_where_the_book_draws_them() {
        let c = run();
        assert!((c.local_min.0 - -0.3).abs() < 0.05, "{:?}", c.local_min);
        assert!((c.global_min.0 - 1.1).abs() < 0.05, "{:?}", c.global_min);
        assert!(c.global_min.1 < c.local_min.1);
        // f'(x) = cos(πx) − πx sin(πx) vanishes at both.
        let grad = |x: f64| {
            (std::f64::consts::PI * x).cos()
                - std::f64::consts::PI * x * (std::f64::consts::PI * x).sin()
        };
        assert!(grad(c.local_min.0).abs() < 1e-3 && grad(c.global_min.0).abs() < 1e-3);
        assert!((c.tanh_grad_at_4 - 0.0013409).abs() < 1e-6);
        assert_eq!(c.charts().len(), 4);
    }
}
