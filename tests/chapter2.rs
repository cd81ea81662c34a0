//! d2l-zh 2.3-2.6 and 3.1's figures through the command line: the book's numbers in the output,
//! the figures written, and bad flags refused in one line with status 2.

use crate::util::{d2l, json_line, text};

#[test]
fn calculus_prints_the_books_limits_and_draws_the_tangent() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["calculus", "--json"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("h=1.00000e-5, numerical limit=2.00003"),
        "{stdout}"
    );
    let json = json_line(&output);
    assert_eq!(json["slope"], 2.0);
    assert_eq!(json["limits"].as_array().unwrap().len(), 5);
    for file in ["calculus.svg", "calculus.png"] {
        assert!(work.path().join(file).is_file(), "{file}");
    }
}

#[test]
fn probability_settles_near_one_sixth_and_is_seeded() {
    let work = tempfile::tempdir().unwrap();
    let args = ["probability", "--groups", "1000", "--json", "--no-plots"];
    let first = json_line(&d2l(work.path(), None, &args));
    let again = json_line(&d2l(work.path(), None, &args));
    assert_eq!(first, again, "the same seed rolls the same dice");
    for p in first["final_estimates"].as_array().unwrap() {
        let p = p.as_f64().unwrap();
        assert!((p - 1.0 / 6.0).abs() < 0.02, "{p}");
    }
    assert!(!work.path().join("probability.png").exists(), "--no-plots");
}

#[test]
fn autograd_and_linalg_walk_through_their_sections() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["autograd"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.contains("[0., 4., 8., 12.]"), "4x: {stdout}");
    assert!(!stdout.contains("false"), "{stdout}");
    let output = d2l(work.path(), None, &["linalg", "--json"]);
    let (stdout, _) = text(&output);
    assert!(
        stdout.contains("[14., 38., 62., 86., 110.]"),
        "mv: {stdout}"
    );
    assert_eq!(json_line(&output)["chapter"], "linalg");
}

#[test]
fn linreg_basics_times_both_adds_and_draws_the_densities() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        None,
        &["linreg-basics", "--n", "1000", "--json"],
    );
    let (_, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    let timing = &json_line(&output)["vectorization"];
    assert_eq!(timing["n"], 1000);
    assert_eq!(timing["same_result"], true);
    assert!(work.path().join("normal.png").is_file());
}

#[test]
fn bad_flags_are_one_line_and_status_two_before_any_output() {
    let work = tempfile::tempdir().unwrap();
    for args in [
        &["calculus", "--h", "0"][..],
        &["calculus", "--h", "-1"],
        &["calculus", "--steps", "13"],
        &["probability", "--draws", "0"],
        &["probability", "--groups", "0"],
        &["probability", "--groups", "100000", "--draws", "100000"],
        &["linreg-basics", "--n", "0"],
        &["linreg-basics", "--n", "1000001"],
        &["calculus", "--plot", "c.jpg"],
    ] {
        let output = d2l(work.path(), None, args);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        let flag = args[1];
        assert!(
            stderr.contains(flag) || stderr.contains("c.jpg"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
