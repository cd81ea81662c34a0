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
    let train_path = dir.join(KAGGLE_FILES[0].name);
    let (train_features, labels) = split_target(&train, "SalePrice")
        .map_err(|_| Error::format(&train_path, sale_price_problem(&train)))?;
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
    check_same_columns(&train_features, &test_features, dir)?;
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

/// What is wrong with the training file's SalePrice column, for the one-line error: missing,
/// or the first value that is not a number, with its row.
fn sale_price_problem(train: &DataFrame) -> String {
    let Ok(column) = train.column("SalePrice") else {
        return "no SalePrice column (expected d2l's Kaggle house-price file)".into();
    };
    let Ok(text) = column.cast(&DataType::String) else {
        return "the SalePrice column cannot be read as numbers".into();
    };
    let Ok(text) = text.str().cloned() else {
        return "the SalePrice column cannot be read as numbers".into();
    };
    for (row, value) in text.iter().enumerate() {
        match value {
            None => {
                return format!(
                    "house {} (line {} if no line is blank) has no SalePrice: every training \
                     house needs its price",
                    row + 1,
                    row + 2
                );
            }
            Some(v) if v.trim().parse::<f64>().is_err() => {
                return format!(
                    "house {} (line {} if no line is blank) has SalePrice '{v}', which is not a \
                     number",
                    row + 1,
                    row + 2
                );
            }
            _ => {}
        }
    }
    "the SalePrice column cannot be read as numbers".into()
}

/// The two files must describe houses by the same columns in the same order (Id and SalePrice
/// aside). A difference is named by its columns and blamed on the file that has them.
fn check_same_columns(train: &DataFrame, test: &DataFrame, dir: &Path) -> Result<()> {
    let (a, b) = (column_names(train), column_names(test));
    if a == b {
        return Ok(());
    }
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|n| !y.contains(n)).cloned().collect()
    };
    let (only_train, only_test) = (only(&a, &b), only(&b, &a));
    let shown = |names: &[String]| {
        let first: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
        let more = names.len().saturating_sub(5);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", first.join(", "))
    };
    let (path, reason) = if !only_train.is_empty() {
        (
            dir.join(KAGGLE_FILES[0].name),
            format!(
                "has column(s) the test file lacks: {} (the two files need the same columns)",
                shown(&only_train)
            ),
        )
    } else if !only_test.is_empty() {
        (
            dir.join(KAGGLE_FILES[1].name),
            format!(
                "has column(s) the training file lacks: {} (the two files need the same columns)",
                shown(&only_test)
            ),
        )
    } else {
        let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(0);
        (
            dir.join(KAGGLE_FILES[1].name),
            format!(
                "has the training file's columns in another order: column {} is '{}' here and \
                 '{}' there",
                at + 1,
                b[at],
                a[at]
            ),
        )
    };
    Err(Error::format(path, reason))
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
