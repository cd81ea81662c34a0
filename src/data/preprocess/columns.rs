//! Column operations of 2.2 and 4.10: picking the target, filling missing numbers with the mean,
//! standardising.

use polars::prelude::*;
use rayon::prelude::*;

use super::*;
use crate::error::{Error, Result};

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
pub(super) fn is_numeric(column: &Column) -> bool {
    column.dtype().is_primitive_numeric() || column.null_count() == column.len()
}

/// The column as f64, or `None` when it holds no value at all.
pub(super) fn float_array(column: &Column) -> Option<Float64Chunked> {
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
pub(super) fn map_numeric(
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
