//! Building blocks shared by the chapters: losses, optimisers, metrics and a gradient checker.

pub mod activation;
pub mod gradcheck;
pub mod layers;
pub mod loss;
pub mod metrics;
pub mod optim;
