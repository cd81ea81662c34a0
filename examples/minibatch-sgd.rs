//! d2l-zh 11.5, minibatch stochastic gradient descent, as a notebook:
//! `notebooks/11.5-minibatch-sgd.ipynb` is generated from this file (see `tests/notebooks.rs`);
//! run it as a program with `cargo run --release --example minibatch-sgd`.

// %% [markdown]
// # 11.5 小批量随机梯度下降 / Minibatch stochastic gradient descent
//
// 在 NASA 的翼型噪声数据(airfoil)上训练线性模型:批量 1,500(梯度下降)、1(随机梯度下降)、
// 100 和 10。本节也写出本章的两个训练循环 `train_ch11` 和 `train_concise_ch11`,源码在
// `src/chapters/optimization/minibatch_sgd.rs`;`d2l minibatch-sgd` 命令做同样的事。
//
// A linear model on NASA's airfoil self-noise data, with minibatches of 1,500 (gradient
// descent), 1 (SGD), 100 and 10. The section also writes the chapter's two training loops,
// `train_ch11` and `train_concise_ch11`, in `src/chapters/optimization/minibatch_sgd.rs`;
// `d2l minibatch-sgd` does the same.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::optimization::minibatch_sgd::{
    Ch11Config, ScratchSgd, compare, get_data_ch11, train_ch11, train_concise_ch11,
};
use d2l::plot::curves::Panels;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 数据 / The data
    //
    // 每一列都用全部 1,503 行标准化(均值 0、总体标准差 1),再取前 1,500 行:5 个特征,1 个标签。
    //
    // Every column standardised over all 1,503 rows (mean 0, population standard deviation 1),
    // then the first 1,500 rows: five features and the label.

    // %%
    let device = d2l::device::cpu();
    let data = get_data_ch11(&device)?;
    println!(
        "features {:?}, labels {:?}",
        data.features.dims(),
        data.labels.dims()
    );

    // %% [markdown]
    // ## 四种批量 / Four batch sizes
    //
    // `train_ch11` 每 200 个样本在整个数据集上算一次损失 ½(ŷ − y)²。书中的设置:
    // 批量 1,500 学习率 1(10 轮),批量 1 学习率 0.005,批量 100 学习率 0.4,批量 10 学习率 0.05(各 2 轮)。
    //
    // `train_ch11` measures the loss ½(ŷ − y)² over the whole data set every 200 examples. The
    // book's settings: batch 1,500 with rate 1 (10 epochs), batch 1 with 0.005, 100 with 0.4 and
    // 10 with 0.05 (2 epochs each).

    // %%
    let mut runs = Vec::new();
    for (name, lr, batch_size, epochs) in [
        ("gd", 1.0, 1500, 10),
        ("sgd", 0.005, 1, 2),
        ("batch size 100", 0.4, 100, 2),
        ("batch size 10", 0.05, 10, 2),
    ] {
        let config = Ch11Config {
            batch_size,
            epochs,
            seed: 42,
        };
        let run = train_ch11(&mut ScratchSgd { lr }, &data, config, name)?;
        println!("{}", run.summary());
        runs.push(run);
    }
    show_figure(
        "minibatch-runs",
        &Panels(runs.iter().map(|r| r.chart()).collect()),
    )?;

    // %% [markdown]
    // ## 时间与样本数 / Time and examples
    //
    // 按时间看,批量 1 最慢:每一步都是很小的矩阵乘法;按处理的样本数看,小批量进展最快。
    //
    // Against time, batch 1 is the slowest: every step is a tiny matrix product. Against
    // examples processed, small batches make the most progress.

    // %%
    show_figure(
        "minibatch-compare",
        &Panels(vec![compare(&runs, true), compare(&runs, false)]),
    )?;

    // %% [markdown]
    // ## 简洁实现 / Concise
    //
    // burn 的 `Linear(5, 1)` 和 `Sgd`,学习率 0.01,批量 10,4 轮。均方误差没有 ½,所以记录时除以 2。
    //
    // burn's `Linear(5, 1)` and `Sgd`, rate 0.01, batches of 10, 4 epochs. The mean squared
    // error has no ½, so the recorded loss is halved.

    // %%
    let config = Ch11Config {
        batch_size: 10,
        epochs: 4,
        seed: 42,
    };
    let sgd = d2l::burn::optim::SgdConfig::new().init();
    let run = train_concise_ch11(sgd, 0.01, &data, config, "burn Sgd")?;
    println!("{}", run.summary());
    show_figure("minibatch-concise", &run.chart())?;

    Ok(())
}
