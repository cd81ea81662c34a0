//! The common losses side by side: L2, L1 and Huber's robust loss (the figure that closes
//! chapter 3 of the course), and a gradient check of every loss.
//!
//! For a target y = 0 and predictions y' in [−3, 3] each loss l(y') is drawn with its
//! likelihood exp(−l) (the noise distribution the loss assumes: Gaussian for L2, Laplace for L1)
//! and its gradient, computed by autograd.

use burn::tensor::{Int, Tensor, TensorData};
use serde::Serialize;

use crate::device::Device;
use crate::nn::activation::softmax;
use crate::nn::gradcheck::{GradCheck, grad_check};
use crate::nn::loss::{Reduction, RegressionLoss, cross_entropy, cross_entropy_logits};
use crate::plot::curves::{Curves, Panels, Series};

/// The three losses of the figure; Huber with δ = 1.
pub const LOSSES: [RegressionLoss; 3] = [
    RegressionLoss::Squared,
    RegressionLoss::L1,
    RegressionLoss::Huber { delta: 1.0 },
];

/// One loss sampled on a grid of predictions.
#[derive(Debug, Clone, Serialize)]
pub struct LossCurve {
    /// Legend name.
    pub name: String,
    /// The predictions y'.
    pub x: Vec<f64>,
    /// l(y', 0).
    pub loss: Vec<f64>,
    /// exp(−l).
    pub likelihood: Vec<f64>,
    /// dl/dy', by autograd.
    pub gradient: Vec<f64>,
}

/// Samples each of [`LOSSES`] at `points` evenly spaced predictions in [−3, 3].
pub fn loss_curves(points: usize, device: &Device) -> Vec<LossCurve> {
    let points = points.max(2);
    let x: Vec<f64> = (0..points)
        .map(|i| -3.0 + 6.0 * i as f64 / (points - 1) as f64)
        .collect();
    let autodiff = device.clone().autodiff();
    LOSSES
        .iter()
        .map(|&loss| {
            let values: Vec<f32> = x.iter().map(|&v| v as f32).collect();
            let y_hat =
                Tensor::<1>::from_data(TensorData::new(values, [points]), &autodiff).require_grad();
            let y = Tensor::<1>::zeros([points], &autodiff);
            let l = loss.per_element(y_hat.clone(), y);
            // Each l_i depends on y'_i only, so the gradient of Σ l is dl_i/dy'_i at every point.
            let grads = l.clone().sum().backward();
            let to_f64 =
                |t: Tensor<1>| -> Vec<f64> { t.inner().try_into_vec_as().expect("f32 values") };
            let gradient = to_f64(y_hat.grad(&grads).expect("y' requires grad"));
            let loss_values = to_f64(l);
            LossCurve {
                name: loss.name(),
                likelihood: loss_values.iter().map(|l| (-l).exp()).collect(),
                loss: loss_values,
                gradient,
                x: x.clone(),
            }
        })
        .collect()
}

/// The figure: the losses, their likelihoods and their gradients, one panel each.
pub fn loss_panels(curves: &[LossCurve]) -> Panels {
    let panel = |title: &str, ylim: (f64, f64), pick: fn(&LossCurve) -> &Vec<f64>| Curves {
        title: title.into(),
        xlabel: "y' (target y = 0)".into(),
        ylabel: String::new(),
        xlim: (-3.0, 3.0),
        ylim,
        series: curves
            .iter()
            .map(|c| {
                Series::new(
                    &c.name,
                    c.x.iter().copied().zip(pick(c).iter().copied()).collect(),
                )
            })
            .collect(),
        size: (420, 360),
        log_y: false,
        log_x: false,
        markers: true,
    };
    Panels(vec![
        panel("loss", (0.0, 4.5), |c| &c.loss),
        panel("likelihood exp(-loss)", (0.0, 1.05), |c| &c.likelihood),
        panel("gradient", (-3.2, 3.2), |c| &c.gradient),
    ])
}

/// One row of `d2l gradcheck`.
#[derive(Debug, Clone, Serialize)]
pub struct GradCheckRow {
    /// What was checked.
    pub name: String,
    /// Number of partial derivatives compared.
    pub parameters: usize,
    /// The largest relative disagreement.
    pub max_rel_error: f64,
}

impl GradCheckRow {
    fn new(name: impl Into<String>, check: &GradCheck) -> Self {
        Self {
            name: name.into(),
            parameters: check.autograd.len(),
            max_rel_error: check.max_rel_error,
        }
    }
}

