//! Chapter 11 (d2l-zh 11.1-11.11): the optimization sections through their commands, as a user
//! runs them.

use crate::util::{d2l, json_line, text};

/// The book's printed values, the JSON and both figures (each as .svg and .png).
#[test]
fn gd_prints_the_books_values_and_draws_every_run() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["gd", "--json"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    for line in [
        "x², η = 0.2: epoch 10, x: 0.060466",
        "x², η = 0.05: epoch 10, x: 3.486784",
        "x², η = 1.1: epoch 10, x: 61.917364",
        "x cos(cx), η = 2: epoch 10, x: -1.528166",
        "Newton, cosh(cx): epoch 10, x: 0.000000",
        "Newton, x cos(cx), η = 1: epoch 10, x: 26.834133",
        "Newton, x cos(cx), η = 0.5: epoch 10, x: 7.269860",
        "epoch 20, x1: -0.057646, x2: -0.000073",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    let json = json_line(&output);
    assert_eq!(json["chapter"], "gd");
    assert_eq!(json["quadratic"].as_array().unwrap().len(), 3);
    assert_eq!(json["two_d"].as_array().unwrap().len(), 21);
    for name in ["gd.svg", "gd.png", "gd-newton.svg", "gd-newton.png"] {
        let bytes = std::fs::read(work.path().join(name)).unwrap();
        assert!(bytes.len() > 1000, "{name}");
    }
}

/// The second figure is an output of the plan too: naming it as the first's is refused.
#[test]
fn gd_figures_are_declared_outputs() {
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("gd-newton.svg")).unwrap();
    let output = d2l(work.path(), None, &["gd"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--plot") && stderr.contains("a folder"),
        "{stderr}"
    );
    assert!(!work.path().join("gd.svg").exists(), "nothing written");
}

/// 11.1: both minima of x cos(πx), tanh's vanishing gradient, the figure and the JSON.
#[test]
fn optim_challenges_finds_both_minima_and_draws_them() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["optim-challenges", "--json"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("local minimum f(-0.2739) = -0.1786")
            && stdout.contains("global minimum f(1.0904) = -1.0467")
            && stdout.contains("tanh'(4) = 1 - tanh²(4) = 0.0013410"),
        "{stdout}"
    );
    let json = json_line(&output);
    assert_eq!(json["chapter"], "optim-challenges");
    for name in ["optim-challenges.svg", "optim-challenges.png"] {
        assert!(std::fs::metadata(work.path().join(name)).unwrap().len() > 1000);
    }
}

/// The real airfoil folder, or `None` (skipped, unless `D2L_REQUIRE_DATA=1`).
fn airfoil() -> Option<std::path::PathBuf> {
    use d2l::data::airfoil::{DATASET, FILE};
    crate::util::real_data(DATASET, &[FILE.name]).map(|dir| dir.parent().unwrap().to_path_buf())
}

/// d2l's file: 1,503 rows of six numbers; the book's 1,500 standardised over all of them.
#[test]
fn the_airfoil_file_has_the_books_shape_and_is_standardised() {
    use d2l::data::airfoil::{Airfoil, BOOK_ROWS, DATASET, FEATURES, FILE, ROWS, parse};
    let Some(root) = airfoil() else { return };
    let dir = root.join(DATASET);
    d2l::data::download::verify(&dir.join(FILE.name), FILE.checksum).unwrap();
    let text = std::fs::read_to_string(dir.join(FILE.name)).unwrap();
    assert!(text.contains("\r\n"), "d2l's file has CRLF line ends");
    assert_eq!(parse(&text).unwrap().len(), ROWS);
    let all = Airfoil::load(&dir, ROWS).unwrap();
    for column in 0..=FEATURES {
        let values: Vec<f64> = (0..ROWS)
            .map(|r| match column {
                FEATURES => all.labels[r] as f64,
                c => all.features[r * FEATURES + c] as f64,
            })
            .collect();
        let mean = values.iter().sum::<f64>() / ROWS as f64;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / ROWS as f64;
        assert!(
            mean.abs() < 1e-5 && (var - 1.0).abs() < 1e-4,
            "column {column}"
        );
    }
    let book = Airfoil::load(&dir, BOOK_ROWS).unwrap();
    assert_eq!(
        (book.len(), book.features.len()),
        (BOOK_ROWS, BOOK_ROWS * FEATURES)
    );
    assert_eq!(book.labels[..], all.labels[..BOOK_ROWS]);
    // The first row, 800 Hz at angle 0: its sound level 126.201 dB is above the mean.
    assert!(book.labels[0] > 0.0 && book.features[0] < 0.0);
}

