//! The CSV pipeline of `d2l preprocess FILE` against pandas, on small files that each hold one
//! quirk of the format: the same shape, the same column names and the same f32 values.
//!
//! The reference outputs in tests/fixtures/csv_pandas.json were made once with pandas 3 by
//! scripts/csv_fixtures.py (its docstring says how to run it again); the files themselves are in
//! that JSON too, so the two sides read the very same bytes.

use std::collections::BTreeMap;

use burn::tensor::DType;
use d2l::data::preprocess::{
    CsvOptions, Fill, column_names, fill_numeric, get_dummies, read_csv, to_tensor,
};
use d2l::device::Device;
use serde_json::Value;

/// Cases where we differ from pandas on purpose, and how.
///
/// `only_missing_column`: a column without one value has no mean; pandas leaves it NaN, which
/// would poison every model trained on it, so we fill it with 0 and print a note.
const NAN_BECOMES_ZERO: &[&str] = &["only_missing_column"];

fn value(v: &Value) -> f32 {
    match v {
        Value::String(s) if s == "nan" => f32::NAN,
        Value::String(s) if s == "inf" => f32::INFINITY,
        Value::String(s) if s == "-inf" => f32::NEG_INFINITY,
        other => other.as_f64().expect("a number") as f32,
    }
}

#[test]
fn the_csv_pipeline_matches_pandas_on_every_quirk() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/csv_pandas.json"
    );
    let fixtures: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases: BTreeMap<String, Value> = serde_json::from_value(fixtures["cases"].clone()).unwrap();
    assert!(cases.len() >= 10);
    let dir = tempfile::tempdir().unwrap();
    let device = Device::default();
    for (name, case) in cases {
        let file = dir.path().join(format!("{name}.csv"));
        std::fs::write(&file, case["csv"].as_str().unwrap()).unwrap();
        let frame =
            read_csv(&file, &CsvOptions::pandas()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let filled = fill_numeric(&frame, Fill::Mean);
        let encoded = get_dummies(&filled.frame).unwrap_or_else(|e| panic!("{name}: {e}"));
        let x = to_tensor(&encoded, DType::F32, &device).unwrap();

        let shape: Vec<usize> = serde_json::from_value(case["shape"].clone()).unwrap();
        assert_eq!(x.dims().to_vec(), shape, "{name}: shape");
        let columns: Vec<String> = serde_json::from_value(case["columns"].clone()).unwrap();
        assert_eq!(column_names(&encoded), columns, "{name}: column names");
        let ours: Vec<f32> = x.into_data().try_to_vec().unwrap();
        let theirs: Vec<f32> = case["values"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap().iter().map(value))
            .collect();
        for (i, (&a, &b)) in ours.iter().zip(&theirs).enumerate() {
            let (row, col) = (i / shape[1], i % shape[1]);
            let b = if b.is_nan() && NAN_BECOMES_ZERO.contains(&name.as_str()) {
                0.0
            } else {
                b
            };
            let same = (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits() || a == b;
            assert!(
                same,
                "{name}: row {row}, column {}: ours {a:e}, pandas {b:e}",
                columns[col]
            );
        }
    }
}
