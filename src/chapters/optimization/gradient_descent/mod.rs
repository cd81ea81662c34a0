//! d2l-zh 11.3 梯度下降 (gradient descent), on functions of one and two variables.
//!
//! Gradient descent moves against the gradient, x ← x − η f'(x): by Taylor's theorem
//! f(x − η f'(x)) = f(x) − η f'(x)² + O(η²), so a small enough η lowers f. On f(x) = x² the step
//! is x ← (1 − 2η) x, so after t steps x = (1 − 2η)ᵗ x₀: η = 0.2 shrinks x by 0.6 a step, η = 0.05
//! only by 0.9 (too slow), η = 1.1 multiplies it by −1.2 (it diverges, swinging side to side).
//!
//! Newton's method divides by the curvature, x ← x − η f'(x) / f''(x). It lands on the minimum
//! of a quadratic in one step and converges fast on convex f (cosh below); on a non-convex f,
//! where f'' < 0, it walks uphill unless η is lowered. Everything here is plain f64 arithmetic:
//! the book computes these small examples without a tensor library's autograd either.

use serde::Serialize;

use crate::plot::curves::{Curves, Series};

mod two_d;

pub use two_d::{
    BOWL_11_3, Bowl, START_2D, STEPS_2D, State2d, Trace2d, chart_2d, f_2d, f_2d_grad, gd_2d,
    train_2d,
};

/// Where every 1-D run starts, as the book's `gd` and `newton`.
pub const X0: f64 = 10.0;
/// Steps of every 1-D run.
pub const STEPS_1D: usize = 10;

/// f(x) = x², the objective of 11.3.1.
pub fn f(x: f64) -> f64 {
    x * x
}

/// f'(x) = 2x.
pub fn f_grad(x: f64) -> f64 {
    2.0 * x
}

/// The non-convex example's constant, c = 0.15π.
pub const C_NONCONVEX: f64 = 0.15 * std::f64::consts::PI;

/// f(x) = x cos(cx): several local minima.
pub fn nonconvex(x: f64) -> f64 {
    x * (C_NONCONVEX * x).cos()
}

/// f'(x) = cos(cx) − c x sin(cx).
pub fn nonconvex_grad(x: f64) -> f64 {
    let c = C_NONCONVEX;
    (c * x).cos() - c * x * (c * x).sin()
}

/// f''(x) = −2c sin(cx) − c² x cos(cx).
pub fn nonconvex_hess(x: f64) -> f64 {
    let c = C_NONCONVEX;
    -2.0 * c * (c * x).sin() - c * c * x * (c * x).cos()
}

/// The convex example of Newton's method: f(x) = cosh(cx), c = 0.5.
pub const C_COSH: f64 = 0.5;

/// f(x) = cosh(cx).
pub fn cosh(x: f64) -> f64 {
    (C_COSH * x).cosh()
}

/// f'(x) = c sinh(cx).
pub fn cosh_grad(x: f64) -> f64 {
    C_COSH * (C_COSH * x).sinh()
}

/// f''(x) = c² cosh(cx).
pub fn cosh_hess(x: f64) -> f64 {
    C_COSH * C_COSH * (C_COSH * x).cosh()
}

/// The book's `gd(eta, f_grad)`: `steps` steps of x ← x − η f'(x) from [`X0`]; every position,
/// the start included.
pub fn gd(eta: f64, grad: impl Fn(f64) -> f64, steps: usize) -> Vec<f64> {
    let mut x = X0;
    let mut results = vec![x];
    for _ in 0..steps {
        x -= eta * grad(x);
        results.push(x);
    }
    results
}

/// The book's `newton(eta)`: x ← x − η f'(x) / f''(x) from [`X0`].
pub fn newton(
    eta: f64,
    grad: impl Fn(f64) -> f64,
    hess: impl Fn(f64) -> f64,
    steps: usize,
) -> Vec<f64> {
    let mut x = X0;
    let mut results = vec![x];
    for _ in 0..steps {
        x -= eta * grad(x) / hess(x);
        results.push(x);
    }
    results
}

/// One 1-D run: its name, its positions and f along them.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    /// E.g. "x², η = 0.2".
    pub name: String,
    /// Every position, the start first.
    pub xs: Vec<f64>,
}

impl Trace {
    /// Where the run ended.
    pub fn last(&self) -> f64 {
        *self.xs.last().expect("a run has its start")
    }

