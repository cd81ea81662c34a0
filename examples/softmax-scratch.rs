//! d2l-zh 3.6, softmax regression from scratch, as a notebook: `notebooks/3.6-softmax-regression-scratch.ipynb`
//! is generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example softmax-scratch`.

// %% [markdown]
// # 3.6 softmax 回归的从零开始实现 / Softmax regression from scratch
//
// 用 `d2l` 库一步一步训练 Fashion-MNIST 上的 softmax 回归:初始化参数、softmax、模型、交叉熵损失、
// 分类精度、训练和预测。每一步的源码在 `src/chapters/softmax_regression/scratch.rs`。
//
// Softmax regression on Fashion-MNIST, step by step with the `d2l` crate: parameters, softmax,
// the model, the cross-entropy loss, accuracy, training and prediction. Each step's code is in
// `src/chapters/softmax_regression/scratch.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::softmax_regression::scratch::{
    accuracy, cross_entropy, init_params, softmax, updater,
};
use d2l::chapters::tensor::show;
use d2l::data::fashion_mnist::{TEXT_LABELS, get_fashion_mnist_labels, load_fashion_mnist};
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::{self, show_figure};
use d2l::plot::show_images;
use d2l::prelude::{Int, Tensor};
use d2l::train::{PrintEpochs, predict_ch3, prediction_titles, train_ch3};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 数据 / The data
    //
    // 批量大小 256。数据从 `$D2L_DATA_DIR/fashion-mnist` 或用户缓存目录读取,没有时下载。
    //
    // Batches of 256. The files come from `$D2L_DATA_DIR/fashion-mnist` or the user cache, and
    // are downloaded when missing.

    // %%
    let device = d2l::device::cpu();
    let batch_size = 256;
    let (train_iter, test_iter) = load_fashion_mnist(batch_size, 42, &device)?;
    println!(
        "{} training and {} test images of {:?} pixels",
        train_iter.dataset().len(),
        test_iter.dataset().len(),
        train_iter.dataset().image_size()
    );

    // %% [markdown]
    // ## 1. 初始化模型参数 / Initialise the parameters
    //
    // 每张图像展平为 784 个像素;W 为 784 × 10,取自 N(0, 0.01²),b 为 0。
    //
    // Each image becomes a row of 784 pixels; W is 784 × 10, drawn from N(0, 0.01²), and b is 0.

    // %%
    let net = init_params(42, &device);
    println!("W: {:?}, b: {:?}", net.w.val().dims(), net.b.val().dims());

    // %% [markdown]
    // ## 2. 定义 softmax 操作 / Softmax
    //
    // softmax(X)ᵢⱼ = exp(Xᵢⱼ) / Σₖ exp(Xᵢₖ):每行都是非负且和为 1 的概率分布。先减去每行的最大值,
    // 大的输入也不会溢出。
    //
    // Every row becomes non-negative and sums to 1. Subtracting each row's maximum first keeps
    // large inputs from overflowing.

    // %%
    let x = Tensor::<2>::from_data([[1.0f32, 2.0, 3.0], [100.0, 0.0, -100.0]], &device);
    let x_prob = softmax(x);
    println!("{}", show(&x_prob.clone().into_data()));
    println!("row sums: {}", show(&x_prob.sum_dim(1).into_data()));

    // %% [markdown]
    // ## 3-5. 模型、交叉熵损失与分类精度 / The model, the loss and accuracy
    //
    // ŷ = softmax(XW + b);损失是 −log ŷ[y];精度数 argmax ŷ = y 的个数。以书中的两个样本为例:
    //
    // ŷ = softmax(XW + b); the loss is −log ŷ[y]; accuracy counts argmax ŷ = y. The book's two
    // examples:

    // %%
    let y = Tensor::<1, Int>::from_data([0, 2], &device);
    let y_hat = Tensor::<2>::from_data([[0.1f32, 0.3, 0.6], [0.3, 0.2, 0.5]], &device);
    println!(
        "loss: {}",
        cross_entropy(y_hat.clone(), y.clone()).into_data()
    );
    println!("accuracy: {} / 2", accuracy(y_hat, y));

    // %% [markdown]
    // ## 6. 训练 / Training
    //
    // 小批量随机梯度下降,学习率 0.1,10 轮(书中的设置)。
    //
    // Minibatch SGD with learning rate 0.1 for 10 epochs, the book's settings.

    // %%
    // The parameters are made again in the cell that trains them: evcxr compiles each cell on
    // its own, and burn's autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = init_params(42, &device);
    let (num_epochs, lr) = (10, 0.1);
    let history = train_ch3(
        &mut net,
        &train_iter,
        &test_iter,
        cross_entropy,
        num_epochs,
        &mut updater(lr),
        &mut PrintEpochs,
    )?;
    show_figure("softmax-scratch", &ch3_curves(&history.epochs))?;

    // %% [markdown]
    // ## 7. 预测 / Prediction
    //
    // 前 6 张测试图像;标题上一行是真实类别,下一行是预测类别。
    //
    // The first 6 test images, titled with the true class over the predicted one.

    // %%
    let predictions = predict_ch3(&net, &test_iter, 6);
    let images: Vec<Vec<f32>> = predictions.iter().map(|p| p.image.clone()).collect();
    let titles = prediction_titles(&predictions, &TEXT_LABELS);
    let grid = std::path::PathBuf::from("softmax-scratch-predictions.png");
    show_images(&grid, &images, (28, 28), (1, 6), &titles, 3)?;
    notebook::show(&grid)?;
    let predicted: Vec<usize> = predictions.iter().map(|p| p.predicted).collect();
    println!("{:?}", get_fashion_mnist_labels(&predicted));

    Ok(())
}
