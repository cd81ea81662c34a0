//! Loss functions (d2l-zh 3.1 squared loss, 3.4 cross-entropy, and the L1 / Huber losses that
//! close chapter 3).
//!
//! Each loss takes predictions and targets of the same shape and returns one loss per element
//! when `Reduction::None`, or a scalar (`[1]`) for `Mean` / `Sum`.

use burn::tensor::activation::log_softmax;
use burn::tensor::{Int, Tensor};

/// Written in section 3.6, which introduces it; every classifier after it uses it from here.
pub use crate::chapters::softmax_regression::scratch::cross_entropy;

/// How per-example losses are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reduction {
    /// Keep one loss per element.
    None,
    /// Average them (PyTorch's default).
    #[default]
    Mean,
    /// Add them up.
    Sum,
}

impl Reduction {
    /// Applies the reduction; `None` flattens to one value per element.
    pub fn apply<const D: usize>(self, losses: Tensor<D>) -> Tensor<1> {
        match self {
            Reduction::None => losses.flatten(0, D - 1),
            Reduction::Mean => losses.mean(),
            Reduction::Sum => losses.sum(),
        }
    }
}

/// Squared loss with d2l-zh's ½: l = (ŷ − y)² / 2 (d2l-zh 3.2 `squared_loss`).
///
/// The ½ makes the gradient exactly ŷ − y. `y` is reshaped to `y_hat`'s shape, as in the book.
pub fn squared_loss(y_hat: Tensor<2>, y: Tensor<2>) -> Tensor<2> {
    let y = y.reshape(y_hat.shape());
    (y_hat - y).square().div_scalar(2.0)
}

/// Huber's robust loss with threshold δ, in PyTorch's `SmoothL1Loss(beta = δ)` convention:
///
/// ```text
/// l(x) = x² / (2δ)      if |x| <= δ
///        |x| − δ / 2    otherwise,         x = ŷ − y
/// ```
///
/// This convention (rather than `nn.HuberLoss`, which is δ times it) keeps the slope far from
/// zero at exactly 1 like L1, and the gradient x/δ clipped to [−1, 1], whatever δ is.
fn huber_of_residual<const D: usize>(x: Tensor<D>, delta: f64) -> Tensor<D> {
    let abs = x.clone().abs();
    let small = abs.clone().lower_equal_elem(delta);
    let quadratic = x.square().div_scalar(2.0 * delta);
    let linear = abs.sub_scalar(delta / 2.0);
    linear.mask_where(small, quadratic)
}

/// The regression losses by name, for code that lets the user choose one.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegressionLoss {
    /// ½(ŷ − y)², d2l-zh's `squared_loss`.
    Squared,
    /// (ŷ − y)², `nn.MSELoss`.
    Mse,
    /// |ŷ − y|, `nn.L1Loss`.
    L1,
    /// Huber with threshold δ (`SmoothL1Loss(beta = δ)`).
    Huber {
        /// Where the quadratic part ends.
        delta: f64,
    },
}

impl RegressionLoss {
    /// The loss of each element.
    pub fn per_element<const D: usize>(self, y_hat: Tensor<D>, y: Tensor<D>) -> Tensor<D> {
        let x = y_hat - y;
        match self {
            RegressionLoss::Squared => x.square().div_scalar(2.0),
            RegressionLoss::Mse => x.square(),
            RegressionLoss::L1 => x.abs(),
            RegressionLoss::Huber { delta } => huber_of_residual(x, delta),
        }
    }

    /// The loss, reduced.
    pub fn forward<const D: usize>(
        self,
        y_hat: Tensor<D>,
        y: Tensor<D>,
        reduction: Reduction,
    ) -> Tensor<1> {
        reduction.apply(self.per_element(y_hat, y))
    }

    /// A short name for tables and legends.
    pub fn name(self) -> String {
        match self {
            RegressionLoss::Squared => "L2".into(),
            RegressionLoss::Mse => "MSE".into(),
            RegressionLoss::L1 => "L1".into(),
            RegressionLoss::Huber { delta } => format!("Huber (δ = {delta})"),
        }
    }
}

/// Cross-entropy from logits o, computed stably as log Σⱼ exp(oⱼ) − o_y (log-sum-exp), so that
/// logits of ±1000 give finite losses. One loss per example.
pub fn cross_entropy_logits(logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    let [n] = y.dims();
    log_softmax(logits, 1)
        .gather(1, y.reshape([n, 1]))
        .neg()
        .reshape([n])
}

