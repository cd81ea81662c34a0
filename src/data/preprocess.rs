//! d2l-zh 2.2 数据预处理: a CSV with missing values turned into a tensor, with polars (the
//! Rust ecosystem's pandas).
//!
//! The steps are the book's: read the file, split inputs from the target, fill numeric gaps with
//! the column mean (`fillna(inputs.mean())`), one-hot encode the text columns with an extra
//! column for "missing" (`get_dummies(dummy_na=True)`), and convert to a tensor. Column names and
//! order follow pandas, so results can be compared with the book cell by cell.

use std::io::Cursor;
use std::path::Path;

use burn::tensor::{DType, Tensor, TensorData};
use polars::prelude::*;

use crate::device::Device;
use crate::error::{Error, Result};

/// How a CSV file marks missing values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// Tokens that mean "missing" (pandas' `na_values`); an empty field is always missing.
    pub na_values: Vec<String>,
}

/// pandas' default `na_values` of `read_csv` (besides the empty field). Note "None": the Kaggle
/// house data has a masonry veneer type called "None", which pandas reads as missing.
pub const PANDAS_NA_VALUES: [&str; 18] = [
    "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>",
    "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

impl CsvOptions {
    /// Missing values exactly as `pd.read_csv` sees them by default.
    pub fn pandas() -> Self {
        Self {
            na_values: PANDAS_NA_VALUES.iter().map(|v| v.to_string()).collect(),
        }
    }
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            na_values: vec!["NA".into()],
        }
    }
}

/// A table read from a CSV file, and what was done to it on the way.
#[derive(Debug, Clone)]
pub struct Table {
    /// The columns.
    pub frame: DataFrame,
    /// Notes for the user (e.g. a column with no values at all, and what became of it).
    pub notes: Vec<String>,
}

/// Reads `path`, checking first that it is UTF-8 and that every row has as many fields as the
/// header, so that an error can name the line.
pub fn read_csv(path: &Path, options: &CsvOptions) -> Result<DataFrame> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    check_csv(path, &bytes)?;
    let mut nulls: Vec<PlSmallStr> = options
        .na_values
        .iter()
        .map(|v| v.as_str().into())
        .collect();
    nulls.push("".into());
    let parse = |infer_rows: Option<usize>| {
        CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(infer_rows)
            .with_parse_options(
                CsvParseOptions::default()
                    .with_null_values(Some(NullValues::AllColumns(nulls.clone())))
                    .with_missing_is_null(true),
            )
            .into_reader_with_file_handle(Cursor::new(bytes.as_slice()))
            .finish()
    };
    // Column types come from the first 10,000 rows, which is fast; pandas looks at every row, so
    // when a later row does not fit (a decimal in a column of integers), read again the same way.
    parse(Some(10_000))
        .or_else(|_| parse(None))
        .map_err(|e| Error::format(path, e.to_string()))
}

/// The checks polars' own errors do not locate: encoding, emptiness, ragged rows.
fn check_csv(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::format(
            path,
            format!("line {line}: not UTF-8 (byte {at} is invalid); save the file as UTF-8"),
        ));
    }
    let text = std::str::from_utf8(bytes).expect("checked above");
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(Error::format(
            path,
            "the file is empty (expected a header line)",
        ));
    };
    let expected = count_fields(header);
    for (index, line) in lines {
        let found = count_fields(line);
        if found != expected {
            return Err(Error::format(
                path,
                format!(
                    "line {}: {found} fields, expected {expected} as in the header",
                    index + 1
                ),
            ));
        }
    }
    Ok(())
}

/// Fields in one CSV line, counting commas outside double quotes.
fn count_fields(line: &str) -> usize {
    let mut quoted = false;
    1 + line
        .bytes()
        .filter(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == b',' && !quoted
        })
        .count()
}

/// The column names, in order.
pub fn column_names(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// Splits off the column `target` (d2l's `data.iloc[:, -1]`).
pub fn split_target(frame: &DataFrame, target: &str) -> Result<(DataFrame, Column)> {
    let column = frame.column(target).map_err(|_| Error::Hyper {
        name: "--target",
        value: target.into(),
        expected: "the name of a column of the file",
    })?;
    Ok((
        frame.drop(target).expect("the column exists"),
        column.clone(),
    ))
}

/// Whether pandas would treat the column as numeric: numbers, or no values at all.
fn is_numeric(column: &Column) -> bool {
    column.dtype().is_primitive_numeric() || column.null_count() == column.len()
}

/// The column as f64 values, `None` for missing.
fn float_values(column: &Column) -> Vec<Option<f64>> {
    if column.null_count() == column.len() {
        return vec![None; column.len()];
    }
    let cast = column
        .cast(&DataType::Float64)
        .expect("numeric columns cast to f64");
    cast.f64().expect("cast to f64").iter().collect()
}

/// The column as f64, or `None` when it holds no value at all.
fn float_array(column: &Column) -> Option<Float64Chunked> {
    if column.null_count() == column.len() {
        return None;
    }
    let cast = column
        .cast(&DataType::Float64)
        .expect("numeric columns cast to f64");
    Some(cast.f64().expect("cast to f64").clone())
}

/// What replaces a missing number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Fill {
    /// The column's mean (the book's `fillna(inputs.mean())`).
    #[default]
    Mean,
    /// Zero.
    Zero,
}

