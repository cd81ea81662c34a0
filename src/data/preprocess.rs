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
use rayon::prelude::*;

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
    let bytes = check_csv(path, &bytes)?;
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
            .into_reader_with_file_handle(Cursor::new(&*bytes))
            .finish()
    };
    // Column types come from the first 10,000 rows, which is fast; pandas looks at every row, so
    // when a later row does not fit (a decimal in a column of integers), read again the same way.
    let mut frame = parse(Some(10_000))
        .or_else(|_| parse(None))
        .map_err(|e| Error::format(path, e.to_string()))?;
    numbers_written_as_pandas_reads_them(&mut frame).map_err(|e| Error::format(path, e))?;
    Ok(frame)
}

/// Gives the columns the types pandas would, where polars reads them otherwise:
///
/// - numbers: pandas also reads `+3`, ` 5 ` (blanks around), `.5`, `1.`, `1E+3`, `inf` and
///   `Infinity`, which are exactly what Rust's `f64::from_str` reads once the blanks are gone
///   (NaN spellings aside: those are missing-value tokens or text);
/// - booleans (`True`, `TRUE`, `true`, and `False` alike): a column of them without gaps is
///   pandas' `bool`, which becomes 1 / 0 in the tensor; with gaps it is text, `True` / `False`,
///   one-hot encoded.
fn numbers_written_as_pandas_reads_them(frame: &mut DataFrame) -> std::result::Result<(), String> {
    let candidates: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| matches!(c.dtype(), DataType::String | DataType::Boolean))
        .filter(|c| c.null_count() < c.len())
        .map(|c| c.name().clone())
        .collect();
    for name in candidates {
        let column = frame.column(&name).map_err(|e| e.to_string())?;
        let flags: Option<Vec<Option<bool>>> = match column.dtype() {
            DataType::Boolean => Some(column.bool().map_err(|e| e.to_string())?.iter().collect()),
            _ => column
                .str()
                .map_err(|e| e.to_string())?
                .iter()
                .map(|v| v.map_or(Some(None), |text| pandas_bool(text).map(Some)))
                .collect(),
        };
        let replacement = if let Some(flags) = flags {
            if column.null_count() == 0 {
                let ones: Vec<f64> = flags
                    .iter()
                    .map(|f| f64::from(u8::from(f == &Some(true))))
                    .collect();
                Column::new(name, ones)
            } else {
                let text: Vec<Option<&str>> = flags
                    .iter()
                    .map(|f| f.map(|f| if f { "True" } else { "False" }))
                    .collect();
                Column::new(name, text)
            }
        } else {
            let numbers: Option<Vec<Option<f64>>> = column
                .str()
                .map_err(|e| e.to_string())?
                .iter()
                .map(|v| v.map_or(Some(None), |text| pandas_number(text).map(Some)))
                .collect();
            match numbers {
                Some(numbers) => Column::new(name, numbers),
                None => continue,
            }
        };
        frame.with_column(replacement).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `text` as a boolean the way pandas' parser reads it.
fn pandas_bool(text: &str) -> Option<bool> {
    match text {
        "True" | "TRUE" | "true" => Some(true),
        "False" | "FALSE" | "false" => Some(false),
        _ => None,
    }
}

/// `text` as a number the way pandas' parser reads it, or `None` when pandas keeps it as text.
fn pandas_number(text: &str) -> Option<f64> {
    let text = text.trim_matches([' ', '\t']);
    let nan = text.len() == 3 && text.eq_ignore_ascii_case("nan");
    (!nan).then(|| text.parse::<f64>().ok()).flatten()
}

/// The checks polars' own errors do not locate (encoding, emptiness, ragged rows), and pandas'
/// `skip_blank_lines`: returns the bytes to parse, which are `bytes` themselves unless blank
/// lines had to go (polars would read each as a row of missing values; pandas skips them).
///
/// A record is a line, except that a line break inside double quotes belongs to the field. Files
/// without a quote (the common, large case) are checked line by line in parallel; a file with
/// quotes is walked once, record by record.
fn check_csv<'a>(path: &Path, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, [u8]>> {
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::format(
            path,
            format!("line {line}: not UTF-8 (byte {at} is invalid); save the file as UTF-8"),
        ));
    }
    let text = std::str::from_utf8(bytes).expect("checked above");
    let ragged = |line: usize, found: usize, expected: usize| {
        Error::format(
            path,
            format!("line {line}: {found} fields, expected {expected} as in the header"),
        )
    };
    let has_blank = if text.contains('"') {
        let records = records(text).map_err(|reason| Error::format(path, reason))?;
        let mut kept = records.iter().filter(|(_, r)| !is_blank(r));
        let Some(&(_, header)) = kept.next() else {
            return Err(Error::format(
                path,
                "the file is empty (expected a header line)",
            ));
        };
        let expected = count_fields(header);
        if let Some(&(line, record)) = kept.clone().find(|(_, r)| count_fields(r) != expected) {
            return Err(ragged(line, count_fields(record), expected));
        }
        if records.iter().any(|(_, r)| is_blank(r)) {
            let rest: Vec<&str> = kept.map(|&(_, r)| r).collect();
            return Ok(std::borrow::Cow::Owned(
                std::iter::once(header)
                    .chain(rest)
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes(),
            ));
        }
        false
    } else {
        check_unquoted(text).map_err(|(line, found, expected)| match expected {
            0 => Error::format(path, "the file is empty (expected a header line)"),
            _ => ragged(line, found, expected),
        })?
    };
    if !has_blank {
        return Ok(std::borrow::Cow::Borrowed(bytes));
    }
    let kept: Vec<&str> = text.lines().filter(|l| !is_blank(l)).collect();
    Ok(std::borrow::Cow::Owned(kept.join("\n").into_bytes()))
}

