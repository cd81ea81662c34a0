//! d2l-zh 2.2 数据预处理: a CSV with missing values turned into a tensor, with polars (the
//! Rust ecosystem's pandas).
//!
//! The steps are the book's: read the file, split inputs from the target, fill numeric gaps with
//! the column mean (`fillna(inputs.mean())`), one-hot encode the text columns with an extra
//! column for "missing" (`get_dummies(dummy_na=True)`), and convert to a tensor. Column names and
//! order follow pandas, so results can be compared with the book cell by cell.
//!
//! By concern: [`csv`] reads (and [`csv_check`] checks) the file, [`columns`] picks and fills
//! columns, [`one_hot`] encodes text columns, [`to_tensor`] lays a table out as a tensor.

mod columns;
mod csv;
mod csv_check;
mod one_hot;
#[cfg(test)]
mod tests;
mod to_tensor;

pub use columns::*;
pub use csv::*;
#[allow(
    unused_imports,
    reason = "the siblings' helpers, for each other and the tests"
)]
use csv_check::*;
pub use one_hot::*;
pub use to_tensor::*;
