//! The figures every classification chapter draws: the book's `Animator` of `train_ch3` and the
//! grid of `predict_ch3`.

use std::path::Path;

use d2l::data::fashion_mnist::TEXT_LABELS;
use d2l::plot::curves::ch3_curves;
use d2l::plot::{render_svg_and_png, show_images};
use d2l::train::{Fitted, Prediction, prediction_titles};
use serde::Serialize;

use crate::progress::join;
use crate::report::print_json;

/// What every Fashion-MNIST classifier prints after training: its figures (unless `figures` is
/// `None`, i.e. `--no-plots`), the test accuracy with `timing` ("1.23 s in all, on cpu"), and
/// the `--json` line.
pub fn finish_classifier(
    chapter: &str,
    report: &impl Serialize,
    result: &Fitted,
    predictions: &[Prediction],
    timing: String,
    figures: Option<(&Path, &Path)>,
    json: bool,
) -> anyhow::Result<()> {
    if let Some((plot, predict)) = figures {
        write_classifier_figures(result, predictions, &TEXT_LABELS, plot, predict)?;
    }
    println!("test acc {:.3}, {timing}", result.test_acc);
    if json {
        print_json(chapter, report)?;
    }
    Ok(())
}

/// Writes the training curves (when any epoch ran) to `plot` (.svg and .png) and the predicted
/// test images, titled with their true and predicted class names (`labels`), to `predict`.
fn write_classifier_figures(
    result: &Fitted,
    predictions: &[Prediction],
    labels: &[&str],
    plot: &Path,
    predict: &Path,
) -> anyhow::Result<()> {
    if !result.epochs.is_empty() {
        let written = render_svg_and_png(plot, &ch3_curves(&result.epochs))?;
        println!("wrote {}", join(&written));
    }
    let images: Vec<Vec<f32>> = predictions.iter().map(|p| p.image.clone()).collect();
    let size = predictions
        .first()
        .map_or((28, 28), |p| (p.height, p.width));
    let titles = prediction_titles(predictions, labels);
    show_images(predict, &images, size, (1, images.len()), &titles, 3)?;
    println!(
        "wrote {} (titles: true label, then predicted)",
        predict.display()
    );
    Ok(())
}
