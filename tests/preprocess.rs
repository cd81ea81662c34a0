//! d2l-zh 2.2 and the Kaggle features of 4.10: the book's results, and bad input.

use std::path::{Path, PathBuf};

use d2l::chapters::preprocess::kaggle_house_features;
use d2l::data::preprocess::{
    CsvOptions, column_names, fill_numeric_with_mean, read_csv, split_target,
};

use crate::util::{d2l, json_line, real_data, text};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn kaggle_dir() -> Option<PathBuf> {
    real_data(
        "kaggle-house",
        &["kaggle_house_pred_train.csv", "kaggle_house_pred_test.csv"],
    )
}

#[test]
fn cli_house_tiny_prints_the_books_tensors() {
    let work = tempfile::tempdir().unwrap();
    let output = d2l(
        work.path(),
        None,
        &["preprocess", "--example", "house-tiny"],
    );
    let (stdout, stderr) = text(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains("X = [[3., 1., 0.],\n [2., 0., 1.],\n [4., 0., 1.],\n [3., 0., 1.]]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("y = [127500., 106000., 178100., 140000.]"),
        "{stdout}"
    );
}

/// The reference, with pandas 3.1.1 (pandas 3 reads text as `str`, not `object`, so the numeric
/// columns are picked with `select_dtypes`):
///
/// ```python
/// all_features = pd.concat((train.iloc[:, 1:-1], test.iloc[:, 1:]))
/// numeric = all_features.select_dtypes(include='number').columns
/// all_features[numeric] = all_features[numeric].apply(lambda x: (x - x.mean()) / x.std())
/// all_features[numeric] = all_features[numeric].fillna(0)
/// all_features = pd.get_dummies(all_features, dummy_na=True)
/// all_features.shape                # (2919, 330)
/// all_features.iloc[0, :4]          # 0.06731988, -0.18444262, -0.21784137, 0.64607270
/// all_features.iloc[2918, :3]       # 0.06731988, 0.20108048, -0.06860838
/// all_features['MSZoning_C (all)'].sum(), ['MSZoning_nan'].sum(), ['Alley_nan'].sum()  # 25 4 2721
/// ```
#[test]
fn kaggle_features_match_pandas() {
    let Some(dir) = kaggle_dir() else { return };
    let (table, labels) = kaggle_house_features(&dir).unwrap();
    let frame = table.frame;
    assert_eq!(frame.shape(), (2919, 330));
    assert_eq!(labels.len(), 1460);
    let names = column_names(&frame);
    assert_eq!(
        names[..5],
        [
            "MSSubClass",
            "LotFrontage",
            "LotArea",
            "OverallQual",
            "OverallCond"
        ]
    );
    assert_eq!(
        names[34..38],
        ["MoSold", "YrSold", "MSZoning_C (all)", "MSZoning_FV"]
    );
    assert_eq!(
        names[327..],
        [
            "SaleCondition_Normal",
            "SaleCondition_Partial",
            "SaleCondition_nan"
        ]
    );
    let x = d2l::data::preprocess::to_tensor(&frame, burn::tensor::DType::F64, &d2l::device::cpu())
        .unwrap();
    let values: Vec<f64> = x.try_into_vec_as().unwrap();
    let at = |row: usize, col: usize| values[row * 330 + col];
    for (got, want) in [
        (at(0, 0), 0.06731987999872384),
        (at(0, 1), -0.1844426168571562),
        (at(0, 2), -0.21784136849269334),
        (at(0, 3), 0.6460727010653011),
        (at(2918, 1), 0.20108048177983798),
        (at(2918, 2), -0.06860838467862655),
    ] {
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    }
    let column_sum = |name: &str| {
        let j = names.iter().position(|n| n == name).unwrap();
        (0..2919).map(|i| at(i, j)).sum::<f64>()
    };
    assert_eq!(
        (
            column_sum("MSZoning_C (all)"),
            column_sum("MSZoning_nan"),
            column_sum("Alley_nan")
        ),
        (25.0, 4.0, 2721.0)
    );
}

#[test]
fn bad_files_are_named_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "ragged.csv",
            b"a,b,c\n1,2,3\n4,5\n",
            "line 3: 2 fields, expected 3",
        ),
        (
            "latin1.csv",
            b"name,price\ncaf\xe9,3\n",
            "line 2: not UTF-8",
        ),
        ("empty.csv", b"", "the file is empty"),
    ];
    for (name, bytes, expected) in cases {
        let path = write(dir.path(), name, bytes);
        let err = read_csv(&path, &CsvOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(name) && err.contains(expected),
            "{name}: {err}"
        );
    }
}

