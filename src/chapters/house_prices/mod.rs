//! d2l-zh 4.10 实战Kaggle比赛:预测房价: a linear model on the 330 house features, judged by
//! the log RMSE, chosen by k-fold cross-validation, and a `submission.csv` for the test houses.
//!
//! The steps in the section's order: the features ([`kaggle_house_features`], shared with
//! 2.2's preprocessing), the model and its loss ([`get_net`], squared error on the prices), the
//! measure ([`log_rmse`]), training with Adam ([`train`]), k folds ([`get_k_fold_data`],
//! [`k_fold`]) and the final fit with its predictions ([`train_and_pred`]).
//!
//! Beyond the book, `--model mlp` ([`HouseMlp`]) puts one hidden layer with dropout between the
//! features and the price, trained with weight decay, for the section's exercise "can you do
//! better than the linear model?".

use std::path::Path;
use std::time::Instant;

use burn::module::Module;
use burn::nn::{Dropout, DropoutConfig, Linear, LinearConfig, Relu};
use burn::optim::AdamConfig;
use burn::optim::decay::WeightDecayConfig;
use burn::tensor::{DType, Tensor, TensorData};
use polars::prelude::DataFrame;
use serde::Serialize;

use crate::data::kaggle_house::FILES as KAGGLE_FILES;
use crate::data::preprocess::{CsvOptions, read_csv, to_tensor};
use crate::data::{ArrayLoader, load_array};
use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::nn::loss::RegressionLoss;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{EpochStats, Net, Observer, train_regression};
use features::kaggle_house_features;

pub mod features;
mod k_fold;
#[cfg(test)]
mod tests;

pub use k_fold::*;

/// Which model to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum HouseModel {
    /// The book's `nn.Linear(330, 1)`.
    Linear,
    /// One hidden ReLU layer with dropout ([`HouseMlp`]), beyond the book.
    Mlp,
}

/// Hyperparameters, with the book's defaults.
#[derive(Debug, Clone)]
pub struct HouseConfig {
    /// The model (`linear`, the book's).
    pub model: HouseModel,
    /// Width of the MLP's hidden layer (`--model mlp` only).
    pub hidden: usize,
    /// Dropout after the MLP's hidden layer (`--model mlp` only).
    pub dropout: f64,
    /// Folds (`k = 5`).
    pub k: usize,
    /// Passes over the training folds (`num_epochs = 100`).
    pub epochs: usize,
    /// Adam's learning rate (`lr = 5`).
    pub lr: f64,
    /// L2 weight decay in Adam (`weight_decay = 0`).
    pub weight_decay: f64,
    /// Minibatch size (`batch_size = 64`).
    pub batch_size: usize,
    /// Seed for the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for HouseConfig {
    fn default() -> Self {
        Self {
            model: HouseModel::Linear,
            hidden: 64,
            dropout: 0.2,
            k: 5,
            epochs: 100,
            lr: 5.0,
            weight_decay: 0.0,
            batch_size: 64,
            seed: 42,
        }
    }
}

impl HouseConfig {
    /// Refuses hyperparameters that cannot train, naming the flag; `rows` is the number of
    /// training houses, which bounds k.
    pub fn validate(&self, rows: usize) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        if !(2..=rows.max(2)).contains(&self.k) {
            return Err(Error::Hyper {
                name: "--k",
                value: self.k.to_string(),
                expected: "at least 2 folds and at most one per training house",
            });
        }
        if !(self.weight_decay.is_finite() && self.weight_decay >= 0.0) {
            return Err(Error::Hyper {
                name: "--weight-decay",
                value: self.weight_decay.to_string(),
                expected: "a finite number >= 0",
            });
        }
        check::positive("--hidden", self.hidden)?;
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(Error::Hyper {
                name: "--dropout",
                value: self.dropout.to_string(),
                expected: "a probability in [0, 1)",
            });
        }
        Ok(())
    }

    /// The defaults for `model`: the book's for the linear model; for the MLP, settings chosen
    /// by 5-fold validation on the training houses (see [`HouseMlp`]).
    pub fn for_model(model: HouseModel) -> Self {
        match model {
            HouseModel::Linear => Self::default(),
            HouseModel::Mlp => Self {
                model,
                lr: MLP_LR,
                weight_decay: MLP_WEIGHT_DECAY,
                ..Self::default()
            },
        }
    }
}

/// Adam's rate for [`HouseMlp`].
pub const MLP_LR: f64 = 0.05;
/// Adam's L2 weight decay for [`HouseMlp`].
pub const MLP_WEIGHT_DECAY: f64 = 1.0;

