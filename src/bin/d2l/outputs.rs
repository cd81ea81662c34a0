//! What each command writes and reads, declared before it starts (`d2l::fsutil::OutputPlan`).
//!
//! `main` builds a command's plan from its flags with [`Outputs::declare`], checks it and arms
//! it before calling the command: a folder, a device, an input, two flags naming one file or a
//! folder that takes no files is refused at once, with the flag's name, before any training.
//! Once armed, the plan is the only set of files the process may write, so a command that
//! writes a file it did not declare fails in its tests, not in a user's folder.
//!
//! A new command implements [`Outputs`]: with an empty body when it writes nothing.

use std::path::Path;

use d2l::fsutil::OutputPlan;

use crate::data::DataArgs;

/// A command's files, from its flags.
pub trait Outputs {
    /// Adds what the command will write (and the inputs it must not overwrite) to `plan`.
    fn declare(&self, _plan: &mut OutputPlan) {}
}

/// A figure written by `render_svg_and_png`: both `stem.svg` and `stem.png`.
pub fn svg_and_png(plan: &mut OutputPlan, flag: &'static str, path: &Path) {
    plan.output(flag, path.with_extension("svg"));
    plan.output(flag, path.with_extension("png"));
}

impl DataArgs {
    /// The data sets' folders under every root searched: inputs, never outputs.
    pub fn declare_inputs(&self, plan: &mut OutputPlan) {
        for root in self.dirs().roots() {
            for dataset in [
                d2l::data::fashion_mnist::DATASET,
                d2l::data::kaggle_house::DATASET,
                d2l::data::airfoil::DATASET,
            ] {
                plan.input("a data set's folder", root.join(dataset));
            }
        }
    }
}

macro_rules! writes_nothing {
    ($($ty:ty),* $(,)?) => { $(impl Outputs for $ty {})* };
}

writes_nothing!(
    crate::NoFlags,
    crate::tensor::TensorArgs,
    crate::linalg::LinalgArgs,
    crate::autograd::AutogradArgs,
    crate::linreg::LinregArgs,
    crate::losses::GradCheckArgs,
    crate::computation::BlocksArgs,
    crate::computation::ParametersArgs,
    crate::computation::CustomLayersArgs,
    crate::computation::GpuArgs,
    crate::cnn::Conv2dArgs,
    crate::cnn::PaddingArgs,
    crate::cnn::ChannelsArgs,
    crate::cnn::PoolingArgs,
);

/// Commands whose only output is `--plot` (both formats), unless `--no-plots`.
macro_rules! writes_plot {
    ($($ty:ty),* $(,)?) => {$(
        impl Outputs for $ty {
            fn declare(&self, plan: &mut OutputPlan) {
                if !self.no_plots {
                    svg_and_png(plan, "--plot", &self.plot);
                }
            }
        }
    )*};
}

writes_plot!(
    crate::calculus::CalculusArgs,
    crate::challenges::ChallengesArgs,
    crate::convexity::ConvexityArgs,
    crate::sgd::SgdArgs,
    crate::probability::ProbabilityArgs,
    crate::linreg_basics::LinregBasicsArgs,
    crate::polyfit::PolyfitArgs,
    crate::weight_decay::WeightDecayArgs,
    crate::stability::StabilityArgs,
);

impl Outputs for crate::activations::ActivationsArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        svg_and_png(plan, "--plot", &self.plot);
    }
}

impl Outputs for crate::losses::LossesArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        svg_and_png(plan, "--plot", &self.plot);
    }
}

impl<S: d2l::train::BookSettings + Send + Sync + 'static> Outputs
    for crate::classifier::ClassifierFlags<S>
{
    fn declare(&self, plan: &mut OutputPlan) {
        self.outputs.declare(plan);
    }
}

