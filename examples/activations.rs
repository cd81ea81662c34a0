//! d2l-zh 4.1, activation functions, as a notebook: `notebooks/4.1-activations.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with `cargo run
//! --release --example activations`.

// %% [markdown]
// # 4.1 多层感知机:激活函数 / Multilayer perceptrons: activation functions
//
// 没有非线性,多层仿射变换叠起来还是一个仿射变换。这里画出 ReLU、sigmoid 和 tanh 以及由自动微分
// 算出的导数。源码在 `src/chapters/activations.rs`。
//
// Without a non-linearity, stacked affine layers collapse into one affine map. Here are ReLU,
// sigmoid and tanh, with their derivatives from autograd. The code is in
// `src/chapters/activations.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::activations::{activation_curves, grid};
use d2l::chapters::tensor::show;
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 导数来自自动微分 / Derivatives from autograd
    //
    // 每个 yᵢ 只依赖 xᵢ,所以对 Σy 求一次反向传播,x 的梯度就是逐点的导数 dyᵢ/dxᵢ。
    //
    // Each yᵢ depends on xᵢ alone, so one backward pass of Σy gives every pointwise derivative
    // dyᵢ/dxᵢ as the gradient of x.

    // %%
    let device = d2l::device::cpu();
    let autodiff = device.clone().autodiff();
    let x = Tensor::<1>::from_data([-2.0f32, -0.5, 0.5, 2.0], &autodiff).require_grad();
    let y = d2l::burn::tensor::activation::sigmoid(x.clone());
    let grads = y.clone().sum().backward();
    println!("x           = {}", show(&x.clone().inner().into_data()));
    println!("sigmoid(x)  = {}", show(&y.clone().inner().into_data()));
    println!(
        "autograd    = {}",
        show(&x.grad(&grads).expect("x requires grad").into_data())
    );
    let s = y.inner();
    println!(
        "s(x)(1-s(x)) = {}",
        show(&(s.clone() * (s.ones_like() - s)).into_data())
    );

    // %% [markdown]
    // ## ReLU、sigmoid 和 tanh / ReLU, sigmoid and tanh
    //
    // 在 x ∈ [-8, 8) 上,步长 0.1。ReLU 的导数是阶跃函数;sigmoid 的导数在 0 处最大(0.25),
    // tanh 的在 0 处为 1,两者离 0 越远越接近 0。
    //
    // On x ∈ [-8, 8) in steps of 0.1. ReLU's derivative is a step; sigmoid's peaks at 0 (0.25)
    // and tanh's at 0 (1), both fading towards 0 away from it.

    // %%
    let curves = activation_curves(&grid(), &device);
    for curve in &curves {
        let i = curve
            .x
            .iter()
            .position(|v| (v - 2.0).abs() < 1e-9)
            .unwrap_or(0);
        println!(
            "{:<8} f(2) = {:.4}, f'(2) = {:.4}",
            curve.name, curve.y[i], curve.gradient[i]
        );
    }
    let panels = Panels(curves.iter().map(|c| c.chart()).collect());
    show_figure("activations", &panels)?;

    Ok(())
}
