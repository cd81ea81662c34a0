//! d2l-zh 7.2, VGG, as a notebook: `notebooks/7.2-vgg.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example vgg`.

// %% [markdown]
// # 7.2 使用块的网络（VGG） / VGG
//
// VGG 用一个重复的块搭网络:若干个保持尺寸的 3 × 3 卷积加 ReLU,再接一个把高宽减半的
// 2 × 2 最大汇聚。代码在 `src/chapters/modern_cnn/vgg.rs`。
//
// VGG builds the network from one repeated block: a few 3 × 3 convolutions that keep the
// size, each with ReLU, then a 2 × 2 max pooling that halves it. The code is in
// `src/chapters/modern_cnn/vgg.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::modern_cnn::vgg::{CONV_ARCH, Vgg};
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
    // ## 1. 完整的 VGG-11 / The full VGG-11
    //
    // 五个块(共 8 个卷积层)把 224 变成 7;书中打印的是完整的 VGG-11,训练的则是通道数除以 4 的版本。
    //
    // Five blocks (8 convolutions in all) take 224 down to 7. The book prints the full VGG-11
    // and trains a version with a quarter of the channels.

    // %%
    let device = d2l::device::cpu();
    let net: Vgg = Vgg::from_arch(&CONV_ARCH, 224, 42, &device);
    println!(
        "{}",
        shape_table(&net.layer_shapes(224, &device)).join("\n")
    );

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.05, batch 128。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l vgg --quick` 是同一个任务。评估时网络处于评估模式:不做暂退。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.05, batch 128. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l vgg --quick`. Evaluation runs the network in evaluation mode:
    // no dropout.

    // %%
    let mut cfg = CnnConfig::quick::<Vgg>();
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
        run::<Vgg>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure("vgg-quick", &ch3_curves(&trained.report.result.epochs))?;
    let book: BookResult = Vgg::BOOK;
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
