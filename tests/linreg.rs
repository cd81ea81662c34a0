//! d2l-zh 3.1-3.3: each implementation recovers w = [2, −3.4], b = 4.2 as the book does.

use d2l::chapters::linear_regression::{LinregConfig, closed_form, concise, scratch};

use crate::util::{d2l, json_line, text};

/// Collects each epoch's training loss, as the observer of a run.
#[derive(Default)]
struct Losses(Vec<f64>);

impl d2l::train::Observer for Losses {
    fn on_epoch(&mut self, stats: &d2l::train::EpochStats) {
        self.0.push(stats.train_loss);
    }
}

fn assert_recovered(report: &d2l::chapters::linear_regression::LinregReport) {
    // The book reports errors around 1e-4 after 3 epochs.
    assert!(
        report.w_error.iter().all(|e| e.abs() < 1e-3),
        "{} w error {:?}",
        report.implementation,
        report.w_error
    );
    assert!(
        report.b_error.abs() < 1e-3,
        "{} b error {}",
        report.implementation,
        report.b_error
    );
}

#[test]
fn scratch_recovers_the_parameters_in_three_epochs() {
    let mut losses = Losses::default();
    let report = scratch::train(&LinregConfig::default(), &mut losses).unwrap();
    let losses = losses.0;
    assert_recovered(&report);
    assert_eq!(losses.len(), 3);
    // Book: epoch 1, loss 0.042790; epoch 3, loss 0.000050 (the noise floor, σ²/2).
    assert!(losses[0] < 0.1 && losses[2] < 1e-4, "{losses:?}");
}

#[test]
fn concise_recovers_the_parameters_in_three_epochs() {
    let report = concise::train(&LinregConfig::default(), &mut ()).unwrap();
    assert_recovered(&report);
    // nn.MSELoss has no ½: the floor is σ² = 1e-4 (book: 0.000099).
    assert!(report.loss < 2e-4, "{}", report.loss);
}

#[test]
fn closed_form_recovers_the_parameters() {
    assert_recovered(&closed_form::solve(&LinregConfig::default()).unwrap());
}

#[test]
fn the_same_seed_gives_the_same_numbers() {
    let run = |seed| {
        let cfg = LinregConfig {
            seed,
            ..LinregConfig::default()
        };
        let report = scratch::train(&cfg, &mut ()).unwrap();
        (report.w, report.b, report.epoch_losses)
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn a_huge_learning_rate_stops_with_the_epoch_and_a_hint() {
    let cfg = LinregConfig {
        lr: 100.0,
        ..LinregConfig::default()
    };
    let err = scratch::train(&cfg, &mut ()).unwrap_err().to_string();
    assert!(
        err.contains("epoch 1") && err.contains("smaller learning rate"),
        "{err}"
    );
}

#[test]
fn cli_prints_book_lines_and_a_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["linreg", "--impl", "concise", "--json"]);
    assert!(output.status.success(), "{:?}", text(&output));
    let (stdout, _) = text(&output);
    assert!(stdout.starts_with("epoch 1, loss 0.000"), "{stdout}");
    let json = json_line(&output);
    assert_eq!(json["chapter"], "linreg");
    assert_eq!(json["impl"], "concise");
    assert_eq!(json["epochs"], 3);
    let w_error = json["w_error"].as_array().unwrap();
    assert!(
        w_error.iter().all(|e| e.as_f64().unwrap().abs() < 1e-3),
        "{json}"
    );
    assert!(json["seconds"].as_f64().unwrap() > 0.0);
}

#[test]
fn cli_rejects_bad_hyperparameters_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, flag, range) in [
        (vec!["--batch-size", "0"], "--batch-size", "1 to 1,048,576"),
        (vec!["--examples", "0"], "--examples", ">= 1"),
        (vec!["--lr", "0"], "--lr", "> 0"),
        (vec!["--lr", "-0.5"], "--lr", "> 0"),
        (vec!["--lr", "NaN"], "--lr", "> 0"),
    ] {
        let mut all = vec!["linreg"];
        all.extend(&args);
        let output = d2l(dir.path(), None, &all);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains(flag) && first.contains(range),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn cli_reports_divergence_without_printing_nan() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["linreg", "--lr", "100"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !stdout.contains("NaN") && !stdout.contains("nan"),
        "{stdout}"
    );
    assert!(
        stderr.contains("diverged in epoch 1") && stderr.contains("--lr"),
        "{stderr}"
    );
}
