//! d2l-zh 11.10, Adam, as a notebook: `notebooks/11.10-adam.ipynb` is generated from this file
//! (see `tests/notebooks.rs`); run it as a program with `cargo run --release --example adam`.

// %% [markdown]
// # 11.10 Adam算法 / Adam
//
// Adam 同时记住梯度的泄漏平均 v(动量)和梯度平方的泄漏平均 s(RMSProp),并修正它们从 0 开始的偏差:
// v̂ = v/(1 − β₁ᵗ),ŝ = s/(1 − β₂ᵗ),x ← x − ηv̂/(√ŝ + ε)。源码在
// `src/chapters/optimization/adam.rs`,`d2l adam` 命令做同样的事。
//
// Adam keeps a leaky average v of the gradients (momentum) and s of their squares (RMSProp),
// corrected for starting at 0: v̂ = v/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ), x ← x − ηv̂/(√ŝ + ε). The code
// is in `src/chapters/optimization/adam.rs`; `d2l adam` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::adam::{ScratchAdam, SecondMoment, burn_adam};
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
    // ## Adam 与 Yogi / Adam and Yogi
    //
    // 学习率 0.01,β = (0.9, 0.999)。Yogi 把 s 的变化限制在 (1 − β₂)g² 以内:
    // s ← s + (1 − β₂)g² ⊙ sign(g² − s)。
    //
    // Rate 0.01, β = (0.9, 0.999). Yogi limits the change of s to (1 − β₂)g² a step:
    // s ← s + (1 − β₂)g² ⊙ sign(g² − s).

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    let mut charts = Vec::new();
    for rule in [SecondMoment::Adam, SecondMoment::Yogi] {
        let mut optimizer = ScratchAdam::new(0.01, (0.9, 0.999), rule, 5, &device);
        let run = train_ch11(
            &mut optimizer,
            &data,
            scratch_config(42),
            &format!("{rule:?}"),
        )?;
        println!("{}", run.summary());
        charts.push(run.chart());
    }
    show_figure("adam-scratch", &Panels(charts))?;

    // %% [markdown]
    // ## 简洁实现 / Concise
    //
    // burn 的 `Adam` 默认 ε 是 1e-5,PyTorch 是 1e-8;这里用 1e-8。
    //
    // burn's `Adam` defaults to ε 1e-5, PyTorch's to 1e-8; 1e-8 here.

    // %%
    let optimizer = burn_adam((0.9, 0.999)).init();
    let run = train_concise_ch11(optimizer, 0.01, &data, concise_config(42), "burn Adam")?;
    println!("{}", run.summary());
    show_figure("adam-concise", &run.chart())?;

    Ok(())
}