#[test]
fn a_missing_target_names_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.csv", b"a,b\n1,2\n");
    let frame = read_csv(&path, &CsvOptions::default()).unwrap();
    let err = split_target(&frame, "price").unwrap_err().to_string();
    assert!(err.contains("--target price"), "{err}");
}

#[test]
fn an_all_missing_column_is_filled_with_zero_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "t.csv", b"a,empty,c\n1,NA,x\n3,,y\n");
    let frame = read_csv(&path, &CsvOptions::default()).unwrap();
    let table = fill_numeric_with_mean(&frame);
    assert_eq!(table.notes, ["column empty has no values: filled with 0"]);
    let values: Vec<f64> = table
        .frame
        .column("empty")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert_eq!(values, [0.0, 0.0]);
}

#[test]
fn cli_header_only_gives_zero_rows_and_custom_na_tokens_work() {
    let work = tempfile::tempdir().unwrap();
    write(work.path(), "header.csv", b"a,b,c\n");
    let output = d2l(work.path(), None, &["preprocess", "header.csv", "--json"]);
    assert!(output.status.success(), "{:?}", text(&output));
    assert_eq!(json_line(&output)["rows"], 0);

    write(work.path(), "q.csv", b"x,kind,y\n1,?,10\n?,b,20\n5,b,30\n");
    let output = d2l(
        work.path(),
        None,
        &[
            "preprocess",
            "q.csv",
            "--na",
            "?",
            "--target",
            "y",
            "--json",
        ],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    let json = json_line(&output);
    assert_eq!(
        json["names"],
        serde_json::json!(["x", "kind_b", "kind_nan"])
    );
    assert_eq!(json["target_rows"], 3);
}

#[test]
fn cli_out_replaces_the_file_only_on_success() {
    let work = tempfile::tempdir().unwrap();
    let out = write(work.path(), "features.csv", b"old");
    write(work.path(), "bad.csv", b"a,b\n1\n");
    let failed = d2l(
        work.path(),
        None,
        &["preprocess", "bad.csv", "--out", "features.csv"],
    );
    let (_, stderr) = text(&failed);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr.contains("bad.csv") && stderr.contains("line 2"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"old");

    write(work.path(), "good.csv", b"a,b\n1,x\nNA,y\n");
    let output = d2l(
        work.path(),
        None,
        &["preprocess", "good.csv", "--out", "features.csv"],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        written == "a,b_x,b_y,b_nan\n1.0,1,0,0\n1.0,0,1,0\n",
        "{written}"
    );
}

#[test]
fn a_late_decimal_in_an_integer_column_still_reads_as_numbers() {
    // Types are guessed from the first 10,000 rows; row 12,000 holds the first decimal.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("n,label\n");
    for i in 0..12_000 {
        csv.push_str(&format!("{},{}\n", i, if i % 2 == 0 { "a" } else { "b" }));
    }
    csv.push_str("0.5,a\n");
    let path = write(dir.path(), "late.csv", csv.as_bytes());
    let frame = read_csv(&path, &CsvOptions::default()).unwrap();
    assert_eq!(frame.shape(), (12_001, 2));
    assert!(
        frame.column("n").unwrap().dtype().is_float(),
        "{:?}",
        frame.column("n").unwrap().dtype()
    );
}

/// Issue: hardening, class "messages from inside a library": one-hot names that collide were
/// polars' "column with name 'b_nan' has more than one occurrence", without the file.
#[test]
fn colliding_one_hot_columns_name_the_file_and_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "nan.csv",
            b"a,b\n1,nan\n2,\n3,x\n",
            "'b_nan' twice, from the value 'nan' of column 'b' and from the missing values of column 'b'",
        ),
        (
            "prefix.csv",
            b"a,a_x\nx,1\ny,2\n",
            "'a_x' twice, from column 'a_x' and from the value 'x' of column 'a'",
        ),
    ];
    for (name, bytes, expected) in cases {
        write(dir.path(), name, bytes);
        let output = d2l(dir.path(), None, &["preprocess", name, "--out", "out.csv"]);
        let (_, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(name) && stderr.contains(expected),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("more than one occurrence"), "{stderr}");
        assert!(
            !dir.path().join("out.csv").exists(),
            "{name}: nothing written"
        );
    }
}

