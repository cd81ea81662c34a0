//! d2l-zh 4.4 模型选择、欠拟合和过拟合: fitting a cubic with too few, the right number and too
//! many polynomial terms.
//!
//! The data: y = 5 + 1.2x − 3.4x²/2! + 5.6x³/3! + ε with ε ~ N(0, 0.1²), for x ~ N(0, 1). The
//! features are the first 20 terms xⁱ/i! (dividing by i! keeps the large powers from dwarfing
//! the rest), of which only four matter. A linear model without bias on the first 4 terms learns
//! the truth; on 2 it cannot (underfitting); on all 20 it fits the noise of 100 examples
//! (overfitting). Each fit trains with squared loss and SGD and records the training and test
//! loss every epoch.

use std::time::Instant;

use burn::module::Module;
use burn::nn::{Linear, LinearConfig};
use burn::tensor::{Tensor, TensorData};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand_distr::{Distribution, Normal};
use serde::Serialize;

use crate::data::load_array;
use crate::device::Device;
use crate::error::{Error, Result, check};
use crate::nn::loss::RegressionLoss;
use crate::nn::optim::OptimizerUpdater;
use crate::train::{EpochStats, Observer, mean_loss, train_regression};

/// The most polynomial terms (`max_degree = 20`: x⁰ to x¹⁹).
pub const MAX_DEGREE: usize = 20;

/// The true weights of the first four terms; the other sixteen are 0.
pub const TRUE_W: [f64; 4] = [5.0, 1.2, -3.4, 5.6];

/// Hyperparameters, with the book's defaults.
#[derive(Debug, Clone)]
pub struct PolyConfig {
    /// Training examples (`n_train = 100`).
    pub n_train: usize,
    /// Test examples (`n_test = 100`).
    pub n_test: usize,
    /// Epochs of the normal and the underfitting fit (`num_epochs = 400`).
    pub epochs: usize,
    /// Epochs of the overfitting fit (`num_epochs = 1500`).
    pub overfit_epochs: usize,
    /// Learning rate (`lr = 0.01`).
    pub lr: f64,
    /// Minibatch size (`batch_size = min(10, n_train)`).
    pub batch_size: usize,
    /// Seed for the data, the initial weights and the shuffling.
    pub seed: u64,
}

impl Default for PolyConfig {
    fn default() -> Self {
        Self {
            n_train: 100,
            n_test: 100,
            epochs: 400,
            overfit_epochs: 1500,
            lr: 0.01,
            batch_size: 10,
            seed: 42,
        }
    }
}

impl PolyConfig {
    /// Refuses hyperparameters that cannot train, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::learning_rate(self.lr)?;
        check::positive("--batch-size", self.batch_size)?;
        check::positive("--n-train", self.n_train)?;
        check::positive("--n-test", self.n_test)?;
        Ok(())
    }
}

/// Checks a number of terms: 1 to [`MAX_DEGREE`].
pub fn check_degree(degree: usize) -> Result<usize> {
    if (1..=MAX_DEGREE).contains(&degree) {
        Ok(degree)
    } else {
        Err(Error::Hyper {
            name: "--degree",
            value: degree.to_string(),
            expected: "a number of terms from 1 to 20",
        })
    }
}

/// The data set: `n_train + n_test` rows of the 20 features xⁱ/i!, and their labels.
pub fn poly_data(cfg: &PolyConfig, device: &Device) -> (Tensor<2>, Tensor<2>) {
    let n = cfg.n_train + cfg.n_test;
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let standard = Normal::new(0.0, 1.0).expect("N(0, 1) should be valid");
    let noise = Normal::new(0.0, 0.1).expect("N(0, 0.1²) should be valid");
    let mut features = Vec::with_capacity(n * MAX_DEGREE);
    let mut labels = Vec::with_capacity(n);
    for _ in 0..n {
        let x: f64 = standard.sample(&mut rng);
        // xⁱ / i!, built up term by term: term(i) = term(i − 1) · x / i.
        let mut term = 1.0;
        let mut y = noise.sample(&mut rng);
        for i in 0..MAX_DEGREE {
            if i > 0 {
                term *= x / i as f64;
            }
            features.push(term as f32);
            y += TRUE_W.get(i).copied().unwrap_or(0.0) * term;
        }
        labels.push(y as f32);
    }
    (
        Tensor::from_data(TensorData::new(features, [n, MAX_DEGREE]), device),
        Tensor::from_data(TensorData::new(labels, [n, 1]), device),
    )
}

/// One fit: which terms, what it learned, and its curves.
#[derive(Debug, Clone, Serialize)]
pub struct Fit {
    /// `normal`, `underfit`, `overfit` or `degree N`.
    pub name: String,
    /// How many terms it used.
    pub degree: usize,
    /// The learned weights, one per term.
    pub weights: Vec<f64>,
    /// Final mean squared loss on the training set.
    pub train_loss: f64,
    /// Final mean squared loss on the test set.
    pub test_loss: f64,
    /// Training and test loss after every epoch.
    pub epochs: Vec<EpochStats>,
}

/// What `d2l polyfit` reports.
#[derive(Debug, Clone, Serialize)]
pub struct PolyReport {
    /// The fits, in order.
    pub fits: Vec<Fit>,
    /// The true weights of the first terms.
    pub true_w: Vec<f64>,
    /// Where it ran.
    pub device: String,
    /// Wall time.
    pub seconds: f64,
}

