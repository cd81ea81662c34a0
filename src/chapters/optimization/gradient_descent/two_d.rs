//! 11.3's functions of two variables: the bowl a·x₁² + b·x₂², the book's `train_2d` that
//! runs any per-coordinate update rule on it, and `show_trace_2d`. Sections 11.4-11.8 run
//! their rules through these.

use serde::Serialize;

use crate::plot::curves::{Curves, Series};

/// Where the 2-D runs start (the book's `train_2d`).
pub const START_2D: (f64, f64) = (-5.0, -2.0);
/// Steps of 11.3's 2-D run.
pub const STEPS_2D: usize = 20;

/// A bowl f(x₁, x₂) = a·x₁² + b·x₂², the 2-D objective of chapter 11: 11.3 uses a = 1, b = 2;
/// 11.4 adds noise to its gradient; 11.6-11.8 flatten it to a = 0.1, where one learning rate
/// cannot suit both directions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bowl {
    /// The x₁ curvature (half of ∂²f/∂x₁²).
    pub a: f64,
    /// The x₂ curvature.
    pub b: f64,
}

/// 11.3's f(x₁, x₂) = x₁² + 2x₂².
pub const BOWL_11_3: Bowl = Bowl { a: 1.0, b: 2.0 };

impl Bowl {
    /// f(x₁, x₂).
    pub fn f(&self, x1: f64, x2: f64) -> f64 {
        self.a * x1 * x1 + self.b * x2 * x2
    }

    /// ∇f = (2a·x₁, 2b·x₂).
    pub fn grad(&self, x1: f64, x2: f64) -> (f64, f64) {
        (2.0 * self.a * x1, 2.0 * self.b * x2)
    }

    /// The book's `show_trace_2d`: level sets of f through fractions of f at the start, and the
    /// run's positions as dots. The window holds the outermost level set; a run that leaves it
    /// widens the axes.
    pub fn chart(&self, title: impl Into<String>, trajectory: &[(f64, f64)]) -> Curves {
        let top = self.f(START_2D.0, START_2D.1);
        let mut series: Vec<Series> = [1.0, 4.0, 9.0, 16.0, 25.0, 33.0]
            .iter()
            .map(|&part: &f64| {
                let level = top * part / 33.0;
                // a·x₁² + b·x₂² = level: x₁ = √(level/a) cos t, x₂ = √(level/b) sin t.
                let points = (0..=120)
                    .map(|i| std::f64::consts::TAU * i as f64 / 120.0)
                    .map(|t| {
                        (
                            (level / self.a).sqrt() * t.cos(),
                            (level / self.b).sqrt() * t.sin(),
                        )
                    })
                    .collect();
                // Unnamed: contour lines stay out of the legend, as matplotlib's `contour`.
                Series::new("", points)
            })
            .collect();
        series.push(Series::new("steps", trajectory.to_vec()).with_markers());
        let (x1, x2) = ((top / self.a).sqrt(), (top / self.b).sqrt());
        Curves {
            title: title.into(),
            xlabel: "x1".into(),
            ylabel: "x2".into(),
            xlim: (-1.05 * x1, 1.05 * x1),
            ylim: (-1.05 * x2, 1.05 * x2),
            series,
            size: (460, 360),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// f(x₁, x₂) = x₁² + 2x₂², an ellipse-shaped bowl, twice as steep along x₂.
pub fn f_2d(x1: f64, x2: f64) -> f64 {
    BOWL_11_3.f(x1, x2)
}

/// ∇f = (2x₁, 4x₂).
pub fn f_2d_grad(x1: f64, x2: f64) -> (f64, f64) {
    BOWL_11_3.grad(x1, x2)
}

/// What the book's `train_2d` hands a trainer and gets back: the position (x₁, x₂) and one
/// state per coordinate (s₁, s₂): a velocity, a sum of squared gradients, ...
pub type State2d = (f64, f64, f64, f64);

/// The book's `train_2d(trainer, steps)`: from [`START_2D`] with zero states, `steps` calls of
/// `trainer`; every position, the start first.
pub fn train_2d(mut trainer: impl FnMut(State2d) -> State2d, steps: usize) -> Vec<(f64, f64)> {
    let mut state = (START_2D.0, START_2D.1, 0.0, 0.0);
    let mut results = vec![(state.0, state.1)];
    for _ in 0..steps {
        state = trainer(state);
        results.push((state.0, state.1));
    }
    results
}

/// The book's `gd_2d` under `train_2d`: `steps` gradient steps on [`BOWL_11_3`] with rate
/// `eta`. Each coordinate shrinks on its own: x₁ by (1 − 2η), x₂ by (1 − 4η).
pub fn gd_2d(eta: f64, steps: usize) -> Vec<(f64, f64)> {
    train_2d(
        |(x1, x2, s1, s2)| {
            let (g1, g2) = f_2d_grad(x1, x2);
            (x1 - eta * g1, x2 - eta * g2, s1, s2)
        },
        steps,
    )
}

/// One 2-D run of `train_2d`: its name and every position, the start first.
#[derive(Debug, Clone, Serialize)]
pub struct Trace2d {
    /// E.g. "momentum, η = 0.6, β = 0.5".
    pub name: String,
    /// The bowl it ran on.
    pub bowl: Bowl,
    /// Every position (x₁, x₂).
    pub points: Vec<(f64, f64)>,
}

impl Trace2d {
    /// Runs `trainer` on `bowl` for `steps` steps from [`START_2D`].
    pub fn run(
        name: impl Into<String>,
        bowl: Bowl,
        trainer: impl FnMut(State2d) -> State2d,
        steps: usize,
    ) -> Self {
        Self {
            name: name.into(),
            bowl,
            points: train_2d(trainer, steps),
        }
    }

    /// Where it ended.
    pub fn last(&self) -> (f64, f64) {
        *self.points.last().expect("a run has its start")
    }

    /// The book's printed line: `epoch 20, x1: -0.943467, x2: -0.000073`.
    pub fn summary(&self) -> String {
        let (x1, x2) = self.last();
        format!(
            "{}: epoch {}, x1: {x1:.6}, x2: {x2:.6}",
            self.name,
            self.points.len() - 1
        )
    }

    /// `show_trace_2d`.
    pub fn chart(&self) -> Curves {
        self.bowl.chart(self.name.clone(), &self.points)
    }
}

/// The 2-D run drawn over the level sets of [`f_2d`].
pub fn chart_2d(trajectory: &[(f64, f64)]) -> Curves {
    BOWL_11_3.chart("x1² + 2 x2², η = 0.1", trajectory)
}
