//! d2l-zh 11.8, RMSProp, as a notebook: `notebooks/11.8-rmsprop.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example rmsprop`.

// %% [markdown]
// # 11.8 RMSProp算法 / RMSProp
//
// 用泄漏平均代替 AdaGrad 的累加:s ← γs + (1 − γ)g²,x ← x − ηg/√(s + ε),学习率不再一直衰减。
// 源码在 `src/chapters/optimization/rmsprop.rs`,`d2l rmsprop` 命令做同样的事。
//
// A leaky average instead of AdaGrad's sum: s ← γs + (1 − γ)g², x ← x − ηg/√(s + ε), so the
// rate no longer decays for ever. The code is in `src/chapters/optimization/rmsprop.rs`;
// `d2l rmsprop` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::minibatch_sgd::{
    concise_config, get_data_ch11, scratch_config, train_ch11, train_concise_ch11,
};
use d2l::chapters::optimization::rmsprop::{
    ScratchRmsProp, burn_rmsprop, gamma_weights, rmsprop_2d,
};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 权重 / The weights
    //
    // τ 步之前的梯度平方的权重是 (1 − γ)γ^τ,总和为 1。
    //
    // The squared gradient τ steps back weighs (1 − γ)γ^τ; the weights sum to 1.

    // %%
    show_figure("rmsprop-weights", &gamma_weights())?;

    // %% [markdown]
    // ## 二维 / Two dimensions
    //
    // η = 0.4,γ = 0.9:AdaGrad 在这里停在半路,RMSProp 到达最小值。
    //
    // η = 0.4, γ = 0.9: where AdaGrad stopped half way, RMSProp reaches the minimum.

    // %%
    let run = rmsprop_2d(0.4, 0.9);
    println!("{}", run.summary());
    show_figure("rmsprop-2d", &run.chart())?;

    // %% [markdown]
    // ## 从零开始与简洁实现 / From scratch, and concise
    //
    // airfoil,η = 0.01,γ = 0.9。burn 的 `RmsProp` 默认动量 0.9、ε 1e-5、α 0.99;这里按 PyTorch 设为
    // 动量 0、ε 1e-8、α = γ。
    //
    // Airfoil with η = 0.01 and γ = 0.9. burn's `RmsProp` defaults to momentum 0.9, ε 1e-5 and
    // α 0.99; here they are PyTorch's: momentum 0, ε 1e-8, α = γ.

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    let mut rmsprop = ScratchRmsProp::new(0.01, 0.9, 5, &device);
    let scratch = train_ch11(&mut rmsprop, &data, scratch_config(42), "scratch")?;
    let concise = train_concise_ch11(
        burn_rmsprop(0.9).init(),
        0.01,
        &data,
        concise_config(42),
        "burn RmsProp",
    )?;
    println!("{}\n{}", scratch.summary(), concise.summary());
    show_figure(
        "rmsprop-airfoil",
        &Panels(vec![scratch.chart(), concise.chart()]),
    )?;

    Ok(())
}