/// Issue: hardening, class "output targets are replaced, whatever they are": a folder or device
/// is refused before any work, a symlink is written through, and the input is never the output.
#[cfg(unix)]
#[test]
fn outputs_that_are_not_files_or_are_the_input_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in.csv", b"a,b\n1,x\n2,y\n");
    std::os::unix::fs::symlink("in.csv", dir.path().join("alias.csv")).unwrap();
    for (out, expected) in [
        ("/dev/null", "not a regular file"),
        (".", "is a folder"),
        ("in.csv", "is the input file"),
        ("alias.csv", "is the input file"),
    ] {
        let output = d2l(dir.path(), None, &["preprocess", "in.csv", "--out", out]);
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{out}: {stderr}");
        assert!(
            stderr.contains("--out") && stderr.contains(expected),
            "{out}: {stderr}"
        );
        assert!(
            stdout.is_empty(),
            "{out}: refused before any work: {stdout}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("in.csv")).unwrap(),
        b"a,b\n1,x\n2,y\n"
    );
    // A link to another file is followed: the link stays, its target gets the table.
    write(dir.path(), "target.csv", b"old");
    std::os::unix::fs::symlink("target.csv", dir.path().join("out.csv")).unwrap();
    let output = d2l(
        dir.path(),
        None,
        &["preprocess", "in.csv", "--out", "out.csv"],
    );
    assert!(output.status.success(), "{:?}", text(&output));
    let link = std::fs::symlink_metadata(dir.path().join("out.csv")).unwrap();
    assert!(link.file_type().is_symlink());
    let written = std::fs::read_to_string(dir.path().join("target.csv")).unwrap();
    assert!(written.starts_with("a,b_x,b_y"), "{written}");
}

/// Issue: hardening, class "flags that are ignored silently": a `--target` of text or with gaps
/// was accepted and no y was ever built from it.
#[test]
fn a_target_of_text_or_with_gaps_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.csv",
        b"a,label,price\n1,cat,3.5\n2,dog,\n3,cat,4.0\n",
    );
    for (target, expected) in [
        ("label", "column 'label' holds text"),
        ("price", "column 'price' has 1 missing value(s) of 3"),
    ] {
        let output = d2l(
            dir.path(),
            None,
            &["preprocess", "t.csv", "--target", target],
        );
        let (stdout, stderr) = text(&output);
        assert_eq!(output.status.code(), Some(2), "{target}: {stderr}");
        assert!(
            stderr.contains("--target") && stderr.contains(expected),
            "{target}: {stderr}"
        );
        assert!(stdout.is_empty(), "{target}: {stdout}");
    }
    let output = d2l(dir.path(), None, &["preprocess", "t.csv", "--target", "a"]);
    assert!(output.status.success(), "{:?}", text(&output));
}
