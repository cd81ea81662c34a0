//! d2l-zh 11.11 学习率调度器 (learning-rate scheduling), on a small CNN on Fashion-MNIST.
//!
//! The optimizer decides the direction; the schedule decides how far, epoch by epoch. A rate
//! that stays high keeps the weights bouncing (and lets the network overfit its training set);
//! one that falls too fast stops learning early. The book compares, for a LeNet with ReLU and
//! max-pooling trained 30 epochs with SGD:
//!
//! - none: η = 0.3 throughout;
//! - square root: η_t = η₀ (t + 1)^−½ with η₀ = 0.1;
//! - factor: η_{t+1} = max(η_min, η_t · α), α = 0.9, η_min = 0.01 (only drawn, from η₀ = 2);
//! - multi-factor: η₀ = 0.5, halved at epochs 15 and 30 (PyTorch's `MultiStepLR`);
//! - cosine: η_t = η_T + (η₀ − η_T)(1 + cos(πt/T))/2 with η₀ = 0.3, η_T = 0.01, T = 20, then
//!   η_T;
//! - cosine with warm-up: η rises linearly from 0 to 0.3 over 5 epochs, then the cosine over
//!   the remaining 15.
//!
//! burn 0.22's schedulers (constant, step, exponential, linear, cosine, noam, sequential,
//! composed) have none of square root, multi-factor or warm-up cosine; [`BookScheduler`] is all
//! of them as one burn `LrScheduler`, whose `step()` gives the next epoch's rate.
//!
//! One change from the book's code: its own scheduler classes are applied at the end of an
//! epoch, so epoch t trains with scheduler(t − 1) and epoch 0 with the optimizer's initial rate
//! (`MultiStepLR` is not shifted). Here epoch t trains with the rate drawn for t, for all.

use std::path::Path;

use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::nn::{Linear, LinearConfig, PaddingConfig2d};
use burn::optim::lr_scheduler::{LrScheduler, LrSchedulerRecord};
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::Tensor;
use burn::tensor::activation::relu;
use serde::Serialize;

use crate::device::Device;
use crate::error::Result;
use crate::nn::loss::cross_entropy_logits;
use crate::nn::optim::Updater;
use crate::plot::curves::{Curves, Series};
use crate::train::{ClassifierRun, FashionMnistJob, Net, Observer, TrainConfig};

/// The book's schedules.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Schedule {
    /// A constant rate.
    Constant {
        /// η.
        lr: f64,
    },
    /// η₀ (t + 1)^−½ (the book's `SquareRootScheduler`).
    SquareRoot {
        /// η₀.
        lr: f64,
    },
    /// max(η_min, η₀ αᵗ⁺¹) (the book's `FactorScheduler`, which multiplies before returning).
    Factor {
        /// α.
        factor: f64,
        /// η_min.
        stop: f64,
        /// η₀.
        base: f64,
    },
    /// η₀ γ^(milestones ≤ t) (PyTorch's `MultiStepLR`).
    MultiFactor {
        /// η₀.
        base: f64,
        /// γ.
        gamma: f64,
        /// The epochs from which the rate is multiplied by γ once more.
        milestones: [usize; 2],
    },
    /// Warm-up for `warmup` epochs from `warmup_begin` to `base`, then a half cosine down to
    /// `final_lr` at `max_update`, then `final_lr` (the book's `CosineScheduler`).
    Cosine {
        /// T, the epoch at which the rate reaches `final_lr`.
        max_update: usize,
        /// η₀.
        base: f64,
        /// η_T.
        final_lr: f64,
        /// Warm-up epochs (0 for none).
        warmup: usize,
        /// The rate warm-up starts from.
        warmup_begin: f64,
    },
}

