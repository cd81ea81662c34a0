//! d2l-zh 7.3, Network in network, as a notebook: `notebooks/7.3-nin.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example nin`.

// %% [markdown]
// # 7.3 网络中的网络（NiN） / Network in network
//
// NiN 不用全连接层:每个块是一个卷积加两个 1 × 1 卷积(在每个像素的通道上相当于一个小的
// 全连接网络),最后一个块的通道数等于类别数,再用全局平均汇聚得到每类的分数。
// 代码在 `src/chapters/modern_cnn/nin.rs`。
//
// NiN has no dense layers: each block is a convolution and two 1 × 1 convolutions (a small
// dense network over each pixel's channels); the last block has one channel per class, and a
// global average pooling turns each into a score. The code is in `src/chapters/modern_cnn/nin.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::modern_cnn::nin::Nin;
use d2l::chapters::modern_cnn::{BookResult, CnnConfig, CnnSection, ModernCnn, run};
use d2l::data::fashion_mnist::fashion_mnist_dir;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::train::{ClassifierRun, PrintEpochs, shape_table};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. 每一块的输出形状 / Every block's output shape
    //
    // One 224 × 224 image; the last block has 10 channels, one per class.

    // %%
    let device = d2l::device::cpu();
    let net: Nin = Nin::new(224, 42, &device);
    println!(
        "{}",
        shape_table(&net.layer_shapes(224, &device)).join("\n")
    );

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.1, batch 128。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l nin --quick` 是同一个任务。评估时网络处于评估模式:不做暂退。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.1, batch 128. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l nin --quick`. Evaluation runs the network in evaluation mode:
    // no dropout.

    // %%
    let mut cfg = CnnConfig::quick::<Nin>();
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
        run::<Nin>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure("nin-quick", &ch3_curves(&trained.report.result.epochs))?;
    let book: BookResult = Nin::BOOK;
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
