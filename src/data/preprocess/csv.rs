//! Reading a CSV file as pandas' `read_csv` does (missing-value tokens, pandas' number and
//! boolean grammar), and writing one.

use std::io::Cursor;
use std::path::Path;

use polars::prelude::*;

use super::*;
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
pub(super) fn numbers_written_as_pandas_reads_them(
    frame: &mut DataFrame,
) -> std::result::Result<(), String> {
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
pub(super) fn pandas_bool(text: &str) -> Option<bool> {
    match text {
        "True" | "TRUE" | "true" => Some(true),
        "False" | "FALSE" | "false" => Some(false),
        _ => None,
    }
}

/// `text` as a number the way pandas' parser reads it, or `None` when pandas keeps it as text.
pub(super) fn pandas_number(text: &str) -> Option<f64> {
    let text = text.trim_matches([' ', '\t']);
    let nan = text.len() == 3 && text.eq_ignore_ascii_case("nan");
    (!nan).then(|| text.parse::<f64>().ok()).flatten()
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