impl Schedule {
    /// The rate of update (epoch) `t`, from 0.
    pub fn lr(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { lr } => lr,
            Schedule::SquareRoot { lr } => lr * (t as f64 + 1.0).powf(-0.5),
            Schedule::Factor { factor, stop, base } => (base * factor.powi(t as i32 + 1)).max(stop),
            Schedule::MultiFactor {
                base,
                gamma,
                milestones,
            } => base * gamma.powi(milestones.iter().filter(|&&m| m <= t).count() as i32),
            Schedule::Cosine {
                max_update,
                base,
                final_lr,
                warmup,
                warmup_begin,
            } => {
                if t < warmup {
                    warmup_begin + (base - warmup_begin) * t as f64 / warmup as f64
                } else {
                    // (t − w) / (T − w) of the half cosine, held at η_T after T.
                    let progress =
                        (t.min(max_update) - warmup) as f64 / (max_update - warmup).max(1) as f64;
                    final_lr
                        + (base - final_lr) * (1.0 + (std::f64::consts::PI * progress).cos()) / 2.0
                }
            }
        }
    }
}

/// The book's schedules by name, as the command's `--schedule` takes them.
pub const SCHEDULES: [(&str, Schedule); 6] = [
    ("none", Schedule::Constant { lr: 0.3 }),
    ("square-root", Schedule::SquareRoot { lr: 0.1 }),
    (
        "factor",
        Schedule::Factor {
            factor: 0.9,
            stop: 1e-2,
            base: 2.0,
        },
    ),
    (
        "multi-factor",
        Schedule::MultiFactor {
            base: 0.5,
            gamma: 0.5,
            milestones: [15, 30],
        },
    ),
    (
        "cosine",
        Schedule::Cosine {
            max_update: 20,
            base: 0.3,
            final_lr: 0.01,
            warmup: 0,
            warmup_begin: 0.0,
        },
    ),
    (
        "cosine-warmup",
        Schedule::Cosine {
            max_update: 20,
            base: 0.3,
            final_lr: 0.01,
            warmup: 5,
            warmup_begin: 0.0,
        },
    ),
];

/// The schedules the book trains with (factor is only drawn).
pub const TRAINED: [&str; 5] = [
    "none",
    "square-root",
    "multi-factor",
    "cosine",
    "cosine-warmup",
];

/// A schedule by name.
pub fn schedule(name: &str) -> Option<Schedule> {
    SCHEDULES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// A [`Schedule`] as a burn [`LrScheduler`]: each `step()` returns the rate of the next update
/// (0, 1, 2, ...) and counts it; its record holds the count, so a resumed run goes on.
#[derive(Debug, Clone)]
pub struct BookScheduler {
    schedule: Schedule,
    updates: usize,
}

impl BookScheduler {
    /// A scheduler at update 0.
    pub fn new(schedule: Schedule) -> Self {
        Self {
            schedule,
            updates: 0,
        }
    }
}

impl LrScheduler for BookScheduler {
    fn step(&mut self) -> f64 {
        let lr = self.schedule.lr(self.updates);
        self.updates += 1;
        lr
    }

    fn to_record(&self) -> LrSchedulerRecord {
        LrSchedulerRecord::new().with_scalar("updates", self.updates as u64)
    }

    fn load_record(&mut self, record: LrSchedulerRecord) {
        if let Some(updates) = record.scalar::<u64>("updates") {
            self.updates = updates as usize;
        }
    }
}

/// An optimizer whose rate a scheduler sets once per epoch: the book's
/// `param_group['lr'] = scheduler(epoch)`, at the start of each epoch.
pub struct ScheduledUpdater<S: LrScheduler> {
    optimizer: ModuleOptimizer,
    scheduler: S,
    batches_per_epoch: usize,
    batches: usize,
    lr: f64,
    /// The rate of every epoch so far.
    pub rates: Vec<f64>,
}

impl<S: LrScheduler> ScheduledUpdater<S> {
    /// `optimizer` driven by `scheduler`, stepped every `batches_per_epoch` minibatches.
    pub fn new(optimizer: ModuleOptimizer, scheduler: S, batches_per_epoch: usize) -> Self {
        Self {
            optimizer,
            scheduler,
            batches_per_epoch: batches_per_epoch.max(1),
            batches: 0,
            lr: 0.0,
            rates: Vec::new(),
        }
    }
}

impl<M: Module, S: LrScheduler> Updater<M> for ScheduledUpdater<S> {
    fn step(&mut self, net: &mut M, losses: Tensor<1>) {
        if self.batches.is_multiple_of(self.batches_per_epoch) {
            self.lr = self.scheduler.step();
            self.rates.push(self.lr);
        }
        self.batches += 1;
        let grads = GradientsParams::from_grads(losses.mean().backward(), net);
        *net = self.optimizer.step(self.lr, net.clone(), grads);
    }
}

/// The section's network: LeNet with ReLU and max-pooling (PyTorch's default initialisation,
/// which is burn's too).
#[derive(Module, Debug)]
pub struct ModernLeNet {
    conv1: Conv2d,
    conv2: Conv2d,
    pool: MaxPool2d,
    fc1: Linear,
    fc2: Linear,
    fc3: Linear,
}

impl ModernLeNet {
    /// Conv(1→6, 5, pad 2), ReLU, max-pool 2; Conv(6→16, 5), ReLU, max-pool 2; dense 400 → 120
    /// → 84 → 10 with ReLUs.
    pub fn new(seed: u64, device: &Device) -> Self {
        let device = device.clone().autodiff();
        device.seed(seed);
        Self {
            conv1: Conv2dConfig::new([1, 6], [5, 5])
                .with_padding(PaddingConfig2d::Explicit(2, 2, 2, 2))
                .init(&device),
            conv2: Conv2dConfig::new([6, 16], [5, 5]).init(&device),
            pool: MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
            fc1: LinearConfig::new(16 * 5 * 5, 120).init(&device),
            fc2: LinearConfig::new(120, 84).init(&device),
            fc3: LinearConfig::new(84, 10).init(&device),
        }
    }
}

impl Net<Tensor<4>> for ModernLeNet {
    fn forward(&self, x: Tensor<4>) -> Tensor<2> {
        let x = self.pool.forward(relu(self.conv1.forward(x))); // [n, 6, 14, 14]
        let x = self.pool.forward(relu(self.conv2.forward(x))); // [n, 16, 5, 5]
        let x = relu(self.fc1.forward(x.flatten::<2>(1, 3))); // [n, 120]
        let x = relu(self.fc2.forward(x)); // [n, 84]
        self.fc3.forward(x) // [n, 10] logits
    }
}

/// The book's training settings: 30 epochs, minibatches of 256 (the rate is the schedule's).
pub const TRAIN: TrainConfig = TrainConfig::book(30, 0.3, 256);

/// The fields of one run's `--json` that only this section has.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduledRun {
    /// The schedule's name.
    pub schedule: String,
    /// Its parameters.
    pub settings: Schedule,
    /// The rate of each epoch trained.
    pub rates: Vec<f64>,
}

