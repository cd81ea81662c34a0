//! d2l-zh 6.6, LeNet, as a notebook: `notebooks/6.6-lenet.ipynb` is generated from this file
//! (see `tests/notebooks.rs`); run it as a program with `cargo run --release --example lenet`.

// %% [markdown]
// # 6.6 卷积神经网络(LeNet) / Convolutional neural networks (LeNet)
//
// 两个卷积块(卷积、sigmoid、平均汇聚)加三个全连接层,在 Fashion-MNIST 上训练。模型在
// `src/chapters/cnn/lenet.rs`。
//
// Two convolution blocks (convolution, sigmoid, average pooling) and three fully connected
// layers, trained on Fashion-MNIST. The model is in `src/chapters/cnn/lenet.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::cnn::{LeNet, layer_shapes};
use d2l::data::fashion_mnist::load_fashion_mnist;
use d2l::nn::loss::cross_entropy_logits;
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
    // ## 1. 模型与各层的输出形状 / The model and each layer's output shape
    //
    // 卷积层 6 个 5 × 5 的核(填充 2)→ sigmoid → 2 × 2 平均汇聚 → 16 个 5 × 5 的核 → sigmoid →
    // 汇聚 → 120 → 84 → 10。权重用 Xavier 均匀分布初始化。把一张 28 × 28 的图送进去,看每层的形状。
    //
    // Convolution with six 5 × 5 kernels (padding 2) → sigmoid → 2 × 2 average pooling →
    // sixteen 5 × 5 kernels → sigmoid → pooling → 120 → 84 → 10, weights from Xavier's uniform
    // initialisation. One 28 × 28 image through it shows every layer's shape.

    // %%
    let device = d2l::device::cpu();
    let net = LeNet::new(42, &device);
    // Lines collected and printed at once: a cell that ends with a loop shows `()` in evcxr.
    let shapes: Vec<String> = layer_shapes(&net, &device)
        .iter()
        .map(|step| format!("{:<10} output shape: {:?}", step.layer, step.shape))
        .collect();
    println!("{}", shapes.join("\n"));

    // %% [markdown]
    // ## 2. 训练 / Training
    //
    // 书中的设置:批量 256,SGD,学习率 0.9,10 轮。sigmoid 让前几轮学得很慢(第一轮损失几乎
    // 不降),之后才追上来。轮数可以用环境变量 `D2L_EPOCHS` 改小,试验时更快。
    //
    // The book's settings: batches of 256, SGD with learning rate 0.9, 10 epochs. The sigmoids
    // make the first epochs slow (the loss barely moves in the first) before it catches up. Set
    // `D2L_EPOCHS` to fewer epochs for a quicker try.

    // %%
    let (train_iter, test_iter) = load_fashion_mnist(256, 42, &device)?;
    let num_epochs: usize = std::env::var("D2L_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = LeNet::new(42, &device);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy_logits,
        num_epochs,
        &mut OptimizerUpdater::sgd(0.9),
        &mut PrintEpochs,
    )?;
    show_figure("lenet", &ch3_curves(&history.epochs))?;

    Ok(())
}
