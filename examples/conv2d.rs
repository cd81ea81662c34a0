//! d2l-zh 6.2, convolutions for images, as a notebook: `notebooks/6.2-conv2d.ipynb` is generated
//! from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example conv2d`.

// %% [markdown]
// # 6.2 图像卷积 / Convolutions for images
//
// 手写互相关运算 `corr2d`,用它做边缘检测,再只凭输入和输出用梯度下降把卷积核学回来。源码在
// `src/chapters/cnn/conv2d.rs`。
//
// Cross-correlation written by hand (`corr2d`), edge detection with it, and a kernel learned back
// from an input and its output alone by gradient descent. The code is in
// `src/chapters/cnn/conv2d.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::cnn::conv2d::{corr2d, edge_image, edge_kernel, learn_kernel};
use d2l::chapters::tensor::show;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 互相关运算 / Cross-correlation
    //
    // 核在输入上滑动,每个位置输出窗口与核逐元素相乘之和:3 × 3 的输入和 2 × 2 的核得到 2 × 2 的输出。
    //
    // The kernel slides over the input; each position gives the sum of the window times the
    // kernel. A 3 × 3 input and a 2 × 2 kernel give a 2 × 2 output.

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<2>::from_data(
        [[0.0f32, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]],
        &device,
    );
    let k = Tensor::<2>::from_data([[0.0f32, 1.0], [2.0, 3.0]], &device);
    println!("{}", show(&corr2d(x, k)?.into_data()));

    // %% [markdown]
    // ## 边缘检测 / Edge detection
    //
    // 6 × 8 的图像中间四列为黑(0),两边为白(1)。核 `[[1, -1]]` 在颜色不变处输出 0,由白变黑处输出 1,
    // 由黑变白处输出 -1。
    //
    // The 6 × 8 image is black (0) in its middle four columns and white (1) at the sides. The
    // kernel `[[1, -1]]` gives 0 where the colour stays, 1 from white to black and -1 back.

    // %%
    let image = edge_image(&device);
    let kernel = edge_kernel(&device);
    println!("X =\n{}", show(&image.clone().into_data()));
    let edges = corr2d(image.clone(), kernel.clone())?;
    println!("Y = corr2d(X, K) =\n{}", show(&edges.clone().into_data()));

    // %% [markdown]
    // 转置后的图像只有水平方向的边缘,这个核看不到它们:输出全为 0。
    //
    // The transposed image has only horizontal edges, which this kernel cannot see: all zeros.

    // %%
    let transposed = corr2d(image.clone().transpose(), kernel)?;
    println!("{}", show(&transposed.into_data()));

    // %% [markdown]
    // ## 学习卷积核 / Learning a kernel
    //
    // 只给 X 和 Y,从随机的 1 × 2 核出发,以平方误差之和为损失、学习率 3e-2 做 10 次梯度下降。
    //
    // Given only X and Y, start from a random 1 × 2 kernel and take 10 gradient-descent steps on
    // the summed squared error, learning rate 3e-2.

    // %%
    let (steps, learned) = learn_kernel(image, edges, 10, 3e-2, 42);
    for step in steps.iter().filter(|s| s.iteration % 2 == 0) {
        println!("epoch {}, loss {:.3}", step.iteration, step.loss);
    }
    println!("learned kernel: [{:.4}, {:.4}]", learned[0], learned[1]);

    Ok(())
}
