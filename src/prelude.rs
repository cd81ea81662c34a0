//! What a chapter imports: burn's tensor types and the d2l functions used everywhere.
//!
//! ```
//! use d2l::prelude::*;
//!
//! let device = d2l::device::cpu();
//! // torch.arange(12).reshape(3, 4)
//! let x = Tensor::<1, Int>::arange(0..12, &device).float().reshape([3, 4]);
//! assert_eq!(x.dims(), [3, 4]);
//! // Broadcasting needs equal ranks: a (3, 1) plus a (1, 2) gives a (3, 2).
//! let a = Tensor::<2>::from_data([[0.0f32], [1.0], [2.0]], &device);
//! let b = Tensor::<2>::from_data([[0.0f32, 1.0]], &device);
//! assert_eq!((a + b).dims(), [3, 2]);
//! ```

pub use burn::tensor::{Bool, Device, Distribution, Int, Shape, Tensor, TensorData};

pub use crate::data::{load_array, synthetic_data};
pub use crate::error::{Error, Result};
pub use crate::nn::loss::{cross_entropy, squared_loss};
pub use crate::nn::metrics::{Accumulator, Timer, accuracy};
pub use crate::nn::optim::sgd;
