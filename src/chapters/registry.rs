//! The chapter registry: every section that has a command, in the book's order.
//!
//! `d2l list` prints it, and tests check that the README's table and the crate documentation's
//! table are exactly [`markdown_table`] and [`rustdoc_table`], and that every command parses, so
//! a new section is added here once and nowhere can drift from it.

/// One section of d2l-zh and how to run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// The section number in d2l-zh (`"3.6"`), or the chapter (`"3"`) for our own extras.
    pub section: &'static str,
    /// The command line that runs it, starting with `d2l`.
    pub command: &'static str,
    /// The section's title in d2l-zh, or a short Chinese name for our extras.
    pub zh: &'static str,
    /// What it shows, in English.
    pub en: &'static str,
    /// Where its code is, as a path from the crate root.
    pub module: &'static str,
}

/// Every section with a command.
pub const SECTIONS: &[Section] = &[
    Section {
        section: "2.1",
        command: "d2l tensor",
        zh: "数据操作",
        en: "tensors: creation, operators, broadcasting, indexing, with burn",
        module: "chapters::tensor",
    },
    Section {
        section: "2.2",
        command: "d2l preprocess --example house-tiny",
        zh: "数据预处理",
        en: "a CSV with missing values to tensors (polars)",
        module: "chapters::preprocess",
    },
    Section {
        section: "2.3",
        command: "d2l linalg",
        zh: "线性代数",
        en: "reductions along axes, dot/matrix products and norms, with burn",
        module: "chapters::linear_algebra",
    },
    Section {
        section: "2.4",
        command: "d2l calculus",
        zh: "微积分",
        en: "the derivative as a numerical limit, and a tangent line, drawn",
        module: "chapters::calculus",
    },
    Section {
        section: "2.5",
        command: "d2l autograd",
        zh: "自动微分",
        en: "gradients by burn's autograd: non-scalars, detach, control flow",
        module: "chapters::autograd",
    },
    Section {
        section: "2.6",
        command: "d2l probability",
        zh: "概率",
        en: "a fair die's relative frequencies settling at 1/6, drawn",
        module: "chapters::probability",
    },
    Section {
        section: "3.1",
        command: "d2l linreg-basics",
        zh: "线性回归",
        en: "a vectorised add against a loop; the normal densities, drawn",
        module: "chapters::linear_regression::basics",
    },
    Section {
        section: "3.1",
        command: "d2l linreg --impl closed-form",
        zh: "线性回归",
        en: "least squares in closed form (QR)",
        module: "chapters::linear_regression::closed_form",
    },
    Section {
        section: "3.2",
        command: "d2l linreg --impl scratch",
        zh: "线性回归的从零开始实现",
        en: "linear regression from scratch",
        module: "chapters::linear_regression::scratch",
    },
    Section {
        section: "3.3",
        command: "d2l linreg --impl concise",
        zh: "线性回归的简洁实现",
        en: "linear regression with burn's Linear and Sgd",
        module: "chapters::linear_regression::concise",
    },
    Section {
        section: "3.3",
        command: "d2l linreg --impl concise --loss mse,l1,huber --outliers 0.05",
        zh: "稳健的损失函数",
        en: "robust losses on data with outliers",
        module: "chapters::linear_regression::concise",
    },
    Section {
        section: "3.5",
        command: "d2l data show fashion-mnist",
        zh: "图像分类数据集",
        en: "the Fashion-MNIST data set, drawn as in the book",
        module: "data::fashion_mnist",
    },
    Section {
        section: "3.6",
        command: "d2l softmax --impl scratch",
        zh: "softmax回归的从零开始实现",
        en: "softmax regression from scratch",
        module: "chapters::softmax_regression::scratch",
    },
    Section {
        section: "3.7",
        command: "d2l softmax --impl concise",
        zh: "softmax回归的简洁实现",
        en: "softmax regression with burn's layers",
        module: "chapters::softmax_regression::concise",
    },
    Section {
        section: "3",
        command: "d2l losses",
        zh: "损失函数",
        en: "L2, L1 and Huber's loss, their likelihoods and gradients, drawn",
        module: "chapters::losses",
    },
    Section {
        section: "3",
        command: "d2l gradcheck",
        zh: "梯度检验",
        en: "autograd against finite differences for every loss and the model",
        module: "chapters::losses",
    },
    Section {
        section: "4.1",
        command: "d2l activations",
        zh: "多层感知机",
        en: "ReLU, sigmoid and tanh with their derivatives, drawn",
        module: "chapters::activations",
    },
    Section {
        section: "4.2",
        command: "d2l mlp --impl scratch",
        zh: "多层感知机的从零开始实现",
        en: "a multilayer perceptron from scratch",
        module: "chapters::mlp::scratch",
    },
    Section {
        section: "4.3",
        command: "d2l mlp --impl concise",
        zh: "多层感知机的简洁实现",
        en: "a multilayer perceptron with burn's layers",
        module: "chapters::mlp::concise",
    },
    Section {
        section: "4.4",
        command: "d2l polyfit",
        zh: "模型选择、欠拟合和过拟合",
        en: "polynomial fits that underfit, fit and overfit",
        module: "chapters::polynomial",
    },
    Section {
        section: "4.5",
        command: "d2l weight-decay --impl scratch",
        zh: "权重衰减",
        en: "an L2 penalty written into the loss",
        module: "chapters::weight_decay::scratch",
    },
    Section {
        section: "4.5",
        command: "d2l weight-decay --impl concise",
        zh: "权重衰减",
        en: "weight decay in burn's SGD, on the weight only",
        module: "chapters::weight_decay::concise",
    },
    Section {
        section: "4.6",
        command: "d2l dropout --impl scratch",
        zh: "暂退法(Dropout)",
        en: "dropout written by hand in a two-hidden-layer MLP",
        module: "chapters::dropout::scratch",
    },
    Section {
        section: "4.6",
        command: "d2l dropout --impl concise",
        zh: "暂退法(Dropout)",
        en: "dropout with burn's Dropout layers",
        module: "chapters::dropout::concise",
    },
    Section {
        section: "4.8",
        command: "d2l stability",
        zh: "数值稳定性和模型初始化",
        en: "vanishing sigmoid gradients, an exploding matrix product, Xavier initialisation",
        module: "chapters::stability",
    },
    Section {
        section: "4.10",
        command: "d2l preprocess --example kaggle-house",
        zh: "实战Kaggle比赛:预测房价",
        en: "the 330 features of the Kaggle house-price chapter",
        module: "chapters::preprocess",
    },
    Section {
        section: "4.10",
        command: "d2l kaggle-house",
        zh: "实战Kaggle比赛:预测房价",
        en: "k-fold log RMSE of a linear model with Adam (or an MLP: `--model mlp`), and submission.csv",
        module: "chapters::house_prices",
    },
    Section {
        section: "5.1",
        command: "d2l blocks",
        zh: "层和块",
        en: "a block by hand, a sequential container, control flow in forward, nesting",
        module: "chapters::computation::blocks",
    },
    Section {
        section: "5.2",
        command: "d2l parameters",
        zh: "参数管理",
        en: "parameters by name and shape, initialised by hand, one layer shared",
        module: "chapters::computation::parameters",
    },
    Section {
        section: "5.4",
        command: "d2l custom-layers",
        zh: "自定义层",
        en: "a centring layer without parameters and a Linear written by hand",
        module: "chapters::computation::custom_layers",
    },
    Section {
        section: "5.5",
        command: "d2l read-write",
        zh: "读写文件",
        en: "a tensor, a list, a map and a model to safetensors files and back",
        module: "chapters::computation::read_write",
    },
    Section {
        section: "5.6",
        command: "d2l gpu",
        zh: "GPU",
        en: "devices, and tensors and a model on the one --device names",
        module: "chapters::computation::gpus",
    },
    Section {
        section: "6.2",
        command: "d2l conv2d",
        zh: "图像卷积",
        en: "corr2d by hand, edge detection, a kernel learned back from its output",
        module: "chapters::cnn::conv2d",
    },
    Section {
        section: "6.3",
        command: "d2l padding",
        zh: "填充和步幅",
        en: "output sizes under padding and stride: burn's conv2d next to the formula",
        module: "chapters::cnn::padding",
    },
    Section {
        section: "6.4",
        command: "d2l channels",
        zh: "多输入多输出通道",
        en: "several input and output channels; the 1 x 1 convolution as a matrix product",
        module: "chapters::cnn::channels",
    },
    Section {
        section: "6.5",
        command: "d2l pooling",
        zh: "汇聚层",
        en: "max and average pooling by hand, then with padding, stride and channels",
        module: "chapters::cnn::pooling",
    },
    Section {
        section: "6.6",
        command: "d2l lenet",
        zh: "卷积神经网络（LeNet）",
        en: "LeNet on Fashion-MNIST: sigmoids, average pooling, SGD lr 0.9",
        module: "chapters::cnn::lenet",
    },
];

