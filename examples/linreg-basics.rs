//! d2l-zh 3.1, linear regression, as a notebook: `notebooks/3.1-linear-regression.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example linreg-basics`.

// %% [markdown]
// # 3.1 线性回归 / Linear regression
//
// 两件事:为什么要把整个向量一次相加(矢量化),以及为什么平方损失是正态噪声下的最大似然估计。
// 最小二乘的解析解在 3.3 的笔记本里。源码在 `src/chapters/linear_regression/basics.rs`,
// `d2l linreg-basics` 命令做同样的事。
//
// Two things: why whole vectors are added at once (vectorisation), and why the squared loss is
// the maximum-likelihood choice under normal noise. The least-squares solution in closed form is
// in the 3.3 notebook. The code is in `src/chapters/linear_regression/basics.rs`;
// `d2l linreg-basics` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::linear_regression::basics::{
    normal, normal_chart, normal_curves, vectorization,
};
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 矢量化加速 / Vectorisation
    //
    // 两个 10000 维的全 1 向量相加两次:一次在循环里逐个元素(每个元素一次切片、一次加法、一次
    // 写回,每次都要付一个张量运算的固定开销),一次用 `a + b`。具体倍数取决于机器。
    //
    // Two vectors of 10,000 ones are added twice: element by element in a loop (a slice, an add
    // and a write per element, each paying a tensor operation's fixed cost), and with one
    // `a + b`. The exact ratio depends on the machine.

    // %%
    let device = d2l::device::cpu();
    let timing = vectorization(10_000, &device)?;
    println!(
        "loop: {:.5} s, a + b: {:.5} s, same result: {}",
        timing.loop_seconds, timing.vectorized_seconds, timing.same_result
    );
    println!(
        "the vectorised add is over 100 times faster: {}",
        timing.loop_seconds > 100.0 * timing.vectorized_seconds
    );

    // %% [markdown]
    // ## 正态分布与平方损失 / The normal distribution and the squared loss
    //
    // p(x) = exp(−(x − μ)² / (2σ²)) / √(2πσ²)。若 y = wᵀx + b + ε 且噪声 ε ~ N(0, σ²),
    // 则 −log P(y | x) = ½ log(2πσ²) + (y − wᵀx − b)² / (2σ²):使似然最大就是使平方损失最小。
    //
    // p(x) = exp(−(x − μ)² / (2σ²)) / √(2πσ²). If y = wᵀx + b + ε with noise ε ~ N(0, σ²), then
    // −log P(y | x) = ½ log(2πσ²) + (y − wᵀx − b)² / (2σ²): the most likely parameters are those
    // with the least squared loss.

    // %%
    println!("p(0 | μ = 0, σ = 1) = {:.4}", normal(0.0, 0.0, 1.0));
    println!("p(0 | μ = 0, σ = 2) = {:.4}", normal(0.0, 0.0, 2.0));
    show_figure("normal", &normal_chart(&normal_curves()))?;

    Ok(())
}