/// Trains [`ModernLeNet`] with SGD under `name`'s schedule for `train.epochs` epochs.
pub fn train(
    name: &str,
    train: &TrainConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<ScheduledRun>> {
    let settings = schedule(name).ok_or_else(|| crate::Error::Invalid {
        name: "--schedule",
        reason: format!("no schedule '{name}'"),
    })?;
    let job = FashionMnistJob::load(train, data_dir, device)?;
    let batches = crate::data::Batches::num_batches(&job.train_iter);
    let mut net = ModernLeNet::new(train.seed, device);
    let mut updater = ScheduledUpdater::new(
        SgdConfig::new().init(),
        BookScheduler::new(settings),
        batches,
    );
    let trained = job.fit(&mut net, cross_entropy_logits, &mut updater, observer)?;
    Ok(trained.report_with_speed(ScheduledRun {
        schedule: name.to_string(),
        settings,
        rates: updater.rates,
    }))
}

/// Every schedule drawn over epochs 0 to `epochs` − 1 (factor over 50 updates, as the book
/// draws it).
pub fn schedule_charts(epochs: usize) -> Vec<Curves> {
    SCHEDULES
        .iter()
        .map(|(name, schedule)| {
            let updates = if *name == "factor" { 50 } else { epochs };
            let points: Vec<(f64, f64)> =
                (0..updates).map(|t| (t as f64, schedule.lr(t))).collect();
            let top = points.iter().fold(0.0f64, |m, p| m.max(p.1));
            Curves {
                title: format!("schedule: {name}"),
                xlabel: "epoch".into(),
                ylabel: "learning rate".into(),
                xlim: (0.0, updates.saturating_sub(1).max(1) as f64),
                ylim: (0.0, top * 1.05),
                series: vec![Series::new("lr", points)],
                size: (380, 300),
                log_y: false,
                log_x: false,
                markers: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