/// A line that pandas skips: nothing but white space.
fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Checks a file without quotes line by line, in parallel pieces. Returns whether it has blank
/// lines, or `(line, fields, expected)` of the first ragged line (`expected` 0: no header).
fn check_unquoted(text: &str) -> std::result::Result<bool, (usize, usize, usize)> {
    let Some((header_index, header)) = text.lines().enumerate().find(|(_, l)| !is_blank(l)) else {
        return Err((0, 0, 0));
    };
    let expected = count_fields(header);
    // The rest in pieces that end at a line break, checked in parallel; the first bad line of
    // the first piece that has one is reported, with its number in the whole file.
    let rest = text
        .splitn(header_index + 2, '\n')
        .nth(header_index + 1)
        .unwrap_or("");
    let pieces = split_at_line_breaks(rest, 1 << 20);
    let checked = pieces
        .par_iter()
        .map(|piece| {
            let mut blank = false;
            let bad = piece
                .lines()
                .enumerate()
                .filter(|(_, l)| {
                    let b = is_blank(l);
                    blank |= b;
                    !b
                })
                .map(|(i, l)| (i, count_fields(l)))
                .find(|&(_, found)| found != expected);
            (bad, blank)
        })
        .collect::<Vec<_>>();
    let has_blank = header_index > 0 || checked.iter().any(|&(_, blank)| blank);
    let Some((piece, (i, found))) = checked
        .iter()
        .enumerate()
        .find_map(|(piece, (bad, _))| bad.map(|b| (piece, b)))
    else {
        return Ok(has_blank);
    };
    let lines_before: usize = header_index
        + 1
        + pieces[..piece]
            .iter()
            .map(|p| p.lines().count())
            .sum::<usize>();
    Err((lines_before + i + 1, found, expected))
}

/// The records of `text` with the line each starts on: lines, except that a line break inside
/// a quoted field continues the record. A trailing `\r` is left on the record, which counting
/// fields does not mind.
///
/// Quotes must follow RFC 4180: a quoted field starts with `"`, doubles every `"` inside, and
/// ends with `"` right before a comma, a line break or the end of the file. Anything else is
/// refused with its line: a `"` inside an unquoted field, text after a closing quote, a quote
/// never closed. pandas would read some of these as literal characters, but polars 0.55 can read
/// past the end of its buffer on them (found by `fuzz/`, target csv), so they never reach it.
fn records(text: &str) -> std::result::Result<Vec<(usize, &str)>, String> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A `"` inside a quoted field: the end of it, or the first of a doubled pair.
        QuoteInQuoted,
    }
    let mut records = Vec::new();
    let (mut start, mut line, mut start_line) = (0, 1, 1);
    let mut opened_on = 1;
    let mut state = State::FieldStart;
    for (i, b) in text.bytes().enumerate() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, b) => {
                line += usize::from(b == b'\n');
                State::Quoted
            }
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened_on = line;
                State::Quoted
            }
            (State::Unquoted, b'"') => {
                return Err(format!(
                    "line {line}: a `\"` inside a field that does not start with one (quote \
                     the whole field and double the quotes in it: \"a \"\"b\"\" c\")"
                ));
            }
            (_, b',') => State::FieldStart,
            (_, b'\n') => {
                records.push((start_line, &text[start..i]));
                line += 1;
                start = i + 1;
                start_line = line;
                State::FieldStart
            }
            (State::QuoteInQuoted, b'\r') => State::Unquoted,
            (State::QuoteInQuoted, _) => {
                return Err(format!(
                    "line {line}: text after the closing `\"` of a quoted field (expected a \
                     comma or the end of the line)"
                ));
            }
            (_, _) => State::Unquoted,
        };
    }
    if state == State::Quoted {
        return Err(format!(
            "line {opened_on}: a quoted field is never closed (a `\"` without its partner)"
        ));
    }
    if start < text.len() {
        records.push((start_line, &text[start..]));
    }
    Ok(records)
}

