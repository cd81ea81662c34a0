//! d2l-zh 4.3, the concise multilayer perceptron, as a notebook:
//! `notebooks/4.3-mlp-concise.ipynb` is generated from this file (see `tests/notebooks.rs`); run
//! it as a program with `cargo run --release --example mlp-concise`.

// %% [markdown]
// # 4.3 多层感知机的简洁实现 / The concise multilayer perceptron
//
// 与 4.2 相同的网络,用 burn 的 `Linear` 和 `Relu` 层搭成,由 burn 的 SGD 优化器训练。源码在
// `src/chapters/mlp/concise.rs`。
//
// The network of 4.2 built from burn's `Linear` and `Relu` layers and trained by burn's SGD
// optimiser. The code is in `src/chapters/mlp/concise.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::chapters::mlp::concise::{Mlp, loss};
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::optim::OptimizerUpdater;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::train::{PrintEpochs, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 模型 / The model
    //
    // 展平 → `Linear(784, 256)` → ReLU → `Linear(256, 10)`;权重取自 N(0, 0.01²),偏置为 0。
    //
    // Flatten → `Linear(784, 256)` → ReLU → `Linear(256, 10)`; weights from N(0, 0.01²),
    // biases 0.

    // %%
    let device = d2l::device::cpu();
    let net = Mlp::new(784, 256, 10, 42, &device);
    println!(
        "hidden {:?}, output {:?}: {} parameters",
        net.hidden.weight.dims(),
        net.output.weight.dims(),
        net.num_params()
    );

    // %% [markdown]
    // ## 训练 / Training
    //
    // 批量 256,学习率 0.1,10 轮,与 4.2 相同的 `train_ch3`。
    //
    // Batches of 256, learning rate 0.1, 10 epochs, the same `train_ch3` as in 4.2.

    // %%
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = Mlp::new(784, 256, 10, 42, &device);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        loss,
        10,
        &mut OptimizerUpdater::sgd(0.1),
        &mut PrintEpochs,
    )?;
    show_figure("mlp-concise", &ch3_curves(&history.epochs))?;

    Ok(())
}
