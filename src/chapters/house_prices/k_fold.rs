//! 4.10's k-fold cross-validation, the final fit with its predictions, the fold-1 curves and the
//! submission file.

use burn::tensor::Tensor;
use serde::Serialize;

use crate::error::Result;
use crate::plot::curves::{Curves, Series, decades};
use crate::train::{EpochStats, Net, Observer};

use super::*;

/// `get_k_fold_data(k, i, X, y)`: fold i (of `rows / k` houses) for validation, the other folds
/// for training; the last `rows % k` houses are left out, as in the book.
pub fn get_k_fold_data(
    k: usize,
    i: usize,
    x: &Tensor<2>,
    y: &Tensor<2>,
) -> ((Tensor<2>, Tensor<2>), (Tensor<2>, Tensor<2>)) {
    let [rows, cols] = x.dims();
    let fold_size = rows / k;
    let part = |j: usize| {
        let range = j * fold_size..(j + 1) * fold_size;
        (
            x.clone().slice([range.clone(), 0..cols]),
            y.clone().slice([range, 0..1]),
        )
    };
    let (train_x, train_y): (Vec<_>, Vec<_>) = (0..k).filter(|&j| j != i).map(part).unzip();
    ((Tensor::cat(train_x, 0), Tensor::cat(train_y, 0)), part(i))
}

/// One fold's result.
#[derive(Debug, Clone, Serialize)]
pub struct FoldResult {
    /// 1-based fold number.
    pub fold: usize,
    /// Log RMSE on the training folds after the last epoch.
    pub train_log_rmse: f64,
    /// Log RMSE on the validation fold after the last epoch.
    pub valid_log_rmse: f64,
}

/// What `d2l kaggle-house` reports.
#[derive(Debug, Clone, Serialize)]
pub struct HouseReport {
    /// The model that was fitted.
    pub model: HouseModel,
    /// Folds.
    pub k: usize,
    /// Each fold's final figures.
    pub folds: Vec<FoldResult>,
    /// Average training log RMSE over the folds (book: 0.165458).
    pub avg_train_log_rmse: f64,
    /// Average validation log RMSE over the folds (book: 0.170293).
    pub avg_valid_log_rmse: f64,
    /// Fold 1's curves, as the book draws them.
    pub fold1_epochs: Vec<EpochStats>,
    /// Training log RMSE of the final model, trained on every house (book: 0.162354).
    pub final_train_log_rmse: f64,
    /// The final model's curve.
    pub final_epochs: Vec<EpochStats>,
    /// How many test houses were predicted.
    pub predictions: usize,
    /// Where it ran.
    pub device: String,
    /// Wall time.
    pub seconds: f64,
}

/// `k_fold`: trains a fresh model (`get_net(seed)`) on each of the k splits and averages their
/// final figures.
pub fn k_fold<N: Net<Tensor<2>>>(
    data: &HouseData,
    cfg: &HouseConfig,
    get_net: impl Fn(u64) -> N,
    observer: &mut impl Observer,
) -> Result<(Vec<FoldResult>, Vec<EpochStats>)> {
    let mut folds = Vec::with_capacity(cfg.k);
    let mut fold1 = Vec::new();
    for i in 0..cfg.k {
        let (train_part, valid_part) =
            get_k_fold_data(cfg.k, i, &data.train_features, &data.train_labels);
        let mut net = get_net(cfg.seed.wrapping_add(i as u64));
        let epochs = train(&mut net, train_part, Some(valid_part), cfg, observer)?;
        let last = epochs.last().copied();
        folds.push(FoldResult {
            fold: i + 1,
            train_log_rmse: last.map_or(f64::NAN, |e| e.train_loss),
            valid_log_rmse: last.and_then(|e| e.test_loss).unwrap_or(f64::NAN),
        });
        if i == 0 {
            fold1 = epochs;
        }
    }
    Ok((folds, fold1))
}

/// `train_and_pred`: one model on every training house, then its prices for the test houses.
pub fn train_and_pred<N: Net<Tensor<2>>>(
    data: &HouseData,
    cfg: &HouseConfig,
    get_net: impl Fn(u64) -> N,
    observer: &mut impl Observer,
) -> Result<(Vec<EpochStats>, Vec<f64>)> {
    let mut net = get_net(cfg.seed.wrapping_add(cfg.k as u64));
    let train_part = (data.train_features.clone(), data.train_labels.clone());
    let epochs = train(&mut net, train_part, None, cfg, observer)?;
    let preds: Vec<f32> = net
        .valid()
        .forward(data.test_features.clone())
        .try_into_vec_as()
        .expect("f32 predictions");
    Ok((epochs, preds.into_iter().map(f64::from).collect()))
}

/// The book's `d2l.plot(..., xlabel='epoch', ylabel='rmse', legend=['train', 'valid'],
/// yscale='log')` of fold 1.
pub fn fold_curves(epochs: &[EpochStats]) -> Curves {
    let points = |pick: fn(&EpochStats) -> Option<f64>| -> Vec<(f64, f64)> {
        epochs
            .iter()
            .filter_map(|e| pick(e).map(|v| (e.epoch as f64, v)))
            .collect()
    };
    let series = vec![
        Series::new("train", points(|e| Some(e.train_loss))),
        Series::new("valid", points(|e| e.test_loss)),
    ];
    Curves {
        title: "fold 1".into(),
        xlabel: "epoch".into(),
        ylabel: "rmse".into(),
        xlim: (1.0, epochs.len().max(2) as f64),
        ylim: decades(&series, (1e-1, 1e1)),
        series,
        size: (480, 360),
        log_y: true,
        log_x: false,
        markers: false,
    }
}

/// `submission.csv`: `Id,SalePrice`, one line per test house.
pub fn submission_csv(ids: &[i64], prices: &[f64]) -> String {
    let mut csv = String::from("Id,SalePrice\n");
    for (id, price) in ids.iter().zip(prices) {
        csv.push_str(&format!("{id},{price}\n"));
    }
    csv
}
