//! All integration tests, compiled into one binary (one link instead of one per file).

#[cfg(unix)]
mod boundary;
mod chapter11;
mod chapter2;
mod chapter4;
mod chapter5;
mod chapter6;
mod chapter7;
mod cli;
#[cfg(feature = "polars")]
mod csv_pandas;
mod devices;
mod download;
mod fashion_mnist;
mod fuzz_corpus;
#[cfg(all(unix, feature = "polars"))]
mod hardening;
#[cfg(feature = "polars")]
mod house_prices;
mod idx;
mod linreg;
mod notebooks;
mod patches;
#[cfg(feature = "polars")]
mod preprocess;
mod softmax;
mod util;
