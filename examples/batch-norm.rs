//! d2l-zh 7.5, batch normalization, as a notebook: `notebooks/7.5-batch-norm.ipynb` is generated
//! from this file (see `tests/notebooks.rs`); run it as a program with `cargo run --release
//! --example batch-norm`.

// %% [markdown]
// # 7.5 批量规范化 / Batch normalization
//
// 每个通道在小批量上减去均值、除以标准差,再乘以学到的 γ、加上学到的 β。训练时用小批量自己的
// 统计量,预测时用训练中累积的移动平均。代码在 `src/chapters/modern_cnn/batch_norm.rs`。
//
// Each channel is shifted by its minibatch mean and divided by its standard deviation, then
// scaled by a learned γ and shifted by a learned β. Training uses the minibatch's own
// statistics, prediction the moving averages gathered while training. The code is in
// `src/chapters/modern_cnn/batch_norm.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::burn::nn::{BatchNorm, BatchNormConfig};
use d2l::chapters::modern_cnn::batch_norm::{
    BatchNormScratch, EPS, LeNetBatchNorm, MOMENTUM, Normalize,
};
use d2l::chapters::tensor::show;
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::loss::cross_entropy_logits;
use d2l::nn::optim::OptimizerUpdater;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::{Distribution, Tensor};
use d2l::train::{PrintEpochs, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. 训练与预测的两种行为 / Two behaviours: training and prediction
    //
    // 在可求导的设备上(训练),每列被规范化为均值 0、方差 1,移动平均向小批量的均值挪了
    // 一步(0.9 · 旧值 + 0.1 · 新值)。`valid()` 得到的预测模型用移动平均,不再改动它。
    //
    // On an autodiff device (training) each column comes out with mean 0 and variance 1, and the
    // moving mean takes one step towards the minibatch's (0.9 · old + 0.1 · new). The prediction
    // copy from `valid()` uses the moving averages and leaves them alone.

    // %%
    let device = d2l::device::cpu();
    let layer = BatchNormScratch::new(2, &device);
    device.clone().autodiff().seed(1);
    let x = Tensor::<2>::random(
        [64, 2],
        Distribution::Normal(5.0, 3.0),
        &device.clone().autodiff(),
    );
    let y = layer.normalize(x.clone());
    let moved = layer.moving_mean.value_sync();
    println!(
        "training: mean {}",
        show(&y.clone().mean_dim(0).inner().to_data())
    );
    println!(
        "          variance {}",
        show(&y.square().mean_dim(0).inner().to_data())
    );
    println!("moving mean after one step {}", show(&moved.to_data()));
    let predicting: BatchNormScratch = layer.valid();
    let y = predicting.normalize(x.inner());
    println!("prediction: mean {}", show(&y.mean_dim(0).to_data()));

    // %% [markdown]
    // ## 2. 从零实现的 LeNet / LeNet with the batch norm from scratch
    //
    // 书中的设置:批量 256,学习率 1.0,10 轮。批量规范化让这么大的学习率也能稳定训练。
    // 轮数可以用环境变量 `D2L_EPOCHS` 改小。训练完打印第一个批量规范化层学到的 γ 和 β。
    //
    // The book's settings: batches of 256, learning rate 1.0, 10 epochs; batch normalization
    // keeps training stable at such a rate. `D2L_EPOCHS` sets fewer epochs. Afterwards, the γ
    // and β that the first batch-norm layer learned.

    // %%
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    let num_epochs: usize = std::env::var("D2L_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let mut net: LeNetBatchNorm<BatchNormScratch> =
        LeNetBatchNorm::new(|c| BatchNormScratch::new(c, &device), 42, &device);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy_logits,
        num_epochs,
        &mut OptimizerUpdater::sgd(1.0),
        &mut PrintEpochs,
    )?;
    show_figure("batch-norm-scratch", &ch3_curves(&history.epochs))?;
    let (gamma, beta) = net.bn1.scale_and_shift();
    println!("gamma {gamma:?}\nbeta  {beta:?}");

    // %% [markdown]
    // ## 3. 简洁实现 / With burn's `BatchNorm`
    //
    // burn 的 `momentum` 是新值的权重(0.1),与书中 0.9 的旧值权重是同一个规则。
    //
    // burn's `momentum` weighs the new value (0.1): the same rule as the book's 0.9 on the old.

    // %%
    // Closures are not kept from one cell to the next in evcxr: the layer maker is written inline.
    let mut net: LeNetBatchNorm<BatchNorm> = LeNetBatchNorm::new(
        |c| {
            BatchNormConfig::new(c)
                .with_epsilon(EPS)
                .with_momentum(1.0 - MOMENTUM)
                .init(&device.clone().autodiff())
        },
        42,
        &device,
    );
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy_logits,
        num_epochs,
        &mut OptimizerUpdater::sgd(1.0),
        &mut PrintEpochs,
    )?;
    show_figure("batch-norm-concise", &ch3_curves(&history.epochs))?;

    Ok(())
}