/// The table of the README's "Chapters" section.
pub fn markdown_table() -> String {
    let mut table = String::from("| d2l-zh | command | 中文 | what |\n| --- | --- | --- | --- |\n");
    for s in SECTIONS {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            s.section, s.command, s.zh, s.en
        ));
    }
    table
}

/// The table at the top of the crate documentation (`src/lib.rs`), each line behind `//! `.
pub fn rustdoc_table() -> String {
    let mut table = String::from("//! | d2l-zh | module | command |\n//! | --- | --- | --- |\n");
    for s in SECTIONS {
        table.push_str(&format!(
            "//! | {} {} | [`{}`] | `{}` |\n",
            s.section, s.zh, s.module, s.command
        ));
    }
    table
}

/// The lines `d2l list` prints.
pub fn list_lines() -> Vec<String> {
    SECTIONS
        .iter()
        .map(|s| format!("{:<5} {:<62} {} {}", s.section, s.command, s.zh, s.en))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_and_the_crate_docs_show_the_registry() {
        let root = env!("CARGO_MANIFEST_DIR");
        let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
        assert!(
            readme.contains(&markdown_table()),
            "README.md's chapter table differs from the registry; paste this:\n{}",
            markdown_table()
        );
        let lib = std::fs::read_to_string(format!("{root}/src/lib.rs")).unwrap();
        assert!(
            lib.contains(&rustdoc_table()),
            "src/lib.rs's table differs from the registry; paste this:\n{}",
            rustdoc_table()
        );
    }

    #[test]
    fn sections_are_in_the_books_order_and_commands_are_unique() {
        let number = |s: &Section| -> Vec<u32> {
            s.section.split('.').map(|p| p.parse().unwrap()).collect()
        };
        for pair in SECTIONS.windows(2) {
            let (a, b) = (number(&pair[0]), number(&pair[1]));
            // A chapter-level extra ("3") comes after that chapter's numbered sections.
            assert!(a[0] <= b[0], "{pair:?}");
            if a[0] == b[0] && a.len() == 2 && b.len() == 2 {
                assert!(a[1] <= b[1], "{pair:?}");
            }
        }
        let mut commands: Vec<&str> = SECTIONS.iter().map(|s| s.command).collect();
        commands.sort();
        commands.dedup();
        assert_eq!(commands.len(), SECTIONS.len());
        assert!(SECTIONS.iter().all(|s| s.command.starts_with("d2l ")));
    }
}