/// Every optimizer of 11.5-11.10, from scratch and concise, ends below 0.3 on airfoil in the
/// book's epochs (the book's losses are about 0.24-0.25); each draws its curves.
#[test]
fn every_optimizer_brings_the_airfoil_loss_below_0_3() {
    let Some(root) = airfoil() else { return };
    let work = tempfile::tempdir().unwrap();
    let expected_runs = [
        ("minibatch-sgd", 5),
        ("momentum", 4),
        ("adagrad", 2),
        ("rmsprop", 2),
        ("adadelta", 2),
        ("adam", 3),
    ];
    for (command, runs) in expected_runs {
        let plot = format!("{command}.svg");
        let output = d2l(
            work.path(),
            Some(&root),
            &[command, "--json", "--plot", &plot],
        );
        let (stdout, stderr) = text(&output);
        assert!(output.status.success(), "{command}: {stderr}");
        let losses: Vec<f64> = stdout
            .lines()
            .filter_map(|l| l.split_once(": loss ")?.1.split(',').next()?.parse().ok())
            .collect();
        assert_eq!(losses.len(), runs, "{command}: {stdout}");
        for loss in &losses {
            assert!((0.2..0.3).contains(loss), "{command}: {stdout}");
        }
        assert_eq!(json_line(&output)["chapter"], command);
        for ext in ["svg", "png"] {
            let figure = work.path().join(format!("{command}.{ext}"));
            assert!(
                std::fs::metadata(&figure).unwrap().len() > 1000,
                "{figure:?}"
            );
        }
    }
}

/// The 2-D runs of 11.6-11.8 print the book's positions.
#[test]
fn the_2d_runs_print_the_books_positions() {
    let Some(root) = airfoil() else { return };
    let work = tempfile::tempdir().unwrap();
    for (command, line) in [
        (
            "momentum",
            "momentum, η = 0.6, β = 0.5: epoch 20, x1: 0.007188, x2: 0.002553",
        ),
        (
            "adagrad",
            "AdaGrad, η = 0.4: epoch 20, x1: -2.382563, x2: -0.158591",
        ),
        (
            "rmsprop",
            "RMSProp, η = 0.4, γ = 0.9: epoch 20, x1: -0.010599, x2: 0.000000",
        ),
    ] {
        let output = d2l(work.path(), Some(&root), &[command, "--no-plots"]);
        let (stdout, stderr) = text(&output);
        assert!(stdout.contains(line), "{command}: {stdout}{stderr}");
    }
}

/// Rates ≤ 0 or NaN and decay rates outside [0, 1) are refused in one line naming the flag,
/// exit 2, before the data is read.
#[test]
fn bad_rates_and_decays_are_refused_naming_the_flag() {
    let work = tempfile::tempdir().unwrap();
    let empty = work.path().join("no-data");
    for args in [
        &["momentum", "--lr", "0"][..],
        &["momentum", "--lr", "-0.1"],
        &["adagrad", "--lr", "NaN"],
        &["adam", "--lr", "inf"],
        &["momentum", "--momentum", "1"],
        &["rmsprop", "--gamma", "-0.1"],
        &["adadelta", "--rho", "1.5"],
        &["adam", "--beta1", "nan"],
        &["adam", "--beta2", "0.9999999999"],
    ] {
        let output = d2l(work.path(), Some(&empty), args);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        // clap's one line, then its pointer to --help.
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.contains(args[1]), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// An airfoil file with a missing column is named with its line: one line, nothing written.
/// Exit 1, as for every other data file (Kaggle, Fashion-MNIST): exit 2 is kept for flags.
#[test]
fn an_airfoil_file_with_a_missing_column_is_named() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("data/airfoil");
    std::fs::create_dir_all(&dir).unwrap();
    // A file in place is used as found (`d2l data download` checks checksums), so an edited
    // copy reaches the parser.
    let mut rows = String::new();
    for i in 0..1500 {
        rows.push_str(&format!(
            "{}\t0\t0.3048\t71.3\t0.00266337\t126.2\r\n",
            800 + i
        ));
    }
    rows.push_str("1000\t0\t0.3048\t71.3\t126.2\r\n");
    std::fs::write(dir.join("airfoil_self_noise.dat"), rows).unwrap();
    let output = d2l(work.path(), Some(&work.path().join("data")), &["adam"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("airfoil_self_noise.dat") && stderr.contains("line 1501 has 5 columns"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(!work.path().join("adam.svg").exists());
}

/// 11.11: one epoch under the cosine schedule on the real data: the rate of epoch 0 is the
/// schedule's, the network learns, both figures' panels are drawn.
#[test]
fn lr_scheduler_trains_with_the_chosen_schedule() {
    let Some(fashion) = crate::util::real_fashion_mnist() else {
        return;
    };
    let root = fashion.parent().unwrap();
    let work = tempfile::tempdir().unwrap();
    let args = [
        "lr-scheduler",
        "--schedule",
        "cosine",
        "--epochs",
        "1",
        "--json",
    ];
    let output = d2l(work.path(), Some(root), &args);
    let (_, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let json = json_line(&output);
    let run = &json["runs"][0];
    assert_eq!(run["schedule"], "cosine");
    assert_eq!(run["rates"][0], 0.3);
    assert!(run["test_acc"].as_f64().unwrap() > 0.6, "{run}");
    assert!(
        std::fs::metadata(work.path().join("lr-scheduler.png"))
            .unwrap()
            .len()
            > 1000
    );
    let output = d2l(
        work.path(),
        Some(root),
        &["lr-scheduler", "--schedule", "linear"],
    );
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--schedule"), "{stderr}");
}
