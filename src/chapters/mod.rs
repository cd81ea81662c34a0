//! One module per section of the book; each reads top-down like its section.

pub mod linear_regression;
pub mod losses;
pub mod preprocess;
pub mod softmax_regression;
pub mod tensor;
