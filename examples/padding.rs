//! d2l-zh 6.3, padding and stride, as a notebook: `notebooks/6.3-padding-and-stride.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example padding`.

// %% [markdown]
// # 6.3 填充和步幅 / Padding and stride
//
// 输入 n × n、核 k × k 时输出是 (n − k + 1) × (n − k + 1):每做一层卷积图像就变小。填充在四周补零,
// 让输出保持大小;步幅让窗口每次跳过几格,让输出成倍变小。源码在 `src/chapters/cnn/padding.rs`。
//
// An n × n input and a k × k kernel give an (n − k + 1) × (n − k + 1) output: every convolution
// shrinks the image. Padding adds zeros around it to keep the size; a stride makes the window
// jump several cells, to shrink the output on purpose. The code is in
// `src/chapters/cnn/padding.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::tensor::Distribution;
use d2l::chapters::cnn::padding::{Case, book_cases, comp_conv2d, output_size};
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 输出大小的公式 / The output size
    //
    // 沿一个方向,输入 n、核 k、两边共填充 p、步幅 s 时,输出为 ⌊(n − k + p + s) / s⌋。
    // 没有填充、步幅为 1 时就是 n − k + 1。
    //
    // Along one axis, input n, kernel k, padding p in all (both sides) and stride s give
    // ⌊(n − k + p + s) / s⌋ outputs; with no padding and stride 1 that is n − k + 1.

    // %%
    println!("n = 8, k = 3, p = 0, s = 1: {}", output_size(8, 3, 0, 1));
    println!("n = 8, k = 3, p = 2, s = 1: {}", output_size(8, 3, 2, 1));
    println!("n = 8, k = 3, p = 2, s = 2: {}", output_size(8, 3, 2, 2));

    // %% [markdown]
    // ## 书中的四个例子 / The book's four cases
    //
    // `comp_conv2d` 给 8 × 8 的输入加上批量和通道两个维度,做一次 burn 的 `Conv2d`,返回输出的高和宽;
    // 每行把它和公式的结果放在一起。
    //
    // `comp_conv2d` adds the batch and channel axes to an 8 × 8 input, runs burn's `Conv2d` and
    // returns the output's height and width; each line shows it next to the formula.

    // %%
    let device = d2l::device::cpu();
    device.seed(42);
    let x = Tensor::<2>::random([8, 8], Distribution::Uniform(0.0, 1.0), &device);
    let mut lines = Vec::new();
    for (section, caption, case) in book_cases() {
        let measured = comp_conv2d(&case.layer(&device), x.clone());
        lines.push(format!(
            "{section} {caption}\n      burn: {measured:?}, formula: {:?}",
            case.output_size()
        ));
    }
    println!("{}", lines.join("\n"));

    // %% [markdown]
    // ## 自己试 / Your own case
    //
    // 改下面的数试试。`check` 拒绝不合法的设置(步幅为 0、核比填充后的输入还大),给出一行说明。
    // 命令行上也一样:`d2l padding --size 8,8 --kernel 4,4 --padding 1,1 --stride 3,3`。
    //
    // Change the numbers below. `check` refuses settings that make no sense (a zero stride, a
    // kernel larger than the padded input) with a one-line reason. The same from the command
    // line: `d2l padding --size 8,8 --kernel 4,4 --padding 1,1 --stride 3,3`.

    // %%
    let mine = Case {
        input: [8, 8],
        kernel: [4, 4],
        padding: [1, 1],
        stride: [3, 3],
    };
    mine.check()?;
    let measured = comp_conv2d(&mine.layer(&device), x);
    println!("burn: {measured:?}, formula: {:?}", mine.output_size());
    let too_big = Case {
        kernel: [11, 11],
        ..mine
    };
    println!("{}", too_big.check().unwrap_err());

    Ok(())
}
