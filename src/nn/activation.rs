//! Activation functions written out by hand, where the book writes them itself.

use burn::tensor::Tensor;

/// softmax(X)ᵢⱼ = exp(Xᵢⱼ) / Σₖ exp(Xᵢₖ), row by row, as d2l-zh 3.6 writes it.
///
/// Kept to compare with: exp overflows f32 above about 88, so a row like `[100, 0]` gives
/// ∞ / ∞ = NaN. [`softmax`] is what the models use.
pub fn softmax_naive(x: Tensor<2>) -> Tensor<2> {
    let x_exp = x.exp();
    let partition = x_exp.clone().sum_dim(1); // [n, 1]: the normaliser of each row
    x_exp / partition // broadcasts over the columns
}

/// The stable softmax: subtract each row's maximum before `exp`.
///
/// exp(xⱼ − m) / Σₖ exp(xₖ − m) equals the book's formula for any m, and with m = maxₖ xₖ every
/// exponent is ≤ 0, so nothing overflows and the largest term is exactly 1.
pub fn softmax(x: Tensor<2>) -> Tensor<2> {
    let row_max = x.clone().max_dim(1).detach(); // [n, 1]; a constant shift has zero gradient
    softmax_naive(x - row_max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn softmax_rows_sum_to_one_and_keep_order() {
        let x = Tensor::<2>::from_data([[1.0f32, 2.0, 3.0], [0.0, 0.0, 0.0]], &cpu());
        let p: Vec<f32> = softmax(x).try_into_vec_as().unwrap();
        assert!((p[0] + p[1] + p[2] - 1.0).abs() < 1e-6);
        assert!(p[0] < p[1] && p[1] < p[2]);
        assert!((p[3] - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn naive_softmax_overflows_where_the_stable_one_does_not() {
        let x = Tensor::<2>::from_data([[100.0f32, 0.0]], &cpu());
        let naive: Vec<f32> = softmax_naive(x.clone()).try_into_vec_as().unwrap();
        let stable: Vec<f32> = softmax(x).try_into_vec_as().unwrap();
        assert!(naive[0].is_nan(), "{naive:?}");
        assert_eq!(stable[0], 1.0);
        assert!(stable[1] > 0.0 && stable[1] < 1e-40);
    }
}
