//! d2l-zh 4.5, weight decay, as a notebook: `notebooks/4.5-weight-decay.ipynb` is generated from
//! this file (see `tests/notebooks.rs`); run it as a program with `cargo run --release --example
//! weight-decay`.

// %% [markdown]
// # 4.5 权重衰减 / Weight decay
//
// 200 个输入、只有 20 个训练样本:线性模型很容易过拟合。在损失上加 λ‖w‖²/2 的惩罚,把权重拉向 0。
// 从零开始的实现在 `src/chapters/weight_decay/scratch.rs`,简洁实现(优化器的 weight decay)在
// `concise.rs`。
//
// 200 inputs and only 20 training examples: a linear model overfits easily. A penalty of
// λ‖w‖²/2 added to the loss pulls the weights towards 0. From scratch in
// `src/chapters/weight_decay/scratch.rs`; the concise version (the optimiser's weight decay) in
// `concise.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::tensor::show;
use d2l::chapters::weight_decay::{self, WeightDecayConfig, WeightDecayImpl, scratch};
use d2l::data::synthetic_data;
use d2l::plot::curves::{Panels, loss_curves};
use d2l::plot::notebook::show_figure;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 数据 / The data
    //
    // y = 0.05 + Σᵢ 0.01 xᵢ + ε,ε ~ N(0, 0.01²);训练集 20 个样本,测试集 100 个,批量 5。
    //
    // y = 0.05 + Σᵢ 0.01 xᵢ + ε with ε ~ N(0, 0.01²): 20 examples to train on, 100 to test on,
    // batches of 5.

    // %%
    let device = d2l::device::cpu();
    let cfg = WeightDecayConfig::default();
    // What `weight_decay::data` makes for training (the test set is drawn the same way).
    let true_w = vec![0.01f32; cfg.num_inputs];
    let (x, y) = synthetic_data(&true_w, 0.05, cfg.n_train, cfg.seed, &device);
    println!("training set: X {:?}, y {:?}", x.dims(), y.dims());
    println!("first labels: {}", show(&y.slice([0..5, 0..1]).into_data()));

    // %% [markdown]
    // ## L2 范数惩罚 / The L2 penalty
    //
    // l2_penalty(w) = ‖w‖²/2 = Σ wᵢ² / 2。
    //
    // l2_penalty(w) = ‖w‖²/2 = Σ wᵢ² / 2.

    // %%
    let w = Tensor::<2>::from_data([[1.0f32], [-2.0], [2.0]], &device);
    println!(
        "l2_penalty({}) = {}",
        show(&w.clone().into_data()),
        show(&scratch::l2_penalty(w).into_data())
    );

    // %% [markdown]
    // ## 从零开始:λ = 0 与 λ = 3 / From scratch: λ = 0 and λ = 3
    //
    // w 取自 N(0, 1),学习率 0.003,100 轮。没有惩罚时训练损失很小而测试损失很大,‖w‖ 也大;
    // λ = 3 时测试损失小得多,‖w‖ 接近 0。
    //
    // w starts from N(0, 1); learning rate 0.003, 100 epochs. Without the penalty the training
    // loss gets small while the test loss stays large, and ‖w‖ stays large; with λ = 3 the test
    // loss is far lower and ‖w‖ nears 0.

    // %%
    let report = weight_decay::run(&cfg, &[0.0, 3.0], &device, &mut ())?;
    for run in &report.runs {
        println!(
            "lambda {}: ‖w‖ = {:.4}, train loss {:.4}, test loss {:.4}",
            run.lambda, run.w_norm, run.train_loss, run.test_loss
        );
    }
    let panels = Panels(
        report
            .runs
            .iter()
            .map(|run| loss_curves(format!("lambda = {}", run.lambda), &run.epochs, 5))
            .collect(),
    );
    show_figure("weight-decay", &panels)?;

    // %% [markdown]
    // ## 简洁实现 / Concise
    //
    // 让优化器来做衰减:burn 的 SGD 带 weight decay,只作用于权重,不作用于偏置(书中用参数组实现)。
    //
    // The optimiser does the decay: burn's SGD with weight decay, on the weight only and not the
    // bias (the book does this with parameter groups).

    // %%
    let concise = WeightDecayConfig {
        implementation: WeightDecayImpl::Concise,
        ..cfg.clone()
    };
    let report = weight_decay::run(&concise, &[0.0, 3.0], &device, &mut ())?;
    for run in &report.runs {
        println!(
            "wd {}: ‖w‖ = {:.4}, train loss {:.4}, test loss {:.4}",
            run.lambda, run.w_norm, run.train_loss, run.test_loss
        );
    }
    let [free, decayed] = [0, 1].map(|i| (report.runs[i].w_norm, report.runs[i].test_loss));
    println!(
        "decay made ‖w‖ {:.0}x smaller and the test loss {:.0}x smaller",
        free.0 / decayed.0,
        free.1 / decayed.1
    );

    Ok(())
}
