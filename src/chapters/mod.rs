//! One module per section of the book; each reads top-down like its section. [`registry`]
//! lists them all.

pub mod linear_regression;
pub mod losses;
#[cfg(feature = "polars")]
pub mod preprocess;
pub mod registry;
pub mod softmax_regression;
pub mod tensor;
