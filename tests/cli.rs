//! The command line as a whole.

use crate::util::{d2l, text};

#[test]
fn list_names_every_chapter_with_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let output = d2l(dir.path(), None, &["list"]);
    let (stdout, _) = text(&output);
    assert!(output.status.success());
    for (section, command) in [
        ("3.2", "d2l linreg --impl scratch"),
        ("3.6", "d2l softmax --impl scratch"),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(section) && l.contains(command)),
            "{section} {command} missing from:\n{stdout}"
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
