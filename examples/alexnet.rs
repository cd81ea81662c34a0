//! d2l-zh 7.1, AlexNet, as a notebook: `notebooks/7.1-alexnet.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example alexnet`.

// %% [markdown]
// # 7.1 深度卷积神经网络（AlexNet） / AlexNet
//
// AlexNet 把 LeNet 的思路做深做宽:五个卷积层(第一个 11 × 11、步幅 4)、最大汇聚、
// ReLU,以及两个 4096 宽、带暂退法的全连接层。代码在 `src/chapters/modern_cnn/alexnet.rs`。
//
// AlexNet is LeNet made deep and wide: five convolutions (the first 11 × 11 with stride 4),
// max pooling, ReLU, and two dense layers of 4,096 with dropout. The code is in
// `src/chapters/modern_cnn/alexnet.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::chapters::modern_cnn::alexnet::AlexNet;
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
    // ## 1. 每一层的输出形状 / Every layer's output shape
    //
    // 一张 224 × 224 的单通道图像依次通过每一层;最后的汇聚层给出 256 × 5 × 5 = 6400 个特征。
    //
    // One 224 × 224 one-channel image through every layer; the last pooling leaves
    // 256 × 5 × 5 = 6,400 features for the dense layers.

    // %%
    let device = d2l::device::cpu();
    let net: AlexNet = AlexNet::new(224, 42, &device);
    println!(
        "{}",
        shape_table(&net.layer_shapes(224, &device)).join("\n")
    );

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.01, batch 128。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l alexnet --quick` 是同一个任务。评估时网络处于评估模式:不做暂退。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 224 × 224, 60,000 images, 10 epochs, lr 0.01, batch 128. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l alexnet --quick`. Evaluation runs the network in evaluation mode:
    // no dropout.

    // %%
    let mut cfg = CnnConfig::quick::<AlexNet>();
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
        run::<AlexNet>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure("alexnet-quick", &ch3_curves(&trained.report.result.epochs))?;
    let book: BookResult = AlexNet::BOOK;
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
