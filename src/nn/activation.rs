//! Activation functions written out by hand, where the book writes them itself. softmax is
//! written in the section that introduces it (3.6, `chapters::softmax_regression::scratch`)
//! and re-exported here for the chapters after it.

#[cfg(test)]
use burn::tensor::Tensor;

pub use crate::chapters::softmax_regression::scratch::{softmax, softmax_naive};

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
