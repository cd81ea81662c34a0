//! Chapter 11, optimization algorithms (优化算法): what the update of every earlier training
//! loop does, first on functions small enough to draw.
//!
//! - 11.1 [`challenges`]: local minima, saddle points and vanishing gradients, drawn.
//! - 11.3 [`gradient_descent`]: gradient descent and Newton's method in one and two dimensions.

pub mod challenges;
pub mod gradient_descent;
