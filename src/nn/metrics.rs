//! Classification accuracy and the small helpers d2l uses to keep score (d2l-zh 3.6.5, 3.2).

use std::time::{Duration, Instant};

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

/// Sums over `N` variables (d2l's `Accumulator`): in `train_epoch_ch3` they are the summed
/// loss, the number of correct predictions and the number of examples.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accumulator<const N: usize> {
    data: [f64; N],
}

impl<const N: usize> Default for Accumulator<N> {
    fn default() -> Self {
        Self { data: [0.0; N] }
    }
}

impl<const N: usize> Accumulator<N> {
    /// Starts at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `values` element by element.
    pub fn add(&mut self, values: [f64; N]) {
        for (sum, v) in self.data.iter_mut().zip(values) {
            *sum += v;
        }
    }

    /// Back to zero.
    pub fn reset(&mut self) {
        self.data = [0.0; N];
    }

    /// Sum number `i`.
    pub fn get(&self, i: usize) -> f64 {
        self.data[i]
    }
}

/// Records several running times (d2l's `Timer`).
#[derive(Debug)]
pub struct Timer {
    start: Instant,
    times: Vec<Duration>,
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
            times: Vec::new(),
        }
    }

    /// Restarts the clock.
    pub fn start(&mut self) {
        self.start = Instant::now();
    }

    /// Stops the clock, records the time and returns it in seconds.
    pub fn stop(&mut self) -> f64 {
        let elapsed = self.start.elapsed();
        self.times.push(elapsed);
        elapsed.as_secs_f64()
    }

    /// Average of the recorded times, in seconds.
    pub fn avg(&self) -> f64 {
        if self.times.is_empty() {
            0.0
        } else {
            self.sum() / self.times.len() as f64
        }
    }

    /// Total of the recorded times, in seconds.
    pub fn sum(&self) -> f64 {
        self.times.iter().map(Duration::as_secs_f64).sum()
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

    #[test]
    fn accumulator_adds_and_resets() {
        let mut metric = Accumulator::<3>::new();
        metric.add([1.5, 2.0, 3.0]);
        metric.add([0.5, 1.0, 1.0]);
        assert_eq!(
            (metric.get(0), metric.get(1), metric.get(2)),
            (2.0, 3.0, 4.0)
        );
        metric.reset();
        assert_eq!(metric.get(0), 0.0);
    }
}
