//! Deep learning computation, d2l-zh chapter 5 (深度学习计算): the mechanics under every model.
//!
//! - [`blocks`]: 5.1, layers and blocks, a sequential container by hand, control flow;
//! - [`parameters`]: 5.2, reading, initialising and sharing parameters;
//! - [`custom_layers`]: 5.4, layers with and without parameters;
//! - [`read_write`]: 5.5, tensors and models to files and back;
//! - [`gpus`]: 5.6, tensors and models on a chosen device.

pub mod blocks;
pub mod custom_layers;
pub mod gpus;
pub mod parameters;
pub mod read_write;