/// The data of the section as tensors.
pub struct HouseData {
    /// Training features `[1460, 330]`.
    pub train_features: Tensor<2>,
    /// Sale prices `[1460, 1]`.
    pub train_labels: Tensor<2>,
    /// Test features `[1459, 330]`.
    pub test_features: Tensor<2>,
    /// The test houses' `Id`s, for the submission.
    pub test_ids: Vec<i64>,
}

/// Reads the two files in `dir` into [`HouseData`].
pub fn load(dir: &Path, device: &Device) -> Result<HouseData> {
    let (table, labels) = kaggle_house_features(dir)?;
    let n_train = labels.len();
    let features = to_tensor(&table.frame, DType::F32, device)?;
    let [rows, cols] = features.dims();
    let prices: Vec<f32> = labels
        .cast(&polars::prelude::DataType::Float32)
        .and_then(|c| {
            c.f32()
                .map(|values| values.iter().map(|v| v.unwrap_or(f32::NAN)).collect())
        })
        .map_err(|e| Error::format(dir.join(KAGGLE_FILES[0].name), format!("SalePrice: {e}")))?;
    if prices.iter().any(|p| !p.is_finite() || *p <= 0.0) {
        return Err(Error::format(
            dir.join(KAGGLE_FILES[0].name),
            "SalePrice holds a missing, zero or negative price (the log RMSE needs prices > 0)",
        ));
    }
    let test_path = dir.join(KAGGLE_FILES[1].name);
    let test_ids = ids(&read_csv(&test_path, &CsvOptions::pandas())?, &test_path)?;
    Ok(HouseData {
        train_features: features.clone().slice([0..n_train, 0..cols]),
        train_labels: Tensor::from_data(TensorData::new(prices, [n_train, 1]), device),
        test_features: features.slice([n_train..rows, 0..cols]),
        test_ids,
    })
}

