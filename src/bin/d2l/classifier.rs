//! The Fashion-MNIST classifier commands (`softmax`, `mlp`, `dropout`, `lenet` and chapter 7's
//! networks): one set of flags and one runner. A section's command adds only its own flags
//! (`--impl`, `--num-hiddens`, ...) and the call of its library `run`.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use clap::Args;
use d2l::data::fashion_mnist::TEXT_LABELS;
use d2l::device::Device;
use d2l::plot::curves::ch3_curves;
use d2l::plot::{render_svg_and_png, show_images};
use d2l::train::{BookSettings, ClassifierRun, Prediction, TrainConfig, prediction_titles};
use serde::Serialize;

use crate::args::{RunFlags, figure_path, learning_rate};
use crate::data::DataArgs;
use crate::progress::{EpochPrinter, join};
use crate::report::print_json;

/// The flags every classifier command has. Their defaults are section `S`'s book settings
/// ([`BookSettings::TRAIN`]), its figures are named after the command ([`BookSettings::NAME`]).
#[derive(Debug, Args)]
pub struct ClassifierFlags<S: BookSettings + Send + Sync + 'static> {
    /// Passes over the training set (1 to 10,000; 0 only evaluates a model given with --load).
    #[arg(long, default_value = book_default::<S>(|t| t.epochs.to_string()), value_parser = crate::args::epochs_or_zero)]
    pub epochs: usize,
    /// Learning rate (> 0).
    #[arg(long, default_value = book_default::<S>(|t| t.lr.to_string()), value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    /// Minibatch size (1 to 1,048,576).
    #[arg(long, default_value = book_default::<S>(|t| t.batch_size.to_string()), value_parser = crate::args::batch_size, allow_negative_numbers = true)]
    pub batch_size: usize,
    #[command(flatten)]
    pub outputs: ClassifierOutputs<S>,
}

/// The figures, data and run flags of every classifier command (the training flags aside,
/// which chapter 7 takes with presets).
#[derive(Debug, Args)]
pub struct ClassifierOutputs<S: BookSettings + Send + Sync + 'static> {
    /// Training curves (train loss, train acc, test acc); written as both .svg and .png.
    #[arg(long, default_value = figure_name::<S>("curves.svg"), value_parser = figure_path(), conflicts_with = "no_plots")]
    pub plot: PathBuf,
    /// Grid of test images titled with true and predicted labels (.png or .svg).
    #[arg(long, default_value = figure_name::<S>("predictions.png"), value_parser = figure_path(), conflicts_with = "no_plots")]
    pub predict: PathBuf,
    /// Write neither figure.
    #[arg(long)]
    pub no_plots: bool,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub run: RunFlags,
    #[arg(skip)]
    section: PhantomData<S>,
}

/// Section `S`'s book setting as a flag's default text.
///
/// Not `default_value_t`: clap's derive keeps that text in a `static` inside the generic
/// function, which all sections would share (every classifier got softmax's lr 0.1). clap keeps
/// defaults as `&'static str`, so the few bytes are leaked, once per command line parsed.
fn book_default<S: BookSettings>(pick: fn(&TrainConfig) -> String) -> &'static str {
    Box::leak(pick(&S::TRAIN).into_boxed_str())
}

/// `lenet-curves.svg` for `lenet`: a default file name (leaked as in [`book_default`]).
fn figure_name<S: BookSettings>(suffix: &str) -> &'static str {
    Box::leak(format!("{}-{suffix}", S::NAME).into_boxed_str())
}

impl<S: BookSettings + Send + Sync + 'static> ClassifierFlags<S> {
    /// Epochs, learning rate, batch size and seed as given.
    pub fn train(&self) -> TrainConfig {
        TrainConfig {
            epochs: self.epochs,
            lr: self.lr,
            batch_size: self.batch_size,
            seed: self.outputs.run.seed,
        }
    }
}

