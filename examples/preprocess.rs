//! d2l-zh 2.2, data preprocessing, as a notebook: `notebooks/2.2-preprocessing.ipynb` is
//! generated from this file (see `tests/notebooks.rs`); run it as a program with
//! `cargo run --release --example preprocess`.

// %% [markdown]
// # 2.2 数据预处理 / Data preprocessing
//
// 一个有缺失值的小 CSV 文件,用 polars 读成表格,填补缺失的数值,把类别列变成 0/1 列,最后转成
// burn 张量。源码在 `src/data/preprocess.rs`,`d2l preprocess --example house-tiny` 做同样的事。
// 这一节需要 `polars` 特性(第一个单元格里的 `:dep` 打开了它)。
//
// A small CSV file with missing values, read into a table with polars: the missing numbers are
// filled, the category column becomes 0/1 columns, and the result becomes burn tensors. The code
// is in `src/data/preprocess.rs`; `d2l preprocess --example house-tiny` does the same. This
// section needs the `polars` feature (the `:dep` in the first cell turns it on).

// %%
//: :dep d2l = { path = "..", default-features = false, features = ["polars"] }
use d2l::burn::tensor::DType;
use d2l::chapters::preprocess::{HouseTiny, house_tiny};
use d2l::chapters::tensor::show;
use d2l::data::preprocess::{
    CsvOptions, fill_numeric_with_mean, get_dummies, read_csv, split_target, to_tensor,
};
use d2l::polars::prelude::{Column, DataFrame};

fn main() -> d2l::Result<()> {
    // %% [markdown]
    // ## 读取数据集 / Reading the data set
    //
    // 先写出书中的 `house_tiny.csv`(房间数、巷子类型、房价;`NA` 表示缺失),再读回来。
    //
    // First the book's `house_tiny.csv` is written (rooms, alley type, price; `NA` marks a
    // missing value), then read back.

    // %%
    let dir = std::env::temp_dir().join("d2l-preprocessing");
    std::fs::create_dir_all(&dir).map_err(|e| d2l::Error::io(&dir, e))?;
    let path = dir.join("house_tiny.csv");
    std::fs::write(&path, HouseTiny::Zh.csv()).map_err(|e| d2l::Error::io(&path, e))?;
    print!("{}", HouseTiny::Zh.csv());
    // Types written out for evcxr, which keeps every variable between cells.
    let data: DataFrame = read_csv(&path, &CsvOptions::default())?;
    println!("{data}");

    // %% [markdown]
    // ## 处理缺失值 / Handling missing values
    //
    // 价格是要预测的目标,先分出去。数值列的缺失用该列的均值填补;类别列 `Alley` 变成每个类别
    // 一列 0/1,缺失值自成一列 `Alley_nan`(pandas 的 `get_dummies(dummy_na=True)`)。
    //
    // The price is the target to predict, so it is split off first. Missing numbers are filled
    // with their column's mean; the category column `Alley` becomes one 0/1 column per category,
    // with missing values as a column of their own, `Alley_nan` (pandas'
    // `get_dummies(dummy_na=True)`).

    // %%
    let (inputs, outputs): (DataFrame, Column) = split_target(&data, "Price")?;
    let filled = fill_numeric_with_mean(&inputs);
    for note in &filled.notes {
        println!("note: {note}");
    }
    let inputs: DataFrame = get_dummies(&filled.frame)?;
    println!("{inputs}");

    // %% [markdown]
    // ## 转换为张量 / Conversion to tensors
    //
    // 现在每一列都是数值,可以变成 `Tensor<2>`:每行一个样本,每列一个特征。
    //
    // Every column is numeric now, so the table becomes a `Tensor<2>`: one row per example, one
    // column per feature.

    // %%
    let device = d2l::device::cpu();
    let x = to_tensor(&inputs, DType::F32, &device)?;
    println!("X: {:?}\n{}", x.dims(), show(&x.clone().into_data()));
    println!("{} targets", outputs.len());

    // %% [markdown]
    // `house_tiny` 把上面几步合在一起,也给出目标 y:
    //
    // `house_tiny` runs the steps above in one call and gives the targets y as well:

    // %%
    let prepared = house_tiny(HouseTiny::Zh, &dir, &device)?;
    println!(
        "same X: {}",
        prepared.x.equal(x).all().into_scalar::<bool>()
    );
    println!("y = {}", show(&prepared.y.into_data()));

    Ok(())
}
