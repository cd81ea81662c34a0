//! The training loops every chapter shares, and what they report.
//!
//! - [`classify`]: d2l-zh 3.6's `train_ch3` (images in, class scores out), used by softmax
//!   regression and the MLPs; later chapters' `train_ch6` is the same loop.
//! - [`job`]: the whole Fashion-MNIST classifier job around `train_ch3` (load, fit, time,
//!   evaluate, predict, report), which every classification section runs;
//! - [`regress`]: minibatch training of a model that predicts numbers (linear regression,
//!   polynomial fitting, weight decay, house prices), with the loss over whole data sets per epoch.
//!
//! Both loops take any burn [`Module`](burn::module::Module) that implements [`Net`], an
//! [`Updater`](crate::nn::optim::Updater) (the book's hand-written `sgd` or a burn optimizer),
//! report to the same [`Observer`], return the same [`History`] and stop with the same
//! [`Error::Diverged`]. The library prints nothing: the binary turns observations into lines,
//! bars and plots.

/// The classification loop, written in section 3.6 (`chapters::softmax_regression::training`).
pub use crate::chapters::softmax_regression::training as classify;
pub mod job;
pub mod regress;

use crate::error::{Error, Result};
use burn::module::{Module, ModuleVisitor};
use burn::tensor::Tensor;

pub use crate::history::{EpochStats, History};
pub use classify::{
    Prediction, evaluate_accuracy, predict_ch3, prediction_titles, train_ch3, train_epoch_ch3,
};
pub use job::{
    BookSettings, ClassifierReport, ClassifierRun, FashionMnistJob, Fitted, ImageInput,
    PREDICTIONS, TrainConfig, Trained, check_mlp_memory,
};
pub use regress::{evaluate_loss, mean_loss, train_regression};

/// A model: a burn [`Module`] with a forward pass from inputs `I` to one row of outputs per
/// example (class scores `[n, q]`, or predictions `[n, 1]`).
///
/// Evaluation uses [`Module::valid`], burn's `net.eval()` + `torch.no_grad()`: the same
/// parameters, outside the autodiff graph, with dropout and the like switched off.
pub trait Net<I>: Module {
    /// ŷ for a minibatch: probabilities, logits or values, whichever the loss expects.
    fn forward(&self, x: I) -> Tensor<2>;
}

/// burn's `Linear` is a model on rows of features as it is.
impl Net<Tensor<2>> for burn::nn::Linear {
    fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        burn::nn::Linear::forward(self, x)
    }
}

/// One layer's (or block's) output shape for a single image: a row of the book's shape table
/// (`for layer in net: X = layer(X); print(layer.__class__.__name__, X.shape)`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LayerShape {
    /// The layer's PyTorch class name (`Conv2d`, `Sigmoid`, `Sequential`, ...).
    pub layer: &'static str,
    /// Its output shape, `[1, channels, height, width]` or `[1, features]`.
    pub shape: Vec<usize>,
}

/// Watches training (the book's `Animator`); every method has an empty default.
pub trait Observer {
    /// Called once before training with the network's shape table, by the sections that
    /// print it (chapter 7).
    fn on_layers(&mut self, _layers: &[LayerShape]) {}
    /// Called after each minibatch of `epoch` (1-based) with how many are done.
    fn on_batch(&mut self, _epoch: usize, _done: usize, _total: usize) {}
    /// Called after each epoch.
    fn on_epoch(&mut self, _stats: &EpochStats) {}
}

/// The observer that ignores everything.
impl Observer for () {}

/// Prints one line per epoch, as the book's `Animator` records them: the observer of the
/// notebooks and examples (the `d2l` command has its own, with a progress bar). Wall times are
/// left out, so that a notebook's stored output does not change with the machine.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintEpochs;

impl Observer for PrintEpochs {
    fn on_layers(&mut self, layers: &[LayerShape]) {
        for line in shape_table(layers) {
            println!("{line}");
        }
    }

    fn on_epoch(&mut self, s: &EpochStats) {
        match (s.train_acc, s.test_acc, s.test_loss) {
            (Some(train_acc), Some(test_acc), _) => println!(
                "epoch {:2}: train loss {:.4}, train acc {:.3}, test acc {:.3}",
                s.epoch, s.train_loss, train_acc, test_acc
            ),
            (_, _, Some(test_loss)) => println!(
                "epoch {:2}: loss {:.6}, test loss {:.6}",
                s.epoch, s.train_loss, test_loss
            ),
            _ => println!("epoch {:2}: loss {:.6}", s.epoch, s.train_loss),
        }
    }
}

/// The shape table as the book prints it: `Conv2d output shape: [1, 96, 54, 54]`, the names
/// padded to one column.
pub fn shape_table(layers: &[LayerShape]) -> Vec<String> {
    let width = layers.iter().map(|l| l.layer.len()).max().unwrap_or(0);
    layers
        .iter()
        .map(|l| format!("{:<width$} output shape: {:?}", l.layer, l.shape))
        .collect()
}

/// The divergence check of every epoch: a NaN or infinite training loss stops the run, naming
/// the epoch, instead of training on garbage.
pub fn check_finite(epoch: usize, loss: f64) -> Result<()> {
    if loss.is_finite() {
        Ok(())
    } else {
        Err(Error::Diverged {
            epoch,
            what: format!("the loss became {loss}"),
            hint: Error::LOWER_LR.to_string(),
        })
    }
}

/// The divergence check after the last update: every parameter of `module` is finite. The
/// loss of an epoch is measured before its last update, so a step that blows the weights up
/// at the very end would otherwise be saved, plotted and reported as a result.
pub fn check_parameters<M: Module>(module: &M, epoch: usize) -> Result<()> {
    struct Finite(bool);
    impl ModuleVisitor for Finite {
        fn visit_float<const D: usize>(&mut self, param: &burn::module::Param<Tensor<D>>) {
            if self.0 {
                let values = param.val();
                let values = values.inner();
                self.0 = values.is_finite().all().into_scalar::<bool>();
            }
        }
    }
    let mut finite = Finite(true);
    module.visit(&mut finite);
    if finite.0 {
        Ok(())
    } else {
        Err(Error::Diverged {
            epoch,
            what: "a parameter became NaN or infinite after the last update".into(),
            hint: Error::LOWER_LR.to_string(),
        })
    }
}

/// A running total kept as a one-element tensor on the device of what it adds up.
///
/// Reading a number back makes the host wait for a GPU to finish; adding on the device and
/// reading once per epoch keeps the GPU busy between minibatches.
#[derive(Default)]
pub(crate) struct DeviceSum(Option<Tensor<1>>);

impl DeviceSum {
    pub(crate) fn add(&mut self, value: Tensor<1>) {
        self.0 = Some(match self.0.take() {
            Some(sum) => sum + value,
            None => value,
        });
    }

    /// The total, read back to the host (0 when nothing was added).
    pub(crate) fn read(self) -> f64 {
        self.0.map_or(0.0, |sum| sum.into_scalar::<f32>() as f64)
    }
}
