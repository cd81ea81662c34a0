//! Building blocks shared by the chapters: losses, optimisers and metrics.

pub mod layers;
pub mod loss;
pub mod metrics;
pub mod optim;
