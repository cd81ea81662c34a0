//! d2l-zh 4.6, dropout from scratch, as a notebook: `notebooks/4.6-dropout.ipynb` is generated
//! from this file (see `tests/notebooks.rs`); run it as a program with `cargo run --release
//! --example dropout-scratch`.

// %% [markdown]
// # 4.6 暂退法 (Dropout) / Dropout
//
// 训练时以概率 p 把隐藏单元置 0,其余的除以 1 − p,期望不变;测试时什么也不做。先手写
// `dropout_layer`,再把它放进一个两个隐藏层的多层感知机。源码在 `src/chapters/dropout/scratch.rs`。
//
// While training, each hidden unit is zeroed with probability p and the rest are divided by
// 1 − p, which keeps the expected value; at test time nothing is dropped. First
// `dropout_layer` by hand, then inside an MLP with two hidden layers. The code is in
// `src/chapters/dropout/scratch.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::dropout::scratch::{DropoutMlp, dropout_layer};
use d2l::chapters::tensor::show;
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::loss::cross_entropy_logits;
use d2l::nn::optim::OptimizerUpdater;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::{Int, Tensor};
use d2l::train::{PrintEpochs, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. `dropout_layer`
    //
    // p = 0 原样返回,p = 1 全部置 0,p = 0.5 时留下的元素乘以 2。
    //
    // p = 0 returns X as it is, p = 1 returns zeros, and with p = 0.5 the kept elements are
    // doubled.

    // %%
    let device = d2l::device::cpu();
    device.seed(42);
    let x = Tensor::<1, Int>::arange(0..16, &device)
        .float()
        .reshape([2, 8]);
    println!("X = {}", show(&x.clone().into_data()));
    let dropped: Vec<String> = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|p| {
            format!(
                "p = {p}: {}",
                show(&dropout_layer(x.clone(), p).into_data())
            )
        })
        .collect();
    println!("{}", dropped.join("\n"));

    // %% [markdown]
    // ## 2. 模型 / The model
    //
    // 784-256-256-10,ReLU;第一个隐藏层之后 p = 0.2,第二个之后 p = 0.5(靠近输入的层丢得少些)。
    // 参数在 autodiff 设备上时是训练,`valid()` 取下来后是评估,评估时不丢弃。
    //
    // 784-256-256-10 with ReLU; p = 0.2 after the first hidden layer and 0.5 after the second
    // (less near the input). The model is training while its parameters are on the autodiff
    // device and evaluating after `valid()` takes them off it; evaluation drops nothing.

    // %%
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    let (sizes, dropouts) = ([784, 256, 256, 10], (0.2, 0.5));
    let net = DropoutMlp::new(sizes, dropouts, 42, &device);
    println!(
        "lin1 {:?}, lin2 {:?}, lin3 {:?}; dropout {dropouts:?}",
        net.lin1.weight.dims(),
        net.lin2.weight.dims(),
        net.lin3.weight.dims()
    );

    // %% [markdown]
    // ## 3. 训练和测试 / Training and testing
    //
    // 交叉熵损失,SGD,学习率 0.5,批量 256,10 轮。
    //
    // Cross-entropy, SGD with learning rate 0.5, batches of 256, 10 epochs.

    // %%
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = DropoutMlp::new(sizes, dropouts, 42, &device);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy_logits,
        10,
        &mut OptimizerUpdater::sgd(0.5),
        &mut PrintEpochs,
    )?;
    show_figure("dropout-scratch", &ch3_curves(&history.epochs))?;

    Ok(())
}