/// `--loss mse|l1|huber`: the losses a user picks by name (Huber with δ = 1). The book's
/// ½-scaled squared loss is what the from-scratch code uses, not a choice.
impl clap::ValueEnum for RegressionLoss {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            RegressionLoss::Mse,
            RegressionLoss::L1,
            RegressionLoss::Huber { delta: 1.0 },
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        match self {
            RegressionLoss::Mse => {
                Some(PossibleValue::new("mse").help("Mean squared error (nn.MSELoss), the book's"))
            }
            RegressionLoss::L1 => Some(PossibleValue::new("l1").help("Mean absolute error")),
            RegressionLoss::Huber { .. } => {
                Some(PossibleValue::new("huber").help("Huber's loss with δ = 1"))
            }
            RegressionLoss::Squared => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;
    use burn::tensor::TensorData;

    fn t1(values: &[f32]) -> Tensor<1> {
        Tensor::from_data(TensorData::new(values.to_vec(), [values.len()]), &cpu())
    }

    fn values(t: Tensor<1>) -> Vec<f32> {
        t.try_into_vec_as().unwrap()
    }

    fn close(a: &[f32], b: &[f32]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-4, "{a:?} != {b:?}");
        }
    }

    #[test]
    fn squared_loss_halves_the_square() {
        let y_hat = Tensor::<2>::from_data([[1.0f32], [4.0]], &cpu());
        let y = Tensor::<2>::from_data([[2.0f32], [1.0]], &cpu());
        close(&values(squared_loss(y_hat, y).flatten(0, 1)), &[0.5, 4.5]);
    }

    #[test]
    fn mse_and_l1_reduce_as_pytorch() {
        // burn's mse.rs example: [[1,2],[3,4]] vs [[2,1],[3,2]] -> [[1,1],[0,4]], mean 1.5, sum 6.
        let mse = RegressionLoss::Mse;
        let a = Tensor::<2>::from_data([[1.0f32, 2.0], [3.0, 4.0]], &cpu());
        let b = Tensor::<2>::from_data([[2.0f32, 1.0], [3.0, 2.0]], &cpu());
        close(
            &values(mse.forward(a.clone(), b.clone(), Reduction::None)),
            &[1.0, 1.0, 0.0, 4.0],
        );
        close(
            &values(mse.forward(a.clone(), b.clone(), Reduction::Mean)),
            &[1.5],
        );
        close(
            &values(mse.forward(a.clone(), b.clone(), Reduction::Sum)),
            &[6.0],
        );
        close(
            &values(RegressionLoss::L1.forward(a, b, Reduction::Mean)),
            &[1.0],
        );
    }

    #[test]
    fn huber_at_zero_at_delta_and_beyond() {
        let zero = t1(&[0.0, 0.0, 0.0, 0.0, 0.0]);
        let x = t1(&[0.0, 0.5, -0.5, 1.0, -3.0]);
        // δ = 0.5: 0; 0.25/1 = 0.25; 0.25; 1 - 0.25 = 0.75; 3 - 0.25 = 2.75.
        close(
            &values(RegressionLoss::Huber { delta: 0.5 }.forward(x, zero, Reduction::None)),
            &[0.0, 0.25, 0.25, 0.75, 2.75],
        );
    }

    #[test]
    fn cross_entropy_matches_the_book() {
        // d2l-zh 3.6: y_hat = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2] -> [2.3026, 0.6931],
        // that is −log 0.1 = ln 10 and −log 0.5 = ln 2.
        let y_hat = Tensor::<2>::from_data([[0.1f32, 0.3, 0.6], [0.3, 0.2, 0.5]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 2], &cpu());
        close(
            &values(cross_entropy(y_hat, y)),
            &[std::f32::consts::LN_10, std::f32::consts::LN_2],
        );
    }

    /// d loss / d ŷ at each point of `x`, by autograd (y = 0).
    fn gradient(loss: RegressionLoss, x: &[f32]) -> Vec<f32> {
        let device = cpu().autodiff();
        let y_hat =
            Tensor::<1>::from_data(TensorData::new(x.to_vec(), [x.len()]), &device).require_grad();
        let y = Tensor::<1>::zeros([x.len()], &device);
        let grads = loss.forward(y_hat.clone(), y, Reduction::Sum).backward();
        y_hat.grad(&grads).unwrap().try_into_vec_as().unwrap()
    }

    #[test]
    fn gradients_are_the_analytic_ones() {
        let x = [-3.0f32, -1.0, -0.25, 0.25, 1.0, 3.0];
        close(&gradient(RegressionLoss::Squared, &x), &x); // L2: x
        close(&gradient(RegressionLoss::Mse, &x), &x.map(|v| 2.0 * v));
        close(&gradient(RegressionLoss::L1, &x), &x.map(f32::signum)); // L1: sign(x)
        // Huber: x / δ clipped to [−1, 1].
        close(
            &gradient(RegressionLoss::Huber { delta: 0.5 }, &x),
            &x.map(|v| (v / 0.5).clamp(-1.0, 1.0)),
        );
    }

    #[test]
    fn every_loss_passes_the_gradient_check() {
        use crate::nn::gradcheck::grad_check;
        // Points away from the kinks at 0 and ±δ, where one-sided slopes differ.
        let x = [-2.5, -0.7, -0.2, 0.3, 0.9, 2.0];
        for loss in [
            RegressionLoss::Squared,
            RegressionLoss::Mse,
            RegressionLoss::L1,
            RegressionLoss::Huber { delta: 0.5 },
        ] {
            let f = |y_hat: Tensor<1>| {
                let y = y_hat.zeros_like();
                loss.forward(y_hat, y, Reduction::Mean)
            };
            let check = grad_check(f, &x, 1e-6, &cpu());
            assert!(check.max_rel_error < 1e-3, "{}: {check:?}", loss.name());
        }
    }

    #[test]
    fn logits_cross_entropy_is_stable() {
        let logits = Tensor::<2>::from_data([[1000.0f32, -1000.0], [-1000.0, 1000.0]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 0], &cpu());
        let l = values(cross_entropy_logits(logits, y));
        close(&l, &[0.0, 2000.0]);
    }
}