/// What a section's job gets from the runner.
pub struct Context {
    /// The flags' epochs, learning rate, batch size and seed.
    pub train: TrainConfig,
    /// Where Fashion-MNIST is (found or downloaded).
    pub data_dir: PathBuf,
    /// The `--device`.
    pub device: Device,
    /// Whether the run ends with a JSON line (then nothing but results is printed).
    pub json: bool,
    /// One line per epoch, with a progress bar while an epoch runs.
    pub printer: EpochPrinter,
}

/// Runs a classifier command: resolves the device and the data, calls `job` (the section's
/// library `run`), then writes the figures (unless `--no-plots`), prints the test accuracy and
/// the speed, and with `--json` the report.
///
/// `--epochs 0` only evaluates, which makes sense for a model that `loaded` from a file; for a
/// freshly initialised one it would report a random model's accuracy as a result, so it is
/// refused.
pub fn run<S, R>(
    flags: &ClassifierFlags<S>,
    loaded: bool,
    job: impl FnOnce(&mut Context) -> d2l::Result<ClassifierRun<R>>,
) -> anyhow::Result<()>
where
    S: BookSettings + Send + Sync + 'static,
    R: Serialize,
{
    run_with(flags.train(), &flags.outputs, loaded, job)
}

/// [`run`] with the training settings given apart (chapter 7 resolves them from presets).
pub fn run_with<S, R>(
    train: TrainConfig,
    flags: &ClassifierOutputs<S>,
    loaded: bool,
    job: impl FnOnce(&mut Context) -> d2l::Result<ClassifierRun<R>>,
) -> anyhow::Result<()>
where
    S: BookSettings + Send + Sync + 'static,
    R: Serialize,
{
    if train.epochs == 0 && !loaded {
        return Err(d2l::Error::Invalid {
            name: "--epochs",
            reason: format!(
                "0 trains nothing and would evaluate a randomly initialised model: give 1 to {}{}",
                crate::args::thousands(d2l::limits::MAX_EPOCHS),
                if S::NAME == "softmax" {
                    " (or --load a saved model to only evaluate it)"
                } else {
                    ""
                }
            ),
        }
        .into());
    }
    S::check_batch_memory(train.batch_size)?;
    let mut context = Context {
        train,
        device: flags.run.device()?,
        data_dir: flags.data.fashion_mnist()?,
        json: flags.run.json(),
        printer: EpochPrinter::new(train.epochs),
    };
    context.printer.show_layers = !context.json;
    let run = job(&mut context)?;
    let report = &run.report;
    if !flags.no_plots {
        write_figures(&run, &flags.plot, &flags.predict)?;
    }
    let speed = report
        .examples_per_sec
        .map_or_else(String::new, |speed| format!("{speed:.1} examples/sec, "));
    println!(
        "test acc {:.3}, {speed}{:.2} s in all, on {}",
        report.result.test_acc, report.seconds, report.device
    );
    if context.json {
        print_json(S::NAME, report)?;
    }
    Ok(())
}

/// The book's two figures: the training curves of `train_ch3` (when any epoch ran) to `plot`
/// (.svg and .png), and `predict_ch3`'s test images titled with their true and predicted class
/// names to `predict`.
fn write_figures<R>(run: &ClassifierRun<R>, plot: &Path, predict: &Path) -> anyhow::Result<()> {
    let epochs = &run.report.result.epochs;
    if !epochs.is_empty() {
        let written = render_svg_and_png(plot, &ch3_curves(epochs))?;
        println!("wrote {}", join(&written));
    }
    let predictions: &[Prediction] = &run.predictions;
    let images: Vec<Vec<f32>> = predictions.iter().map(|p| p.image.clone()).collect();
    let size = predictions
        .first()
        .map_or((28, 28), |p| (p.height, p.width));
    let titles = prediction_titles(predictions, &TEXT_LABELS);
    show_images(predict, &images, size, (1, images.len()), &titles, 3)?;
    println!(
        "wrote {} (titles: true label, then predicted)",
        predict.display()
    );
    Ok(())
}
