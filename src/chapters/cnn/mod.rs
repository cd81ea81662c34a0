//! Convolutional neural networks, d2l-zh chapter 6 (卷积神经网络).
//!
//! - [`conv2d`]: 6.2, the cross-correlation by hand, edges, learning a kernel;
//! - [`padding`]: 6.3, output sizes under padding and stride;
//! - [`channels`]: 6.4, several input and output channels, the 1 × 1 convolution;
//! - [`pooling`]: 6.5, max and average pooling;
//! - [`lenet`]: 6.6, LeNet on Fashion-MNIST, trained by the same
//!   [`FashionMnistJob`](crate::train::FashionMnistJob) as every classifier before it (the
//!   book's `train_ch6` differs only in moving data to the GPU, which our loaders already do).

pub mod channels;
pub mod conv2d;
pub mod lenet;
pub mod padding;
pub mod pooling;

pub use lenet::{LeNet, LeNetConfig, layer_shapes};
