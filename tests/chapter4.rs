//! Chapter 4 (d2l-zh 4.1-4.6): the book's results on the real data, and the commands.

use d2l::chapters::mlp::{self, MlpConfig, MlpImpl};

use crate::util::{d2l, json_line, real_fashion_mnist, text};

fn assert_book_quality(implementation: MlpImpl) {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let cfg = MlpConfig {
        implementation,
        ..MlpConfig::default()
    };
    let run = mlp::run(&cfg, &dir, &d2l::device::cpu(), &mut ()).unwrap();
    let result = &run.report.result;
    // Book, 10 epochs (read from its figures): test acc ~0.82 (4.2) and ~0.84 (4.3), train loss
    // ~0.39.
    assert_eq!(result.epochs.len(), 10);
    assert!(
        result.test_acc >= 0.82,
        "{implementation:?}: test acc {}",
        result.test_acc
    );
    let loss = result.train_loss.unwrap();
    assert!(loss < 0.45, "{implementation:?}: train loss {loss}");
    assert_eq!(run.predictions.len(), 6);
}

#[test]
fn scratch_mlp_reaches_the_books_accuracy() {
    assert_book_quality(MlpImpl::Scratch);
}

#[test]
fn concise_mlp_reaches_the_books_accuracy() {
    assert_book_quality(MlpImpl::Concise);
}

#[test]
fn mlp_command_writes_its_figures_and_json() {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let args = [
        "mlp",
        "--epochs",
        "1",
        "--num-hiddens",
        "32",
        "--plot",
        "c.svg",
        "--json",
    ];
    let output = d2l(work.path(), dir.parent(), &args);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.starts_with("epoch 1: train loss "), "{stdout}");
    for file in ["c.svg", "c.png", "mlp-predictions.png"] {
        assert!(work.path().join(file).is_file(), "{file} missing: {stdout}");
    }
    let json = json_line(&output);
    assert_eq!(json["chapter"], "mlp");
    assert_eq!(json["impl"], "scratch");
    assert_eq!(json["num_hiddens"], 32);
    assert!(json["test_acc"].as_f64().unwrap() > 0.5, "{json}");

    let refused = d2l(work.path(), dir.parent(), &["mlp", "--num-hiddens", "0"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).1.contains("--num-hiddens"),
        "{:?}",
        text(&refused)
    );
}

#[test]
fn activations_command_draws_three_functions_and_their_slopes() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        None,
        &["activations", "--plot", "a.svg", "--json"],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    for file in ["a.svg", "a.png"] {
        assert!(work.path().join(file).is_file(), "{file}");
    }
    let json = json_line(&output);
    let curves = json["curves"].as_array().unwrap();
    let names: Vec<&str> = curves.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ReLU", "sigmoid", "tanh"]);
    // x = 2 is grid point 100: ReLU'(2) = 1, sigmoid'(2) = s(1 − s) ≈ 0.105, tanh'(2) ≈ 0.0707.
    let slope = |i: usize| curves[i]["gradient"][100].as_f64().unwrap();
    assert_eq!(curves[0]["x"][100].as_f64().unwrap(), 2.0);
    assert_eq!(slope(0), 1.0);
    assert!((slope(1) - 0.104994).abs() < 1e-5, "{}", slope(1));
    assert!((slope(2) - 0.070651).abs() < 1e-5, "{}", slope(2));
}

/// Runs `d2l dropout` as its own process: the dropout masks come from the backend's one global
/// generator, which other tests of this binary draw from at the same time, so only a process
/// of its own repeats the seeded run exactly.
fn assert_dropout_quality(implementation: &str) {
    let Some(dir) = real_fashion_mnist() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        dir.parent(),
        &["dropout", "--impl", implementation, "--no-plots", "--json"],
    );
    let json = json_line(&output);
    // Book, 10 epochs (read from its figures): test acc ~0.857 (scratch), ~0.844 (concise).
    assert_eq!(json["epochs"].as_array().unwrap().len(), 10);
    let test_acc = json["test_acc"].as_f64().unwrap();
    assert!(test_acc >= 0.83, "{implementation}: test acc {test_acc}");
}

#[test]
fn scratch_dropout_reaches_the_books_accuracy() {
    assert_dropout_quality("scratch");
}

#[test]
fn concise_dropout_reaches_the_books_accuracy() {
    assert_dropout_quality("concise");
}

#[test]
fn a_dropout_outside_zero_to_one_is_refused_before_training() {
    let work = tempfile::tempdir().unwrap();
    for bad in ["1", "-0.1", "1.5", "x"] {
        let output = d2l(work.path(), None, &["dropout", "--dropout2", bad]);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{bad}: {stderr}");
        assert!(
            stderr.contains("--dropout2") && stderr.contains("[0, 1)"),
            "{bad}: {stderr}"
        );
    }
}

#[test]
fn polyfit_and_weight_decay_commands_report_and_refuse_bad_values() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        None,
        &[
            "polyfit", "--degree", "4", "--epochs", "40", "--plot", "p.svg", "--json",
        ],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(work.path().join("p.png").is_file());
    let json = json_line(&output);
    let fit = &json["fits"][0];
    assert_eq!(fit["degree"], 4);
    assert_eq!(fit["weights"].as_array().unwrap().len(), 4);
    assert_eq!(fit["epochs"].as_array().unwrap().len(), 40);
    assert!(
        fit["epochs"][39]["test_loss"].as_f64().unwrap() > 0.0,
        "{fit}"
    );

    let output = d2l(
        work.path(),
        None,
        &[
            "weight-decay",
            "--impl",
            "concise",
            "--epochs",
            "10",
            "--no-plots",
            "--json",
        ],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    let json = json_line(&output);
    assert_eq!(json["chapter"], "weight-decay");
    let lambdas: Vec<f64> = json["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lambda"].as_f64().unwrap())
        .collect();
    assert_eq!(lambdas, [0.0, 3.0]);

    for (args, flag, range) in [
        (["polyfit", "--degree", "21"], "--degree", "1 to 20"),
        (["polyfit", "--degree", "0"], "--degree", "1 to 20"),
        (
            ["weight-decay", "--lambd", "-1"],
            "--lambd",
            "0, or a number > 0",
        ),
    ] {
        let output = d2l(work.path(), None, &args);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains(range),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn stability_shows_an_explosion_and_gradcheck_covers_the_mlp() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["stability", "--json"]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert!(work.path().join("stability.png").is_file());
    let json = json_line(&output);
    assert!(
        json["explosion"]["max_abs"].as_f64().unwrap() > 1e15,
        "{json}"
    );

    let output = d2l(work.path(), None, &["gradcheck", "--json"]);
    let json = json_line(&output);
    let mlp = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "MLP (ReLU), dW1")
        .expect("an MLP row");
    assert_eq!(mlp["parameters"], 30);
    assert!(mlp["max_rel_error"].as_f64().unwrap() < 1e-3, "{mlp}");
}
