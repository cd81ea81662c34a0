//! d2l-zh 2.2 数据预处理: a CSV with missing values turned into a tensor, with polars (the
//! Rust ecosystem's pandas).
//!
//! The steps are the book's: read the file, split inputs from the target, fill numeric gaps with
//! the column mean (`fillna(inputs.mean())`), one-hot encode the text columns with an extra
//! column for "missing" (`get_dummies(dummy_na=True)`), and convert to a tensor. Column names and
//! order follow pandas, so results can be compared with the book cell by cell.

use std::borrow::Cow;
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
    let Checked { bytes, quoted } = check_csv(path, &bytes)?;
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
                    .with_missing_is_null(true)
                    // Without a quote in the file, polars can skip looking for them.
                    .with_quote_char(quoted.then_some(b'"')),
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

/// A file that passed [`check_csv`].
#[derive(Debug)]
struct Checked<'a> {
    /// What to parse: the file, or a copy without its blank lines.
    bytes: Cow<'a, [u8]>,
    /// Whether it has a `"` anywhere.
    quoted: bool,
}

impl<'a> Checked<'a> {
    fn quoted(bytes: Cow<'a, [u8]>) -> Self {
        Self {
            bytes,
            quoted: true,
        }
    }

    fn unquoted(bytes: Cow<'a, [u8]>) -> Self {
        Self {
            bytes,
            quoted: false,
        }
    }
}

/// The checks polars' own errors do not locate (encoding, emptiness, ragged rows), and pandas'
/// `skip_blank_lines`: returns the bytes to parse, which are `bytes` themselves unless blank
/// lines had to go (polars would read each as a row of missing values; pandas skips them).
///
/// A record is a line, except that a line break inside double quotes belongs to the field. The
/// file is taken in pieces of about 1 MB that end at a line break, checked on all cores: UTF-8
/// (a line break is never part of a longer UTF-8 character, so each piece can be checked on its
/// own) and, when there is no quote anywhere (the common, large case), the lines. A file with
/// quotes is walked once, record by record.
fn check_csv<'a>(path: &Path, bytes: &'a [u8]) -> Result<Checked<'a>> {
    let pieces = split_at_line_breaks(bytes, 1 << 20);
    let checked: Vec<std::result::Result<&str, usize>> = pieces
        .par_iter()
        .map(|piece| std::str::from_utf8(piece).map_err(|e| e.valid_up_to()))
        .collect();
    if let Some((k, valid)) = checked
        .iter()
        .enumerate()
        .find_map(|(k, piece)| piece.err().map(|valid| (k, valid)))
    {
        let at = pieces[..k].iter().map(|p| p.len()).sum::<usize>() + valid;
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::format(
            path,
            format!("line {line}: not UTF-8 (byte {at} is invalid); save the file as UTF-8"),
        ));
    }
    let pieces: Vec<&str> = checked.into_iter().flatten().collect();
    let ragged = |line: usize, found: usize, expected: usize| {
        Error::format(
            path,
            format!("line {line}: {found} fields, expected {expected} as in the header"),
        )
    };
    if pieces.par_iter().any(|piece| piece.contains('"')) {
        let text = std::str::from_utf8(bytes).expect("each piece is UTF-8");
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
        if !records.iter().any(|(_, r)| is_blank(r)) {
            return Ok(Checked::quoted(Cow::Borrowed(bytes)));
        }
        let rest: Vec<&str> = kept.map(|&(_, r)| r).collect();
        let joined = std::iter::once(header)
            .chain(rest)
            .collect::<Vec<_>>()
            .join("\n");
        return Ok(Checked::quoted(Cow::Owned(joined.into_bytes())));
    }
    let has_blank = check_unquoted(&pieces).map_err(|(line, found, expected)| match expected {
        0 => Error::format(path, "the file is empty (expected a header line)"),
        _ => ragged(line, found, expected),
    })?;
    if !has_blank {
        return Ok(Checked::unquoted(Cow::Borrowed(bytes)));
    }
    let kept: Vec<&str> = pieces
        .iter()
        .flat_map(|piece| piece.lines())
        .filter(|l| !is_blank(l))
        .collect();
    Ok(Checked::unquoted(Cow::Owned(kept.join("\n").into_bytes())))
}

