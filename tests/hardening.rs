//! Issue 26 (hardening, round 3): one test per example of each class the probes found, on the
//! boundary walker's tiny data. Each failed before its fix.

use std::path::Path;
use std::process::Output;

use crate::boundary::World;
use crate::util::text;

/// Runs `d2l args` in the world's work folder with its tiny data.
fn d2l(world: &World, args: &[&str]) -> Output {
    crate::util::d2l(&world.sandbox, Some(&world.data), args)
}

/// Exit status `code`, and the first stderr line says `what`.
fn refused(output: &Output, code: i32, what: &[&str]) -> String {
    let (_, stderr) = text(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    for w in what {
        assert!(stderr.contains(w), "expected {w:?} in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Class 1: outputs. The device stays a device; two flags naming one file are refused before
/// any work.
#[test]
fn outputs_that_are_devices_or_each_other_are_refused() {
    let world = World::new();
    let out = d2l(
        &world,
        &[
            "bench",
            "preprocess",
            "--file",
            "/dev/null",
            "--rows",
            "10",
            "--no-peer",
        ],
    );
    refused(&out, 2, &["--file", "/dev/null", "not a regular file"]);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let out = d2l(
        &world,
        &[
            "mlp",
            "--epochs",
            "1",
            "--plot",
            "a.svg",
            "--predict",
            "a.png",
        ],
    );
    refused(&out, 2, &["--predict", "also written by --plot"]);
    let out = d2l(
        &world,
        &[
            "kaggle-house",
            "--epochs",
            "1",
            "--k",
            "2",
            "--out",
            "same.svg",
            "--plot",
            "same.svg",
        ],
    );
    refused(&out, 2, &["--plot", "also written by --out"]);
    // A data file is an input of every run that reads the data set.
    let data_file = world.data.join("kaggle-house/kaggle_house_pred_test.csv");
    let before = std::fs::read(&data_file).unwrap();
    let out = d2l(
        &world,
        &[
            "kaggle-house",
            "--epochs",
            "1",
            "--k",
            "2",
            "--out",
            data_file.to_str().unwrap(),
        ],
    );
    refused(&out, 2, &["--out", "a data set's folder"]);
    assert_eq!(std::fs::read(&data_file).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(&world.sandbox).unwrap().count(),
        1,
        "only a-folder: nothing written"
    );
}

/// Class 2: sizes that aborted or ran out of memory are refused with the flag.
#[test]
fn sizes_are_bounded_before_allocating() {
    let world = World::new();
    let out = d2l(
        &world,
        &[
            "padding",
            "--size",
            "4096",
            "--kernel",
            "4096",
            "--padding",
            "4096",
        ],
    );
    refused(&out, 2, &["--kernel", "GiB"]);
    let out = d2l(
        &world,
        &[
            "padding",
            "--size",
            "2000",
            "--kernel",
            "1000",
            "--padding",
            "2000",
        ],
    );
    refused(&out, 2, &["--kernel", "GiB"]);
    for width in ["18446744073709551615", "100000000"] {
        let out = d2l(&world, &["mlp", "--num-hiddens", width]);
        refused(&out, 2, &["--num-hiddens", "1 to 8,192"]);
    }
    let out = d2l(&world, &["softmax", "--load", "/dev/zero"]);
    refused(&out, 2, &["--load", "not a regular file"]);
    let out = d2l(&world, &["batch-norm", "--batch-size", "60000"]);
    refused(&out, 2, &["--batch-size", "GiB"]);
}

/// Class 3: numbers f32 cannot hold, and divergence everywhere, with the right flag named.
#[test]
fn numbers_are_parsed_for_f32_and_divergence_is_caught() {
    let world = World::new();
    for command in ["mlp", "lenet", "conv2d", "polyfit", "kaggle-house"] {
        let out = d2l(&world, &[command, "--lr", "1e-300"]);
        refused(&out, 2, &["--lr", "f32"]);
    }
    let out = d2l(&world, &["dropout", "--dropout1", "0.999999999"]);
    refused(&out, 2, &["--dropout1", "[0, 1)"]);
    let out = d2l(&world, &["conv2d", "--lr", "10"]);
    refused(&out, 1, &["diverged", "--lr"]);
    let out = d2l(&world, &["conv2d", "--lr", "0.05", "--iterations", "4"]);
    let (stdout, _) = text(&out);
    assert!(
        stdout.contains("lr 0.05, 4 iterations"),
        "the caption shows the run's values: {stdout}"
    );
    let out = d2l(&world, &["weight-decay", "--lambd", "1e30", "--no-plots"]);
    refused(&out, 1, &["diverged", "--lambd 1e30 is too large"]);
}

fn kaggle_world(train: impl FnOnce(&str) -> String, test: impl FnOnce(&str) -> String) -> World {
    let world = World::new();
    let dir = world.data.join("kaggle-house");
    for (name, edit) in [
        (
            "kaggle_house_pred_train.csv",
            Box::new(train) as Box<dyn FnOnce(&str) -> String>,
        ),
        ("kaggle_house_pred_test.csv", Box::new(test)),
    ] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(&text)).unwrap();
    }
    world
}

fn kaggle(world: &World) -> Output {
    d2l(
        world,
        &["kaggle-house", "--epochs", "1", "--k", "2", "--no-plots"],
    )
}

/// Class 4 and 5: Kaggle files that gave a wrong submission or a misleading message.
#[test]
fn kaggle_files_are_checked_and_named_precisely() {
    let same = |t: &str| t.to_string();
    let world = kaggle_world(same, |t| t.replacen("\n31,", "\n31.5,", 1));
    refused(
        &kaggle(&world),
        1,
        &["kaggle_house_pred_test.csv", "Id 31.5", "whole"],
    );
    let world = kaggle_world(same, |t| t.replacen("\n32,", "\n31,", 1));
    refused(&kaggle(&world), 1, &["Id 31 is given to houses 1 and 2"]);
    let world = kaggle_world(same, |t| t.lines().next().unwrap().to_string() + "\n");
    refused(
        &kaggle(&world),
        1,
        &["kaggle_house_pred_test.csv", "no houses"],
    );
    assert!(!world.sandbox.join("submission.csv").exists());
    let world = kaggle_world(|t| t.replacen(",100000\n", ",cheap\n", 1), same);
    refused(
        &kaggle(&world),
        1,
        &["house 1 (line 2", "SalePrice 'cheap'"],
    );
    let world = kaggle_world(
        |t| t.replacen("LotArea,SalePrice", "LotArea2,SalePrice", 1),
        same,
    );
    let stderr = refused(
        &kaggle(&world),
        1,
        &["kaggle_house_pred_train.csv", "lacks: LotArea2"],
    );
    assert!(stderr.len() < 400, "short: {stderr}");
}

/// Class 4: flags that were silently ignored or meant nothing.
#[test]
fn flags_without_effect_are_refused() {
    let world = World::new();
    refused(
        &d2l(&world, &["softmax", "--epochs", "0"]),
        2,
        &["--epochs", "--load"],
    );
    refused(&d2l(&world, &["mlp", "--epochs", "0"]), 2, &["--epochs"]);
    refused(
        &d2l(
            &world,
            &["polyfit", "--degree", "4", "--overfit-epochs", "5"],
        ),
        2,
        &["--overfit-epochs", "--degree"],
    );
}

/// Class 5 and 7: a non-UTF-8 name is a name; a folder that takes no files is refused before
/// training; a name at the 255-byte limit works.
#[test]
fn paths_are_checked_before_the_work() {
    use std::os::unix::ffi::OsStrExt;
    let world = World::new();
    let odd = std::ffi::OsStr::from_bytes(b"\xff\xfe.svg");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_d2l"))
        .arg("activations")
        .arg("--plot")
        .arg(odd)
        .current_dir(&world.sandbox)
        .output()
        .unwrap();
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(world.sandbox.join(odd).exists());
    let out = d2l(&world, &["mlp", "--predict", "/proc/nonexist/p.png"]);
    refused(&out, 2, &["--predict", "cannot create a file in /proc"]);
    let long = format!("{}.svg", "x".repeat(251));
    let out = d2l(&world, &["calculus", "--plot", &long]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert!(
        world.sandbox.join(&long).exists()
            && world.sandbox.join(long.replace(".svg", ".png")).exists()
    );
}

/// Class 6: a full standard output, and an interrupted run's temporary file.
#[test]
fn the_process_fails_cleanly() {
    let world = World::new();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_d2l"))
        .arg("tensor")
        .stdout(full)
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: cannot write to standard output: No space left on device (os error 28)"
    );

    let child = std::process::Command::new(env!("CARGO_BIN_EXE_d2l"))
        .args([
            "bench",
            "preprocess",
            "--rows",
            "20000000",
            "--no-peer",
            "--runs",
            "1",
        ])
        .current_dir(&world.sandbox)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the temporary CSV is being written, then interrupt.
    let temp = || {
        std::fs::read_dir(&world.sandbox)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".d2l-"))
    };
    let start = std::time::Instant::now();
    while !temp() && start.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(temp(), "the CSV is written to a temporary first");
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{:?}", text(&out));
    assert!(!temp(), "the temporary is removed");
    assert!(text(&out).1.contains("removed 1 unfinished file"));
    assert!(!Path::new(&world.sandbox.join("bench-preprocess-20000000.csv")).exists());
}
