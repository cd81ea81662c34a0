//! Checking gradients, as a notebook: `notebooks/gradcheck.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example gradcheck`.

// %% [markdown]
// # 梯度检验 / Checking gradients
//
// 自动微分算出的梯度,可以用中心差分 (f(x + ε) − f(x − ε)) / (2ε) 逐个分量核对。
// 两者的最大相对误差很小(f64 下远小于 1e-3),说明反向传播写对了。源码在
// `src/nn/gradcheck.rs` 和 `src/chapters/losses.rs`,`d2l gradcheck` 做同样的事。
//
// A gradient from autograd can be checked one component at a time against central differences,
// (f(x + ε) − f(x − ε)) / (2ε). A tiny largest relative error (far below 1e-3 in f64) says
// the backward pass is right. The code is in `src/nn/gradcheck.rs` and
// `src/chapters/losses.rs`; `d2l gradcheck` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::losses::grad_check_all;
use d2l::nn::gradcheck::grad_check;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 一个函数 / One function
    //
    // f(x) = Σ xᵢ³ 的梯度是 3xᵢ²。`grad_check` 在 f64 张量上计算两种梯度并比较。
    //
    // The gradient of f(x) = Σ xᵢ³ is 3xᵢ². `grad_check` computes both gradients on f64 tensors
    // and compares them.

    // %%
    let device = d2l::device::cpu();
    let check = grad_check(|x| x.powi_scalar(3).sum(), &[-1.0, 0.5, 2.0], 1e-6, &device);
    println!("autograd:    {:?}", check.autograd);
    println!("differences: {:?}", check.numeric);
    println!("max relative error: {:.2e}", check.max_rel_error);

    // %% [markdown]
    // ## 每个损失与 softmax 回归 / Every loss and the softmax regression
    //
    // 回归损失在远离折点(0 和 ±δ)的位置检验;交叉熵和从零实现的 softmax 回归对每个权重检验。
    //
    // The regression losses are checked away from their kinks (0 and ±δ); the cross-entropy and
    // the softmax regression from scratch with respect to every weight.

    // %%
    let rows = grad_check_all(&device);
    let lines: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{:<34} {:>4} gradients, max rel. error {:.2e}",
                r.name, r.parameters, r.max_rel_error
            )
        })
        .collect();
    println!("{}", lines.join("\n"));
    let worst = rows.iter().map(|r| r.max_rel_error).fold(0.0, f64::max);
    println!("all agree within 1e-3: {}", worst < 1e-3);

    Ok(())
}
