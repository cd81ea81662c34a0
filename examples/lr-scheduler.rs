//! d2l-zh 11.11, learning-rate scheduling, as a notebook: `notebooks/11.11-lr-scheduler.ipynb`
//! is generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example lr-scheduler`.

// %% [markdown]
// # 11.11 学习率调度器 / Learning-rate scheduling
//
// 同一个网络(LeNet,ReLU 与最大汇聚)、同一个优化器(SGD),只换学习率随轮数的变化方式。burn 0.22
// 没有平方根、多因子和带预热的余弦调度,`src/chapters/optimization/lr_scheduler.rs` 把它们写成
// 一个 burn `LrScheduler`。`d2l lr-scheduler` 命令做同样的事。
//
// One network (LeNet with ReLU and max-pooling), one optimizer (SGD); only the rate's course
// over the epochs changes. burn 0.22 has no square-root, multi-factor or warm-up cosine
// schedule; `src/chapters/optimization/lr_scheduler.rs` writes them as one burn
// `LrScheduler`. `d2l lr-scheduler` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::lr_scheduler::{TRAIN, TRAINED, schedule_charts, train};
use d2l::data::DataDirs;
use d2l::data::fashion_mnist::{default_mirrors, locate_or_download};
use d2l::plot::curves::{Grid, ch3_curves};
use d2l::plot::notebook::show_figure;
use d2l::train::PrintEpochs;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 调度 / The schedules
    //
    // 不调度(0.3)、平方根 0.1/√(t + 1)、因子 0.9(下限 0.01)、多因子(第 15、30 轮减半)、
    // 余弦(0.3 到 0.01,20 轮)和先预热 5 轮的余弦。
    //
    // None (0.3), square root 0.1/√(t + 1), factor 0.9 (floor 0.01), multi-factor (halved at
    // epochs 15 and 30), cosine (0.3 down to 0.01 over 20 epochs), and cosine after 5 epochs
    // of warm-up.

    // %%
    show_figure(
        "lr-schedules",
        &Grid {
            columns: 3,
            panels: schedule_charts(30),
        },
    )?;

    // %% [markdown]
    // ## 训练 / Training
    //
    // 书中的设置:批量 256,30 轮,五种调度各训练一次(用 `d2l lr-scheduler` 在 2 核 CPU 上共约
    // 12 分钟;笔记本更慢)。用环境变量 `D2L_EPOCHS` 可以少训练几轮:下面保存的输出来自
    // `D2L_EPOCHS=2`。训练满 30 轮时,不调度的训练精度远高于测试精度(过拟合),余弦调度的两者更接近。
    //
    // The book's settings: batches of 256, 30 epochs, once per schedule (about 12 minutes in
    // all on a 2-core CPU with `d2l lr-scheduler`; a notebook runs at burn's own speed, see
    // the README's Notebooks). Set `D2L_EPOCHS` for fewer: the outputs stored below come from
    // `D2L_EPOCHS=2`. Over the full 30, the run without a schedule ends with its training
    // accuracy well above its test accuracy (overfitting); the cosine schedules keep the two
    // closer.

    // %%
    let device = d2l::device::cpu();
    let data_dir =
        locate_or_download(&DataDirs::resolve(None), &default_mirrors(), &mut |_, _| {})?;
    let mut settings = TRAIN;
    settings.epochs = std::env::var("D2L_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(TRAIN.epochs);
    let mut charts = Vec::new();
    for name in TRAINED {
        println!("schedule {name}:");
        let run = train(name, &settings, &data_dir, &device, &mut PrintEpochs)?;
        let mut curves = ch3_curves(&run.report.result.epochs);
        curves.title = format!("training with {name}");
        charts.push(curves);
    }
    show_figure(
        "lr-training",
        &Grid {
            columns: 3,
            panels: charts,
        },
    )?;

    Ok(())
}
