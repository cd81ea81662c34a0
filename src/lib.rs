//! # d2l: *Dive into Deep Learning* (动手学深度学习) in Rust
//!
//! Every section of the book that trains something has a module under [`chapters`] and a
//! subcommand of the `d2l` binary. The code is built on [burn](https://burn.dev) 0.22 and its
//! pure-Rust `flex` CPU backend; GPUs come with the `cuda` and `wgpu` cargo features.
//!
//! <!-- registry: chapters -->
//! | d2l-zh | module | command |
//! | --- | --- | --- |
//! | 2.1 数据操作 | [`chapters::tensor`] | `d2l tensor` |
//! | 2.2 数据预处理 | [`chapters::preprocess`] | `d2l preprocess --example house-tiny` |
//! | 2.3 线性代数 | [`chapters::linear_algebra`] | `d2l linalg` |
//! | 2.4 微积分 | [`chapters::calculus`] | `d2l calculus` |
//! | 2.5 自动微分 | [`chapters::autograd`] | `d2l autograd` |
//! | 2.6 概率 | [`chapters::probability`] | `d2l probability` |
//! | 3.1 线性回归 | [`chapters::linear_regression::basics`] | `d2l linreg-basics` |
//! | 3.1 线性回归 | [`chapters::linear_regression::closed_form`] | `d2l linreg --impl closed-form` |
//! | 3.2 线性回归的从零开始实现 | [`chapters::linear_regression::scratch`] | `d2l linreg --impl scratch` |
//! | 3.3 线性回归的简洁实现 | [`chapters::linear_regression::concise`] | `d2l linreg --impl concise` |
//! | 3.3 稳健的损失函数 | [`chapters::linear_regression::concise`] | `d2l linreg --impl concise --loss mse,l1,huber --outliers 0.05` |
//! | 3.5 图像分类数据集 | [`data::fashion_mnist`] | `d2l data show fashion-mnist` |
//! | 3.6 softmax回归的从零开始实现 | [`chapters::softmax_regression::scratch`] | `d2l softmax --impl scratch` |
//! | 3.7 softmax回归的简洁实现 | [`chapters::softmax_regression::concise`] | `d2l softmax --impl concise` |
//! | 3 损失函数 | [`chapters::losses`] | `d2l losses` |
//! | 3 梯度检验 | [`chapters::losses`] | `d2l gradcheck` |
//! | 4.1 多层感知机 | [`chapters::activations`] | `d2l activations` |
//! | 4.2 多层感知机的从零开始实现 | [`chapters::mlp::scratch`] | `d2l mlp --impl scratch` |
//! | 4.3 多层感知机的简洁实现 | [`chapters::mlp::concise`] | `d2l mlp --impl concise` |
//! | 4.4 模型选择、欠拟合和过拟合 | [`chapters::polynomial`] | `d2l polyfit` |
//! | 4.5 权重衰减 | [`chapters::weight_decay::scratch`] | `d2l weight-decay --impl scratch` |
//! | 4.5 权重衰减 | [`chapters::weight_decay::concise`] | `d2l weight-decay --impl concise` |
//! | 4.6 暂退法(Dropout) | [`chapters::dropout::scratch`] | `d2l dropout --impl scratch` |
//! | 4.6 暂退法(Dropout) | [`chapters::dropout::concise`] | `d2l dropout --impl concise` |
//! | 4.8 数值稳定性和模型初始化 | [`chapters::stability`] | `d2l stability` |
//! | 4.10 实战Kaggle比赛:预测房价 | [`chapters::preprocess`] | `d2l preprocess --example kaggle-house` |
//! | 4.10 实战Kaggle比赛:预测房价 | [`chapters::house_prices`] | `d2l kaggle-house` |
//! | 5.1 层和块 | [`chapters::computation::blocks`] | `d2l blocks` |
//! | 5.2 参数管理 | [`chapters::computation::parameters`] | `d2l parameters` |
//! | 5.4 自定义层 | [`chapters::computation::custom_layers`] | `d2l custom-layers` |
//! | 5.5 读写文件 | [`chapters::computation::read_write`] | `d2l read-write` |
//! | 5.6 GPU | [`chapters::computation::gpus`] | `d2l gpu` |
//! | 6.2 图像卷积 | [`chapters::cnn::conv2d`] | `d2l conv2d` |
//! | 6.3 填充和步幅 | [`chapters::cnn::padding`] | `d2l padding` |
//! | 6.4 多输入多输出通道 | [`chapters::cnn::channels`] | `d2l channels` |
//! | 6.5 汇聚层 | [`chapters::cnn::pooling`] | `d2l pooling` |
//! | 6.6 卷积神经网络（LeNet） | [`chapters::cnn::lenet`] | `d2l lenet` |
//! | 7.1 深度卷积神经网络（AlexNet） | [`chapters::modern_cnn::alexnet`] | `d2l alexnet` |
//! | 7.2 使用块的网络（VGG） | [`chapters::modern_cnn::vgg`] | `d2l vgg` |
//! | 7.3 网络中的网络（NiN） | [`chapters::modern_cnn::nin`] | `d2l nin` |
//! | 7.4 含并行连结的网络（GoogLeNet） | [`chapters::modern_cnn::googlenet`] | `d2l googlenet` |
//! | 7.5 批量规范化 | [`chapters::modern_cnn::batch_norm`] | `d2l batch-norm --impl scratch` |
//! | 7.5 批量规范化 | [`chapters::modern_cnn::batch_norm`] | `d2l batch-norm --impl concise` |
//! | 7.6 残差网络（ResNet） | [`chapters::modern_cnn::resnet`] | `d2l resnet` |
//! | 7.7 稠密连接网络（DenseNet） | [`chapters::modern_cnn::densenet`] | `d2l densenet` |
//! | 11.1 优化和深度学习 | [`chapters::optimization::challenges`] | `d2l optim-challenges` |
//! | 11.2 凸性 | [`chapters::optimization::convexity`] | `d2l convexity` |
//! | 11.3 梯度下降 | [`chapters::optimization::gradient_descent`] | `d2l gd` |
//! | 11.4 随机梯度下降 | [`chapters::optimization::sgd`] | `d2l sgd` |
//! | 11.5 小批量随机梯度下降 | [`chapters::optimization::minibatch_sgd`] | `d2l minibatch-sgd` |
//! | 11.6 动量法 | [`chapters::optimization::momentum`] | `d2l momentum` |
//! | 11.7 AdaGrad算法 | [`chapters::optimization::adagrad`] | `d2l adagrad` |
//! | 11.8 RMSProp算法 | [`chapters::optimization::rmsprop`] | `d2l rmsprop` |
//! | 11.9 Adadelta | [`chapters::optimization::adadelta`] | `d2l adadelta` |
//! | 11.10 Adam算法 | [`chapters::optimization::adam`] | `d2l adam` |
//! | 11.11 学习率调度器 | [`chapters::optimization::lr_scheduler`] | `d2l lr-scheduler` |
//! <!-- /registry -->
//!
//! The table comes from [`chapters::registry`], like `d2l list` and the README's.
//!
//! Dependencies run one way, and a test keeps the `use` lines to it (a section's code that later
//! chapters reuse is written in that section and re-exported by `nn` or `train`): [`error`], [`limits`], [`fsutil`],
//! [`device`] and [`history`] (what training measured) at the bottom, then [`data`] (data sets,
//! loaders), [`plot`] (figures), [`checkpoint`], [`nn`] (losses, optimizers, initialisation,
//! metrics, layers), [`train`] (the loops, the classifier job, the divergence check),
//! [`chapters`], and the binary, which parses flags and prints. Everything a chapter needs is in
//! [`prelude`].

