//! d2l-zh 6.5, pooling, as a notebook: `notebooks/6.5-pooling.ipynb` is generated from this file
//! (see `tests/notebooks.rs`); run it as a program with `cargo run --release --example pooling`.

// %% [markdown]
// # 6.5 汇聚层 / Pooling
//
// 汇聚窗口像卷积核一样滑动,但没有参数:最大汇聚取窗口中的最大值,平均汇聚取平均值。
// 最大汇聚让输出对特征在窗口内的小位移不敏感;每个通道单独汇聚,输出通道数等于输入通道数。
// 源码在 `src/chapters/cnn/pooling.rs`。
//
// A pooling window slides like a convolution kernel but has no weights: max pooling takes the
// largest value under it, average pooling the mean. Max pooling makes the output insensitive to
// small shifts of a feature inside the window; each channel is pooled on its own, so the output
// has as many channels as the input. The code is in `src/chapters/cnn/pooling.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::tensor::Int;
use d2l::chapters::cnn::pooling::{PoolMode, avg_pool, max_pool, pool2d};
use d2l::chapters::tensor::show;
use d2l::prelude::Tensor;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 手写的汇聚 / Pooling by hand
    //
    // `pool2d` 在每个窗口位置取最大值或平均值(步幅 1,无填充)。
    //
    // `pool2d` takes the maximum or the mean at every window position (stride 1, no padding).

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<2>::from_data([[0.0f32, 1., 2.], [3., 4., 5.], [6., 7., 8.]], &device);
    let max = pool2d(x.clone(), [2, 2], PoolMode::Max)?;
    let avg = pool2d(x, [2, 2], PoolMode::Avg)?;
    println!(
        "max:\n{}\navg:\n{}",
        show(&max.into_data()),
        show(&avg.into_data())
    );

    // %% [markdown]
    // ## 填充和步幅 / Padding and stride
    //
    // burn 的汇聚层和 PyTorch 的一样,步幅默认等于窗口大小。输入是 0 到 15 排成的 4 × 4 图像。
    //
    // burn's pooling layers, like PyTorch's, take the window size as the default stride. The
    // input is 0 to 15 as a 4 × 4 image.

    // %%
    let x = Tensor::<1, Int>::arange(0..16, &device)
        .float()
        .reshape([1, 1, 4, 4]);
    let cases = [
        ("MaxPool2d(3)", [3, 3], [3, 3], [0, 0]),
        ("MaxPool2d(3, padding=1, stride=2)", [3, 3], [2, 2], [1, 1]),
        (
            "MaxPool2d((2, 3), stride=(2, 3), padding=(0, 1))",
            [2, 3],
            [2, 3],
            [0, 1],
        ),
    ];
    let mut lines = Vec::new();
    for (name, kernel, stride, padding) in cases {
        let y = max_pool(x.clone(), kernel, stride, padding)?;
        lines.push(format!("{name}:\n{}", show(&y.into_data())));
    }
    lines.push(format!(
        "AvgPool2d(2):\n{}",
        show(&avg_pool(x.clone(), [2, 2])?.into_data())
    ));
    println!("{}", lines.join("\n"));

    // %% [markdown]
    // ## 多个通道 / Several channels
    //
    // 把 X 和 X + 1 拼成两个通道:输出也是两个通道,各自汇聚。
    //
    // With X and X + 1 as two channels, the output has two channels too, each pooled on its own.

    // %%
    let two = Tensor::cat(vec![x.clone(), x + 1.0], 1);
    let y = max_pool(two, [3, 3], [2, 2], [1, 1])?;
    println!("{:?}\n{}", y.dims(), show(&y.into_data()));

    Ok(())
}
