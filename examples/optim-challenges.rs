//! d2l-zh 11.1, optimization and deep learning, as a notebook:
//! `notebooks/11.1-optim-challenges.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example optim-challenges`.

// %% [markdown]
// # 11.1 优化和深度学习 / Optimization and deep learning
//
// 优化的目标是降低训练误差;深度学习关心的是泛化误差。即使只看训练误差,梯度下降也会遇到
// 三个障碍:局部最小值、鞍点和梯度消失。源码在 `src/chapters/optimization/challenges.rs`,
// `d2l optim-challenges` 命令做同样的事。
//
// Optimization lowers the training error; deep learning cares about the generalization error.
// Even for the training error alone, gradient descent meets three obstacles: local minima,
// saddle points and vanishing gradients. The code is in
// `src/chapters/optimization/challenges.rs`; `d2l optim-challenges` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::challenges;
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // f(x) = x cos(πx) 在 [−1, 2] 上有一个局部最小值和一个全局最小值;x³ 在 0 处梯度为 0
    // 却不是最小值;x² − y² 在 (0, 0) 处沿 x 是最小值、沿 y 是最大值;tanh 在 x = 4 处几乎没有梯度。
    //
    // f(x) = x cos(πx) has a local and a global minimum on [−1, 2]; x³ has a zero gradient at 0
    // without a minimum; x² − y² at (0, 0) is a minimum along x and a maximum along y; tanh has
    // almost no gradient at x = 4.

    // %%
    let result = challenges::run();
    println!(
        "local minimum:  x = {:.4}, f = {:.4}",
        result.local_min.0, result.local_min.1
    );
    println!(
        "global minimum: x = {:.4}, f = {:.4}",
        result.global_min.0, result.global_min.1
    );
    println!("tanh'(4) = {:.7}", result.tanh_grad_at_4);
    show_figure("optim-challenges", &Panels(result.charts()))?;

    Ok(())
}
