//! Data: synthetic regression data, in-memory minibatches, Fashion-MNIST, downloads and where
//! data sets live on disk.

pub mod airfoil;
pub mod array;
pub mod batches;
pub mod download;
pub mod fashion_mnist;
pub mod idx;
pub mod image;
pub mod image_loader;
pub mod kaggle_house;
pub mod location;
#[cfg(feature = "polars")]
pub mod preprocess;
pub mod synthetic;

pub use array::{ArrayLoader, DataIter, data_iter, load_array};
pub use batches::{Batches, ImageBatches, RowBatches};
pub use fashion_mnist::{
    FashionMnist, ImageLoader, get_fashion_mnist_labels, load_data_fashion_mnist,
};
pub use location::DataDirs;
pub use synthetic::synthetic_data;
