//! d2l-zh 2.5, automatic differentiation, as a notebook: `notebooks/2.5-autograd.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example autograd`.

// %% [markdown]
// # 2.5 自动微分 / Automatic differentiation
//
// burn 记录在 autodiff 设备上、标记了 `require_grad()` 的张量参与的运算,`backward()` 沿着记录
// 反向求出梯度。与 PyTorch 不同:梯度不存放在张量里,每次 `backward()` 返回一组新的梯度
// (不会累加,也就不需要 `zero_()`)。源码在 `src/chapters/autograd.rs`。
//
// burn records the operations on tensors that live on an autodiff device and are marked with
// `require_grad()`; `backward()` walks that record back to the gradients. Unlike PyTorch, the
// gradients are not stored in the tensor: each `backward()` returns a fresh set (nothing
// accumulates, so there is nothing to zero). The code is in `src/chapters/autograd.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::autograd::f;
use d2l::chapters::tensor::show;
use d2l::prelude::{Distribution, Int, Tensor};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 一个简单的例子 / A simple example
    //
    // y = 2xᵀx 对 x 的梯度是 4x。
    //
    // The gradient of y = 2xᵀx with respect to x is 4x.

    // %%
    let device = d2l::device::cpu().autodiff();
    let x = Tensor::<1, Int>::arange(0..4, &device)
        .float()
        .require_grad();
    let y = x.clone().dot(x.clone()).mul_scalar(2.0);
    println!("y = {}", show(&y.clone().inner().into_data()));
    let grads = y.backward();
    let grad = x.grad(&grads).expect("x requires grad");
    println!("x.grad = {}", show(&grad.clone().into_data()));
    println!(
        "x.grad == 4x: {}",
        show(&grad.equal(x.clone().inner().mul_scalar(4.0)).into_data())
    );

    // %% [markdown]
    // 另一个函数 y = Σx 的梯度全是 1。它是一组新的梯度,没有加到上面的 4x 上。
    //
    // Another function, y = Σx, has a gradient of ones. It is a fresh set, not added to the 4x
    // above.

    // %%
    // Each cell that differentiates makes its own x: evcxr compiles every cell on its own, and
    // burn's autodiff bookkeeping does not carry from one cell to the next.
    let x = Tensor::<1, Int>::arange(0..4, &device)
        .float()
        .require_grad();
    let grads = x.clone().sum().backward();
    println!(
        "x.grad = {}",
        show(&x.grad(&grads).expect("x requires grad").into_data())
    );

    // %% [markdown]
    // ## 非标量的反向传播 / Backward of a non-scalar
    //
    // y = x ⊙ x 是向量。深度学习里通常对一批损失求和再求导,所以写出 `.sum()`:梯度是 2x。
    // (burn 对非标量调用 `backward()` 时也会默默求和,PyTorch 则报错。)
    //
    // y = x ⊙ x is a vector. Deep learning usually sums a batch of losses before differentiating,
    // so `.sum()` is written out: the gradient is 2x. (burn would sum a non-scalar silently;
    // PyTorch refuses.)

    // %%
    let x = Tensor::<1, Int>::arange(0..4, &device)
        .float()
        .require_grad();
    let grads = (x.clone() * x.clone()).sum().backward();
    println!(
        "x.grad = {}",
        show(&x.grad(&grads).expect("x requires grad").into_data())
    );

    // %% [markdown]
    // ## 分离计算 / Detaching
    //
    // u = (x ⊙ x).detach() 只保留数值,不保留它是怎么算出来的;z = u ⊙ x 对 x 的梯度就是 u。
    //
    // u = (x ⊙ x).detach() keeps the values but not how they were computed; the gradient of
    // z = u ⊙ x with respect to x is then u itself.

    // %%
    let x = Tensor::<1, Int>::arange(0..4, &device)
        .float()
        .require_grad();
    let u = (x.clone() * x.clone()).detach();
    let grads = (u.clone() * x.clone()).sum().backward();
    let grad = x.grad(&grads).expect("x requires grad");
    println!("u      = {}", show(&u.clone().inner().into_data()));
    println!("x.grad = {}", show(&grad.into_data()));

    // %% [markdown]
    // ## 控制流的梯度 / Gradients through control flow
    //
    // `f(a)` 把 a 反复加倍直到范数超过 1000,再按和的符号决定是否乘以 100。走哪条路取决于 a 的值,
    // 但每条路上 f(a) = k·a,所以梯度等于 d / a。
    //
    // `f(a)` doubles a until its norm passes 1000, then multiplies by 100 or not depending on the
    // sign of the sum. Which path runs depends on a's value, but on every path f(a) = k·a, so the
    // gradient equals d / a.

    // %%
    device.seed(42);
    let a = Tensor::<1>::random([1], Distribution::Normal(0.0, 1.0), &device).require_grad();
    let d = f(a.clone());
    let grads = d.clone().sum().backward();
    let grad = a.grad(&grads).expect("a requires grad");
    println!(
        "a = {}, d = f(a) = {}",
        show(&a.clone().inner().into_data()),
        show(&d.clone().inner().into_data())
    );
    println!("a.grad = {}", show(&grad.into_data()));
    println!("d / a  = {}", show(&(d.inner() / a.inner()).into_data()));

    Ok(())
}