    /// The book's `show_trace(results, f)`: f over [−n, n] with n the largest |x| reached, and
    /// the run's positions as dots on it.
    pub fn chart(&self, f: fn(f64) -> f64) -> Curves {
        let n = self.xs.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1e-3);
        let line: Vec<(f64, f64)> = (0..=400)
            .map(|i| -n + 2.0 * n * i as f64 / 400.0)
            .map(|x| (x, f(x)))
            .collect();
        let steps = self.xs.iter().map(|&x| (x, f(x))).collect();
        Curves {
            title: self.name.clone(),
            xlabel: "x".into(),
            ylabel: "f(x)".into(),
            xlim: (-n, n),
            ylim: bounds(line.iter().map(|p| p.1)),
            series: vec![
                Series::new("f(x)", line),
                Series::new("steps", steps).with_markers(),
            ],
            size: (380, 320),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// The smallest and largest of `values`.
fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// Everything the section runs, with the book's settings.
#[derive(Debug, Clone, Serialize)]
pub struct GradientDescent {
    /// gd on x² with η 0.2, 0.05 and 1.1.
    pub quadratic: Vec<Trace>,
    /// gd on x cos(cx) with η = 2.
    pub nonconvex: Trace,
    /// Newton on cosh(cx) (η = 1), and on x cos(cx) with η 1 and 0.5.
    pub newton: Vec<Trace>,
    /// gd on x₁² + 2x₂² with η = 0.1: every position.
    pub two_d: Vec<(f64, f64)>,
}

/// Runs the section's examples.
pub fn run() -> GradientDescent {
    let trace = |name: String, xs| Trace { name, xs };
    GradientDescent {
        quadratic: [0.2, 0.05, 1.1]
            .iter()
            .map(|&eta| trace(format!("x², η = {eta}"), gd(eta, f_grad, STEPS_1D)))
            .collect(),
        nonconvex: trace("x cos(cx), η = 2".into(), gd(2.0, nonconvex_grad, STEPS_1D)),
        newton: vec![
            trace(
                "Newton, cosh(cx)".into(),
                newton(1.0, cosh_grad, cosh_hess, STEPS_1D),
            ),
            trace(
                "Newton, x cos(cx), η = 1".into(),
                newton(1.0, nonconvex_grad, nonconvex_hess, STEPS_1D),
            ),
            trace(
                "Newton, x cos(cx), η = 0.5".into(),
                newton(0.5, nonconvex_grad, nonconvex_hess, STEPS_1D),
            ),
        ],
        two_d: gd_2d(0.1, STEPS_2D),
    }
}

impl GradientDescent {
    /// Every run drawn, one panel each, in the order of the section.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts: Vec<Curves> = self.quadratic.iter().map(|t| t.chart(f)).collect();
        charts.push(self.nonconvex.chart(nonconvex));
        charts.push(self.newton[0].chart(cosh));
        charts.extend(self.newton[1..].iter().map(|t| t.chart(nonconvex)));
        charts.push(chart_2d(&self.two_d));
        charts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The book prints these after 10 steps from x = 10: (1 − 2η)¹⁰ · 10.
    #[test]
    fn gradient_descent_on_x_squared_gives_the_books_values() {
        for (eta, book) in [(0.2, 0.060466), (0.05, 3.486784), (1.1, 61.917364)] {
            let last = *gd(eta, f_grad, 10).last().unwrap();
            assert!((last - book).abs() < 5e-7, "η {eta}: {last}");
            assert!((last - 10.0 * (1.0 - 2.0 * eta).powi(10)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_2d_run_gives_the_books_values() {
        let (x1, x2) = *gd_2d(0.1, 20).last().unwrap();
        assert!((x1 - -0.057646).abs() < 5e-7, "{x1}");
        assert!((x2 - -0.000073).abs() < 5e-7, "{x2}");
        assert!(f_2d(x1, x2) < 1e-2);
    }

    #[test]
    fn newton_reaches_cosh_minimum_and_needs_a_smaller_rate_on_the_nonconvex_f() {
        let cosh_run = newton(1.0, cosh_grad, cosh_hess, 10);
        assert!(cosh_run.last().unwrap().abs() < 1e-10, "{cosh_run:?}");
        // η = 1 follows f'' < 0 uphill: f ends higher than it started.
        let uphill = newton(1.0, nonconvex_grad, nonconvex_hess, 10);
        assert!(nonconvex(*uphill.last().unwrap()) > nonconvex(X0));
        let halved = newton(0.5, nonconvex_grad, nonconvex_hess, 10);
        assert!(nonconvex(*halved.last().unwrap()) < nonconvex(X0));
    }

    /// The derivatives by hand against central differences.
    #[test]
    fn the_hand_derivatives_match_finite_differences() {
        let h = 1e-5;
        for x in [-7.0, -1.3, 0.4, 2.0, 9.5] {
            let d = |g: fn(f64) -> f64| (g(x + h) - g(x - h)) / (2.0 * h);
            assert!((d(nonconvex) - nonconvex_grad(x)).abs() < 1e-6);
            assert!((d(nonconvex_grad) - nonconvex_hess(x)).abs() < 1e-6);
            assert!((d(cosh) - cosh_grad(x)).abs() < 1e-6);
            assert!((d(cosh_grad) - cosh_hess(x)).abs() < 1e-6);
        }
    }

    #[test]
    fn every_run_is_drawn() {
        let charts = run().charts();
        assert_eq!(charts.len(), 8);
        assert!(charts.iter().all(|c| c.series.iter().any(|s| s.markers)));
    }
}