pub mod chapters;
pub mod checkpoint;
pub mod data;
pub mod device;
pub mod error;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod history;
pub mod limits;
pub mod nn;
pub mod plot;
pub mod prelude;
pub mod train;

pub use error::{Error, Result};

/// burn itself, at the version and features d2l is built with: a notebook (evcxr) that depends
/// on d2l alone reaches burn's modules, layers and ops as `d2l::burn::...`.
pub use burn;

/// polars, the version d2l reads CSV files with: a notebook (2.2) names its tables as
/// `d2l::polars::prelude::DataFrame`.
#[cfg(feature = "polars")]
pub use polars;

/// rand, the version d2l draws with: `multinomial` (2.6) takes its `StdRng`.
pub use rand;

#[cfg(test)]
mod layering {
    //! The order of the modules is kept by the code, not by a promise: no module names one that
    //! comes after it in [`LAYERS`], and every top-level module has its place there.
    //!
    //! One kind of line may point up: a `pub use` of a section's code. What later chapters reuse
    //! (softmax, cross-entropy, `train_ch3`) is written in the section that introduces it, as the
    //! book does, and `nn` and `train` re-export it; nothing below `chapters` calls into a
    //! section otherwise.

    use std::path::Path;

    /// Every top-level module, lowest first. A module may name itself and those before it.
    /// `plot` comes right after `data`: drawing needs no model, loop or chapter.
    const LAYERS: [&str; 13] = [
        "error",
        "limits",
        "fsutil",
        "device",
        "history",
        "data",
        "plot",
        "checkpoint",
        "nn",
        "train",
        "chapters",
        "prelude",
        "fuzzing",
    ];

