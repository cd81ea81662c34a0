//! d2l-zh 11.4, stochastic gradient descent, as a notebook: `notebooks/11.4-sgd.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example sgd`.

// %% [markdown]
// # 11.4 随机梯度下降 / Stochastic gradient descent
//
// 随机梯度是真实梯度的无偏估计,但有噪声。这里在 x₁² + 2x₂² 的梯度上加 N(0, 1) 噪声来模拟,
// 学习率 η(t) = 0.1 · lr(t)。源码在 `src/chapters/optimization/sgd.rs`,`d2l sgd` 命令做同样的事。
//
// A stochastic gradient is an unbiased but noisy estimate of the gradient. Here the noise is
// simulated: N(0, 1) added to the gradient of x₁² + 2x₂², with rate η(t) = 0.1 · lr(t). The
// code is in `src/chapters/optimization/sgd.rs`; `d2l sgd` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::sgd::{Schedule, sgd_2d};
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 常数学习率 / A constant rate
    //
    // 50 步后 x 在最小值附近跳动,停不下来。
    //
    // After 50 steps x jumps around the minimum and does not settle.

    // %%
    let run = sgd_2d(Schedule::Constant, 50, 1.0, 42);
    println!("{}", run.summary());
    show_figure("sgd-constant", &run.chart())?;

    // %% [markdown]
    // ## 指数衰减 / Exponential decay
    //
    // lr(t) = e^{−0.1t}:学习率之和有限,x 很早就停住,1,000 步也到不了最小值。
    //
    // lr(t) = e^{−0.1t}: the rates have a finite sum, so x stops early, short of the minimum,
    // even after 1,000 steps.

    // %%
    let run = sgd_2d(Schedule::Exponential, 1_000, 1.0, 42);
    println!("{}", run.summary());
    show_figure("sgd-exponential", &run.chart())?;

    // %% [markdown]
    // ## 多项式衰减 / Polynomial decay
    //
    // lr(t) = (1 + 0.1t)^{−½}:学习率之和发散而平方和增长很慢,50 步就到达最小值附近,噪声的影响也在变小。
    //
    // lr(t) = (1 + 0.1t)^{−½}: the rates' sum diverges while their squares add up slowly; 50
    // steps reach the minimum, and the noise matters less and less.

    // %%
    let run = sgd_2d(Schedule::Polynomial, 50, 1.0, 42);
    println!("{}", run.summary());
    show_figure("sgd-polynomial", &run.chart())?;

    Ok(())
}