/// Checks every loss, the from-scratch softmax regression and a small MLP against finite
/// differences.
///
/// Regression losses are checked at predictions away from their kinks (0 and ±δ). The softmax
/// model is a small one (5 inputs, 3 classes, 4 examples) built from the chapter's own
/// `softmax` and `cross_entropy`, checked with respect to every weight.
pub fn grad_check_all(device: &Device) -> Vec<GradCheckRow> {
    let eps = 1e-6;
    let y_hat = [-2.5, -0.7, -0.2, 0.3, 0.9, 2.0];
    let mut rows: Vec<GradCheckRow> = [
        RegressionLoss::Squared,
        RegressionLoss::Mse,
        RegressionLoss::L1,
        RegressionLoss::Huber { delta: 1.0 },
        RegressionLoss::Huber { delta: 0.5 },
    ]
    .iter()
    .map(|&loss| {
        let f = |y_hat: Tensor<1>| {
            let y = y_hat.zeros_like();
            loss.forward(y_hat, y, Reduction::Mean)
        };
        GradCheckRow::new(loss.name(), &grad_check(f, &y_hat, eps, device))
    })
    .collect();
    rows.extend(classifier_rows(eps, device));
    rows
}

/// The checks of the classifiers: cross-entropy two ways, then the scratch softmax regression
/// and a one-hidden-layer MLP, each on 4 examples of 3 classes.
fn classifier_rows(eps: f64, device: &Device) -> Vec<GradCheckRow> {
    let mut rows = Vec::new();
    // Cross-entropy, from logits and through the scratch softmax, with respect to the logits.
    let (n, q) = (4, 3);
    let labels = |device: &Device| Tensor::<1, Int>::from_data([0, 2, 1, 2], device);
    let logits: Vec<f64> = (0..n * q)
        .map(|i| ((i * 7 % 11) as f64 - 5.0) / 3.0)
        .collect();
    let from_logits = |o: Tensor<1>| {
        let y = labels(&o.device());
        cross_entropy_logits(o.reshape([n, q]), y).mean()
    };
    rows.push(GradCheckRow::new(
        "cross-entropy (logits)",
        &grad_check(from_logits, &logits, eps, device),
    ));
    let through_softmax = |o: Tensor<1>| {
        let y = labels(&o.device());
        cross_entropy(softmax(o.reshape([n, q])), y).mean()
    };
    rows.push(GradCheckRow::new(
        "softmax + cross-entropy",
        &grad_check(through_softmax, &logits, eps, device),
    ));
    rows.extend(model_rows(n, q, labels, eps, device));
    rows
}

/// The scratch softmax regression and a one-hidden-layer MLP, each with respect to its first
/// weight matrix, on `n` examples of `q` classes labelled by `labels`.
fn model_rows(
    n: usize,
    q: usize,
    labels: impl Fn(&Device) -> Tensor<1, Int>,
    eps: f64,
    device: &Device,
) -> Vec<GradCheckRow> {
    let mut rows = Vec::new();
    // The scratch model: mean cross_entropy(softmax(XW + b), y) as a function of W (5 × 3).
    let d = 5;
    let x_values: Vec<f64> = (0..n * d)
        .map(|i| ((i * 5 % 9) as f64 - 4.0) / 4.0)
        .collect();
    let w: Vec<f64> = (0..d * q)
        .map(|i| ((i * 3 % 7) as f64 - 3.0) / 10.0)
        .collect();
    let model = |w: Tensor<1>| {
        let device = w.device();
        let dtype = w.dtype();
        let x = Tensor::<2>::from_data(TensorData::new(x_values.clone(), [n, d]), (&device, dtype));
        let b = Tensor::<2>::from_data(
            TensorData::new(vec![0.1f64, -0.2, 0.05], [1, q]),
            (&device, dtype),
        );
        cross_entropy(softmax(x.matmul(w.reshape([d, q])) + b), labels(&device)).mean()
    };
    rows.push(GradCheckRow::new(
        "softmax regression (scratch), dW",
        &grad_check(model, &w, eps, device),
    ));

    // d2l-zh 4.7's backpropagation: an MLP with one hidden ReLU layer of 6 units,
    // mean cross_entropy(relu(XW1 + b1)W2 + b2, y) as a function of W1 (5 × 6). The inputs keep
    // every hidden unit away from ReLU's kink at 0.
    let hidden = 6;
    let w1: Vec<f64> = (0..d * hidden)
        .map(|i| ((i * 5 % 13) as f64 - 6.0) / 10.0)
        .collect();
    let mlp = |w1: Tensor<1>| {
        let device = w1.device();
        let dtype = w1.dtype();
        let constant = |values: Vec<f64>, shape: [usize; 2]| {
            Tensor::<2>::from_data(TensorData::new(values, shape), (&device, dtype))
        };
        let x = constant(x_values.clone(), [n, d]);
        let b1 = constant(vec![0.05; hidden], [1, hidden]);
        let w2 = constant(
            (0..hidden * q)
                .map(|i| ((i * 7 % 5) as f64 - 2.0) / 3.0)
                .collect(),
            [hidden, q],
        );
        let h = (x.matmul(w1.reshape([d, hidden])) + b1).clamp_min(0.0);
        cross_entropy_logits(h.matmul(w2), labels(&device)).mean()
    };
    rows.push(GradCheckRow::new(
        "MLP (ReLU), dW1",
        &grad_check(mlp, &w1, eps, device),
    ));
    rows
}
