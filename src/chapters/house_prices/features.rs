//! 4.10's features: the train and test files stacked, numbers standardised, text one-hot
//! encoded (2.2's steps, on 79 columns). `d2l preprocess --example kaggle-house` shows them.

use std::path::Path;

use polars::prelude::*;

use crate::data::kaggle_house::FILES as KAGGLE_FILES;
use crate::data::preprocess::{
    CsvOptions, Table, column_names, get_dummies, read_csv, split_target, standardize,
};
use crate::error::{Error, Result};

/// The features of d2l-zh 4.10 from the two files in `dir`: train (without Id and SalePrice) and
/// test (without Id) stacked, numeric columns standardised with their NaN set to 0, text columns
/// one-hot encoded with a `_nan` column. Returns the table and the training labels.
pub fn kaggle_house_features(dir: &Path) -> Result<(Table, Column)> {
    // The book reads these files with pandas' defaults, which count "None" as missing.
    let options = CsvOptions::pandas();
    let train = read_csv(&dir.join(KAGGLE_FILES[0].name), &options)?;
    let test = read_csv(&dir.join(KAGGLE_FILES[1].name), &options)?;
    let (train_features, labels) = split_target(&train, "SalePrice").map_err(|_| {
        Error::format(
            dir.join(KAGGLE_FILES[0].name),
            "no SalePrice column (expected d2l's Kaggle house-price file)",
        )
    })?;
    let drop_id = |frame: DataFrame, path: &Path| {
        frame.drop("Id").map_err(|_| {
            Error::format(
                path,
                "no Id column (expected d2l's Kaggle house-price file)",
            )
        })
    };
    let train_features = drop_id(train_features, &dir.join(KAGGLE_FILES[0].name))?;
    let test_features = drop_id(test, &dir.join(KAGGLE_FILES[1].name))?;
    let all = concat_rows(&train_features, &test_features)
        .map_err(|reason| Error::format(dir.join(KAGGLE_FILES[1].name), reason))?;
    let standardized = standardize(&all);
    let features = get_dummies(&standardized.frame)?;
    Ok((
        Table {
            frame: features,
            notes: standardized.notes,
        },
        labels,
    ))
}

/// `pd.concat((a, b))` for two tables with the same columns: numbers become f64 on both sides.
pub fn concat_rows(a: &DataFrame, b: &DataFrame) -> std::result::Result<DataFrame, String> {
    let names_a = column_names(a);
    let names_b = column_names(b);
    if names_a != names_b {
        return Err(format!(
            "the columns differ from the first file's: {names_b:?} vs {names_a:?}"
        ));
    }
    let unify = |column: &Column, other: &Column| -> std::result::Result<Column, String> {
        let numeric = |c: &Column| c.dtype().is_primitive_numeric() || c.null_count() == c.len();
        let target = if numeric(column) && numeric(other) {
            DataType::Float64
        } else {
            DataType::String
        };
        column
            .cast(&target)
            .map_err(|e| format!("column {}: {e}", column.name()))
    };
    let left: Vec<Column> = a
        .columns()
        .iter()
        .zip(b.columns())
        .map(|(x, y)| unify(x, y))
        .collect::<std::result::Result<_, _>>()?;
    let right: Vec<Column> = b
        .columns()
        .iter()
        .zip(a.columns())
        .map(|(x, y)| unify(x, y))
        .collect::<std::result::Result<_, _>>()?;
    let mut top = DataFrame::new_infer_height(left).map_err(|e| e.to_string())?;
    let bottom = DataFrame::new_infer_height(right).map_err(|e| e.to_string())?;
    top.vstack_mut(&bottom).map_err(|e| e.to_string())?;
    Ok(top)
}
