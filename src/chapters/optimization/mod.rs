//! Chapter 11, optimization algorithms (优化算法): what the update of every earlier training
//! loop does, first on functions small enough to draw.
//!
//! - 11.1 [`challenges`]: local minima, saddle points and vanishing gradients, drawn.
//! - 11.2 [`convexity`]: convex functions, chords and Jensen's inequality.
//! - 11.3 [`gradient_descent`]: gradient descent and Newton's method in one and two dimensions.
//! - 11.4 [`sgd`]: noisy gradients and three learning-rate schedules.
//! - 11.5 [`minibatch_sgd`]: gradient descent, SGD and minibatches on the airfoil data; the
//!   chapter's training loops `train_ch11` and `train_concise_ch11`.
//! - 11.6 [`momentum`]: velocities on an ill-conditioned bowl and on airfoil.
//! - 11.7 [`adagrad`]: a rate per coordinate from the sum of its squared gradients.
//! - 11.8 [`rmsprop`]: the same from a leaky average, so the rate does not decay.
//! - 11.9 [`adadelta`]: no learning rate; written as a burn optimizer, as burn has none.
//! - 11.10 [`adam`]: momentum and RMSProp with bias correction; Yogi.
//! - 11.11 [`lr_scheduler`]: learning-rate schedules as burn `LrScheduler`s, on a CNN.

pub mod adadelta;
pub mod adagrad;
pub mod adam;
pub mod challenges;
pub mod convexity;
pub mod gradient_descent;
pub mod lr_scheduler;
pub mod minibatch_sgd;
pub mod momentum;
pub mod rmsprop;
pub mod sgd;

/// The check behind "the concise optimizer takes the book's steps": a from-scratch optimizer
/// and a configured burn optimizer, fed the same gradients, keep the same parameter.
#[cfg(test)]
pub(crate) fn assert_same_steps<O: burn::optim::Optimizer>(
    scratch: &mut impl minibatch_sgd::ScratchOptimizer,
    concise: &O,
    lr: f64,
    steps: usize,
) {
    use burn::tensor::{Tensor, TensorData};
    let device = crate::device::cpu();
    let start = TensorData::new(vec![0.5f32, -1.0, 2.0], [3, 1]);
    let mut by_hand = Tensor::<2>::from_data(start.clone(), &device);
    let mut by_burn = Tensor::<2>::from_data(start, &device);
    let mut state = None;
    for step in 0..steps {
        // Gradients that change size and sign from step to step.
        let k = step as f32;
        let grad: Vec<f32> = vec![0.3 * k - 0.5, (1.7 * k).sin() * 2.0, 0.8 - 0.05 * k];
        let grad = Tensor::<2>::from_data(TensorData::new(grad, [3, 1]), &device);
        by_hand = scratch.update(0, by_hand, grad.clone());
        scratch.end_step();
        let (next, next_state) = concise.step(lr, by_burn, grad, state);
        by_burn = next;
        state = next_state;
        let a: Vec<f32> = by_hand.clone().try_into_vec_as().unwrap();
        let b: Vec<f32> = by_burn.clone().try_into_vec_as().unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert!(
                (x - y).abs() <= 1e-5 + 1e-4 * x.abs(),
                "step {}: scratch {a:?}, burn {b:?}",
                step + 1
            );
        }
    }
}
