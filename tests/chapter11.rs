//! Chapter 11 (d2l-zh 11.1, 11.3): the optimization sections through their commands, as a user
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
