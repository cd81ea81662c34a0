//! d2l-zh 6.4, multiple input and output channels, as a notebook:
//! `notebooks/6.4-channels.ipynb` is generated from this file (see `tests/notebooks.rs`); run it
//! as a program with `cargo run --release --example channels`.

// %% [markdown]
// # 6.4 多输入多输出通道 / Multiple input and output channels
//
// 彩色图像有三个通道。卷积核对每个输入通道各有一个二维核,各通道的互相关结果相加得到一个输出通道;
// 要几个输出通道,就要几组这样的核。1 × 1 卷积只在通道之间做线性组合,相当于每个像素上的全连接层。
// 源码在 `src/chapters/cnn/channels.rs`。
//
// A colour image has three channels. A kernel has one 2-D slice per input channel; the slices'
// cross-correlations are added into one output channel, and each output channel has its own
// kernel. A 1 × 1 convolution only mixes channels: a fully connected layer applied at every
// pixel. The code is in `src/chapters/cnn/channels.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::tensor::Distribution;
use d2l::chapters::cnn::channels::{
    book_example, burn_conv2d, corr2d_multi_in, corr2d_multi_in_out, corr2d_multi_in_out_1x1,
};
use d2l::chapters::tensor::show;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 多输入通道 / Several input channels
    //
    // 书中的例子:两个 3 × 3 的输入通道、两个 2 × 2 的核,两次互相关之和。
    //
    // The book's example: two 3 × 3 input channels, two 2 × 2 kernels, the sum of the two
    // cross-correlations.

    // %%
    let device = d2l::device::cpu();
    let (x, k) = book_example(&device);
    println!(
        "{}",
        show(&corr2d_multi_in(x.clone(), k.clone())?.into_data())
    );

    // %% [markdown]
    // ## 多输出通道 / Several output channels
    //
    // 把核 K、K + 1、K + 2 叠成形状为 (3, 2, 2, 2) 的核:三个输出通道,第一个和上面相同。
    // 最后一行是和 burn 的 `conv2d` 的最大差。
    //
    // Stacking K, K + 1 and K + 2 gives a (3, 2, 2, 2) kernel: three output channels, the first
    // as above. The last line is the largest difference from burn's `conv2d`.

    // %%
    let k3 = Tensor::stack::<4>(vec![k.clone(), k.clone() + 1.0, k + 2.0], 0);
    println!("K: {:?}", k3.dims());
    let y = corr2d_multi_in_out(x.clone(), k3.clone())?;
    println!("{}", show(&y.clone().into_data()));
    let gap = (y - burn_conv2d(x, k3)).abs().max().into_scalar::<f32>();
    println!("largest difference from burn's conv2d: {gap}");

    // %% [markdown]
    // ## 1 × 1 卷积 / The 1 × 1 convolution
    //
    // 把 3 × 3 × 3 的输入看成 3 行(通道)、9 列(像素)的矩阵,(2, 3, 1, 1) 的核看成 2 × 3 的矩阵,
    // 1 × 1 卷积就是两者的矩阵乘法。两种算法的差之和应当接近 0。
    //
    // Read the 3 × 3 × 3 input as a matrix of 3 rows (channels) and 9 columns (pixels) and the
    // (2, 3, 1, 1) kernel as a 2 × 3 matrix: the 1 × 1 convolution is their matrix product. The
    // summed difference of the two ways should be close to 0.

    // %%
    device.seed(42);
    let x = Tensor::<3>::random([3, 3, 3], Distribution::Normal(0.0, 1.0), &device);
    let k = Tensor::<4>::random([2, 3, 1, 1], Distribution::Normal(0.0, 1.0), &device);
    let y1 = corr2d_multi_in_out_1x1(x.clone(), k.clone());
    let y2 = corr2d_multi_in_out(x, k)?;
    println!("Y1: {:?}", y1.dims());
    println!(
        "sum |Y1 - Y2| = {:e}",
        (y1 - y2).abs().sum().into_scalar::<f32>()
    );

    Ok(())
}
