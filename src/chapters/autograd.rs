//! d2l-zh 2.5 自动微分: gradients by burn's autograd, on the section's examples.
//!
//! Where burn differs from PyTorch:
//! - Gradients are not stored in the tensor and do not accumulate: each `backward()` returns a
//!   fresh set, read with `x.grad(&grads)`. There is no `x.grad.zero_()` to forget.
//! - `backward()` of a tensor with several elements sums it first (PyTorch refuses without an
//!   explicit `gradient=`); the book's `y.sum().backward()` is written out anyway, to be clear.
//! - A tensor takes part in autograd when it lives on an autodiff device
//!   (`device.clone().autodiff()`) and is marked with `require_grad()`.

use burn::tensor::{Distribution, Int, Tensor};
use std::borrow::Cow;

use crate::chapters::walkthrough::{Step, show, step};
use crate::device::Device;

/// The book's `f(a)`: doubles `a` until its norm reaches 1000, then keeps it or multiplies it by
/// 100 depending on the sign of the sum. Control flow depends on the values, yet the result is
/// still k·a for some k fixed by the path taken, so d f / d a = f(a) / a.
pub fn f(a: Tensor<1>) -> Tensor<1> {
    let mut b = a.mul_scalar(2.0);
    // (The book's loop; `a = 0` would never grow, so it stops there too.)
    while (f32::MIN_POSITIVE..1000.0).contains(&norm(b.clone())) {
        b = b.mul_scalar(2.0);
    }
    if b.clone().sum().into_scalar::<f32>() > 0.0 {
        b
    } else {
        b.mul_scalar(100.0)
    }
}

/// ‖b‖₂, read back to the host (the loop's condition needs a number, not a tensor).
fn norm(b: Tensor<1>) -> f32 {
    b.square().sum().sqrt().into_scalar::<f32>()
}

/// Everything the section computes, kept as tensors so that tests can check them.
pub struct Gradients {
    /// x = [0, 1, 2, 3].
    pub x: Tensor<1>,
    /// y = 2 xᵀx.
    pub y: Tensor<1>,
    /// ∂y/∂x = 4x.
    pub grad_dot: Tensor<1>,
    /// ∂(Σ x)/∂x = 1.
    pub grad_sum: Tensor<1>,
    /// ∂(Σ x²)/∂x = 2x: the backward of a non-scalar through its sum.
    pub grad_square: Tensor<1>,
    /// u = (x²).detach(), a constant.
    pub u: Tensor<1>,
    /// ∂(Σ u·x)/∂x = u: the gradient does not flow into u.
    pub grad_detached: Tensor<1>,
    /// a, a random scalar (shape [1]).
    pub a: Tensor<1>,
    /// f(a).
    pub d: Tensor<1>,
    /// ∂f/∂a.
    pub grad_control_flow: Tensor<1>,
}

/// Runs the section's examples; `seed` fixes the random `a` of the control-flow example.
pub fn gradients(device: &Device, seed: u64) -> Gradients {
    let device = device.clone().autodiff();

    // 2.5.1: y = 2 xᵀx, a scalar; its gradient with respect to x is 4x.
    let x = Tensor::<1, Int>::arange(0..4, &device)
        .float()
        .require_grad();
    let y = x.clone().dot(x.clone()).mul_scalar(2.0);
    let grads = y.backward();
    let grad_dot = x.grad(&grads).expect("x requires grad");

    // A second function of the same x: the gradients above are not added to (no zero_grad).
    let grads = x.clone().sum().backward();
    let grad_sum = x.grad(&grads).expect("x requires grad");

    // 2.5.2 非标量变量的反向传播: y = x * x is a vector; sum it to get one number to
    // differentiate, as deep learning does with a batch of losses.
    let grads = (x.clone() * x.clone()).sum().backward();
    let grad_square = x.grad(&grads).expect("x requires grad");

    // 2.5.3 分离计算: u is y's value without y's history, so z = u * x is linear in x.
    let u = (x.clone() * x.clone()).detach();
    let grads = (u.clone() * x.clone()).sum().backward();
    let grad_detached = x.grad(&grads).expect("x requires grad");

    // 2.5.4 Python控制流的梯度计算: a graph built by loops and branches still differentiates.
    device.seed(seed);
    let a = Tensor::<1>::random([1], Distribution::Normal(0.0, 1.0), &device).require_grad();
    let d = f(a.clone());
    let grads = d.clone().sum().backward();
    let grad_control_flow = a.grad(&grads).expect("a requires grad");

    Gradients {
        x: x.inner(),
        y: y.inner(),
        grad_dot,
        grad_sum,
        grad_square,
        u: u.inner(),
        grad_detached,
        a: a.inner(),
        d: d.inner(),
        grad_control_flow,
    }
}