/// The `Id` column of a Kaggle file, as integers: one per house, whole, each once, and at
/// least one house (a submission of no rows, a rounded or a repeated Id would be accepted by
/// nobody).
fn ids(frame: &DataFrame, path: &Path) -> Result<Vec<i64>> {
    let bad = |reason: String| Error::format(path, reason);
    let column = frame
        .column("Id")
        .map_err(|_| bad("no Id column (expected d2l's Kaggle file)".into()))?;
    if column.is_empty() {
        return Err(bad(
            "has no houses (only a header): there is nothing to predict".into(),
        ));
    }
    let values = column
        .cast(&polars::prelude::DataType::Float64)
        .map_err(|_| bad("the Id column is not numbers".into()))?;
    let values = values
        .f64()
        .map_err(|_| bad("the Id column is not numbers".into()))?;
    let mut seen = std::collections::HashMap::new();
    let mut ids = Vec::with_capacity(values.len());
    for (row, value) in values.iter().enumerate() {
        let house = row + 1;
        let id = match value {
            Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => v as i64,
            Some(v) => {
                return Err(bad(format!(
                    "house {house} has Id {v}: Ids are whole numbers"
                )));
            }
            None => return Err(bad(format!("house {house} has no Id"))),
        };
        if let Some(first) = seen.insert(id, house) {
            return Err(bad(format!(
                "Id {id} is given to houses {first} and {house}: each house needs its own"
            )));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// `get_net()`: one `Linear(330, 1)`, PyTorch's default initialisation.
pub fn get_net(in_features: usize, seed: u64, device: &Device) -> Linear {
    let device = device.clone().autodiff();
    device.seed(seed);
    LinearConfig::new(in_features, 1).init(&device)
}

/// Beyond the book: `Linear(330, hidden)`, ReLU, `Dropout(p)`, `Linear(hidden, 1)`. Dropout
/// and Adam's weight decay keep the extra capacity from fitting the 1,168 training houses of a
/// fold by heart.
#[derive(Module, Debug)]
pub struct HouseMlp {
    /// Features to hidden units.
    pub hidden: Linear,
    /// max(h, 0).
    pub relu: Relu,
    /// Zeroes hidden units at random while training.
    pub dropout: Dropout,
    /// Hidden units to the price.
    pub output: Linear,
}

impl HouseMlp {
    /// PyTorch's default initialisation of both layers, seeded.
    pub fn new(in_features: usize, cfg: &HouseConfig, seed: u64, device: &Device) -> Self {
        let device = device.clone().autodiff();
        device.seed(seed);
        Self {
            hidden: LinearConfig::new(in_features, cfg.hidden).init(&device),
            relu: Relu::new(),
            dropout: DropoutConfig::new(cfg.dropout).init(),
            output: LinearConfig::new(cfg.hidden, 1).init(&device),
        }
    }
}

impl Net<Tensor<2>> for HouseMlp {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let h = self.relu.forward(self.hidden.forward(x));
        self.output.forward(self.dropout.forward(h))
    }
}

/// The training loss: squared error on the prices themselves (`nn.MSELoss`), per house.
pub fn loss(y_hat: Tensor<2>, y: Tensor<2>) -> Tensor<1> {
    RegressionLoss::Mse.per_element(y_hat, y).flatten(0, 1)
}

/// `log_rmse`: √(mean (log max(ŷ, 1) − log y)²), the error relative to the price, which is what
/// Kaggle scores (a $10,000 miss matters more on a $100,000 house than on a $1,000,000 one).
pub fn log_rmse<N: Net<Tensor<2>>>(net: &N, data: &ArrayLoader) -> f64 {
    let net = net.valid();
    let (mut sum, mut count) = (0.0, 0usize);
    for (x, y) in data.iter() {
        let clipped = net.forward(x).clamp_min(1.0);
        let err = (clipped.log() - y.log()).square();
        count += err.dims()[0];
        sum += err.sum().into_scalar::<f32>() as f64;
    }
    (sum / count.max(1) as f64).sqrt()
}

/// One training run: log RMSE per epoch on the training part and, if given, the validation part.
pub fn train<N: Net<Tensor<2>>>(
    net: &mut N,
    (train_x, train_y): (Tensor<2>, Tensor<2>),
    valid: Option<(Tensor<2>, Tensor<2>)>,
    cfg: &HouseConfig,
    observer: &mut impl Observer,
) -> Result<Vec<EpochStats>> {
    let n = train_x.dims()[0];
    let train_iter = load_array(
        (train_x.clone(), train_y.clone()),
        cfg.batch_size,
        true,
        cfg.seed,
    );
    let train_eval = load_array((train_x, train_y), n, false, 0);
    let valid_eval = valid.map(|(x, y)| {
        let m = x.dims()[0];
        load_array((x, y), m, false, 0)
    });
    // optimizer = torch.optim.Adam(net.parameters(), lr=learning_rate, weight_decay=weight_decay)
    let adam = AdamConfig::new()
        .with_epsilon(1e-8) // PyTorch's default
        .with_weight_decay(
            (cfg.weight_decay > 0.0).then(|| WeightDecayConfig::new(cfg.weight_decay as f32)),
        )
        .init();
    let history = train_regression(
        net,
        &train_iter,
        &train_eval,
        valid_eval.as_ref(),
        loss,
        |net: &N, data: &ArrayLoader| log_rmse(net, data),
        cfg.epochs,
        &mut OptimizerUpdater::new(adam, cfg.lr),
        observer,
    )?;
    Ok(history.epochs)
}

/// The whole section: k-fold cross-validation, then the final model, its predictions written to
/// `submission` (through a temporary file: a failed write keeps an existing file).
pub fn run(
    cfg: &HouseConfig,
    dir: &Path,
    submission: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<HouseReport> {
    let start = Instant::now();
    let data = load(dir, device)?;
    cfg.validate(data.train_features.dims()[0])?;
    let [_, in_features] = data.train_features.dims();
    let ((folds, fold1_epochs), (final_epochs, prices)) = match cfg.model {
        HouseModel::Linear => {
            let net = |seed| get_net(in_features, seed, device);
            (
                k_fold(&data, cfg, net, observer)?,
                train_and_pred(&data, cfg, net, observer)?,
            )
        }
        HouseModel::Mlp => {
            let net = |seed| HouseMlp::new(in_features, cfg, seed, device);
            (
                k_fold(&data, cfg, net, observer)?,
                train_and_pred(&data, cfg, net, observer)?,
            )
        }
    };
    let mean = |f: fn(&FoldResult) -> f64| folds.iter().map(f).sum::<f64>() / folds.len() as f64;
    let (avg_train, avg_valid) = (mean(|f| f.train_log_rmse), mean(|f| f.valid_log_rmse));
    crate::fsutil::write_atomic(
        submission,
        submission_csv(&data.test_ids, &prices).as_bytes(),
    )?;
    Ok(HouseReport {
        model: cfg.model,
        k: cfg.k,
        avg_train_log_rmse: avg_train,
        avg_valid_log_rmse: avg_valid,
        folds,
        fold1_epochs,
        final_train_log_rmse: final_epochs.last().map_or(f64::NAN, |e| e.train_loss),
        final_epochs,
        predictions: prices.len(),
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    })
}
