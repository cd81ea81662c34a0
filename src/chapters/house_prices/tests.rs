//! 4.10's pieces on small made-up data.

use super::*;
use crate::device::cpu;

#[test]
fn k_fold_data_holds_out_one_fold_and_drops_the_remainder() {
    let x = Tensor::<2>::from_data(
        TensorData::new((0..11).map(|v| v as f32).collect::<Vec<_>>(), [11, 1]),
        &cpu(),
    );
    let y = x.clone().mul_scalar(10.0);
    let ((train_x, train_y), (valid_x, valid_y)) = get_k_fold_data(3, 1, &x, &y);
    let values = |t: Tensor<2>| -> Vec<f32> { t.try_into_vec_as().unwrap() };
    assert_eq!(values(valid_x), [3.0, 4.0, 5.0]);
    assert_eq!(values(valid_y), [30.0, 40.0, 50.0]);
    assert_eq!(values(train_x), [0.0, 1.0, 2.0, 6.0, 7.0, 8.0]); // 9 and 10 left out
    assert_eq!(values(train_y).len(), 6);
}

#[test]
fn log_rmse_is_the_rms_of_log_ratios_with_predictions_clipped_at_one() {
    let device = cpu();
    // w = 1, b = 0: the prediction is the input.
    let net = Linear {
        weight: burn::module::Param::from_tensor(Tensor::ones([1, 1], &device)),
        bias: None,
    };
    let x = Tensor::<2>::from_data([[200.0f32], [50.0], [-3.0]], &device);
    let y = Tensor::<2>::from_data([[100.0f32], [100.0], [1.0]], &device);
    let data = load_array((x, y), 3, false, 0);
    // log 2, log 0.5 and log(max(-3, 1) / 1) = 0.
    let expected = ((2f64.ln().powi(2) * 2.0) / 3.0).sqrt();
    assert!((log_rmse(&net, &data) - expected).abs() < 1e-5);
}

#[test]
fn k_must_be_between_two_and_the_rows() {
    for k in [0, 1, 11] {
        let cfg = HouseConfig {
            k,
            ..HouseConfig::default()
        };
        let err = cfg.validate(10).unwrap_err().to_string();
        assert!(err.contains("--k"), "{err}");
    }
    assert!(
        HouseConfig {
            k: 10,
            ..HouseConfig::default()
        }
        .validate(10)
        .is_ok()
    );
}

#[test]
fn submission_has_a_header_and_one_line_per_house() {
    let csv = submission_csv(&[1461, 1462], &[120000.5, 98000.0]);
    assert_eq!(csv, "Id,SalePrice\n1461,120000.5\n1462,98000\n");
}