    /// Every `crate::<module>` that code (not comments) under `path` names.
    fn named_modules(path: &Path, found: &mut Vec<(String, String)>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                named_modules(&entry.unwrap().path(), found);
            }
            return;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines().map(str::trim) {
            if line.starts_with("//") || line.starts_with("pub use crate::chapters::") {
                continue;
            }
            for module in LAYERS {
                if line.contains(&format!("crate::{module}")) {
                    found.push((path.display().to_string(), module.to_string()));
                }
            }
        }
    }

    #[test]
    fn no_module_names_one_above_it() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for (rank, layer) in LAYERS.iter().enumerate() {
            let dir = src.join(layer);
            let path = if dir.is_dir() {
                dir
            } else {
                src.join(format!("{layer}.rs"))
            };
            let mut found = Vec::new();
            named_modules(&path, &mut found);
            let upward: Vec<_> = found
                .iter()
                .filter(|(_, named)| LAYERS[rank + 1..].contains(&named.as_str()))
                .collect();
            assert!(
                upward.is_empty(),
                "{layer} names a module above it: {upward:?}"
            );
        }
    }

    #[test]
    fn every_top_level_module_has_a_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if name == "lib" || name == "bin" {
                continue;
            }
            assert!(
                LAYERS.contains(&name.as_str()),
                "src/{name} is in no layer: add it to LAYERS in src/lib.rs"
            );
        }
    }
}

#[cfg(test)]
mod sizes {
    //! A section reads top-down in one sitting: no source file over [`MAX_FILE_LINES`] lines and
    //! no function over [`MAX_FN_LINES`], except the walkthroughs (one long list of the book's
    //! steps, `fn walkthrough`) and `main`.

    use std::path::Path;

    const MAX_FILE_LINES: usize = 400;
    const MAX_FN_LINES: usize = 80;

    /// `(file, lines)` of every `.rs` file under `dir`.
    fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path.display().to_string(), text));
            }
        }
    }

    /// `(name, lines)` of every function with a body in `text`: from its `fn` line to the `}`
    /// at the same indentation (rustfmt's layout).
    fn functions(text: &str) -> Vec<(String, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let body = line.trim_start();
            let indent = &line[..line.len() - body.len()];
            let signature = ["fn ", "pub fn ", "pub(crate) fn ", "pub(super) fn "]
                .iter()
                .find_map(|prefix| body.strip_prefix(prefix));
            let Some(rest) = signature else { continue };
            if line.trim_end().ends_with(';') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let close = format!("{indent}}}");
            if let Some(end) = lines[i + 1..].iter().position(|l| *l == close) {
                found.push((name, end + 2));
            }
        }
        found
    }

    #[test]
    fn no_file_or_function_is_too_long_to_read() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        assert!(files.len() > 50);
        let mut too_long = Vec::new();
        for (path, text) in &files {
            let lines = text.lines().count();
            if lines > MAX_FILE_LINES {
                too_long.push(format!("{path}: {lines} lines"));
            }
            for (name, lines) in functions(text) {
                if lines > MAX_FN_LINES && name != "walkthrough" && name != "main" {
                    too_long.push(format!("{path}: fn {name}, {lines} lines"));
                }
            }
        }
        assert!(too_long.is_empty(), "split these: {too_long:#?}");
    }

    #[test]
    fn functions_are_measured_from_fn_to_their_closing_brace() {
        let text =
            "fn a() {\n    let x = 1;\n}\n\n    pub fn b() -> u8 {\n        2\n    }\nfn c();\n";
        assert_eq!(
            functions(text),
            [("a".to_string(), 3), ("b".to_string(), 3)]
        );
    }
}