/// A line that pandas skips: nothing but white space.
fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Checks a file without quotes, given as pieces that end at line breaks, line by line and
/// piece by piece in parallel. Returns whether it has blank lines, or `(line, fields, expected)`
/// of the first ragged line (`expected` 0: no header).
fn check_unquoted(pieces: &[&str]) -> std::result::Result<bool, (usize, usize, usize)> {
    // The header is the first line that is not blank: (piece, line in it, text).
    let Some((header_piece, header_line, header)) =
        pieces.iter().enumerate().find_map(|(k, piece)| {
            piece
                .lines()
                .enumerate()
                .find(|(_, l)| !is_blank(l))
                .map(|(i, l)| (k, i, l))
        })
    else {
        return Err((0, 0, 0));
    };
    let expected = count_commas(header) + 1;
    // Each piece's lines after the header: the first ragged one and whether one was blank.
    let checked = pieces
        .par_iter()
        .enumerate()
        .map(|(k, piece)| {
            let skip = match k.cmp(&header_piece) {
                std::cmp::Ordering::Less => return (None, false),
                std::cmp::Ordering::Equal => header_line + 1,
                std::cmp::Ordering::Greater => 0,
            };
            let mut blank = false;
            let bad = piece
                .lines()
                .enumerate()
                .skip(skip)
                .filter(|(_, l)| {
                    let b = is_blank(l);
                    blank |= b;
                    !b
                })
                .map(|(i, l)| (i, count_commas(l) + 1))
                .find(|&(_, found)| found != expected);
            (bad, blank)
        })
        .collect::<Vec<_>>();
    let header_is_first = header_piece == 0 && header_line == 0;
    let has_blank = !header_is_first || checked.iter().any(|&(_, blank)| blank);
    let Some((piece, (i, found))) = checked
        .iter()
        .enumerate()
        .find_map(|(piece, (bad, _))| bad.map(|b| (piece, b)))
    else {
        return Ok(has_blank);
    };
    // Every piece but the last ends with a line break, so its lines are its line breaks.
    let lines_before: usize = pieces[..piece].iter().map(|p| p.lines().count()).sum();
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

/// `bytes` in consecutive pieces of about `size` bytes, each ending just after a line break
/// (the last one at the end).
fn split_at_line_breaks(bytes: &[u8], size: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let mut rest = bytes;
    while rest.len() > size {
        let cut = rest[size..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| size + i + 1);
        let (piece, tail) = rest.split_at(cut);
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// Commas in a line without quotes: a loop the compiler turns into vector compares, several
/// times faster on a large file than the quote-aware [`count_fields`].
fn count_commas(line: &str) -> usize {
    line.bytes().filter(|&b| b == b',').count()
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

/// Applies `f(name, values) -> (new values, note)` to every numeric column that has values,
/// columns on all cores; columns without any become 0 (noted). Notes come in column order.
fn map_numeric(
    frame: &DataFrame,
    f: impl Fn(&str, &Float64Chunked) -> (Float64Chunked, Option<String>) + Sync,
) -> Table {
    let (columns, notes): (Vec<Column>, Vec<Option<String>>) = frame
        .columns()
        .par_iter()
        .map(|column| {
            if !is_numeric(column) {
                return (column.clone(), None);
            }
            match float_array(column) {
                Some(values) => {
                    let (mapped, note) = f(column.name(), &values);
                    (mapped.with_name(column.name().clone()).into_column(), note)
                }
                None => (
                    Column::new(column.name().clone(), vec![0.0f64; column.len()]),
                    Some(format!(
                        "column {} has no values: filled with 0",
                        column.name()
                    )),
                ),
            }
        })
        .unzip();
    Table {
        frame: DataFrame::new_infer_height(columns).expect("same heights as before"),
        notes: notes.into_iter().flatten().collect(),
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
    let mut names = DummyNames::new(&columns);
    // One column at a time: encoding them in parallel was no faster (polars' own threads are
    // busy already) and held more columns at once.
    for column in text {
        let encoded = one_hot(column)?;
        let categories: Vec<&str> = encoded[..encoded.len() - 1]
            .iter()
            .map(|dummy| &dummy.name()[column.name().len() + 1..])
            .collect();
        names.add(column.name(), &categories)?;
        columns.extend(encoded);
    }
    DataFrame::new_infer_height(columns).map_err(|e| Error::Format {
        path: "<table>".into(),
        reason: e.to_string(),
    })
}

/// The column names of `get_dummies`, checked for collisions as they are made: `a_b` from the
/// value `b` of column `a` could also be a column of the file, or come from column `a_b`...
struct DummyNames {
    names: Vec<String>,
    /// Where each name came from, to name both sides of a collision.
    origin: std::collections::HashMap<String, String>,
}

impl DummyNames {
    /// Starts with the numeric columns, which keep their names.
    fn new<'a>(numeric: impl IntoIterator<Item = &'a Column>) -> Self {
        let names: Vec<String> = numeric.into_iter().map(|c| c.name().to_string()).collect();
        let origin = names
            .iter()
            .map(|n| (n.clone(), format!("column '{n}'")))
            .collect();
        Self { names, origin }
    }

    /// Adds `column_category` for each category, then `column_nan`.
    fn add(&mut self, column: &str, categories: &[&str]) -> Result<()> {
        let named = categories
            .iter()
            .map(|value| {
                (
                    format!("{column}_{value}"),
                    format!("the value '{value}' of column '{column}'"),
                )
            })
            .chain(std::iter::once((
                format!("{column}_nan"),
                format!("the missing values of column '{column}'"),
            )));
        for (name, source) in named {
            if let Some(first) = self.origin.insert(name.clone(), source.clone()) {
                return Err(Error::Format {
                    path: "<table>".into(),
                    reason: format!(
                        "one-hot encoding makes the column '{name}' twice, from {first} and from \
                         {source}: rename one of them (or mark the value as missing with --na)"
                    ),
                });
            }
            self.names.push(name);
        }
        Ok(())
    }
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
    let columns: Vec<&Column> = frame.columns().iter().collect();
    let shape = [rows, cols];
    let data = match dtype {
        DType::F64 => TensorData::new(
            one_hot_rows::<Float64Type>(&columns, &[], shape, f64::NAN, 1.0),
            shape,
        ),
        _ => TensorData::new(
            one_hot_rows::<Float32Type>(&columns, &[], shape, f32::NAN, 1.0),
            shape,
        ),
    };
    Ok(Tensor::from_data(data, (device, dtype)))
}

/// A table turned into model inputs: the tensor, the name of each of its columns, and the
/// values found in each text column.
pub struct Features {
    /// Column names, as [`get_dummies`] names them.
    pub names: Vec<String>,
    /// `[rows, names.len()]`.
    pub x: Tensor<2>,
    /// Each text column with its values, sorted, in the order of their blocks of 0/1 columns.
    pub categories: Vec<(String, Vec<String>)>,
}

impl Features {
    /// The first `n` rows of `frame` (the table these features were made from) as
    /// `get_dummies` shows them: numbers as they are, then the 0/1 columns (u8) of each text
    /// column, `_nan` last.
    pub fn head(&self, frame: &DataFrame, n: usize) -> DataFrame {
        let first = frame.head(Some(n));
        let is_text = |name: &str| self.categories.iter().any(|(column, _)| column == name);
        let mut columns: Vec<Column> = first
            .columns()
            .iter()
            .filter(|c| !is_text(c.name()))
            .cloned()
            .collect();
        for (name, values) in &self.categories {
            let text = first
                .column(name)
                .and_then(|c| c.cast(&DataType::String))
                .expect("a text column of this table");
            let text: Vec<Option<&str>> = text.str().expect("cast to text").iter().collect();
            for value in values {
                let ones: Vec<u8> = text.iter().map(|v| u8::from(*v == Some(value))).collect();
                columns.push(Column::new(format!("{name}_{value}").into(), ones));
            }
            let missing: Vec<u8> = text.iter().map(|v| u8::from(v.is_none())).collect();
            columns.push(Column::new(format!("{name}_nan").into(), missing));
        }
        DataFrame::new_infer_height(columns).expect("columns of the same height")
    }
}

/// `to_tensor(&get_dummies(frame)?, dtype, device)` in one pass, without building the 0/1
/// columns: each text column becomes one category number per row, and the row's 1 is written
/// straight into the tensor (which starts as zeros).
///
/// Same names, order, values and errors as the two steps. What it saves: on a million rows with
/// ten text columns of 20 values, `get_dummies` built 210 columns of a million bytes each and
/// `to_tensor` then read all of them back.
pub fn dummies_to_tensor(frame: &DataFrame, dtype: DType, device: &Device) -> Result<Features> {
    let (numeric, text): (Vec<&Column>, Vec<&Column>) =
        frame.columns().iter().partition(|c| is_numeric(c));
    let encoded: Vec<Categories> = text
        .par_iter()
        .map(|column| Categories::of(column))
        .collect::<Result<_>>()?;
    let mut names = DummyNames::new(numeric.iter().copied());
    for (column, categories) in text.iter().zip(&encoded) {
        let values: Vec<&str> = categories.values.iter().map(String::as_str).collect();
        names.add(column.name(), &values)?;
    }
    let names = names.names;
    let shape = [frame.height(), names.len()];
    let data = match dtype {
        DType::F64 => TensorData::new(
            one_hot_rows::<Float64Type>(&numeric, &encoded, shape, f64::NAN, 1.0),
            shape,
        ),
        _ => TensorData::new(
            one_hot_rows::<Float32Type>(&numeric, &encoded, shape, f32::NAN, 1.0),
            shape,
        ),
    };
    Ok(Features {
        names,
        x: Tensor::from_data(data, (device, dtype)),
        categories: text
            .iter()
            .zip(encoded)
            .map(|(column, categories)| (column.name().to_string(), categories.values))
            .collect(),
    })
}

/// A text column as category numbers: `values` sorted (as `get_dummies` orders its columns) and,
/// per row, the index of its value, or `values.len()` where it is missing (the `_nan` column).
struct Categories {
    values: Vec<String>,
    codes: Vec<u32>,
}

impl Categories {
    fn of(column: &Column) -> Result<Self> {
        let text = column.cast(&DataType::String).map_err(|e| Error::Format {
            path: "<table>".into(),
            reason: format!("column {} cannot be one-hot encoded: {e}", column.name()),
        })?;
        let text = text.str().expect("cast to text");
        // Codes in order of first appearance, then renumbered in sorted order.
        let mut seen: PlHashMap<&str, u32> = PlHashMap::new();
        let mut codes: Vec<u32> = text
            .iter()
            .map(|value| match value {
                Some(value) => {
                    let next = seen.len() as u32;
                    *seen.entry(value).or_insert(next)
                }
                None => u32::MAX,
            })
            .collect();
        let mut values: Vec<(&str, u32)> = seen.into_iter().collect();
        values.sort_unstable();
        let mut rank = vec![0u32; values.len()];
        for (sorted, &(_, first_seen)) in values.iter().enumerate() {
            rank[first_seen as usize] = sorted as u32;
        }
        let missing = values.len() as u32;
        for code in &mut codes {
            *code = rank.get(*code as usize).copied().unwrap_or(missing);
        }
        Ok(Self {
            values: values.into_iter().map(|(v, _)| v.to_string()).collect(),
            codes,
        })
    }

    /// Output columns: one per value and the `_nan` one.
    fn width(&self) -> usize {
        self.values.len() + 1
    }
}

/// The rows of `numeric` followed by the one-hot blocks of `text`, row after row (polars stores
/// them column after column): the one writer behind [`to_tensor`] and [`dummies_to_tensor`].
///
/// Numeric columns are cast to `T` 16 at a time, so the extra memory is 16 columns, not a second
/// copy of the table; the pass that copies the last group also writes the 1s.
fn one_hot_rows<T: PolarsNumericType>(
    numeric: &[&Column],
    text: &[Categories],
    [rows, cols]: [usize; 2],
    missing: T::Native,
    one: T::Native,
) -> Vec<T::Native> {
    let mut out = large_buffer::<T::Native>(rows * cols);
    if rows == 0 || cols == 0 {
        return out;
    }
    // Where each text column's block starts in a row.
    let offsets: Vec<usize> = text
        .iter()
        .scan(numeric.len(), |start, categories| {
            let here = *start;
            *start += categories.width();
            Some(here)
        })
        .collect();
    let groups: Vec<&[&Column]> = numeric.chunks(COLUMN_GROUP).collect();
    let passes = groups.len().max(1); // one pass even without numeric columns, for the 1s
    for pass in 0..passes {
        let cast: Vec<ChunkedArray<T>> = groups
            .get(pass)
            .map_or(&[][..], |g| *g)
            .par_iter()
            .map(|column| values_or::<T>(column, missing))
            .collect();
        let values: Vec<&[T::Native]> = cast
            .iter()
            .map(|ca| ca.cont_slice().expect("one chunk without nulls"))
            .collect();
        let first_column = pass * COLUMN_GROUP;
        let ones = if pass + 1 == passes { text } else { &[] };
        // Blocks of rows on all cores; each block writes this group's columns of its rows.
        out.par_chunks_mut(cols * ROW_BLOCK)
            .enumerate()
            .for_each(|(block, chunk)| {
                let first_row = block * ROW_BLOCK;
                for (i, row) in chunk.chunks_exact_mut(cols).enumerate() {
                    let targets = &mut row[first_column..first_column + values.len()];
                    for (target, column) in targets.iter_mut().zip(&values) {
                        *target = column[first_row + i];
                    }
                    for (categories, &offset) in ones.iter().zip(&offsets) {
                        row[offset + categories.codes[first_row + i] as usize] = one;
                    }
                }
            });
    }
    out
}

/// Columns this many at a time: each row then receives 16 adjacent values (one cache line of
/// f32) instead of one value per column pass, 230 passes that each touch every row.
const COLUMN_GROUP: usize = 16;

/// Rows per parallel task when copying a group of columns.
const ROW_BLOCK: usize = 4096;

/// A numeric column as one chunk of `T`, `missing` where it has no value.
fn values_or<T: PolarsNumericType>(column: &Column, missing: T::Native) -> ChunkedArray<T> {
    let series = if column.null_count() == column.len() {
        // No values at all (polars reads such a column as strings): all missing.
        Series::full_null(column.name().clone(), column.len(), &T::get_static_dtype())
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
}

/// `len` zeros (`T` is f32 or f64), for a table's tensor, which can take a gigabyte.
///
/// The memory is asked for as zeros and not written here: fresh pages from the kernel are zero
/// already, so the first write to each page, by the parallel loop that fills the table, is
/// where the kernel provides it, on every core at once (writing the zeros here took 0.3-1 s on
/// one core for 880 MB). On Linux the buffer also asks for 2 MB pages (transparent huge pages,
/// where the kernel has them on `madvise`): one page fault per 2 MB instead of one per 4 kB.
fn large_buffer<T: Default + Clone>(len: usize) -> Vec<T> {
    // `vec![0.0; n]` allocates with `calloc`, which leaves fresh pages untouched.
    #[allow(unused_mut)]
    let mut buffer = vec![T::default(); len];
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
}
