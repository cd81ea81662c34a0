#![cfg_attr(not(feature = "std"), no_std)]

//! # burn-flex
//!
//! A fast, portable CPU backend for [Burn](https://github.com/tracel-ai/burn).
//!
//! ## Features
//!
//! - Pure Rust (no C dependencies)
//! - f16/bf16 support
//! - SIMD acceleration via macerator (NEON, AVX2/AVX-512/SSE, SIMD128, scalar fallback)
//! - Zero-copy tensor views
//! - Thread-safe by design
//!
//! ## Usage
//!
//! ```ignore
//! use burn_flex::Flex;
//! use burn::tensor::Tensor;
//!
//! let tensor: Tensor<Flex, 2> = Tensor::from_data([[1.0, 2.0], [3.0, 4.0]], &Default::default());
//! ```

extern crate alloc;

#[cfg(all(not(target_has_atomic = "ptr"), not(feature = "critical-section")))]
compile_error!(
    "This target lacks atomic CAS support. Enable the `critical-section` feature: \
     burn-flex = { ..., features = [\"critical-section\"] }"
);

/// Marks this copy as d2l-rs's patched burn-flex (`patches/burn-flex/PATCH.md` in d2l-rs): one
/// entry per numbered change there. d2l-rs's tests name this constant, so they do not compile
/// against the burn-flex published on crates.io, which lacks it. Not part of the upstream change.
#[doc(hidden)]
pub const D2L_RS_PATCHES: &[&str] = &[
    "1 mask_fill: a select instead of a branch",
    "2 sigmoid: a branch-free loop that vectorises",
    "3 average pooling without padding: no per-window bounds",
    "4 conv2d and its gradients by im2col from NCHW",
    "5 sigmoid in parallel for large tensors",
    "6 average pooling with non-overlapping windows, row at a time",
    "7 forward convolution: im2col rows padded to gemm's vector width",
    "8 convolutions of small images: several images per matrix product",
];

mod backend;
mod layout;
mod qtensor;
mod strided_index;
mod tensor;
mod zip;

#[doc(hidden)]
pub mod ops;

#[doc(hidden)]
pub mod simd;

pub use backend::{Flex, FlexDevice};
pub use layout::Layout;
pub use qtensor::FlexQTensor;
pub use tensor::FlexTensor;
