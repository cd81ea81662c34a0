//! d2l-zh 7.7, DenseNet, as a notebook: `notebooks/7.7-densenet.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example densenet`.

// %% [markdown]
// # 7.7 稠密连接网络（DenseNet） / DenseNet
//
// DenseNet 不把块的输入加到输出上,而是连结起来:稠密块里每一层都能看到之前所有层的通道。
// 过渡层用 1 × 1 卷积把通道减半、用平均汇聚把高宽减半。代码在 `src/chapters/modern_cnn/densenet.rs`。
//
// DenseNet concatenates a block's input to its output instead of adding it, so every layer
// of a dense block sees the channels of all layers before it. Transition blocks halve the
// channels (1 × 1 convolution) and the size (average pooling). The code is in
// `src/chapters/modern_cnn/densenet.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::chapters::modern_cnn::densenet::{DenseBlock, DenseNet, transition_block};
use d2l::chapters::modern_cnn::{BookResult, CnnConfig, CnnSection, ModernCnn, run};
use d2l::data::fashion_mnist::fashion_mnist_dir;
use d2l::plot::curves::ch3_curves;
use d2l::plot::notebook::show_figure;
use d2l::prelude::{Distribution, Tensor};
use d2l::train::{ClassifierRun, PrintEpochs, shape_table};

fn main() -> d2l::Result<()> {
    // %%
    // The burn this notebook computes with: d2l-rs's patched burn-flex and burn-autodiff, or the
    // published ones (the same numbers, slower); see the README's Notebooks section.
    println!("{}", d2l::device::engine());

    // %% [markdown]
    // ## 1. 稠密块、过渡层与整个网络的形状 / Dense and transition blocks, and the network's shapes
    //
    // `DenseBlock(2, 3, 10)` 把 3 个通道变成 3 + 2 × 10 = 23 个;`transition_block(23, 10)` 减到 10 个并把高宽减半。
    //
    // `DenseBlock(2, 3, 10)` takes 3 channels to 3 + 2 × 10 = 23; `transition_block(23, 10)`
    // takes them to 10 and halves the size. Then the whole network for one 96 × 96 image.

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<4>::random([4, 3, 8, 8], Distribution::Default, &device);
    let y: Tensor<4> = DenseBlock::new(2, 3, 10, &device).valid().forward(x);
    println!("DenseBlock(2, 3, 10): {:?}", y.dims());
    let z: Tensor<4> = transition_block(23, 10, &device).valid().forward(y);
    println!("transition_block(23, 10): {:?}", z.dims());
    let net: DenseNet = DenseNet::new(96, 42, &device);
    println!("{}", shape_table(&net.layer_shapes(96, &device)).join("\n"));

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.1, batch 256。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l densenet --quick` 是同一个任务。评估时网络处于评估模式:批量规范化用移动平均。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.1, batch 256. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l densenet --quick`. Evaluation runs the network in evaluation mode:
    // batch norm on its moving averages.

    // %%
    let mut cfg = CnnConfig::quick::<DenseNet>();
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
        run::<DenseNet>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure("densenet-quick", &ch3_curves(&trained.report.result.epochs))?;
    let book: BookResult = DenseNet::BOOK;
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
