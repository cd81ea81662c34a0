//! d2l-zh 4.10, predicting house prices on Kaggle, as a notebook:
//! `notebooks/4.10-kaggle-house-prices.ipynb` is generated from this file (see
//! `tests/notebooks.rs`); run it as a program with `cargo run --release --example kaggle-house`.

// %% [markdown]
// # 4.10 实战 Kaggle 比赛:预测房价 / Kaggle: predicting house prices
//
// 1460 套训练房屋、1459 套测试房屋,79 个特征。数值特征标准化(缺失值成为 0),类别特征独热编码,
// 共 330 列。模型是线性回归,损失是平方误差,评价用对数均方根误差,优化器 Adam,用 5 折交叉验证
// 检查设置,最后在全部训练数据上训练并写出 `submission.csv`。源码在
// `src/chapters/house_prices.rs`,`d2l kaggle-house` 做同样的事。这一节需要 `polars` 特性。
//
// 1,460 training houses and 1,459 test houses with 79 features. Numbers are standardised
// (missing ones become 0) and categories one-hot encoded: 330 columns. The model is linear
// regression with the squared error, judged by the log RMSE, trained with Adam; 5-fold
// cross-validation checks the settings, and a final fit on every training house writes
// `submission.csv`. The code is in `src/chapters/house_prices.rs`; `d2l kaggle-house` does the
// same. This section needs the `polars` feature.

// %%
//: :dep d2l = { path = "..", default-features = false, features = ["polars"] }
use d2l::chapters::house_prices::{
    HouseConfig, fold_curves, get_net, k_fold, load, submission_csv, train_and_pred,
};
use d2l::chapters::preprocess::kaggle_house_dir;
use d2l::data::DataDirs;
use d2l::plot::notebook::show_figure;

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 数据 / The data
    //
    // 文件从 `$D2L_DATA_DIR/kaggle-house` 或用户缓存目录读取,没有时下载。
    //
    // The files come from `$D2L_DATA_DIR/kaggle-house` or the user cache folder, and are
    // downloaded when missing.

    // %%
    let device = d2l::device::cpu();
    let dir = kaggle_house_dir(&DataDirs::resolve(None), &[], &mut |_, _| {})?;
    let data = load(&dir, &device)?;
    println!(
        "train {:?}, labels {:?}, test {:?}",
        data.train_features.dims(),
        data.train_labels.dims(),
        data.test_features.dims()
    );

    // %% [markdown]
    // ## K 折交叉验证 / K-fold cross-validation
    //
    // 书中的设置:k = 5,100 轮,学习率 5,权重衰减 0,批量 64。每折用其余四折训练,在这一折上验证。
    // 评价指标是 √(mean((log ŷ − log y)²)):看相对误差,贵房子和便宜房子同样重要。
    //
    // The book's settings: k = 5, 100 epochs, learning rate 5, no weight decay, batches of 64.
    // Each fold is validated on after training on the other four. The measure is
    // √(mean((log ŷ − log y)²)): relative errors, so that cheap and expensive houses count alike.

    // %%
    let cfg = HouseConfig::default();
    let in_features = data.train_features.dims()[1];
    let (folds, fold1) = k_fold(
        &data,
        &cfg,
        |seed| get_net(in_features, seed, &device),
        &mut (),
    )?;
    let lines: Vec<String> = folds
        .iter()
        .map(|f| {
            format!(
                "fold {}, train log rmse {:.6}, valid log rmse {:.6}",
                f.fold, f.train_log_rmse, f.valid_log_rmse
            )
        })
        .collect();
    println!("{}", lines.join("\n"));
    let mean_valid = folds.iter().map(|f| f.valid_log_rmse).sum::<f64>() / folds.len() as f64;
    println!("average valid log rmse {mean_valid:.6}");
    show_figure("kaggle-house", &fold_curves(&fold1))?;

    // %% [markdown]
    // ## 提交 / The submission
    //
    // 在全部 1460 套房屋上训练,预测测试房屋的价格,写成 Kaggle 要的 `Id,SalePrice` 格式。
    //
    // Trained on all 1,460 houses, the model prices the test houses, written as Kaggle's
    // `Id,SalePrice`.

    // %%
    let (epochs, prices) = train_and_pred(
        &data,
        &cfg,
        |seed| get_net(in_features, seed, &device),
        &mut (),
    )?;
    println!(
        "train log rmse {:.6}",
        epochs.last().map_or(f64::NAN, |e| e.train_loss)
    );
    let csv = submission_csv(&data.test_ids, &prices);
    println!("{}", csv.lines().take(4).collect::<Vec<_>>().join("\n"));
    let path = std::env::temp_dir().join("submission.csv");
    std::fs::write(&path, csv).map_err(|e| d2l::Error::io(&path, e))?;
    println!("wrote {} predictions", prices.len());

    Ok(())
}