/// The book's three fits: 4 terms (normal), 2 (underfitting), 20 (overfitting, longer).
pub fn book_fits(cfg: &PolyConfig) -> Vec<(String, usize, usize)> {
    vec![
        ("normal".into(), 4, cfg.epochs),
        ("underfit".into(), 2, cfg.epochs),
        ("overfit".into(), MAX_DEGREE, cfg.overfit_epochs),
    ]
}

/// Trains one linear model without bias on the first `degree` terms for `epochs` epochs.
pub fn fit(
    cfg: &PolyConfig,
    data: &(Tensor<2>, Tensor<2>),
    (name, degree, epochs): (String, usize, usize),
    device: &Device,
    observer: &mut impl Observer,
) -> Result<Fit> {
    check_degree(degree)?;
    let (features, labels) = data;
    let columns = |rows: std::ops::Range<usize>| {
        (
            features.clone().slice([rows.clone(), 0..degree]),
            labels.clone().slice([rows, 0..1]),
        )
    };
    let n = cfg.n_train + cfg.n_test;
    let (train, test) = (columns(0..cfg.n_train), columns(cfg.n_train..n));
    let train_iter = load_array(
        train.clone(),
        cfg.batch_size,
        true,
        cfg.seed.wrapping_add(1),
    );
    let train_eval = load_array(train, cfg.n_train, false, 0);
    let test_eval = load_array(test, cfg.n_test, false, 0);

    // net = nn.Sequential(nn.Linear(input_shape, 1, bias=False)), PyTorch's default init.
    let autodiff = device.clone().autodiff();
    autodiff.seed(cfg.seed.wrapping_add(2));
    let mut net: Linear = LinearConfig::new(degree, 1)
        .with_bias(false)
        .init(&autodiff);
    // loss = nn.MSELoss(reduction='none')
    let loss =
        |y_hat: Tensor<2>, y: Tensor<2>| RegressionLoss::Mse.per_element(y_hat, y).flatten(0, 1);
    let history = train_regression(
        &mut net,
        &train_iter,
        &train_eval,
        Some(&test_eval),
        loss,
        mean_loss(loss),
        epochs,
        &mut OptimizerUpdater::sgd(cfg.lr),
        observer,
    )?;
    let weights: Vec<f32> = net
        .valid()
        .weight
        .val()
        .try_into_vec_as()
        .expect("f32 weights");
    let last = history.last();
    Ok(Fit {
        name,
        degree,
        weights: weights.into_iter().map(f64::from).collect(),
        train_loss: last.map_or(f64::NAN, |e| e.train_loss),
        test_loss: last.and_then(|e| e.test_loss).unwrap_or(f64::NAN),
        epochs: history.epochs,
    })
}

/// Runs `fits` (the book's three by default) on one data set.
pub fn run(
    cfg: &PolyConfig,
    fits: Vec<(String, usize, usize)>,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<PolyReport> {
    cfg.validate()?;
    let start = Instant::now();
    let data = poly_data(cfg, device);
    let fits = fits
        .into_iter()
        .map(|spec| fit(cfg, &data, spec, device, observer))
        .collect::<Result<Vec<_>>>()?;
    Ok(PolyReport {
        fits,
        true_w: TRUE_W.to_vec(),
        device: crate::device::describe(device),
        seconds: start.elapsed().as_secs_f64(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn features_are_powers_over_factorials_and_labels_follow_the_cubic() {
        let cfg = PolyConfig {
            n_train: 3,
            n_test: 2,
            ..PolyConfig::default()
        };
        let (x, y) = poly_data(&cfg, &cpu());
        assert_eq!(x.dims(), [5, 20]);
        let x: Vec<f32> = x.try_into_vec_as().unwrap();
        let y: Vec<f32> = y.try_into_vec_as().unwrap();
        for row in 0..5 {
            let f = &x[row * 20..(row + 1) * 20];
            let v = f[1] as f64;
            assert_eq!(f[0], 1.0);
            assert!((f[3] as f64 - v.powi(3) / 6.0).abs() < 1e-5);
            let cubic: f64 = (0..4).map(|i| TRUE_W[i] * f[i] as f64).sum();
            assert!((y[row] as f64 - cubic).abs() < 0.5, "noise is N(0, 0.1²)");
        }
    }

    #[test]
    fn the_right_terms_learn_the_truth_and_too_few_cannot() {
        // Five data sets: how close 400 epochs get depends on the sample (one with few large |x|
        // learns the x³ weight slowly), so the claim is about the typical one, the median.
        let mut worst_errors = Vec::new();
        for seed in 0..5 {
            let cfg = PolyConfig {
                seed,
                ..PolyConfig::default()
            };
            let report = run(&cfg, book_fits(&cfg)[..2].to_vec(), &cpu(), &mut ()).unwrap();
            let (normal, underfit) = (&report.fits[0], &report.fits[1]);
            let error = normal
                .weights
                .iter()
                .zip(TRUE_W)
                .map(|(learned, truth)| (learned - truth).abs())
                .fold(0.0, f64::max);
            worst_errors.push(error);
            assert!(
                underfit.train_loss > 1.0,
                "seed {seed}: {}",
                underfit.train_loss
            );
            assert!(normal.test_loss < underfit.test_loss, "seed {seed}");
        }
        worst_errors.sort_by(f64::total_cmp);
        assert!(worst_errors[2] < 0.2, "{worst_errors:?}"); // book: [5.010, 1.235, -3.423, 5.503]
    }

    #[test]
    fn more_than_twenty_terms_is_refused() {
        let err = check_degree(21).unwrap_err().to_string();
        assert!(err.contains("--degree") && err.contains("1 to 20"), "{err}");
    }
}
