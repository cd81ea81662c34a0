//! What a training loop reads from: something that serves minibatches, one epoch per call.
//!
//! Images with class labels ([`ImageLoader`](super::ImageLoader)) and rows of features with
//! real-valued targets ([`ArrayLoader`](super::ArrayLoader), [`DataIter`](super::array::DataIter))
//! are both `Batches`, so one classification loop and one regression loop serve every chapter.

use burn::tensor::{Int, Tensor};

/// A source of `(X, y)` minibatches.
pub trait Batches {
    /// One minibatch of inputs, e.g. images `[n, 1, 28, 28]` or feature rows `[n, d]`.
    type Input;
    /// The matching targets, e.g. class indices `[n]` or values `[n, 1]`.
    type Target;

    /// The minibatches of the next epoch.
    fn batches(&self) -> Box<dyn Iterator<Item = (Self::Input, Self::Target)> + '_>;

    /// How many minibatches one epoch has.
    fn num_batches(&self) -> usize;
}

/// Labelled images: `[n, c, h, w]` with one class index each.
pub trait ImageBatches: Batches<Input = Tensor<4>, Target = Tensor<1, Int>> {}
impl<T: Batches<Input = Tensor<4>, Target = Tensor<1, Int>>> ImageBatches for T {}

/// Feature rows `[n, d]` with real targets `[n, 1]`.
pub trait RowBatches: Batches<Input = Tensor<2>, Target = Tensor<2>> {}
impl<T: Batches<Input = Tensor<2>, Target = Tensor<2>>> RowBatches for T {}
