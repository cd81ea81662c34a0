//! All integration tests, compiled into one binary (one link instead of one per file).

mod cli;
mod devices;
mod download;
mod fashion_mnist;
mod linreg;
#[cfg(feature = "polars")]
mod preprocess;
mod softmax;
mod util;
