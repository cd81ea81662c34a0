//! What a training run measured, epoch by epoch: the record that the loops in
//! [`train`](crate::train) write and the figures in [`plot`](crate::plot) draw. It sits below
//! both, so that drawing a curve needs nothing of training. [`train`](crate::train) re-exports
//! it.

use serde::Serialize;

/// The figures of one epoch. Classification fills the accuracies, regression the test loss
/// where it has a test set; what a loop does not measure is left out of the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EpochStats {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Mean training loss over the epoch's examples.
    pub train_loss: f64,
    /// Training accuracy over the epoch (as the parameters moved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub train_acc: Option<f64>,
    /// Test accuracy after the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_acc: Option<f64>,
    /// Mean loss on the test set after the epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test_loss: Option<f64>,
    /// Wall time of the epoch, evaluation included.
    pub seconds: f64,
}

/// What a training loop measured, one entry per epoch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct History {
    /// Per-epoch figures in order.
    pub epochs: Vec<EpochStats>,
}

impl History {
    /// The last epoch's figures, if any epoch ran.
    pub fn last(&self) -> Option<&EpochStats> {
        self.epochs.last()
    }

    /// The training loss of every epoch.
    pub fn train_losses(&self) -> Vec<f64> {
        self.epochs.iter().map(|e| e.train_loss).collect()
    }
}
