//! d2l-zh 4.2, a multilayer perceptron from scratch, as a notebook:
//! `notebooks/4.2-mlp-scratch.ipynb` is generated from this file (see `tests/notebooks.rs`); run
//! it as a program with `cargo run --release --example mlp-scratch`.

// %% [markdown]
// # 4.2 多层感知机的从零开始实现 / A multilayer perceptron from scratch
//
// 在 softmax 回归的输入和输出之间加一个 256 个单元的隐藏层,激活函数为 ReLU。源码在
// `src/chapters/mlp/scratch.rs`。
//
// Softmax regression with a hidden layer of 256 units and a ReLU between its input and output.
// The code is in `src/chapters/mlp/scratch.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::mlp::scratch::{init_params, loss, relu};
use d2l::chapters::tensor::show;
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::optim::OptimizerUpdater;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::Tensor;
use d2l::train::{PrintEpochs, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 数据 / The data
    //
    // 与 softmax 回归相同:Fashion-MNIST,批量大小 256。
    //
    // The same as for softmax regression: Fashion-MNIST in batches of 256.

    // %%
    let device = d2l::device::cpu();
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;

    // %% [markdown]
    // ## 1. 初始化模型参数 / Initialise the parameters
    //
    // 784 个输入、256 个隐藏单元、10 个输出:W1 为 784 × 256,W2 为 256 × 10,都取自 N(0, 0.01²),
    // 偏置为 0。
    //
    // 784 inputs, 256 hidden units, 10 outputs: W1 is 784 × 256 and W2 256 × 10, both from
    // N(0, 0.01²); the biases are 0.

    // %%
    let (num_inputs, num_outputs, num_hiddens) = (784, 10, 256);
    let net = init_params(num_inputs, num_hiddens, num_outputs, 42, &device);
    println!(
        "W1 {:?}, b1 {:?}, W2 {:?}, b2 {:?}",
        net.w1.val().dims(),
        net.b1.val().dims(),
        net.w2.val().dims(),
        net.b2.val().dims()
    );

    // %% [markdown]
    // ## 2. 激活函数 / The activation
    //
    // ReLU(x) = max(x, 0),逐元素计算。
    //
    // ReLU(x) = max(x, 0), element by element.

    // %%
    let x = Tensor::<1>::from_data([-2.0f32, -0.5, 0.0, 0.5, 2.0], &device);
    println!(
        "relu({}) = {}",
        show(&x.clone().into_data()),
        show(&relu(x).into_data())
    );

    // %% [markdown]
    // ## 3-5. 模型、损失函数与训练 / The model, the loss and training
    //
    // H = ReLU(XW1 + b1),O = HW2 + b2;损失是由 O 直接算出的交叉熵(数值稳定)。小批量随机梯度下降,
    // 学习率 0.1,10 轮。
    //
    // H = ReLU(XW1 + b1), O = HW2 + b2; the loss is cross-entropy computed from O directly, which
    // stays stable. Minibatch SGD, learning rate 0.1, 10 epochs.

    // %%
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = init_params(num_inputs, num_hiddens, num_outputs, 42, &device);
    let (num_epochs, lr) = (10, 0.1);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        loss,
        num_epochs,
        &mut OptimizerUpdater::sgd(lr),
        &mut PrintEpochs,
    )?;
    show_figure("mlp-scratch", &ch3_curves(&history.epochs))?;

    Ok(())
}
