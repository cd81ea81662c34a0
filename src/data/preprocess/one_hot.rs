//! One-hot encoding, as `pd.get_dummies(dummy_na=True)`: as columns of a table, or straight into
//! a tensor (`dummies_to_tensor`).

use burn::tensor::{DType, Tensor, TensorData};
use polars::prelude::*;
use rayon::prelude::*;

use super::*;
use crate::device::Device;
use crate::error::{Error, Result};

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
pub(super) struct DummyNames {
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
pub(super) fn one_hot(column: &Column) -> Result<Vec<Column>> {
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
pub(super) struct Categories {
    pub(super) values: Vec<String>,
    pub(super) codes: Vec<u32>,
}

impl Categories {
    pub(super) fn of(column: &Column) -> Result<Self> {
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
    pub(super) fn width(&self) -> usize {
        self.values.len() + 1
    }
}
