//! Modern convolutional neural networks, d2l-zh chapter 7 (现代卷积神经网络).
//!
//! - [`batch_norm`]: 7.5, batch normalization from scratch and with burn's `BatchNorm`, in
//!   LeNet, trained by the same [`FashionMnistJob`](crate::train::FashionMnistJob) as every
//!   classifier before it.

pub mod batch_norm;
