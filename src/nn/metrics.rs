//! Classification accuracy and the timer d2l keeps score with (d2l-zh 3.6.5, 3.2).

use std::time::Instant;

use burn::tensor::{Int, Tensor};

/// The number of correct predictions: argmax ŷᵢ = yᵢ (d2l-zh 3.6 `accuracy`).
///
/// Like the book, this is a count, not a fraction; divide by `n` for the accuracy.
pub fn accuracy(y_hat: Tensor<2>, y: Tensor<1, Int>) -> usize {
    correct_predictions(y_hat, y).into_scalar::<i64>() as usize
}

/// The same count as [`accuracy`], left on the device as a one-element tensor.
///
/// A training loop adds these up and reads the total once per epoch: reading a number back
/// makes the host wait for a GPU to finish, and doing that every minibatch keeps the GPU idle
/// between batches.
pub fn correct_predictions(y_hat: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1, Int> {
    let [n] = y.dims();
    let predicted = y_hat.argmax(1).reshape([n]); // [n] class indices
    predicted.equal(y).int().sum()
}

/// Times one piece of work (d2l's `Timer`, which the loops here need only to start and stop).
#[derive(Debug)]
pub struct Timer {
    start: Instant,
}

impl Default for Timer {
    fn default() -> Self {
        Self::new()
    }
}

impl Timer {
    /// Starts the clock.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
        }
    }

    /// Seconds since the clock started.
    pub fn stop(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    #[test]
    fn accuracy_counts_argmax_hits() {
        // d2l-zh 3.6: accuracy(y_hat, y) / len(y) = 0.5 for the book's two examples.
        let y_hat = Tensor::<2>::from_data([[0.1f32, 0.3, 0.6], [0.3, 0.2, 0.5]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 2], &cpu());
        assert_eq!(accuracy(y_hat, y), 1);
    }
}
