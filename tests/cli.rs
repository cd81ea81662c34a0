//! The command line as a whole.

use crate::util::{d2l, text};

#[test]
fn list_names_every_chapter_with_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["list"]);
    let (stdout, _) = text(&output);
    assert!(output.status.success());
    // Every command of the README's chapter table, with its section, and nothing else.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: Vec<(&str, &str)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let command = cells.get(2)?.strip_prefix("`d2l ")?.strip_suffix('`')?;
            Some((cells[1], command))
        })
        .collect();
    assert!(table.len() >= 12, "{table:?}");
    assert_eq!(stdout.lines().count(), table.len(), "{stdout}");
    for (line, (section, command)) in stdout.lines().zip(&table) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], *section, "{line}");
        assert!(
            line.contains(&format!("d2l {command} ")),
            "{line} vs {command}"
        );
    }
}

#[test]
fn an_unknown_device_or_a_missing_backend_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["linreg", "--device", "tpu"]);
    let (_, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("expected auto, cpu, cuda[:N] or wgpu[:N]"),
        "{stderr}"
    );

    if cfg!(not(feature = "cuda")) {
        let output = d2l(dir.path(), None, &["linreg", "--device", "cuda"]);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1));
        assert!(
            stderr.contains("--features cuda") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

#[test]
fn gradcheck_passes_for_every_loss_and_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["gradcheck", "--json"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stdout}{stderr}");
    let json = crate::util::json_line(&output);
    let rows = json["rows"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    for expected in [
        "L2",
        "L1",
        "Huber (δ = 1)",
        "cross-entropy (logits)",
        "softmax regression (scratch), dW",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        rows.iter()
            .all(|r| r["max_rel_error"].as_f64().unwrap() < 1e-3),
        "{json}"
    );
}

#[test]
fn losses_draws_three_panels_and_samples_the_gradients() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(
        dir.path(),
        None,
        &["losses", "--plot", "losses.svg", "--points", "7", "--json"],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    for file in ["losses.svg", "losses.png"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let svg = std::fs::read_to_string(dir.path().join("losses.svg")).unwrap();
    assert!(svg.contains("likelihood") && svg.contains("gradient"));
    let json = crate::util::json_line(&output);
    // x = -3, -2, ..., 3; at x = -2 the gradients are L2: -2, L1: -1, Huber(1): -1.
    let gradient_at_minus_2: Vec<f64> = json["curves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["gradient"][1].as_f64().unwrap())
        .collect();
    assert_eq!(gradient_at_minus_2, [-2.0, -1.0, -1.0]);
}

#[test]
fn linreg_compares_losses_on_data_with_outliers() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "linreg",
        "--impl",
        "concise",
        "--loss",
        "mse,huber",
        "--outliers",
        "0.05",
        "--epochs",
        "5",
        "--json",
    ];
    let output = d2l(dir.path(), None, &args);
    assert!(output.status.success(), "{:?}", text(&output));
    let json = crate::util::json_line(&output);
    let runs = json["runs"].as_array().unwrap();
    let b_error = |i: usize| runs[i]["b_error"].as_f64().unwrap().abs();
    assert_eq!(runs[1]["criterion"]["huber"]["delta"], 1.0);
    assert!(b_error(1) < 0.05, "{json}");
    let rejected = d2l(dir.path(), None, &["linreg", "--loss", "l1"]);
    assert_eq!(rejected.status.code(), Some(2));
    assert!(
        text(&rejected)
            .1
            .contains("invalid --loss: it applies to --impl concise")
    );
}

/// A flag that the command would ignore is refused instead (issue: hardening, class "flags that
/// are ignored silently"): one error naming the flag, status 2, nothing computed or written.
#[test]
fn flags_that_would_be_ignored_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let cases = [
        (
            &["linreg", "--impl", "closed-form", "--lr", "0.1"][..],
            "--lr",
        ),
        (
            &["linreg", "--impl", "closed-form", "--epochs", "9"],
            "--epochs",
        ),
        (
            &["linreg", "--impl", "closed-form", "--batch-size", "5"],
            "--batch-size",
        ),
        (&["mlp", "--plot", "m.svg", "--no-plots"], "--plot"),
        (
            &["softmax", "--predict", "p.png", "--no-plots"],
            "--predict",
        ),
        (&["lenet", "--no-plots", "--plot", "l.svg"], "--plot"),
        // And a figure name that cannot be written is refused before training, not after.
        (
            &["softmax", "--predict", "p.jpg", "--epochs", "1"],
            "--predict",
        ),
        (&["mlp", "--plot", "curves.pdf"], "--plot"),
    ];
    for (args, flag) in cases {
        let output = d2l(work.path(), None, args);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(flag), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Sizes have an upper bound, and what a dependency would assert on is checked first: each of
/// these is one line naming the flag, status 2, no panic and no file (issue: hardening, classes
/// "sizes without an upper bound" and "panics inside dependencies").
#[test]
fn sizes_out_of_range_are_refused_before_any_work() {
    let work = tempfile::tempdir().unwrap();
    for args in [
        &["linreg", "--examples", "18446744073709551615"][..],
        &["linreg", "--examples", "100000000000"],
        &["linreg", "--impl", "closed-form", "--examples", "1"],
        &["linreg", "--impl", "closed-form", "--examples", "2"],
        &["losses", "--points", "10000000"],
        &["losses", "--points", "1"],
        &["data", "show", "fashion-mnist", "--n", "60000"],
    ] {
        let output = d2l(work.path(), None, args);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let flag = args[args.len() - 2];
        assert!(
            stderr.contains(flag),
            "{args:?} should name {flag}: {stderr}"
        );
    }
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
    // Three examples are enough for the closed form's three unknowns.
    let output = d2l(
        work.path(),
        None,
        &["linreg", "--impl", "closed-form", "--examples", "3"],
    );
    let (_, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
}
