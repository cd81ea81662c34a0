//! What a chapter imports: burn's tensor types and the d2l functions used everywhere.
//!
//! The examples of d2l-zh 2.1 (数据操作) in burn, checked by `cargo test`:
//!
//! ```
//! use d2l::prelude::*;
//!
//! let device = d2l::device::cpu();
//! // x = torch.arange(12, dtype=torch.float32).reshape(3, -1)
//! let x = Tensor::<1, Int>::arange(0..12, &device).float().reshape([3, -1]);
//! assert_eq!(x.dims(), [3, 4]);
//!
//! // Elementwise operators and exp.
//! let a = Tensor::<1>::from_data([1.0f32, 2.0, 4.0, 8.0], &device);
//! let b = Tensor::<1>::from_data([2.0f32, 2.0, 2.0, 2.0], &device);
//! let power: Vec<f32> = a.clone().powf(b.clone()).try_into_vec_as().unwrap();
//! assert_eq!(power, [1.0, 4.0, 16.0, 64.0]);
//!
//! // torch.cat along rows and along columns.
//! let y = Tensor::<2>::ones([3, 4], &device);
//! assert_eq!(Tensor::cat(vec![x.clone(), y.clone()], 0).dims(), [6, 4]);
//! assert_eq!(Tensor::cat(vec![x.clone(), y.clone()], 1).dims(), [3, 8]);
//!
//! // X == Y gives a boolean tensor; X.sum() a one-element tensor.
//! let ones_in_x = x.clone().equal(y).int().sum().into_scalar::<i64>();
//! assert_eq!(ones_in_x, 1);
//! assert_eq!(x.clone().sum().into_scalar::<f32>(), 66.0);
//!
//! // Broadcasting needs equal ranks: a (3, 1) plus a (1, 2) gives a (3, 2).
//! let col = Tensor::<2>::from_data([[0.0f32], [1.0], [2.0]], &device);
//! let row = Tensor::<2>::from_data([[0.0f32, 1.0]], &device);
//! assert_eq!((col + row).dims(), [3, 2]);
//!
//! // X[-1], X[1:3], and writing into a slice.
//! assert_eq!(x.clone().slice(s![-1]).try_into_vec_as::<f32>().unwrap(), [8.0, 9.0, 10.0, 11.0]);
//! assert_eq!(x.clone().slice(s![1..3]).dims(), [2, 4]);
//! let written = x.clone().slice_fill(s![1, 2], 9.0);
//! assert_eq!(written.slice(s![1, 2]).into_scalar::<f32>(), 9.0);
//!
//! // Fancy indexing: rows by an index tensor, then one element per row (ŷ[range(n), y]).
//! let rows = x.clone().select(0, Tensor::<1, Int>::from_data([2, 0], &device));
//! assert_eq!(rows.dims(), [2, 4]);
//! let picked = x.gather(1, Tensor::<2, Int>::from_data([[3], [0], [1]], &device));
//! assert_eq!(picked.try_into_vec_as::<f32>().unwrap(), [3.0, 4.0, 9.0]);
//! ```

pub use burn::tensor::{Bool, Device, Distribution, Int, Shape, Tensor, TensorData, s};

pub use crate::data::{load_array, synthetic_data};
pub use crate::error::{Error, Result};
pub use crate::nn::loss::{cross_entropy, squared_loss};
pub use crate::nn::metrics::{Timer, accuracy};
pub use crate::nn::optim::sgd;
pub use crate::train::{Net, train_ch3};
