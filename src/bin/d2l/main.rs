//! The `d2l` command: one subcommand per chapter of *Dive into Deep Learning*.
//!
//! This file only parses arguments and hands them to the library; each subcommand lives in its
//! own module. Errors print as one line on stderr with a non-zero exit status (2 for bad flags,
//! whether clap or the library refuses them, 1 for everything else).

pub(crate) mod activations;
pub(crate) mod args;
pub(crate) mod autograd;
pub(crate) mod batch_norm;
pub(crate) mod bench;
pub(crate) mod calculus;
pub(crate) mod challenges;
pub(crate) mod classifier;
pub(crate) mod cnn;
pub(crate) mod computation;
pub(crate) mod convexity;
pub(crate) mod data;
pub(crate) mod dropout;
pub(crate) mod gradient_descent;
#[cfg(feature = "polars")]
pub(crate) mod kaggle_house;
pub(crate) mod lenet;
pub(crate) mod linalg;
pub(crate) mod linreg;
pub(crate) mod linreg_basics;
pub(crate) mod losses;
pub(crate) mod lr_scheduler;
pub(crate) mod minibatch_sgd;
pub(crate) mod mlp;
pub(crate) mod modern_cnn;
pub(crate) mod optimizers;
pub(crate) mod outputs;
pub(crate) mod polyfit;
#[cfg(feature = "polars")]
pub(crate) mod preprocess;
pub(crate) mod probability;
pub(crate) mod process;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod sgd;
pub(crate) mod softmax;
pub(crate) mod stability;
pub(crate) mod tensor;
pub(crate) mod weight_decay;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use d2l::chapters::modern_cnn::{
    alexnet::AlexNet, densenet::DenseNet, googlenet::GoogLeNet, nin::Nin, resnet::ResNet, vgg::Vgg,
};

