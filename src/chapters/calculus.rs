//! d2l-zh 2.4 微积分: the derivative as a limit, seen numerically, and the tangent line it gives.
//!
//! The section's function is f(x) = 3x² − 4x, whose derivative 6x − 4 is 2 at x = 1. The
//! difference quotient (f(x + h) − f(x)) / h = 2 + 3h approaches it as h shrinks
//! ([`numerical_lims`]); autograd gets the same slope exactly ([`slope_by_autograd`]), and the
//! tangent at x = 1 is y = f(1) + f'(1)(x − 1) = 2x − 3 ([`tangent_figure`]).

use burn::tensor::Tensor;
use serde::Serialize;

use crate::device::Device;
use crate::error::{Error, Result};
use crate::plot::curves::{Curves, Series};

/// f(x) = 3x² − 4x.
pub fn f(x: f64) -> f64 {
    3.0 * x * x - 4.0 * x
}

/// (f(x + h) − f(x)) / h: the slope of the secant through x and x + h.
pub fn numerical_lim(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// One row of the book's table: h and the difference quotient at x = 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limit {
    /// The step.
    pub h: f64,
    /// (f(1 + h) − f(1)) / h.
    pub value: f64,
}

/// The quotient at x = 1 for h, h/10, h/100, ... (`steps` values), as the book's loop prints.
pub fn numerical_lims(h: f64, steps: usize) -> Result<Vec<Limit>> {
    if !(h.is_finite() && h > 0.0 && h <= 1.0) {
        return Err(Error::Hyper {
            name: "--h",
            value: h.to_string(),
            expected: "a step in (0, 1]",
        });
    }
    if !(1..=12).contains(&steps) {
        return Err(Error::Hyper {
            name: "--steps",
            value: steps.to_string(),
            expected: "1 to 12 (beyond that h is below f64's precision around 1)",
        });
    }
    Ok((0..steps)
        .map(|i| {
            let h = h / 10f64.powi(i as i32);
            Limit {
                h,
                value: numerical_lim(f, 1.0, h),
            }
        })
        .collect())
}

/// f'(x) by burn's autograd: the exact slope that the quotients approach.
pub fn slope_by_autograd(x: f64, device: &Device) -> f64 {
    let device = device.clone().autodiff();
    let x = Tensor::<1>::from_data([x as f32], &device).require_grad();
    // 3x² − 4x written with tensor operations, so that autograd can follow it.
    let y = x.clone().square().mul_scalar(3.0) - x.clone().mul_scalar(4.0);
    let grads = y.sum().backward();
    let grad = x.grad(&grads).expect("x requires grad");
    f64::from(grad.into_scalar::<f32>())
}

/// The curves of the book's figure: f on [0, 3) and its tangent at x = 1.
#[derive(Debug, Clone, Serialize)]
pub struct TangentFigure {
    /// x = 0, 0.1, ..., 2.9.
    pub x: Vec<f64>,
    /// f(x).
    pub f: Vec<f64>,
    /// f(1) + f'(1)(x − 1).
    pub tangent: Vec<f64>,
    /// f'(1), from autograd.
    pub slope: f64,
}

impl TangentFigure {
    /// f and the tangent in one chart, on the book's axes.
    pub fn chart(&self) -> Curves {
        let points = |ys: &[f64]| self.x.iter().copied().zip(ys.iter().copied()).collect();
        Curves {
            title: String::new(),
            xlabel: "x".into(),
            ylabel: "f(x)".into(),
            xlim: (0.0, 3.0),
            ylim: (-4.0, 14.0),
            series: vec![
                Series::new("f(x)", points(&self.f)),
                Series::new("Tangent line (x=1)", points(&self.tangent)),
            ],
            size: (480, 360),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// f and its tangent at 1, with the slope from [`slope_by_autograd`].
pub fn tangent_figure(device: &Device) -> TangentFigure {
    let slope = slope_by_autograd(1.0, device);
    let x: Vec<f64> = (0..30).map(|i| i as f64 * 0.1).collect();
    TangentFigure {
        f: x.iter().map(|&x| f(x)).collect(),
        tangent: x.iter().map(|&x| f(1.0) + slope * (x - 1.0)).collect(),
        x,
        slope,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn quotients_approach_two_as_h_shrinks() {
        let limits = numerical_lims(0.1, 5).unwrap();
        let hs: Vec<f64> = limits.iter().map(|l| l.h).collect();
        assert_eq!(hs.len(), 5);
        assert!((hs[4] - 1e-5).abs() < 1e-18);
        // The book's table: 2.3, 2.03, 2.003, 2.0003, 2.00003 (the quotient is 2 + 3h).
        for limit in &limits {
            assert!(
                (limit.value - (2.0 + 3.0 * limit.h)).abs() < 1e-9,
                "{limit:?}"
            );
        }
        let errors: Vec<f64> = limits.iter().map(|l| (l.value - 2.0).abs()).collect();
        assert!(errors.windows(2).all(|w| w[1] < w[0]), "{errors:?}");
    }

    #[test]
    fn autograd_gives_the_exact_slope_and_the_books_tangent() {
        let figure = tangent_figure(&cpu());
        assert_eq!(figure.slope, 2.0);
        for (x, t) in figure.x.iter().zip(&figure.tangent) {
            assert!((t - (2.0 * x - 3.0)).abs() < 1e-12, "tangent at {x}: {t}");
        }
        assert_eq!(figure.x.len(), 30);
        assert_eq!(figure.f[10], f(1.0));
    }

    #[test]
    fn a_step_of_zero_or_too_many_steps_is_refused() {
        for h in [0.0, -0.1, f64::NAN, 2.0] {
            let err = numerical_lims(h, 5).unwrap_err().to_string();
            assert!(err.contains("--h"), "{err}");
        }
        let err = numerical_lims(0.1, 0).unwrap_err().to_string();
        assert!(err.contains("--steps"), "{err}");
    }
}
