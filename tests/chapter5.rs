//! Chapter 5 (d2l-zh 5.1-5.6): the walkthrough commands, their files and their refusals.

use crate::util::{d2l, json_line, text};

#[test]
fn the_walkthroughs_print_the_books_mechanics() {
    let work = tempfile::tempdir().unwrap();
    let expect = [
        ("blocks", "chimera(X)"),
        ("parameters", "('blocks.2.weight', [8, 1])"),
        ("custom-layers", "[-2., -1., 0., 1., 2.]"),
        ("gpu", "[[3.],\n [3.]]"),
    ];
    for (command, value) in expect {
        let output = d2l(work.path(), None, &[command, "--json"]);
        let (stdout, stderr) = text(&output);
        assert!(output.status.success(), "{command}: {stderr}");
        assert!(stdout.contains(value), "{command}: {stdout}");
        assert_eq!(json_line(&output)["chapter"], command);
    }
    // The same seed gives the same numbers.
    let once = d2l(work.path(), None, &["parameters", "--seed", "3"]);
    let twice = d2l(work.path(), None, &["parameters", "--seed", "3"]);
    assert_eq!(once.stdout, twice.stdout);
}

#[test]
fn read_write_saves_four_files_a_model_reloads_identically_and_bad_folders_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(work.path(), None, &["read-write", "--dir", "out", "--json"]);
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stdout.contains("false"),
        "Y_clone == Y everywhere: {stdout}"
    );
    for name in ["x-file", "x-files", "mydict", "mlp.params"] {
        let path = work.path().join("out").join(format!("{name}.safetensors"));
        assert!(path.is_file(), "{name}");
    }
    std::fs::write(work.path().join("taken"), "a file").unwrap();
    let output = d2l(work.path(), None, &["read-write", "--dir", "taken"]);
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--dir") && stderr.contains("not a folder"),
        "{stderr}"
    );
    assert!(stdout.is_empty());
    assert_eq!(std::fs::read(work.path().join("taken")).unwrap(), b"a file");
}