impl<S: d2l::train::BookSettings + Send + Sync + 'static> Outputs
    for crate::classifier::ClassifierOutputs<S>
{
    fn declare(&self, plan: &mut OutputPlan) {
        self.data.declare_inputs(plan);
        if !self.no_plots {
            svg_and_png(plan, "--plot", &self.plot);
            plan.output("--predict", &self.predict);
        }
    }
}

impl<C: d2l::chapters::modern_cnn::ModernCnn + Send + Sync + 'static> Outputs
    for crate::modern_cnn::CnnArgs<C>
{
    fn declare(&self, plan: &mut OutputPlan) {
        self.outputs.declare(plan);
    }
}

macro_rules! classifier_outputs {
    ($($ty:ty),* $(,)?) => {$(
        impl Outputs for $ty {
            fn declare(&self, plan: &mut OutputPlan) {
                self.classifier.declare(plan);
            }
        }
    )*};
}

classifier_outputs!(
    crate::mlp::MlpArgs,
    crate::dropout::DropoutArgs,
    crate::lenet::LeNetArgs,
    crate::batch_norm::BatchNormArgs,
);

impl Outputs for crate::softmax::SoftmaxArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        self.classifier.declare(plan);
        if let Some(load) = &self.load {
            // Resuming in place (`--load m --save m`) is fine: the file is read whole first.
            plan.input_replaceable_by("the checkpoint of --load", load, "--save");
        }
        if let Some(save) = &self.save {
            plan.output("--save", save);
        }
    }
}

impl Outputs for crate::gradient_descent::GdArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        if !self.no_plots {
            svg_and_png(plan, "--plot", &self.plot);
            svg_and_png(plan, "--plot", &self.newton_plot());
        }
    }
}

impl Outputs for crate::computation::ReadWriteArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        for file in d2l::chapters::computation::read_write::FILES {
            plan.output("--dir", self.dir.join(file));
        }
    }
}

impl Outputs for crate::data::DataCommand {
    fn declare(&self, plan: &mut OutputPlan) {
        use crate::data::DataCommand;
        if let DataCommand::Show { out, data, .. } = self {
            data.declare_inputs(plan);
            plan.output("--out", out);
        }
    }
}

#[cfg(feature = "polars")]
impl Outputs for crate::preprocess::PreprocessArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        self.data.declare_inputs(plan);
        if let Some(file) = &self.file {
            plan.input("the input file", file);
        }
        if let Some(out) = &self.out {
            plan.output("--out", out);
        }
    }
}

#[cfg(feature = "polars")]
impl Outputs for crate::kaggle_house::KaggleHouseArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        self.data.declare_inputs(plan);
        plan.output("--out", &self.out);
        if !self.no_plots {
            svg_and_png(plan, "--plot", &self.plot);
        }
    }
}

impl Outputs for crate::bench::BenchCommand {
    fn declare(&self, plan: &mut OutputPlan) {
        self.declare_files(plan);
    }
}

/// Chapter 11's airfoil commands: the data sets' folders are inputs; one figure.
macro_rules! airfoil_outputs {
    ($($ty:ty),* $(,)?) => {$(
        impl Outputs for $ty {
            fn declare(&self, plan: &mut OutputPlan) {
                self.airfoil.data.declare_inputs(plan);
                if !self.no_plots {
                    svg_and_png(plan, "--plot", &self.plot);
                }
            }
        }
    )*};
}

airfoil_outputs!(
    crate::minibatch_sgd::MinibatchSgdArgs,
    crate::optimizers::MomentumArgs,
    crate::optimizers::AdagradArgs,
    crate::optimizers::RmspropArgs,
    crate::optimizers::AdadeltaArgs,
    crate::optimizers::AdamArgs,
);

impl Outputs for crate::lr_scheduler::LrSchedulerArgs {
    fn declare(&self, plan: &mut OutputPlan) {
        self.data.declare_inputs(plan);
        if !self.no_plots {
            svg_and_png(plan, "--plot", &self.plot);
        }
    }
}
