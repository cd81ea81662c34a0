//! d2l-zh 3.6-3.7 on the real data: the book's accuracy, repeatable runs, checkpoints.

use d2l::chapters::softmax_regression::scratch::SoftmaxScratch;
use d2l::chapters::softmax_regression::{self, SoftmaxConfig, SoftmaxImpl};

use crate::util::{d2l, json_line, real_fashion_mnist, text};

fn train(implementation: SoftmaxImpl) -> Option<softmax_regression::SoftmaxReport> {
    let dir = real_fashion_mnist()?;
    let cfg = SoftmaxConfig {
        implementation,
        ..SoftmaxConfig::default()
    };
    Some(
        softmax_regression::run(&cfg, &dir, Default::default(), &d2l::device::cpu(), &mut ())
            .unwrap()
            .report,
    )
}

fn assert_book_quality(report: &softmax_regression::SoftmaxReport) {
    let report = &report.result;
    // Book, 10 epochs: test acc 0.836 (scratch) / 0.828 (concise), train loss about 0.45.
    assert_eq!(report.epochs.len(), 10);
    assert!(report.test_acc >= 0.82, "test acc {}", report.test_acc);
    assert!(
        report.train_loss.unwrap() < 0.5,
        "train loss {:?}",
        report.train_loss
    );
    assert!(report.epochs[0].train_loss > report.epochs[9].train_loss);
}

#[test]
fn scratch_reaches_the_books_accuracy() {
    if let Some(report) = train(SoftmaxImpl::Scratch) {
        assert_book_quality(&report);
    }
}

#[test]
fn concise_reaches_the_books_accuracy() {
    if let Some(report) = train(SoftmaxImpl::Concise) {
        assert_book_quality(&report);
    }
}

#[test]
fn the_same_command_twice_gives_identical_figures() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let args = [
        "softmax",
        "--epochs",
        "2",
        "--no-plots",
        "--json",
        "--seed",
        "3",
    ];
    let runs: Vec<serde_json::Value> = (0..2)
        .map(|_| {
            let output = d2l(work.path(), dir.parent(), &args);
            assert!(output.status.success(), "{:?}", text(&output));
            let mut json = json_line(&output);
            // Wall times differ; everything else must not.
            json.as_object_mut().unwrap().remove("seconds");
            for epoch in json["epochs"].as_array_mut().unwrap() {
                epoch.as_object_mut().unwrap().remove("seconds");
            }
            json
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert_eq!(runs[0]["chapter"], "softmax");
    assert_eq!(runs[0]["epochs"][1]["epoch"], 2);
}

#[test]
fn cli_writes_curves_predictions_and_a_checkpoint_that_loads() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let train = d2l(
        work.path(),
        dir.parent(),
        &[
            "softmax",
            "--impl",
            "concise",
            "--epochs",
            "1",
            "--json",
            "--save",
            "model.safetensors",
            "--plot",
            "curves.svg",
        ],
    );
    let (stdout, stderr) = text(&train);
    assert!(train.status.success(), "{stderr}");
    assert!(stdout.starts_with("epoch 1: train loss "), "{stdout}");
    for file in [
        "curves.svg",
        "curves.png",
        "softmax-predictions.png",
        "model.safetensors",
    ] {
        assert!(
            work.path().join(file).is_file(),
            "{file} missing; stdout: {stdout}"
        );
    }
    let trained = json_line(&train)["test_acc"].as_f64().unwrap();

    // Evaluate the checkpoint with the other implementation: the same parameters, the same accuracy.
    let eval = d2l(
        work.path(),
        dir.parent(),
        &[
            "softmax",
            "--impl",
            "scratch",
            "--epochs",
            "0",
            "--load",
            "model.safetensors",
            "--json",
            "--no-plots",
        ],
    );
    assert!(eval.status.success(), "{:?}", text(&eval));
    let evaluated = json_line(&eval)["test_acc"].as_f64().unwrap();
    assert!(
        (trained - evaluated).abs() < 1e-9,
        "{trained} vs {evaluated}"
    );
}

#[test]
fn a_checkpoint_of_the_wrong_shape_is_named() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("wrong.safetensors");
    // A PyTorch-style file whose weight is 10 x 10 instead of 10 x 784.
    let values = vec![0u8; 4 * 100];
    let view = safetensors::tensor::TensorView::new(
        safetensors::tensor::Dtype::F32,
        vec![10, 10],
        &values,
    )
    .unwrap();
    std::fs::write(
        &path,
        safetensors::serialize([("1.weight", view)], None).unwrap(),
    )
    .unwrap();
    let err = softmax_regression::load::<SoftmaxScratch>(&path, &d2l::device::cpu())
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("wrong.safetensors") && err.contains("expected [10, 784]"),
        "{err}"
    );
    let output = d2l(
        work.path(),
        dir.parent(),
        &[
            "softmax",
            "--epochs",
            "0",
            "--load",
            "wrong.safetensors",
            "--no-plots",
        ],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("expected [10, 784]") && !stderr.contains("panicked"),
        "{stderr}"
    );
}
