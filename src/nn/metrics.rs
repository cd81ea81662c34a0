//! Classification accuracy and the timer d2l keeps score with (d2l-zh 3.6.5, 3.2).

use std::time::Instant;

/// Written in section 3.6 (分类精度), which introduces them.
pub use crate::chapters::softmax_regression::scratch::{accuracy, correct_predictions};

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
    use burn::tensor::{Int, Tensor};

    #[test]
    fn accuracy_counts_argmax_hits() {
        // d2l-zh 3.6: accuracy(y_hat, y) / len(y) = 0.5 for the book's two examples.
        let y_hat = Tensor::<2>::from_data([[0.1f32, 0.3, 0.6], [0.3, 0.2, 0.5]], &cpu());
        let y = Tensor::<1, Int>::from_data([0, 2], &cpu());
        assert_eq!(accuracy(y_hat, y), 1);
    }
}
