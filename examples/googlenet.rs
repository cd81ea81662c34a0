//! d2l-zh 7.4, GoogLeNet, as a notebook: `notebooks/7.4-googlenet.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example googlenet`.

// %% [markdown]
// # 7.4 含并行连结的网络（GoogLeNet） / GoogLeNet
//
// Inception 块在同一输入上并行跑四条路径(1 × 1、3 × 3、5 × 5 卷积和 3 × 3 最大汇聚),
// 再把它们的通道连结起来。代码在 `src/chapters/modern_cnn/googlenet.rs`。
//
// An Inception block runs four paths over the same input (1 × 1, 3 × 3 and 5 × 5
// convolutions and a 3 × 3 max pooling) and concatenates their channels. The code is in
// `src/chapters/modern_cnn/googlenet.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::modern_cnn::googlenet::{GoogLeNet, Inception};
use d2l::chapters::modern_cnn::{BookResult, CnnConfig, CnnSection, ModernCnn, run};
use d2l::data::fashion_mnist::fashion_mnist_dir;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::Tensor;
use d2l::train::{ClassifierRun, PrintEpochs, shape_table};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. Inception 块与各阶段的形状 / An Inception block, and the stages' shapes
    //
    // 第一个 Inception 块:64 + 128 + 32 + 32 = 256 个输出通道。然后是书中 96 × 96 输入的表。
    //
    // The first Inception block: 64 + 128 + 32 + 32 = 256 output channels. Then the book's
    // table for a 96 × 96 input.

    // %%
    let device = d2l::device::cpu();
    let block = Inception::new(192, 64, (96, 128), (16, 32), 32, &device);
    let y: Tensor<4> = block.forward(Tensor::<4>::zeros(
        [1, 192, 12, 12],
        &device.clone().autodiff(),
    ));
    println!(
        "Inception(192, 64, (96, 128), (16, 32), 32): {:?}",
        y.dims()
    );
    let net: GoogLeNet = GoogLeNet::new(96, 42, &device);
    println!("{}", shape_table(&net.layer_shapes(96, &device)).join("\n"));

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.1, batch 128。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l googlenet --quick` 是同一个任务。评估与训练相同(这个网络没有暂退和批量规范化)。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.1, batch 128. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l googlenet --quick`. Evaluation is the same as training here (this
    // network has no dropout or batch norm).

    // %%
    let mut cfg = CnnConfig::quick::<GoogLeNet>();
    if let Some(epochs) = std::env::var("D2L_EPOCHS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        cfg.train.epochs = epochs;
    }
    println!(
        "{r} x {r} images, the first {} training images, {} test images, {} epochs, lr {}, batch {}",
        cfg.limit.unwrap_or(60_000),
        cfg.test_limit.unwrap_or(10_000),
        cfg.train.epochs,
        cfg.train.lr,
        cfg.train.batch_size,
        r = cfg.resize
    );
    let trained: ClassifierRun<CnnSection> =
        run::<GoogLeNet>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure(
        "googlenet-quick",
        &ch3_curves(&trained.report.result.epochs),
    )?;
    let book: BookResult = GoogLeNet::BOOK;
    println!(
        "test acc {:.3} after {:.0} s on this machine ({});",
        trained.report.result.test_acc, trained.report.seconds, trained.report.device
    );
    println!(
        "the book at its settings on a GPU: loss {:.3}, train acc {:.3}, test acc {:.3}",
        book.loss, book.train_acc, book.test_acc
    );

    Ok(())
}
