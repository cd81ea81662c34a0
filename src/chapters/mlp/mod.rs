//! Multilayer perceptrons on Fashion-MNIST, d2l-zh 4.1-4.3 (多层感知机).
//!
//! - [`scratch`]: 4.2 从零开始实现, parameters, ReLU and the model by hand;
//! - [`concise`]: 4.3 简洁实现, burn's `Linear` and `Relu`.
//!
//! Both are burn modules trained by the same [`FashionMnistJob`] as softmax regression: only the model
//! changed, one hidden layer of 256 units between the pixels and the ten classes.

pub mod concise;
pub mod scratch;

use std::path::Path;

use serde::Serialize;

use crate::device::Device;
use crate::error::{Result, check};
use crate::nn::optim::OptimizerUpdater;
use crate::train::{BookSettings, ClassifierRun, FashionMnistJob, Observer, TrainConfig};

/// Which implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum MlpImpl {
    /// 4.2: parameters, ReLU and the model by hand.
    Scratch,
    /// 4.3: burn's Linear and Relu.
    Concise,
}

/// Hyperparameters, with the book's defaults (the command line takes its defaults from here).
#[derive(Debug, Clone)]
pub struct MlpConfig {
    /// Implementation.
    pub implementation: MlpImpl,
    /// Units in the hidden layer (`num_hiddens = 256`).
    pub num_hiddens: usize,
    /// Epochs, learning rate, batch size and seed (the book's: [`MlpConfig::TRAIN`]).
    pub train: TrainConfig,
}

/// `num_epochs, lr = 10, 0.1`, `batch_size = 256` in both 4.2 and 4.3.
impl MlpConfig {
    /// Refuses a width of 0, or one whose training would not fit in memory, naming the flag.
    pub fn validate(&self) -> Result<()> {
        check::positive("--num-hiddens", self.num_hiddens)?;
        crate::train::check_mlp_memory(&[self.num_hiddens], self.train.batch_size)
    }
}

impl BookSettings for MlpConfig {
    const NAME: &'static str = "mlp";
    const TRAIN: TrainConfig = TrainConfig::book(10, 0.1, 256);
}

impl Default for MlpConfig {
    fn default() -> Self {
        Self {
            implementation: MlpImpl::Scratch,
            num_hiddens: 256,
            train: Self::TRAIN,
        }
    }
}

/// 28 × 28 pixels in, ten classes out.
const NUM_INPUTS: usize = 784;
const NUM_OUTPUTS: usize = 10;

/// The fields of the `--json` line that only the MLP has.
#[derive(Debug, Clone, Serialize)]
pub struct MlpSection {
    /// `scratch` or `concise`.
    #[serde(rename = "impl")]
    pub implementation: MlpImpl,
    /// Units in the hidden layer.
    pub num_hiddens: usize,
}

/// The whole job: load Fashion-MNIST from `data_dir`, train for `cfg.train.epochs` with SGD
/// and cross-entropy, predict a few test images and measure.
pub fn run(
    cfg: &MlpConfig,
    data_dir: &Path,
    device: &Device,
    observer: &mut impl Observer,
) -> Result<ClassifierRun<MlpSection>> {
    cfg.validate()?;
    let job = FashionMnistJob::load(&cfg.train, data_dir, device)?;
    let (h, seed) = (cfg.num_hiddens, cfg.train.seed);
    // updater = torch.optim.SGD(params, lr=lr) in both sections.
    let mut updater = OptimizerUpdater::sgd(cfg.train.lr);
    // The one place the two implementations differ: the model and its loss function.
    let trained = match cfg.implementation {
        MlpImpl::Scratch => {
            let mut net = scratch::init_params(NUM_INPUTS, h, NUM_OUTPUTS, seed, device);
            job.fit(&mut net, scratch::loss, &mut updater, observer)?
        }
        MlpImpl::Concise => {
            let mut net = concise::Mlp::new(NUM_INPUTS, h, NUM_OUTPUTS, seed, device);
            job.fit(&mut net, concise::loss, &mut updater, observer)?
        }
    };
    Ok(trained.report(MlpSection {
        implementation: cfg.implementation,
        num_hiddens: cfg.num_hiddens,
    }))
}
