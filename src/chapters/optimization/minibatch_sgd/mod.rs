//! d2l-zh 11.5 小批量随机梯度下降 (minibatch stochastic gradient descent), on the airfoil data.
//!
//! One gradient over all 1,500 examples (gradient descent) costs one pass but moves once; one
//! example at a time (SGD) moves 1,500 times a pass but each step is a tiny, noisy matrix
//! product that a CPU cannot vectorise. A minibatch B averages |B| gradients,
//! g = (1/|B|) Σ_{i∈B} ∇l_i, which keeps the noise's variance down by 1/|B| and turns the
//! work into matrix products. The four runs below show it as loss against time and against
//! examples seen.
//!
//! This section also writes the chapter's two training loops, which 11.6-11.10 reuse:
//! [`train_ch11`] drives a linear model by hand with any [`ScratchOptimizer`] (the book's
//! `trainer_fn(params, states, hyperparams)`), [`train_concise_ch11`] drives burn's `Linear`
//! with any burn optimizer. Both measure the loss over the whole data set every 200 examples.

mod curves;
mod data;
mod train;

use burn::optim::SgdConfig;
use serde::Serialize;

pub use curves::{Ch11Config, LossCurve, LossPoint, RECORD_EVERY, compare};
pub use data::{AirfoilTensors, get_data_ch11};
pub use train::{ScratchOptimizer, ScratchSgd, train_ch11, train_concise_ch11, zero_states};

use crate::error::Result;
use crate::plot::curves::Curves;

/// How the book trains every optimizer of 11.6-11.10 from scratch: minibatches of 10, two
/// passes (`get_data_ch11(10)`, `train_ch11(..., num_epochs=2)`).
pub fn scratch_config(seed: u64) -> Ch11Config {
    Ch11Config {
        batch_size: 10,
        epochs: 2,
        seed,
    }
}

/// How the book trains the concise versions: minibatches of 10, four passes
/// (`train_concise_ch11(..., num_epochs=4)`).
pub fn concise_config(seed: u64) -> Ch11Config {
    Ch11Config {
        batch_size: 10,
        epochs: 4,
        seed,
    }
}

/// One optimizer's airfoil runs in sections 11.6-11.10: the book's settings from scratch, then
/// burn's optimizer configured as PyTorch's.
#[derive(Debug, Clone, Serialize)]
pub struct AirfoilRuns {
    /// From scratch with [`train_ch11`].
    pub scratch: Vec<LossCurve>,
    /// With burn's optimizer and [`train_concise_ch11`].
    pub concise: Vec<LossCurve>,
}

impl AirfoilRuns {
    /// Every run, scratch first.
    pub fn all(&self) -> Vec<&LossCurve> {
        self.scratch.iter().chain(&self.concise).collect()
    }

    /// Every run's loss curve.
    pub fn charts(&self) -> Vec<Curves> {
        self.all().into_iter().map(LossCurve::chart).collect()
    }
}

/// One of the book's from-scratch SGD runs: `train_sgd(lr, batch_size, num_epochs)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SgdRun {
    /// Its name in the figures.
    pub name: &'static str,
    /// η.
    pub lr: f64,
    /// Examples per minibatch.
    pub batch_size: usize,
    /// Passes over the data.
    pub epochs: usize,
}

/// The section's four runs, with the book's settings: the whole set, one example, 100 and 10.
pub const BOOK_RUNS: [SgdRun; 4] = [
    SgdRun {
        name: "gd",
        lr: 1.0,
        batch_size: 1500,
        epochs: 10,
    },
    SgdRun {
        name: "sgd",
        lr: 0.005,
        batch_size: 1,
        epochs: 2,
    },
    SgdRun {
        name: "batch size 100",
        lr: 0.4,
        batch_size: 100,
        epochs: 2,
    },
    SgdRun {
        name: "batch size 10",
        lr: 0.05,
        batch_size: 10,
        epochs: 2,
    },
];

/// The concise run: `torch.optim.SGD` with lr 0.01, minibatches of 10, 4 passes.
pub const CONCISE: SgdRun = SgdRun {
    name: "concise sgd",
    lr: 0.01,
    batch_size: 10,
    epochs: 4,
};

/// Everything 11.5 runs.
#[derive(Debug, Clone, Serialize)]
pub struct MinibatchSgd {
    /// [`BOOK_RUNS`] from scratch, in order.
    pub runs: Vec<LossCurve>,
    /// [`CONCISE`] with burn's `Sgd`.
    pub concise: LossCurve,
}

/// Trains the section's runs on `data`.
pub fn run(data: &AirfoilTensors, seed: u64) -> Result<MinibatchSgd> {
    let runs = BOOK_RUNS
        .iter()
        .map(|run| {
            let config = Ch11Config {
                batch_size: run.batch_size,
                epochs: run.epochs,
                seed,
            };
            train_ch11(&mut ScratchSgd { lr: run.lr }, data, config, run.name)
        })
        .collect::<Result<Vec<_>>>()?;
    let config = Ch11Config {
        batch_size: CONCISE.batch_size,
        epochs: CONCISE.epochs,
        seed,
    };
    let concise = train_concise_ch11(
        SgdConfig::new().init(),
        CONCISE.lr,
        data,
        config,
        CONCISE.name,
    )?;
    Ok(MinibatchSgd { runs, concise })
}

impl MinibatchSgd {
    /// Each run's curve, then the comparison against time and against examples.
    pub fn charts(&self) -> Vec<Curves> {
        let mut charts: Vec<Curves> = self.runs.iter().map(LossCurve::chart).collect();
        charts.push(self.concise.chart());
        charts.push(compare(&self.runs, true));
        charts.push(compare(&self.runs, false));
        charts
    }
}
