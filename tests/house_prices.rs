//! d2l-zh 4.10 on the real Kaggle files: the book's log RMSE, the submission, bad flags and files.

use d2l::chapters::house_prices::{self, HouseConfig, HouseModel};

use crate::preprocess::kaggle_dir;
use crate::util::{d2l, json_line, text};

#[test]
fn k_fold_reaches_the_books_log_rmse_and_writes_a_submission() {
    let Some(dir) = kaggle_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("submission.csv");
    let report = house_prices::run(
        &HouseConfig::default(),
        &dir,
        &out,
        &d2l::device::cpu(),
        &mut (),
    )
    .unwrap();
    // Book: average train 0.165458, valid 0.170293; on all data 0.162354.
    assert_eq!(report.folds.len(), 5);
    assert!(report.avg_valid_log_rmse < 0.18, "{report:?}");
    assert!(
        report.final_train_log_rmse < 0.18,
        "{}",
        report.final_train_log_rmse
    );
    assert_eq!(report.fold1_epochs.len(), 100);

    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("Id,SalePrice"));
    let rows: Vec<(i64, f64)> = lines
        .map(|l| {
            let (id, price) = l.split_once(',').unwrap();
            (id.parse().unwrap(), price.parse().unwrap())
        })
        .collect();
    assert_eq!(rows.len(), 1459);
    assert_eq!(rows[0].0, 1461, "the first test house");
    assert!(rows.iter().all(|(_, price)| *price > 0.0));

    // Beyond the book: the MLP with dropout and weight decay validates better than the line.
    let mlp = house_prices::run(
        &HouseConfig::for_model(HouseModel::Mlp),
        &dir,
        &out,
        &d2l::device::cpu(),
        &mut (),
    )
    .unwrap();
    assert!(
        mlp.avg_valid_log_rmse < report.avg_valid_log_rmse - 0.01,
        "mlp {} vs linear {}",
        mlp.avg_valid_log_rmse,
        report.avg_valid_log_rmse
    );
}

#[test]
fn mlp_flags_are_refused_for_the_linear_model() {
    let work = tempfile::tempdir().unwrap();
    // Refused before any data is looked for: no data folder is needed.
    for (flag, value) in [("--hidden", "32"), ("--dropout", "0.5")] {
        let output = d2l(
            work.path(),
            None,
            &["kaggle-house", flag, value, "--no-plots"],
        );
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
        assert!(
            stderr.contains(flag) && stderr.contains("--model mlp"),
            "{stderr}"
        );
    }
}

#[test]
fn wrong_folds_are_refused_with_the_allowed_range() {
    let Some(dir) = kaggle_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    for k in ["0", "1", "5000"] {
        let output = d2l(
            work.path(),
            dir.parent(),
            &["kaggle-house", "--k", k, "--no-plots"],
        );
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "--k {k}: {stderr}");
        assert!(
            stderr.contains("--k") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
    assert!(
        !work.path().join("submission.csv").exists(),
        "nothing written"
    );
}

#[test]
fn a_renamed_column_names_the_file_and_the_column_and_keeps_the_old_submission() {
    let Some(dir) = kaggle_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data/kaggle-house");
    std::fs::create_dir_all(&data).unwrap();
    let train = std::fs::read_to_string(dir.join("kaggle_house_pred_train.csv")).unwrap();
    std::fs::write(
        data.join("kaggle_house_pred_train.csv"),
        train.replacen("SalePrice", "Price", 1),
    )
    .unwrap();
    std::fs::copy(
        dir.join("kaggle_house_pred_test.csv"),
        data.join("kaggle_house_pred_test.csv"),
    )
    .unwrap();
    std::fs::write(work.path().join("submission.csv"), "old").unwrap();
    let output = d2l(
        work.path(),
        Some(&work.path().join("data")),
        &["kaggle-house", "--epochs", "1", "--no-plots"],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("kaggle_house_pred_train.csv") && stderr.contains("SalePrice"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join("submission.csv")).unwrap(),
        "old"
    );
}

#[test]
fn the_command_prints_each_fold_and_ends_with_json() {
    let Some(dir) = kaggle_dir() else { return };
    let work = tempfile::tempdir().unwrap();
    let args = [
        "kaggle-house",
        "--k",
        "3",
        "--epochs",
        "5",
        "--json",
        "--plot",
        "f.svg",
    ];
    let output = d2l(work.path(), dir.parent(), &args);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("fold 3, train log rmse"), "{stdout}");
    assert!(work.path().join("f.png").is_file() && work.path().join("submission.csv").is_file());
    let json = json_line(&output);
    assert_eq!(json["chapter"], "kaggle-house");
    assert_eq!(json["folds"].as_array().unwrap().len(), 3);
    assert_eq!(json["predictions"], 1459);
}
