//! What a chapter-11 run records: the loss over the whole data set every 200 examples, with
//! the time and the examples so far, and the book's charts of it.

use serde::Serialize;

use crate::plot::curves::{Curves, Series};

/// How one airfoil run is trained: the minibatch size, the passes and the seed of the initial
/// weights and of the shuffling.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ch11Config {
    /// Examples per minibatch.
    pub batch_size: usize,
    /// Passes over the data.
    pub epochs: usize,
    /// Seeds w's initial values and the order of the examples.
    pub seed: u64,
}

/// The loss is measured after every this many examples, as the book's `n % 200 == 0`.
pub const RECORD_EVERY: usize = 200;

/// One measurement of a run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LossPoint {
    /// Passes over the data so far (fractional).
    pub epoch: f64,
    /// Examples processed so far.
    pub examples: usize,
    /// Training time so far, measurements excluded (the book stops its timer to measure).
    pub seconds: f64,
    /// The loss ½(ŷ − y)² averaged over the whole data set.
    pub loss: f64,
}

/// One run's loss curve, the book's `Animator` of `train_ch11`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LossCurve {
    /// E.g. "minibatch 10, lr 0.05".
    pub name: String,
    /// How it was trained.
    pub config: Ch11Config,
    /// Every measurement, in order.
    pub points: Vec<LossPoint>,
    /// The loss over the whole data set after the last update (the book prints the last
    /// measurement, which is this one whenever the run's length is a multiple of 200).
    pub final_loss: f64,
    /// Training time per pass.
    pub seconds_per_epoch: f64,
}

impl LossCurve {
    /// The book's printed line: `loss: 0.245, 0.012 sec/epoch`.
    pub fn summary(&self) -> String {
        format!(
            "{}: loss {:.3}, {:.3} sec/epoch",
            self.name, self.final_loss, self.seconds_per_epoch
        )
    }

    /// The book's `Animator(xlabel='epoch', ylabel='loss', xlim=[0, num_epochs],
    /// ylim=[0.22, 0.35])`; a loss above 0.35 widens the axis rather than leave the chart.
    pub fn chart(&self) -> Curves {
        Curves {
            title: self.name.clone(),
            xlabel: "epoch".into(),
            ylabel: "loss".into(),
            xlim: (0.0, self.config.epochs as f64),
            ylim: (0.22, 0.35),
            series: vec![Series::new(
                "loss",
                self.points.iter().map(|p| (p.epoch, p.loss)).collect(),
            )],
            size: (380, 300),
            log_y: false,
            log_x: false,
            markers: false,
        }
    }
}

/// Several runs on one chart against time or examples seen, both on log axes (11.5's figure).
pub fn compare(runs: &[LossCurve], against_time: bool) -> Curves {
    let series = runs
        .iter()
        .map(|run| {
            let points = run
                .points
                .iter()
                .map(|p| {
                    let x = if against_time {
                        p.seconds.max(1e-6)
                    } else {
                        p.examples as f64
                    };
                    (x, p.loss)
                })
                .collect();
            Series::new(run.name.clone(), points).with_markers()
        })
        .collect();
    let (xlabel, xlim) = if against_time {
        ("time (sec)", (1e-3, 1.0))
    } else {
        ("examples processed", (100.0, 1e4))
    };
    Curves {
        title: if against_time {
            "loss against time".into()
        } else {
            "loss against examples".into()
        },
        xlabel: xlabel.into(),
        ylabel: "loss".into(),
        xlim,
        ylim: (0.22, 0.35),
        series,
        size: (520, 360),
        log_y: false,
        log_x: true,
        markers: false,
    }
}
