//! d2l-zh 3.2, linear regression from scratch, as a notebook:
//! `notebooks/3.2-linear-regression-scratch.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example linreg-scratch`.

// %% [markdown]
// # 3.2 线性回归的从零开始实现 / Linear regression from scratch
//
// 只用张量和自动微分训练一个线性模型:生成数据、读取小批量、初始化参数、定义模型、损失函数和优化算法,
// 然后训练。每一步的源码在 `src/chapters/linear_regression/scratch.rs`。
//
// A linear model trained with nothing but tensors and autograd: make the data, read it in
// minibatches, initialise the parameters, define the model, the loss and the optimiser, then
// train. Each step's code is in `src/chapters/linear_regression/scratch.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::linear_regression::scratch::{init_params, linreg, loss, updater};
use d2l::chapters::tensor::show;
use d2l::data::{Batches, DataIter, synthetic_data};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. 生成数据集 / The data set
    //
    // 1000 个样本,y = Xw + b + ε,真实参数 w = [2, -3.4]、b = 4.2,X 取自 N(0, 1),噪声 ε 取自
    // N(0, 0.01²)。
    //
    // 1000 examples of y = Xw + b + ε with the true w = [2, -3.4] and b = 4.2, X drawn from
    // N(0, 1) and the noise ε from N(0, 0.01²).

    // %%
    let device = d2l::device::cpu();
    let (true_w, true_b) = ([2.0f32, -3.4], 4.2f32);
    let (features, labels) = synthetic_data(&true_w, true_b, 1000, 42, &device);
    println!(
        "features: {:?}, labels: {:?}",
        features.dims(),
        labels.dims()
    );
    println!(
        "first example: {} -> {}",
        show(&features.clone().slice([0..1, 0..2]).into_data()),
        show(&labels.clone().slice([0..1, 0..1]).into_data())
    );

    // %% [markdown]
    // ## 2. 读取数据集 / Reading minibatches
    //
    // `DataIter` 是书中的 `data_iter`:每轮打乱样本的顺序,每次取出 `batch_size` 个。
    //
    // `DataIter` is the book's `data_iter`: each pass shuffles the examples and hands them out
    // `batch_size` at a time.

    // %%
    let batch_size = 10;
    let train_iter = DataIter::new(features.clone(), labels.clone(), batch_size, 44);
    let (x, y) = train_iter
        .batches()
        .next()
        .expect("1000 examples fill 100 batches");
    println!("X = {}", show(&x.into_data()));
    println!("y = {}", show(&y.into_data()));

    // %% [markdown]
    // ## 3-5. 参数、模型、损失与优化算法 / Parameters, model, loss and optimiser
    //
    // w 取自 N(0, 0.01²),b 为 0,两者都要求梯度。模型 ŷ = Xw + b,损失 ½(ŷ − y)²,
    // 优化算法是小批量随机梯度下降:沿梯度的反方向走 lr / batch_size 倍的一步。
    //
    // w starts from N(0, 0.01²) and b from 0, both tracking gradients. The model is ŷ = Xw + b,
    // the loss ½(ŷ − y)², and minibatch SGD steps against the gradient by lr / batch_size.

    // %%
    let net = init_params(2, 43, &device);
    let x = features.clone().slice([0..3, 0..2]);
    let y_hat = linreg(x, net.w.val(), net.b.val());
    println!(
        "ŷ of three examples before training: {}",
        show(&y_hat.into_data())
    );

    // %% [markdown]
    // ## 6. 训练 / Training
    //
    // 学习率 0.03,3 轮;每轮结束后在全部 1000 个样本上计算平均损失。
    //
    // Learning rate 0.03 for 3 epochs; after each, the mean loss over all 1000 examples.

    // %%
    // Made again in the cell that trains it: evcxr compiles each cell on its own, and burn's
    // autodiff bookkeeping does not carry gradients from one cell to the next.
    let mut net = init_params(2, 43, &device);
    let (lr, num_epochs) = (0.03, 3);
    // In a block: evcxr keeps a cell's variables for the next cells, which it cannot do for a
    // closure (its type has no name), and `updater` returns one. (The `;` after the block keeps
    // evcxr from showing its value, `()`.)
    {
        let mut sgd = updater(lr);
        for epoch in 1..=num_epochs {
            for (x, y) in train_iter.batches() {
                let l = loss(linreg(x, net.w.val(), net.b.val()), y);
                sgd(&mut net, l); // the sum's gradient, then one step for w and b
            }
            let train_l = loss(
                linreg(features.clone(), net.w.val(), net.b.val()),
                labels.clone(),
            );
            println!(
                "epoch {epoch}, loss {:.6}",
                train_l.mean().into_scalar::<f32>()
            );
        }
    };

    // %% [markdown]
    // ## 与真实参数比较 / Against the true parameters
    //
    // 学到的参数与生成数据的参数之差应当很小。
    //
    // What was learned should be close to the parameters that made the data.

    // %%
    let w: Vec<f32> = net.w.val().try_into_vec_as().expect("w holds f32");
    let b = net.b.val().into_scalar::<f32>();
    println!(
        "error in estimating w: [{:.6}, {:.6}]",
        true_w[0] - w[0],
        true_w[1] - w[1]
    );
    println!("error in estimating b: {:.6}", true_b - b);

    Ok(())
}
