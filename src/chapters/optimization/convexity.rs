//! d2l-zh 11.2 凸性 (convexity): the functions on which optimization is easy.
//!
//! f is convex when every chord lies above the graph: for all a, b and λ ∈ [0, 1],
//!
//!   λ f(a) + (1 − λ) f(b) ≥ f(λa + (1 − λ)b).
//!
//! Below, 0.5x² and exp(0.5x) pass and cos(πx) fails, checked on a grid of chords and drawn
//! with the chord from −1.5 to 1. Two consequences: a local minimum of a convex f is a global
//! one ((x − 1)² is drawn), and Jensen's inequality, E[f(X)] ≥ f(E[X]), which is checked on a
//! sample: averaging before a convex function gives less than averaging after it.

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::plot::curves::{Curves, Series};

/// A named function of one variable, and whether it is convex.
pub type Example = (&'static str, fn(f64) -> f64, bool);

/// The three functions of the first figure: name, f, and whether the book calls it convex.
pub const FUNCTIONS: [Example; 3] = [
    ("0.5 x²", half_square, true),
    ("cos(πx)", cos_pi, false),
    ("exp(0.5 x)", exp_half, true),
];

fn half_square(x: f64) -> f64 {
    0.5 * x * x
}

fn cos_pi(x: f64) -> f64 {
    (std::f64::consts::PI * x).cos()
}

fn exp_half(x: f64) -> f64 {
    (0.5 * x).exp()
}

/// (x − 1)²: convex, with its one local minimum at 1, which is global.
pub fn shifted_square(x: f64) -> f64 {
    (x - 1.0) * (x - 1.0)
}

/// The chord the book draws, from x = −1.5 to x = 1.
pub const SEGMENT: (f64, f64) = (-1.5, 1.0);

/// The largest amount by which a chord of `f` between grid points of [lo, hi] dips below the
/// graph, over λ ∈ {0.1, ..., 0.9}: 0 (up to rounding) for a convex f, positive otherwise.
pub fn worst_chord_gap(f: impl Fn(f64) -> f64, (lo, hi): (f64, f64), n: usize) -> f64 {
    let xs: Vec<f64> = (0..=n)
        .map(|i| lo + (hi - lo) * i as f64 / n as f64)
        .collect();
    let mut worst = 0.0f64;
    for &a in &xs {
        for &b in &xs {
            for k in 1..10 {
                let lambda = k as f64 / 10.0;
                let chord = lambda * f(a) + (1.0 - lambda) * f(b);
                worst = worst.max(f(lambda * a + (1.0 - lambda) * b) - chord);
            }
        }
    }
    worst
}

/// Jensen's inequality on a sample of X ~ N(0, 1): (E[f(X)], f(E[X])).
pub fn jensen(f: impl Fn(f64) -> f64, samples: usize, seed: u64) -> (f64, f64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let normal = Normal::new(0.0, 1.0).expect("N(0, 1) is a distribution");
    let xs: Vec<f64> = (0..samples).map(|_| normal.sample(&mut rng)).collect();
    let n = xs.len() as f64;
    let mean_of_f = xs.iter().map(|&x| f(x)).sum::<f64>() / n;
    let f_of_mean = f(xs.iter().sum::<f64>() / n);
    (mean_of_f, f_of_mean)
}

/// One function's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Its formula.
    pub name: String,
    /// The worst chord gap on [−2, 2] ([`worst_chord_gap`]).
    pub chord_gap: f64,
    /// Whether that makes it convex (gap ≤ 1e-12).
    pub convex: bool,
}

/// Everything the section computes.
#[derive(Debug, Clone, Serialize)]
pub struct Convexity {
    /// The three functions of the first figure.
    pub verdicts: Vec<Verdict>,
    /// Jensen's inequality for 0.5x² and exp(0.5x) on 10,000 draws of N(0, 1):
    /// (name, E[f(X)], f(E[X])).
    pub jensen: Vec<(String, f64, f64)>,
}

/// Checks the chords and Jensen's inequality (seeded sample).
pub fn run(seed: u64) -> Convexity {
    Convexity {
        verdicts: FUNCTIONS
            .iter()
            .map(|&(name, f, _)| {
                let chord_gap = worst_chord_gap(f, (-2.0, 2.0), 80);
                Verdict {
                    name: name.into(),
                    chord_gap,
                    convex: chord_gap <= 1e-12,
                }
            })
            .collect(),
        jensen: [FUNCTIONS[0], FUNCTIONS[2]]
            .iter()
            .map(|&(name, f, _)| {
                let (mean_of_f, f_of_mean) = jensen(f, 10_000, seed);
                (name.to_string(), mean_of_f, f_of_mean)
            })
            .collect(),
    }
}

/// `f` over [−2, 2] with the chord over [`SEGMENT`].
fn with_chord(name: &str, f: fn(f64) -> f64) -> Curves {
    let line: Vec<(f64, f64)> = (0..=400)
        .map(|i| -2.0 + 4.0 * i as f64 / 400.0)
        .map(|x| (x, f(x)))
        .collect();
    let chord = vec![(SEGMENT.0, f(SEGMENT.0)), (SEGMENT.1, f(SEGMENT.1))];
    let (lo, hi) = line
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    Curves {
        title: name.into(),
        xlabel: "x".into(),
        ylabel: "f(x)".into(),
        xlim: (-2.0, 2.0),
        ylim: (lo, hi),
        series: vec![Series::new("f(x)", line), Series::new("chord", chord)],
        size: (360, 300),
        log_y: false,
        log_x: false,
        markers: false,
    }
}

impl Convexity {
    /// The three functions with the chord, then (x − 1)² with it.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts: Vec<Curves> = FUNCTIONS
            .iter()
            .map(|&(name, f, _)| with_chord(name, f))
            .collect();
        charts.push(with_chord("(x − 1)²", shifted_square));
        charts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chords_tell_convex_from_not() {
        for &(name, f, convex) in &FUNCTIONS {
            let gap = worst_chord_gap(f, (-2.0, 2.0), 40);
            assert_eq!(gap <= 1e-12, convex, "{name}: {gap}");
        }
        // cos(πx) dips well below its chords near its maxima.
        assert!(worst_chord_gap(cos_pi, (-2.0, 2.0), 40) > 0.5);
        assert!(worst_chord_gap(shifted_square, (-2.0, 2.0), 40) <= 1e-12);
    }

    /// For X ~ N(0, 1): E[0.5X²] = 0.5 and E[exp(0.5X)] = exp(1/8), both above f(E[X]) ≈ f(0).
    #[test]
    fn jensens_inequality_holds_on_a_sample() {
        let (mean_of_f, f_of_mean) = jensen(half_square, 10_000, 7);
        assert!(mean_of_f > f_of_mean);
        assert!((mean_of_f - 0.5).abs() < 0.03, "{mean_of_f}");
        let (mean_of_f, f_of_mean) = jensen(exp_half, 10_000, 7);
        assert!(mean_of_f > f_of_mean);
        assert!((mean_of_f - (0.125f64).exp()).abs() < 0.02, "{mean_of_f}");
        assert!((f_of_mean - 1.0).abs() < 0.02, "{f_of_mean}");
    }
}
