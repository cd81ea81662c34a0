//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::{Command, Output};

use d2l::data::fashion_mnist::{DATASET, FILES};

/// The folder of a real data set that holds all of `files`: `$D2L_DATA_DIR/<dataset>`, else
/// the project's `../shared/data/<dataset>`. `None` (and a note on stderr) when absent, so a
/// machine without the data runs the rest; with `D2L_REQUIRE_DATA=1` (CI sets it) a missing
/// data set fails the test instead of skipping it.
pub fn real_data(dataset: &str, files: &[&str]) -> Option<PathBuf> {
    let roots = std::env::var_os("D2L_DATA_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")]);
    let found = roots
        .map(|root| root.join(dataset))
        .find(|dir| files.iter().all(|f| dir.join(f).is_file()));
    if found.is_none() {
        assert!(
            std::env::var_os("D2L_REQUIRE_DATA").is_none_or(|v| v != "1"),
            "{dataset} not found in $D2L_DATA_DIR or ../shared/data, and D2L_REQUIRE_DATA=1"
        );
        eprintln!("{dataset} not found (set D2L_DATA_DIR): skipping a real-data test");
    }
    found
}

/// The folder of the real Fashion-MNIST files (see [`real_data`]).
pub fn real_fashion_mnist() -> Option<PathBuf> {
    let names: Vec<&str> = FILES.iter().map(|f| f.name).collect();
    real_data(DATASET, &names)
}

/// Runs the `d2l` binary with `args` in `dir`, with `D2L_DATA_DIR` set to `data_root`.
pub fn d2l(dir: &std::path::Path, data_root: Option<&std::path::Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_d2l"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("D2L_DATA_DIR");
    if let Some(root) = data_root {
        command.env("D2L_DATA_DIR", root);
    }
    // Keep the user's cache out of the tests: point it at the test's folder.
    command.env("XDG_CACHE_HOME", dir.join("cache"));
    command.output().expect("the d2l binary should run")
}

/// stdout and stderr as text.
pub fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The last line of stdout parsed as JSON.
pub fn json_line(output: &Output) -> serde_json::Value {
    let (stdout, stderr) = text(output);
    let last = stdout
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no output; stderr: {stderr}"));
    serde_json::from_str(last).unwrap_or_else(|e| panic!("last line is not JSON ({e}): {last}"))
}