/// Fills the missing values of every numeric column as `fill` says.
///
/// A column without a single value has no mean: it is filled with 0 and a note says so (pandas
/// would leave it NaN).
pub fn fill_numeric(frame: &DataFrame, fill: Fill) -> Table {
    map_numeric(frame, |_, values| {
        let value = match fill {
            Fill::Mean => values.mean().expect("a column with values has a mean"),
            Fill::Zero => 0.0,
        };
        (
            values
                .fill_null_with_values(value)
                .expect("filling f64 with f64"),
            None,
        )
    })
}

/// Fills each numeric column's missing values with its mean (`fillna(inputs.mean())`).
pub fn fill_numeric_with_mean(frame: &DataFrame) -> Table {
    fill_numeric(frame, Fill::Mean)
}

/// Standardises each numeric column to zero mean and unit (sample) standard deviation, then
/// fills its missing values with 0, the new mean (d2l-zh 4.10).
///
/// A constant column (standard deviation 0) would divide by zero; it becomes 0 and a note says
/// so, where pandas would give NaN.
pub fn standardize(frame: &DataFrame) -> Table {
    map_numeric(frame, |name, values| {
        // pandas' std is the sample standard deviation (ddof = 1).
        let (mean, std) = (values.mean().unwrap_or(0.0), values.std(1).unwrap_or(0.0));
        let (scaled, note) = if std > 0.0 {
            ((values - mean) / std, None)
        } else {
            (
                values * 0.0,
                Some(format!("column {name} is constant: set to 0")),
            )
        };
        (
            scaled
                .fill_null_with_values(0.0)
                .expect("filling f64 with f64"),
            note,
        )
    })
}

/// Applies `f(name, values) -> (new values, note)` to every numeric column that has values;
/// columns without any become 0 (noted).
fn map_numeric(
    frame: &DataFrame,
    mut f: impl FnMut(&str, &Float64Chunked) -> (Float64Chunked, Option<String>),
) -> Table {
    let mut notes = Vec::new();
    let columns: Vec<Column> = frame
        .columns()
        .iter()
        .map(|column| {
            if !is_numeric(column) {
                return column.clone();
            }
            match float_array(column) {
                Some(values) => {
                    let (mapped, note) = f(column.name(), &values);
                    notes.extend(note);
                    mapped.with_name(column.name().clone()).into_column()
                }
                None => {
                    notes.push(format!(
                        "column {} has no values: filled with 0",
                        column.name()
                    ));
                    Column::new(column.name().clone(), vec![0.0f64; column.len()])
                }
            }
        })
        .collect();
    Table {
        frame: DataFrame::new_infer_height(columns).expect("same heights as before"),
        notes,
    }
}

/// One-hot encodes every text column, as `pd.get_dummies(frame, dummy_na=True)`.
///
/// Numeric columns stay first, in file order; then, for each text column in file order, one 0/1
/// column per category, sorted, named `column_category`, and `column_nan` (always present, as
/// with `dummy_na=True`).
pub fn get_dummies(frame: &DataFrame) -> Result<DataFrame> {
    let (numeric, text): (Vec<&Column>, Vec<&Column>) =
        frame.columns().iter().partition(|c| is_numeric(c));
    let mut columns: Vec<Column> = numeric.into_iter().cloned().collect();
    for column in text {
        let name = column.name().to_string();
        let series = column.as_materialized_series();
        let dummies = series
            .to_dummies(Some("_"), false, true)
            .map_err(|e| Error::Format {
                path: "<table>".into(),
                reason: format!("column {name} cannot be one-hot encoded: {e}"),
            })?;
        // polars names a category by its value and sorts the columns by name, as pandas sorts
        // the categories; the missing-value column comes last, as pandas' `_nan`.
        // 0/1 as polars makes them (i32 without its dtype-u8 feature; pandas gives bool).
        columns.extend(dummies.columns().iter().cloned());
        let missing = series
            .is_null()
            .into_series()
            .cast(&DataType::Int32)
            .expect("bool casts to i32");
        columns.push(
            missing
                .with_name(format!("{name}_nan").into())
                .into_column(),
        );
    }
    DataFrame::new_infer_height(columns).map_err(|e| Error::Format {
        path: "<table>".into(),
        reason: e.to_string(),
    })
}

/// The table as a `[rows, columns]` tensor of dtype `dtype` (F32 or F64); every column must be
/// numeric by now.
pub fn to_tensor(frame: &DataFrame, dtype: DType, device: &Device) -> Result<Tensor<2>> {
    let (rows, cols) = frame.shape();
    let mut values = vec![0.0f64; rows * cols];
    for (j, column) in frame.columns().iter().enumerate() {
        if !is_numeric(column) {
            return Err(Error::Hyper {
                name: "column",
                value: column.name().to_string(),
                expected: "a numeric column (one-hot encode text columns first)",
            });
        }
        for (i, v) in float_values(column).into_iter().enumerate() {
            values[i * cols + j] = v.unwrap_or(f64::NAN);
        }
    }
    let data = match dtype {
        DType::F64 => TensorData::new(values, [rows, cols]),
        _ => TensorData::new(
            values.into_iter().map(|v| v as f32).collect::<Vec<f32>>(),
            [rows, cols],
        ),
    };
    Ok(Tensor::from_data(data, (device, dtype)))
}

/// Writes the table as CSV, through a temporary file and a rename.
pub fn write_csv(frame: &DataFrame, path: &Path) -> Result<()> {
    let mut bytes = Vec::new();
    CsvWriter::new(&mut bytes)
        .finish(&mut frame.clone())
        .map_err(|e| Error::Format {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    crate::fsutil::write_atomic(path, &bytes)
}
