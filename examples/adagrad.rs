//! d2l-zh 11.7, AdaGrad, as a notebook: `notebooks/11.7-adagrad.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example adagrad`.

// %% [markdown]
// # 11.7 AdaGrad算法 / AdaGrad
//
// 每个坐标的步长除以它历史梯度平方和的平方根:s ← s + g²,x ← x − ηg/√(s + ε)。源码在
// `src/chapters/optimization/adagrad.rs`,`d2l adagrad` 命令做同样的事。
//
// Each coordinate's step is divided by the root of the sum of its squared gradients:
// s ← s + g², x ← x − ηg/√(s + ε). The code is in `src/chapters/optimization/adagrad.rs`;
// `d2l adagrad` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::adagrad::{ScratchAdaGrad, adagrad_2d, burn_adagrad};
use d2l::chapters::optimization::minibatch_sgd::{
    concise_config, get_data_ch11, scratch_config, train_ch11, train_concise_ch11,
};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 二维 / Two dimensions
    //
    // 在 0.1x₁² + 2x₂² 上:η = 0.4 时 s 增长太快,x₁ 停在半路;η = 2 时到达最小值。
    //
    // On 0.1x₁² + 2x₂²: with η = 0.4 s grows so fast that x₁ stops half way; η = 2 reaches the
    // minimum.

    // %%
    let runs = [adagrad_2d(0.4), adagrad_2d(2.0)];
    for run in &runs {
        println!("{}", run.summary());
    }
    show_figure(
        "adagrad-2d",
        &Panels(runs.iter().map(|r| r.chart()).collect()),
    )?;

    // %% [markdown]
    // ## 从零开始与简洁实现 / From scratch, and concise
    //
    // airfoil,学习率 0.1。burn 的 `AdaGrad` 把 ε 加在根号外,默认 1e-5;这里用 PyTorch 的 1e-10。
    //
    // Airfoil with rate 0.1. burn's `AdaGrad` adds ε outside the root, 1e-5 by default; PyTorch's
    // 1e-10 is used here.

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    let mut adagrad = ScratchAdaGrad::new(0.1, 5, &device);
    let scratch = train_ch11(&mut adagrad, &data, scratch_config(42), "scratch, lr 0.1")?;
    let concise = train_concise_ch11(
        burn_adagrad().init(),
        0.1,
        &data,
        concise_config(42),
        "burn AdaGrad, lr 0.1",
    )?;
    println!("{}\n{}", scratch.summary(), concise.summary());
    show_figure(
        "adagrad-airfoil",
        &Panels(vec![scratch.chart(), concise.chart()]),
    )?;

    Ok(())
}
