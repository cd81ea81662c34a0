//! Replays the committed corpora of the fuzz targets (`fuzz/corpus/<target>/`) through the same
//! bodies the fuzzer runs (`d2l::fuzzing`), on stable: every input the fuzzer kept, crashes it
//! found included (added there once fixed), is read again by each CI run without a nightly build.
//! The `flags` corpus is replayed by a unit test of the binary, which owns the parser.

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{}: too few inputs", dir.display());
    files
}

fn replay(target: &str, body: fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        // A panic names the input, so that the finding can be reproduced with
        // `cargo +nightly fuzz run <target> <file>`.
        let outcome = std::panic::catch_unwind(|| body(&bytes));
        assert!(outcome.is_ok(), "{target}: {} panicked", path.display());
    }
}

#[test]
fn idx_corpus() {
    replay("idx", d2l::fuzzing::idx);
}

#[cfg(feature = "polars")]
#[test]
fn csv_corpus() {
    replay("csv", d2l::fuzzing::csv);
}

#[test]
fn checkpoint_corpus() {
    replay("checkpoint", d2l::fuzzing::checkpoint);
}