/// Dive into Deep Learning (动手学深度学习) in Rust: every chapter runs with one command.
#[derive(Debug, Parser)]
#[command(name = "d2l", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Declares every command once: its help line, its variant with its flags (a clap `Args`
/// struct, or a subcommand enum) and the function that runs it. The `Command` enum and the
/// dispatch in `main` both come from this list, so a new section adds its module above and one
/// entry here.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $(#[cfg($cfg:meta)])?
        $(#[command($($command:tt)*)])?
        $variant:ident($args:ty) => $run:path;
    )*) => {
        #[derive(Debug, Subcommand)]
        enum Command {
            $(
                $(#[doc = $doc])*
                $(#[cfg($cfg)])?
                $(#[command($($command)*)])?
                $variant($args),
            )*
        }

        impl Command {
            fn run(self) -> anyhow::Result<()> {
                match self {
                    $(
                        $(#[cfg($cfg)])?
                        Command::$variant(args) => {
                            // Every file the command will write, checked before it starts.
                            let mut plan = d2l::fsutil::OutputPlan::new();
                            outputs::Outputs::declare(&args, &mut plan);
                            plan.arm()?;
                            $run(args)
                        }
                    )*
                }
            }
        }
    };
}

commands! {
    /// List every chapter command with its d2l-zh section (d2l::chapters::registry).
    List(NoFlags) => list;
    /// The devices this build can train on (d2l's try_all_gpus), CPU included.
    Devices(NoFlags) => list_devices;
    /// 2.1 Tensors: the book's examples of data manipulation, with burn.
    Tensor(tensor::TensorArgs) => tensor::run;
    /// 2.2 Data preprocessing: a CSV with missing values to tensors.
    #[cfg(feature = "polars")]
    Preprocess(preprocess::PreprocessArgs) => preprocess::run;
    /// 2.3 Linear algebra: reductions, products and norms, with burn.
    Linalg(linalg::LinalgArgs) => linalg::run;
    /// 2.4 Calculus: the derivative as a numerical limit, and a tangent line.
    Calculus(calculus::CalculusArgs) => calculus::run;
    /// 2.5 Automatic differentiation: gradients, detach, control flow.
    Autograd(autograd::AutogradArgs) => autograd::run;
    /// 2.6 Probability: a fair die's frequencies approaching 1/6.
    Probability(probability::ProbabilityArgs) => probability::run;
    /// 3.1 Vectorisation against a loop, and the normal densities.
    LinregBasics(linreg_basics::LinregBasicsArgs) => linreg_basics::run;
    /// 3.1-3.3 Linear regression: from scratch, concise, or closed form.
    Linreg(linreg::LinregArgs) => linreg::run;
    /// 3.5 Data sets: download, info, show.
    #[command(subcommand)]
    Data(data::DataCommand) => data::run;
    /// 3.6-3.7 Softmax regression on Fashion-MNIST (the main job).
    Softmax(softmax::SoftmaxArgs) => softmax::run;
    /// L2, L1 and Huber's loss: values, likelihoods and gradients, drawn.
    Losses(losses::LossesArgs) => losses::run_losses;
    /// Autograd against finite differences, for every loss and the softmax regression.
    Gradcheck(losses::GradCheckArgs) => losses::run_gradcheck;
    /// 4.1 Activation functions: ReLU, sigmoid and tanh with their derivatives, drawn.
    Activations(activations::ActivationsArgs) => activations::run;
    /// 4.2-4.3 Multilayer perceptrons on Fashion-MNIST.
    Mlp(mlp::MlpArgs) => mlp::run;
    /// 4.4 Model selection: polynomial fits that underfit, fit and overfit.
    Polyfit(polyfit::PolyfitArgs) => polyfit::run;
    /// 4.5 Weight decay: an L2 penalty against overfitting.
    WeightDecay(weight_decay::WeightDecayArgs) => weight_decay::run;
    /// 4.8 Numerical stability: vanishing and exploding gradients.
    Stability(stability::StabilityArgs) => stability::run;
    /// 4.10 Kaggle house prices: k-fold cross-validation and a submission.
    #[cfg(feature = "polars")]
    KaggleHouse(kaggle_house::KaggleHouseArgs) => kaggle_house::run;
    /// 4.6 Dropout in a two-hidden-layer MLP on Fashion-MNIST.
    Dropout(dropout::DropoutArgs) => dropout::run;
    /// 5.1 Layers and blocks: a block by hand, a sequential container, control flow.
    Blocks(computation::BlocksArgs) => computation::run_blocks;
    /// 5.2 Parameters: by name, initialised by hand, shared.
    Parameters(computation::ParametersArgs) => computation::run_parameters;
    /// 5.4 Custom layers: without and with parameters.
    CustomLayers(computation::CustomLayersArgs) => computation::run_custom_layers;
    /// 5.5 Reading and writing tensors and models (safetensors).
    ReadWrite(computation::ReadWriteArgs) => computation::run_read_write;
    /// 5.6 GPUs: tensors and a model on the chosen --device.
    Gpu(computation::GpuArgs) => computation::run_gpu;
    /// 6.2 Convolutions: the cross-correlation by hand, edges, learning a kernel.
    Conv2d(cnn::Conv2dArgs) => cnn::run_conv2d;
    /// 6.3 Padding and stride: a convolution's output size.
    Padding(cnn::PaddingArgs) => cnn::run_padding;
    /// 6.4 Multiple input and output channels, 1 x 1 convolutions.
    Channels(cnn::ChannelsArgs) => cnn::run_channels;
    /// 6.5 Pooling: max and average, padding and stride.
    Pooling(cnn::PoolingArgs) => cnn::run_pooling;
    /// 6.6 LeNet, a convolutional network, on Fashion-MNIST.
    Lenet(lenet::LeNetArgs) => lenet::run;
    /// 7.1 AlexNet on Fashion-MNIST at 224 x 224 (--quick: a CPU-sized run).
    Alexnet(modern_cnn::CnnArgs<AlexNet>) => modern_cnn::run;
    /// 7.2 VGG-11 (a quarter of the channels) from vgg_blocks (--quick: a CPU-sized run).
    Vgg(modern_cnn::CnnArgs<Vgg>) => modern_cnn::run;
    /// 7.3 Network in network: nin_blocks and global average pooling (--quick: CPU-sized).
    Nin(modern_cnn::CnnArgs<Nin>) => modern_cnn::run;
    /// 7.4 GoogLeNet from Inception blocks (--quick: a CPU-sized run).
    Googlenet(modern_cnn::CnnArgs<GoogLeNet>) => modern_cnn::run;
    /// 7.5 Batch normalization in LeNet, from scratch and with burn's BatchNorm.
    BatchNorm(batch_norm::BatchNormArgs) => batch_norm::run;
    /// 7.6 ResNet-18 from Residual blocks (--quick: a CPU-sized run).
    Resnet(modern_cnn::CnnArgs<ResNet>) => modern_cnn::run;
    /// 7.7 DenseNet from dense and transition blocks (--quick: a CPU-sized run).
    Densenet(modern_cnn::CnnArgs<DenseNet>) => modern_cnn::run;
    /// 11.1 Optimization and deep learning: local minima, saddle points, vanishing gradients.
    OptimChallenges(challenges::ChallengesArgs) => challenges::run;
    /// 11.2 Convexity: chords, local minima that are global, Jensen's inequality.
    Convexity(convexity::ConvexityArgs) => convexity::run;
    /// 11.3 Gradient descent: step sizes, a non-convex f, Newton's method, two dimensions.
    Gd(gradient_descent::GdArgs) => gradient_descent::run;
    /// 11.4 Stochastic gradient descent: noisy gradients, three learning-rate schedules.
    Sgd(sgd::SgdArgs) => sgd::run;
    /// 11.5 Minibatch SGD on the airfoil data: batch sizes 1,500, 1, 100 and 10, and burn's Sgd.
    MinibatchSgd(minibatch_sgd::MinibatchSgdArgs) => minibatch_sgd::run;
    /// 11.6 Momentum: velocities on an ill-conditioned bowl and on airfoil.
    Momentum(optimizers::MomentumArgs) => optimizers::run_momentum;
    /// 11.7 AdaGrad: a learning rate per coordinate, on a bowl and on airfoil.
    Adagrad(optimizers::AdagradArgs) => optimizers::run_adagrad;
    /// 11.8 RMSProp: AdaGrad with a leaky average, on a bowl and on airfoil.
    Rmsprop(optimizers::RmspropArgs) => optimizers::run_rmsprop;
    /// 11.9 Adadelta: no learning rate; on airfoil, and as a burn optimizer.
    Adadelta(optimizers::AdadeltaArgs) => optimizers::run_adadelta;
    /// 11.10 Adam and Yogi on airfoil, from scratch and with burn's Adam.
    Adam(optimizers::AdamArgs) => optimizers::run_adam;
    /// 11.11 Learning-rate schedules on a CNN on Fashion-MNIST.
    LrScheduler(lr_scheduler::LrSchedulerArgs) => lr_scheduler::run;
    /// Timings: medians of several runs (not part of the tests).
    #[command(subcommand)]
    Bench(bench::BenchCommand) => bench::run;
}

/// The flags of a command that has none.
#[derive(Debug, clap::Args)]
pub(crate) struct NoFlags {}

/// `d2l list`: the registry, one section a line.
fn list(_: NoFlags) -> anyhow::Result<()> {
    for line in d2l::chapters::registry::list_lines() {
        println!("{line}");
    }
    Ok(())
}

/// Parses a command line without running anything: for the `flags` fuzz target (`fuzz/`, which
/// compiles this file as a module) and the test that replays its corpus.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(args)
}

fn main() -> ExitCode {
    process::set_up();
    let result = Cli::parse()
        .command
        .run()
        .and_then(|()| process::flush_stdout());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            // A flag whose value only the data can refuse (`--k` larger than the data set) is
            // still a usage error: the same status 2 as the values clap refuses.
            match err.downcast_ref::<d2l::Error>() {
                Some(d2l::Error::Hyper { name, .. } | d2l::Error::Invalid { name, .. })
                    if name.starts_with("--") || *name == "FILE" =>
                {
                    ExitCode::from(2)
                }
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// `d2l devices`: what `--device` can name here, and what `auto` would pick.
fn list_devices(_: NoFlags) -> anyhow::Result<()> {
    println!(
        "{:<8} {}",
        "cpu",
        d2l::device::describe(&d2l::device::cpu())
    );
    let accelerators = d2l::device::accelerators();
    for accelerator in &accelerators {
        let kind = if accelerator.hardware {
            "GPU"
        } else {
            "software, not a GPU: auto skips it"
        };
        println!(
            "{:<8} {} ({kind})",
            accelerator.spec.to_string(),
            accelerator.name
        );
    }
    if accelerators.is_empty() {
        println!(
            "no GPU found: this build has {} (GPU backends come with --features cuda or wgpu)",
            d2l::device::gpu_features()
        );
    }
    // The same choice as d2l::device::try_gpu(0), without opening every device again.
    let auto = accelerators.iter().find(|accelerator| accelerator.hardware);
    println!(
        "--device auto picks: {}",
        auto.map_or_else(|| "cpu".to_string(), |gpu| gpu.spec.to_string())
    );
    println!("{}", d2l::device::engine());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registered_command_parses() {
        for section in d2l::chapters::registry::SECTIONS.iter() {
            let needs_polars = ["d2l preprocess", "d2l kaggle-house"];
            if cfg!(not(feature = "polars"))
                && needs_polars.iter().any(|c| section.command.starts_with(c))
            {
                continue; // built without polars
            }
            let words = section.command.split_whitespace();
            if let Err(err) = Cli::try_parse_from(words) {
                panic!("{} ({}): {err}", section.command, section.section);
            }
        }
    }

    /// Each classifier's flags default to its own section's book settings (they once all got
    /// softmax's, through a `static` that clap's derive shares between generic instances).
    #[test]
    fn each_classifier_defaults_to_its_own_book_settings() {
        use d2l::train::{BookSettings, TrainConfig};
        let train_of = |words: &str| -> TrainConfig {
            let cli = Cli::try_parse_from(words.split_whitespace()).unwrap();
            match cli.command {
                Command::Softmax(a) => a.classifier.train(),
                Command::Mlp(a) => a.classifier.train(),
                Command::Dropout(a) => a.classifier.train(),
                Command::Lenet(a) => a.classifier.train(),
                Command::BatchNorm(a) => a.classifier.train(),
                other => panic!("not a classifier: {other:?}"),
            }
        };
        // Parsed in an order that would let the first one's defaults leak into the others.
        for (words, book) in [
            (
                "d2l softmax",
                d2l::chapters::softmax_regression::SoftmaxConfig::TRAIN,
            ),
            ("d2l lenet", d2l::chapters::cnn::LeNetConfig::TRAIN),
            ("d2l mlp", d2l::chapters::mlp::MlpConfig::TRAIN),
            ("d2l dropout", d2l::chapters::dropout::DropoutConfig::TRAIN),
            (
                "d2l batch-norm",
                d2l::chapters::modern_cnn::batch_norm::BatchNormLeNetConfig::TRAIN,
            ),
        ] {
            assert_eq!(train_of(words), book, "{words}");
        }
        assert_eq!(train_of("d2l lenet").lr, 0.9);
        assert_eq!(train_of("d2l batch-norm").lr, 1.0);
        let cli = Cli::try_parse_from(["d2l", "lenet"]).unwrap();
        let Command::Lenet(lenet) = cli.command else {
            unreachable!()
        };
        assert_eq!(
            lenet.classifier.outputs.plot.to_str(),
            Some("lenet-curves.svg")
        );
    }

    /// The committed corpus of the `flags` fuzz target (one argument per line), replayed on
    /// stable: a command line that once crashed the parser stays tested without nightly.
    #[test]
    fn the_flags_fuzz_corpus_parses_without_a_panic() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/flags");
        let entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        assert!(entries.len() >= 10, "the corpus should not be empty");
        let mut parsed = 0;
        for path in entries {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            parsed += usize::from(parse(std::iter::once("d2l").chain(text.split('\n'))).is_ok());
        }
        assert!(parsed > 0, "some of the corpus are valid command lines");
    }
}
