//! d2l-zh 7.6, ResNet, as a notebook: `notebooks/7.6-resnet.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example resnet`.

// %% [markdown]
// # 7.6 残差网络（ResNet） / ResNet
//
// 残差块学习对输入的修正,再把输入加回去:y = ReLU(g(x) + x)。什么都不做的块很容易学到
// (g = 0),所以加深网络不会变差。代码在 `src/chapters/modern_cnn/resnet.rs`。
//
// A residual block learns a correction to its input and adds the input back:
// y = ReLU(g(x) + x). A block that does nothing is easy to learn (g = 0), so more blocks cannot
// make the network worse. The code is in `src/chapters/modern_cnn/resnet.rs`.

// %%
//: :dep d2l = { path = "..", default-features = false }
use d2l::burn::module::Module;
use d2l::chapters::modern_cnn::resnet::{ResNet, Residual};
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
    // ## 1. 残差块与 ResNet-18 的形状 / Residual blocks, and ResNet-18's shapes
    //
    // 输入输出形状相同的块,以及用 1 × 1 卷积、步幅 2 把通道加倍、高宽减半的块;然后是书中 224 × 224 输入的表。
    //
    // A block that keeps its input's shape, and one that doubles the channels and halves the
    // size with a 1 × 1 convolution and stride 2; then the book's table for a 224 × 224 input.

    // %%
    let device = d2l::device::cpu();
    let x = Tensor::<4>::random([4, 3, 6, 6], Distribution::Default, &device);
    let same: Residual = Residual::new(3, 3, false, 1, &device).valid();
    println!("Residual(3, 3): {:?}", same.forward(x.clone()).dims());
    let halved: Residual = Residual::new(3, 6, true, 2, &device).valid();
    println!(
        "Residual(3, 6, use_1x1conv=True, strides=2): {:?}",
        halved.forward(x).dims()
    );
    let net: ResNet = ResNet::new(224, 42, &device);
    println!(
        "{}",
        shape_table(&net.layer_shapes(224, &device)).join("\n")
    );

    // %% [markdown]
    // ## 2. 在 CPU 上训练 / Training on a CPU
    //
    // 书中的设置在 GPU 上几分钟,在两核 CPU 上要几个小时:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.05, batch 256。这里用 `--quick`
    // 预设:更小的图像、训练集的前一部分、更少的轮数(设置打印在下面;`D2L_EPOCHS` 可改轮数)。
    // 与 `d2l resnet --quick` 是同一个任务。评估时网络处于评估模式:批量规范化用移动平均。
    //
    // The book's settings take minutes on a GPU and hours on a two-core CPU:
    // 96 × 96, 60,000 images, 10 epochs, lr 0.05, batch 256. This
    // notebook trains the `--quick` preset instead: smaller images, the first part of the
    // training set, fewer epochs (printed below; `D2L_EPOCHS` sets the epochs). It is the
    // same job as `d2l resnet --quick`. Evaluation runs the network in evaluation mode:
    // batch norm on its moving averages.

    // %%
    let mut cfg = CnnConfig::quick::<ResNet>();
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
        run::<ResNet>(&cfg, &fashion_mnist_dir()?, &device, &mut PrintEpochs)?;
    show_figure("resnet-quick", &ch3_curves(&trained.report.result.epochs))?;
    let book: BookResult = ResNet::BOOK;
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
