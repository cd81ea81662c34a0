//! d2l-zh 11.6, momentum, as a notebook: `notebooks/11.6-momentum.ipynb` is generated from this
//! file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example momentum`.

// %% [markdown]
// # 11.6 动量法 / Momentum
//
// 动量法用梯度的泄漏平均代替当前梯度:v ← βv + g,x ← x − ηv。源码在
// `src/chapters/optimization/momentum.rs`,`d2l momentum` 命令做同样的事。
//
// Momentum follows a leaky average of the gradients instead of the last one: v ← βv + g,
// x ← x − ηv. The code is in `src/chapters/optimization/momentum.rs`; `d2l momentum` does the
// same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::minibatch_sgd::{
    concise_config, get_data_ch11, scratch_config, train_ch11, train_concise_ch11,
};
use d2l::chapters::optimization::momentum::{
    ScratchMomentum, burn_momentum, effective_weights, gd_2d, momentum_2d,
};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 病态问题 / An ill-conditioned problem
    //
    // f(x) = 0.1x₁² + 2x₂²:x₂ 方向的曲率是 x₁ 的 20 倍。η = 0.4 时 x₁ 走得很慢;η = 0.6 时 x₂ 发散。
    //
    // f(x) = 0.1x₁² + 2x₂²: the curvature along x₂ is 20 times that along x₁. With η = 0.4 x₁
    // crawls; with η = 0.6 x₂ diverges.

    // %%
    let runs = [gd_2d(0.4), gd_2d(0.6)];
    for run in &runs {
        println!("{}", run.summary());
    }
    show_figure(
        "momentum-gd",
        &Panels(runs.iter().map(|r| r.chart()).collect()),
    )?;

    // %% [markdown]
    // ## 动量 / Momentum
    //
    // η = 0.6 加上 β = 0.5 就收敛了:x₂ 方向上符号交替的梯度相互抵消,x₁ 方向上的累加起来。β = 0.25 时收敛较慢。
    //
    // With η = 0.6 and β = 0.5 it converges: along x₂ the alternating gradients cancel, along
    // x₁ they add up. β = 0.25 converges more slowly.

    // %%
    let runs = [momentum_2d(0.6, 0.5), momentum_2d(0.6, 0.25)];
    for run in &runs {
        println!("{}", run.summary());
    }
    show_figure(
        "momentum-2d",
        &Panels(runs.iter().map(|r| r.chart()).collect()),
    )?;

    // %% [markdown]
    // ## 有效样本权重 / Effective sample weight
    //
    // v_t = Σ β^τ g_{t−τ}:过去 τ 步的梯度权重是 β^τ,大约 1/(1 − β) 步后消失。
    //
    // v_t = Σ β^τ g_{t−τ}: the gradient τ steps back weighs β^τ, which fades after about
    // 1/(1 − β) steps.

    // %%
    show_figure("momentum-weights", &effective_weights())?;

    // %% [markdown]
    // ## 从零开始 / From scratch
    //
    // 在 airfoil 上:(η, β) = (0.02, 0.5)、(0.01, 0.9)、(0.005, 0.9),批量 10,2 轮。
    // 有效学习率 η/(1 − β) 分别是 0.04、0.1、0.05。
    //
    // On airfoil: (η, β) = (0.02, 0.5), (0.01, 0.9), (0.005, 0.9), batches of 10, 2 epochs. The
    // effective rates η/(1 − β) are 0.04, 0.1 and 0.05.

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    let mut charts = Vec::new();
    for (lr, beta) in [(0.02, 0.5), (0.01, 0.9), (0.005, 0.9)] {
        let mut momentum = ScratchMomentum::new(lr, beta, 5, &device);
        let name = format!("lr {lr}, momentum {beta}");
        let run = train_ch11(&mut momentum, &data, scratch_config(42), &name)?;
        println!("{}", run.summary());
        charts.push(run.chart());
    }
    show_figure("momentum-scratch", &Panels(charts))?;

    // %% [markdown]
    // ## 简洁实现 / Concise
    //
    // burn 的 `Sgd` 带动量,但默认阻尼(dampening)是 0.1;PyTorch 和书中是 0,所以这里设为 0。
    //
    // burn's `Sgd` has momentum, but with dampening 0.1 by default; PyTorch's and the book's have
    // none, so it is set to 0 here.

    // %%
    let optimizer = burn_momentum(0.9).init();
    let run = train_concise_ch11(optimizer, 0.005, &data, concise_config(42), "burn Sgd")?;
    println!("{}", run.summary());
    show_figure("momentum-concise", &run.chart())?;

    Ok(())
}