/// `text` in consecutive pieces of about `size` bytes, each ending just after a line break
/// (the last one at the end of the text).
fn split_at_line_breaks(text: &str, size: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let cut = rest[size..].find('\n').map_or(rest.len(), |i| size + i + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
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
    // The target becomes y as it is: text would need an encoding of its own and a gap has no
    // value to learn from, so both are refused rather than passed on unnoticed.
    let missing = column.null_count();
    if !column.dtype().is_primitive_numeric() && missing < column.len() {
        return Err(Error::Invalid {
            name: "--target",
            reason: format!(
                "column '{target}' holds text ({}): a target must be numbers",
                column.dtype()
            ),
        });
    }
    if missing > 0 {
        return Err(Error::Invalid {
            name: "--target",
            reason: format!(
                "column '{target}' has {missing} missing value(s) of {}: a target needs one in \
                 every row (drop those rows first)",
                column.len()
            ),
        });
    }
    Ok((
        frame.drop(target).expect("the column exists"),
        column.clone(),
    ))
}

/// Whether pandas would treat the column as numeric: numbers, or no values at all.
fn is_numeric(column: &Column) -> bool {
    column.dtype().is_primitive_numeric() || column.null_count() == column.len()
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
    // Where each output column came from, to name both sides of a collision.
    let mut origin: std::collections::HashMap<String, String> = columns
        .iter()
        .map(|c| (c.name().to_string(), format!("column '{}'", c.name())))
        .collect();
    // One column at a time: encoding them in parallel was no faster (polars' own threads are
    // busy already) and held more columns at once.
    for column in text {
        let encoded = one_hot(column)?;
        let last = encoded.len() - 1;
        for (i, dummy) in encoded.iter().enumerate() {
            let source = if i == last {
                format!("the missing values of column '{}'", column.name())
            } else {
                let value = &dummy.name()[column.name().len() + 1..];
                format!("the value '{value}' of column '{}'", column.name())
            };
            if let Some(first) = origin.insert(dummy.name().to_string(), source.clone()) {
                return Err(Error::Format {
                    path: "<table>".into(),
                    reason: format!(
                        "one-hot encoding makes the column '{}' twice, from {first} and from \
                         {source}: rename one of them (or mark the value as missing with --na)",
                        dummy.name()
                    ),
                });
            }
        }
        columns.extend(encoded);
    }
    DataFrame::new_infer_height(columns).map_err(|e| Error::Format {
        path: "<table>".into(),
        reason: e.to_string(),
    })
}

/// One text column as 0/1 columns, one per category, then `name_nan` for the missing values.
fn one_hot(column: &Column) -> Result<Vec<Column>> {
    let name = column.name().to_string();
    let series = column.as_materialized_series();
    let dummies = series
        .to_dummies(Some("_"), false, true)
        .map_err(|e| Error::Format {
            path: "<table>".into(),
            reason: format!("column {name} cannot be one-hot encoded: {e}"),
        })?;
    // polars names a category by its value and sorts the columns by name, as pandas sorts the
    // categories; the missing-value column comes last, as pandas' `_nan`. 0/1 as one byte (u8),
    // as pandas' bool columns.
    let mut columns: Vec<Column> = dummies.columns().to_vec();
    let missing = series
        .is_null()
        .into_series()
        .cast(&DataType::UInt8)
        .expect("bool casts to u8");
    columns.push(
        missing
            .with_name(format!("{name}_nan").into())
            .into_column(),
    );
    Ok(columns)
}

/// The table as a `[rows, columns]` tensor of dtype `dtype` (F32 or F64); every column must be
/// numeric by now. Missing values become NaN.
pub fn to_tensor(frame: &DataFrame, dtype: DType, device: &Device) -> Result<Tensor<2>> {
    let (rows, cols) = frame.shape();
    if let Some(text) = frame.columns().iter().find(|c| !is_numeric(c)) {
        return Err(Error::Hyper {
            name: "column",
            value: text.name().to_string(),
            expected: "a numeric column (one-hot encode text columns first)",
        });
    }
    let data = match dtype {
        DType::F64 => TensorData::new(row_major::<Float64Type>(frame, f64::NAN), [rows, cols]),
        _ => TensorData::new(row_major::<Float32Type>(frame, f32::NAN), [rows, cols]),
    };
    Ok(Tensor::from_data(data, (device, dtype)))
}

/// Columns this many at a time: each row then receives 16 adjacent values (one cache line of
/// f32) instead of one value per column pass, 230 passes that each touch every row.
const COLUMN_GROUP: usize = 16;

/// Rows per parallel task when copying a group of columns.
const ROW_BLOCK: usize = 4096;

/// The frame's values, row after row, as `T` (polars stores them column after column).
///
/// Each column is cast to `T` only while its group is copied, so the extra memory is 16 columns,
/// not a second copy of the table.
fn row_major<T>(frame: &DataFrame, missing: T::Native) -> Vec<T::Native>
where
    T: PolarsNumericType,
{
    let (rows, cols) = frame.shape();
    let mut out = large_buffer::<T::Native>(rows * cols);
    if rows == 0 || cols == 0 {
        return out;
    }
    for (group, columns) in frame.columns().chunks(COLUMN_GROUP).enumerate() {
        let cast: Vec<ChunkedArray<T>> = columns
            .par_iter()
            .map(|column| {
                let series = if column.null_count() == column.len() {
                    // No values at all (polars reads such a column as strings): all missing.
                    Series::full_null(column.name().clone(), rows, &T::get_static_dtype())
                } else {
                    column
                        .as_materialized_series()
                        .cast(&T::get_static_dtype())
                        .expect("numeric columns cast to floats")
                };
                series
                    .unpack::<T>()
                    .expect("cast to T")
                    .fill_null_with_values(missing)
                    .expect("filling floats with a float")
                    .rechunk()
                    .into_owned()
            })
            .collect();
        let slices: Vec<&[T::Native]> = cast
            .iter()
            .map(|ca| ca.cont_slice().expect("one chunk without nulls"))
            .collect();
        let first = group * COLUMN_GROUP;
        // Blocks of rows on all cores; each block writes this group's columns of its rows.
        out.par_chunks_mut(cols * ROW_BLOCK)
            .enumerate()
            .for_each(|(block, chunk)| {
                let start = block * ROW_BLOCK;
                let n = chunk.len() / cols;
                let sources: Vec<&[T::Native]> =
                    slices.iter().map(|v| &v[start..start + n]).collect();
                for (i, row) in chunk.chunks_exact_mut(cols).enumerate() {
                    let targets = &mut row[first..first + sources.len()];
                    for (target, source) in targets.iter_mut().zip(&sources) {
                        *target = source[i];
                    }
                }
            });
    }
    out
}

/// `len` default values. A table's tensor can take a gigabyte: on Linux the buffer asks for
/// 2 MB pages (transparent huge pages, where the kernel has them on `madvise`), so that filling
/// it takes one page fault per 2 MB instead of one per 4 kB; `perf` showed the kernel zeroing
/// 4 kB pages as a fifth of `d2l preprocess` on a million rows.
fn large_buffer<T: Default + Clone>(len: usize) -> Vec<T> {
    let mut buffer: Vec<T> = Vec::with_capacity(len);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = buffer.as_mut_ptr() as usize;
        let end = start + len * std::mem::size_of::<T>();
        let (first, last) = (start.next_multiple_of(HUGE), end / HUGE * HUGE);
        if last > first {
            // SAFETY: [first, last) lies inside this vector's allocation; the call only gives
            // the kernel advice about those pages and changes no memory.
            unsafe {
                libc::madvise(
                    first as *mut libc::c_void,
                    last - first,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    buffer.resize(len, T::default());
    buffer
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

#[cfg(test)]
mod tests {
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
            let pieces = split_at_line_breaks(text, size);
            assert_eq!(pieces.concat(), text, "size {size}");
            assert!(pieces.iter().all(|p| p.ends_with('\n')), "{pieces:?}");
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

    #[test]
    fn blank_lines_go_and_quoted_line_breaks_stay() {
        let path = Path::new("f.csv");
        let plain = "a,b\n1,2\n";
        assert!(matches!(
            check_csv(path, plain.as_bytes()).unwrap(),
            std::borrow::Cow::Borrowed(_)
        ));
        let kept = |text: &str| {
            String::from_utf8(check_csv(path, text.as_bytes()).unwrap().into_owned()).unwrap()
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
}