/// The section as printable steps, in order.
pub fn walkthrough(device: &Device, seed: u64) -> Vec<Step> {
    let g = gradients(device, seed);
    let four_x = g.x.clone().mul_scalar(4.0);
    vec![
        step(
            "2.5.1",
            "x = torch.arange(4.0), x.requires_grad_(True)",
            "Tensor::<1, Int>::arange(0..4, &ad).float().require_grad()",
            g.x.to_data(),
        ),
        step(
            "2.5.1",
            "y = 2 * torch.dot(x, x)",
            "x.clone().dot(x.clone()).mul_scalar(2.0)",
            g.y.to_data(),
        ),
        step(
            "2.5.1",
            "y.backward(); x.grad: 4x",
            "let grads = y.backward(); x.grad(&grads)",
            g.grad_dot.to_data(),
        ),
        step(
            "2.5.1",
            "x.grad == 4 * x",
            "grad.equal(x.mul_scalar(4.0))",
            g.grad_dot.clone().equal(four_x).to_data(),
        ),
        step(
            "2.5.1",
            "y = x.sum(); y.backward(): burn returns fresh gradients, so no x.grad.zero_()",
            "x.grad(&x.clone().sum().backward())",
            g.grad_sum.to_data(),
        ),
        step(
            "2.5.2",
            "y = x * x; y.sum().backward(): 2x (burn would sum a non-scalar by itself)",
            "x.grad(&(x.clone() * x.clone()).sum().backward())",
            g.grad_square.to_data(),
        ),
        step(
            "2.5.3",
            "u = y.detach(); z = u * x; z.sum().backward(): x.grad == u",
            "let u = (x.clone() * x.clone()).detach(); x.grad(&(u * x).sum().backward())",
            g.grad_detached.clone().equal(g.u.clone()).to_data(),
        ),
        Step {
            section: "2.5.4",
            caption: Cow::Borrowed(
                "a = torch.randn(size=()); d = f(a) with a while loop and an if",
            ),
            code: Cow::Borrowed(
                "let a = Tensor::<1>::random([1], Normal(0, 1), &ad).require_grad(); f(a)",
            ),
            value: format!("a = {}, d = {}", show(&g.a.to_data()), show(&g.d.to_data())),
        },
        step(
            "2.5.4",
            "d.backward(); a.grad == d / a (f is linear in a along the path taken)",
            "grad.equal(d / a)",
            relative_close(g.grad_control_flow, g.d / g.a).to_data(),
        ),
    ]
}

/// Elementwise |x − y| ≤ 1e-6 |y|: d / a in f32 may differ from the gradient in the last bit.
fn relative_close(x: Tensor<1>, y: Tensor<1>) -> Tensor<1, burn::tensor::Bool> {
    let tolerance = y.clone().abs().mul_scalar(1e-6);
    (x - y).abs().lower_equal(tolerance)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::cpu;

    fn values(t: Tensor<1>) -> Vec<f32> {
        t.try_into_vec_as().unwrap()
    }

    #[test]
    fn the_books_gradients() {
        let g = gradients(&cpu(), 42);
        assert_eq!(values(g.y), [28.0]);
        assert_eq!(values(g.grad_dot), [0.0, 4.0, 8.0, 12.0]);
        assert_eq!(values(g.grad_sum), [1.0; 4]);
        assert_eq!(values(g.grad_square), [0.0, 2.0, 4.0, 6.0]);
        assert_eq!(values(g.grad_detached), values(g.u), "dz/dx = u");
    }

    #[test]
    fn control_flow_gradient_is_d_over_a_for_any_seed() {
        for seed in 0..8 {
            let g = gradients(&cpu(), seed);
            let (a, d, grad) = (
                values(g.a)[0],
                values(g.d)[0],
                values(g.grad_control_flow)[0],
            );
            assert!(
                (grad - d / a).abs() <= 1e-6 * (d / a).abs(),
                "seed {seed}: a {a}, d {d}, grad {grad}"
            );
            // The loop ran: ‖d‖ >= 1000 (times 100 when the sum was negative).
            assert!(d.abs() >= 1000.0, "seed {seed}: d {d}");
        }
    }

    #[test]
    fn every_check_in_the_walkthrough_holds() {
        let steps = walkthrough(&cpu(), 3);
        let checks: Vec<&Step> = steps.iter().filter(|s| s.caption.contains("==")).collect();
        assert_eq!(checks.len(), 3);
        for check in checks {
            assert!(!check.value.contains("false"), "{check:?}");
        }
    }
}
