//! The preprocessing steps on small tables, against what pandas gives.

use std::borrow::Cow;
use std::path::Path;

use burn::tensor::DType;
use polars::prelude::*;

use super::*;
use crate::device::cpu;

/// 20 columns (more than one group of 16), of three types, with gaps and an empty column:
/// the tensor must hold row i, column j at [i, j], NaN where a value is missing.
#[test]
fn to_tensor_lays_out_rows_and_marks_missing_values() {
    let rows = 37;
    let mut columns: Vec<Column> = (0..18)
        .map(|j| {
            let values: Vec<Option<f64>> = (0..rows)
                .map(|i| (i % 5 != j % 5).then_some((i * 100 + j) as f64))
                .collect();
            Column::new(format!("f{j}").into(), values)
        })
        .collect();
    columns.push(Column::new(
        "dummy".into(),
        (0..rows).map(|i| (i % 2) as i32).collect::<Vec<_>>(),
    ));
    columns.push(Column::new("empty".into(), vec![Option::<f64>::None; rows]));
    let frame = DataFrame::new_infer_height(columns).unwrap();
    for dtype in [DType::F32, DType::F64] {
        let x = to_tensor(&frame, dtype, &cpu()).unwrap();
        assert_eq!(x.dims(), [rows, 20]);
        let values: Vec<f64> = x.try_into_vec_as().unwrap();
        for i in 0..rows {
            for j in 0..18 {
                let v = values[i * 20 + j];
                if i % 5 == j % 5 {
                    assert!(v.is_nan(), "[{i}, {j}] should be missing: {v}");
                } else {
                    assert_eq!(v, (i * 100 + j) as f64, "[{i}, {j}]");
                }
            }
            assert_eq!(values[i * 20 + 18], (i % 2) as f64);
            assert!(values[i * 20 + 19].is_nan());
        }
    }
}

#[test]
fn pieces_end_at_line_breaks_and_cover_the_text() {
    let text = "a,b\n1,2\n3,4\n5,6\n";
    for size in 1..text.len() + 2 {
        let pieces = split_at_line_breaks(text.as_bytes(), size);
        assert_eq!(pieces.concat(), text.as_bytes(), "size {size}");
        assert!(pieces.iter().all(|p| p.ends_with(b"\n")), "{pieces:?}");
    }
}

#[test]
fn a_ragged_line_is_named_by_its_number_in_the_whole_file() {
    // Far more than one piece of 1 MB, the bad line near the end.
    let mut text = String::from("\nx,y,z\n");
    for i in 0..200_000 {
        text.push_str(&format!("{i},{i},{i}\n"));
    }
    text.push_str("1,2\n");
    let err = check_csv(Path::new("f.csv"), text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("f.csv") && err.contains("line 200003: 2 fields"),
        "{err}"
    );
    // With a quoted field that holds a line break, one physical line more before it.
    let text = text.replacen("0,0,0", "\"0\n\",0,0", 1);
    let err = check_csv(Path::new("f.csv"), text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("f.csv") && err.contains("line 200004: 2 fields"),
        "{err}"
    );
}

#[test]
fn numbers_are_read_with_pandas_grammar() {
    for (text, number) in [
        ("+3", 3.0),
        (" 5 ", 5.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("1E+3", 1000.0),
        ("-Inf", f64::NEG_INFINITY),
        ("Infinity", f64::INFINITY),
        ("1e400", f64::INFINITY),
    ] {
        assert_eq!(pandas_number(text), Some(number), "{text}");
    }
    for text in [
        "1e",
        ".",
        "-",
        "0x10",
        "1_000",
        "1,000",
        "1d3",
        "NaN",
        "",
        "\u{2212}1",
    ] {
        assert_eq!(pandas_number(text), None, "{text}");
    }
}

/// The pieces are checked in parallel; the error must still name the first bad byte of the
/// whole file and its line, also when a later piece is bad too.
#[test]
fn the_first_invalid_utf8_byte_is_named_whichever_piece_holds_it() {
    let line = "1.5,text,3\n";
    let mut bytes = b"x,y,z\n".to_vec();
    for _ in 0..300_000 {
        bytes.extend_from_slice(line.as_bytes());
    }
    // Line 150,002 (in the second 1 MB piece or later) and line 290,002.
    let at = line.len() * 150_000 + "x,y,z\n1.5,te".len();
    bytes[at] = 0xff;
    bytes[line.len() * 290_000 + 10] = 0xfe;
    assert!(bytes.len() > 3 << 20);
    let err = check_csv(Path::new("f.csv"), &bytes)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("line 150002: not UTF-8 (byte {at} is invalid)")),
        "{err}"
    );
}

