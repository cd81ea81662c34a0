//! d2l-zh 11.9, Adadelta, as a notebook: `notebooks/11.9-adadelta.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example adadelta`.

// %% [markdown]
// # 11.9 Adadelta / Adadelta
//
// Adadelta 没有学习率:它记住梯度平方的泄漏平均 s 和更新量平方的泄漏平均 Δx,步长是
// g' = √(Δx + ε)/√(s + ε) ⊙ g。burn 0.22 没有 Adadelta,所以 `src/chapters/optimization/adadelta.rs`
// 写了一个实现 burn `Optimizer` 特征的版本。`d2l adadelta` 命令做同样的事。
//
// Adadelta has no learning rate: it keeps a leaky average s of squared gradients and one, Δx,
// of squared updates, and steps by g' = √(Δx + ε)/√(s + ε) ⊙ g. burn 0.22 has no Adadelta, so
// `src/chapters/optimization/adadelta.rs` writes one against burn's `Optimizer` trait.
// `d2l adadelta` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::adadelta::{AdadeltaConfig, ScratchAdadelta};
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
    // ## 从零开始 / From scratch
    //
    // ρ = 0.9,ε = 1e-5,批量 10,2 轮。
    //
    // ρ = 0.9, ε = 1e-5, batches of 10, 2 epochs.

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    let mut adadelta = ScratchAdadelta::new(0.9, 5, &device);
    let scratch = train_ch11(&mut adadelta, &data, scratch_config(42), "scratch, rho 0.9")?;
    println!("{}", scratch.summary());

    // %% [markdown]
    // ## 作为 burn 优化器 / As a burn optimizer
    //
    // `AdadeltaConfig` 用 PyTorch 的默认值(ρ 0.9,ε 1e-6),`init()` 给出和 burn 自带优化器一样的
    // `ModuleOptimizer`,学习率 1 乘在 g' 上。
    //
    // `AdadeltaConfig` has PyTorch's defaults (ρ 0.9, ε 1e-6); `init()` gives a
    // `ModuleOptimizer` like burn's own optimizers, with the rate 1 multiplying g'.

    // %%
    let optimizer = AdadeltaConfig::default().init();
    let concise = train_concise_ch11(optimizer, 1.0, &data, concise_config(42), "burn Adadelta")?;
    println!("{}", concise.summary());
    show_figure(
        "adadelta-airfoil",
        &Panels(vec![scratch.chart(), concise.chart()]),
    )?;

    Ok(())
}
