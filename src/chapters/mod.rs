//! One module per section of the book; each reads top-down like its section. [`registry`]
//! lists them all.

pub mod activations;
pub mod autograd;
pub mod calculus;
pub mod cnn;
pub mod computation;
pub mod dropout;
#[cfg(feature = "polars")]
pub mod house_prices;
pub mod linear_algebra;
pub mod linear_regression;
pub mod losses;
pub mod mlp;
pub mod modern_cnn;
pub mod optimization;
pub mod polynomial;
#[cfg(feature = "polars")]
pub mod preprocess;
pub mod probability;
pub mod registry;
pub mod softmax_regression;
pub mod stability;
pub mod tensor;
pub mod walkthrough;
pub mod weight_decay;