#[test]
fn blank_lines_go_and_quoted_line_breaks_stay() {
    let path = Path::new("f.csv");
    let plain = check_csv(path, b"a,b\n1,2\n").unwrap();
    assert!(matches!(plain.bytes, Cow::Borrowed(_)) && !plain.quoted);
    assert!(check_csv(path, b"a,b\n\"1\",2\n").unwrap().quoted);
    let kept = |text: &str| {
        String::from_utf8(check_csv(path, text.as_bytes()).unwrap().bytes.into_owned()).unwrap()
    };
    assert_eq!(kept("\n\na,b\n1,2\n  \n\n3,4\n\n"), "a,b\n1,2\n3,4");
    assert_eq!(kept("a,b\r\n1,2\r\n\r\n3,4\r\n"), "a,b\n1,2\n3,4");
    assert_eq!(
        kept("a,b\n1,\"x\n\ny\"\n\n3,4\n"),
        "a,b\n1,\"x\n\ny\"\n3,4",
        "a blank line inside quotes is data"
    );
    assert_eq!(kept("a,b\n\"1,\n2\",3\n"), "a,b\n\"1,\n2\",3\n");
    let err = check_csv(path, b"a,b\n1,2\n0,\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 3: a quoted field is never closed"),
        "{err}"
    );
    for empty in ["", "\n \n", "\"\"\n"] {
        let checked = check_csv(path, empty.as_bytes());
        if empty != "\"\"\n" {
            assert!(
                checked.unwrap_err().to_string().contains("empty"),
                "{empty:?}"
            );
        }
    }
}

/// The one-pass encoding is what the two steps give: names, order (sorted by bytes, so
/// "Zürich" < "a b" < "zeta" < "Ärger"), values and NaN, in both float types.
#[test]
fn dummies_to_tensor_equals_get_dummies_then_to_tensor() {
    let rows = 53;
    let cities = ["zeta", "Zürich", "a b", "", "Ärger", "zeta"];
    let frame = DataFrame::new_infer_height(vec![
        Column::new(
            "city".into(),
            (0..rows)
                .map(|i| (i % 7 != 3).then_some(cities[i % cities.len()]))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "x".into(),
            (0..rows)
                .map(|i| (i % 4 != 0).then_some(i as f64 * 0.25 - 3.0))
                .collect::<Vec<_>>(),
        ),
        Column::new("one".into(), vec![Some("only"); rows]),
        Column::new("count".into(), (0..rows as i64).collect::<Vec<_>>()),
        Column::new("empty".into(), vec![Option::<&str>::None; rows]),
        Column::new(
            "gappy".into(),
            (0..rows)
                .map(|i| (i % 2 == 0).then_some(["b", "a"][i % 4 / 2]))
                .collect::<Vec<_>>(),
        ),
    ])
    .unwrap();
    let table = get_dummies(&frame).unwrap();
    for dtype in [DType::F32, DType::F64] {
        let features = dummies_to_tensor(&frame, dtype, &cpu()).unwrap();
        assert_eq!(features.names, column_names(&table));
        let expected: Vec<f64> = to_tensor(&table, dtype, &cpu())
            .unwrap()
            .try_into_vec_as()
            .unwrap();
        let got: Vec<f64> = features.x.try_into_vec_as().unwrap();
        assert_eq!(got.len(), expected.len());
        for (k, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert!(g == e || (g.is_nan() && e.is_nan()), "[{k}]: {g} vs {e}");
        }
    }
    assert_eq!(
        &column_names(&table)[3..8],
        [
            "city_",
            "city_Zürich",
            "city_a b",
            "city_zeta",
            "city_Ärger"
        ]
    );
    // The head shows the first rows of the same table, also for a text column whose first
    // rows are all missing (`gappy` at rows 1 and 3; alone, they would look numeric).
    let features = dummies_to_tensor(&frame, DType::F64, &cpu()).unwrap();
    for (rows, n) in [(0..5, 5), (1..2, 1), (3..4, 1)] {
        let part = frame.slice(rows.start as i64, rows.len());
        let head = features.head(&part, n);
        let expected = table.slice(rows.start as i64, rows.len());
        assert_eq!(column_names(&head), column_names(&expected));
        for (got, want) in head.columns().iter().zip(expected.columns()) {
            let got = got.cast(&DataType::Float64).unwrap();
            let want = want.cast(&DataType::Float64).unwrap();
            assert!(got.equals_missing(&want), "{got:?} vs {want:?}");
        }
    }
    // A collision is refused by both, with the same words.
    let clash = DataFrame::new_infer_height(vec![
        Column::new("a".into(), ["b", "c"]),
        Column::new("a_b".into(), [1.0, 2.0]),
    ])
    .unwrap();
    let one_pass = dummies_to_tensor(&clash, DType::F32, &cpu())
        .err()
        .unwrap()
        .to_string();
    assert_eq!(one_pass, get_dummies(&clash).unwrap_err().to_string());
    assert!(one_pass.contains("'a_b' twice"), "{one_pass}");
}

#[test]
fn to_tensor_refuses_a_text_column_by_name() {
    let frame = DataFrame::new_infer_height(vec![
        Column::new("a".into(), [1.0f64, 2.0]),
        Column::new("city".into(), ["x", "y"]),
    ])
    .unwrap();
    let err = to_tensor(&frame, DType::F32, &cpu())
        .unwrap_err()
        .to_string();
    assert!(err.contains("city"), "{err}");
}
