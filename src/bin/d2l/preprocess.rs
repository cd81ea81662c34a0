//! `d2l preprocess`: d2l-zh 2.2, a CSV with missing values turned into a tensor.

use std::path::PathBuf;

use burn::tensor::DType;
use clap::{Args, ValueEnum};
use d2l::chapters::preprocess::{HouseTiny, house_tiny, kaggle_house_dir, kaggle_house_features};
use d2l::chapters::walkthrough::show;
use d2l::data::preprocess::{
    CsvOptions, Features, Fill, Table, dummies_to_tensor, fill_numeric, get_dummies, read_csv,
    split_target, standardize, write_csv,
};

use crate::args::{ReportFlags, output_path};
use crate::data::DataArgs;
use crate::progress::download_bar;
use crate::report::print_json;

/// The book's examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Example {
    /// d2l-zh 2.2's house_tiny.csv (NumRooms, Alley, Price).
    HouseTiny,
    /// d2l-en 2.2's variant (NumRooms, RoofType, Price).
    HouseTinyEn,
    /// d2l-zh 4.10's Kaggle house-price features (2919 rows, 330 columns).
    KaggleHouse,
}

/// Read a CSV with missing values, fill, one-hot encode, and make tensors (d2l-zh 2.2).
#[derive(Debug, Args)]
pub struct PreprocessArgs {
    /// The CSV file (not needed with --example).
    #[arg(required_unless_present = "example")]
    pub file: Option<PathBuf>,
    /// Run one of the book's examples instead.
    #[arg(long, value_enum, conflicts_with = "file")]
    pub example: Option<Example>,
    /// Column to split off as the target y.
    #[arg(long)]
    pub target: Option<String>,
    /// Tokens that mean "missing", comma-separated (an empty field always does).
    #[arg(long, value_delimiter = ',', default_value = "NA")]
    pub na: Vec<String>,
    /// Scale numeric columns to mean 0 and standard deviation 1 (missing values become 0).
    #[arg(long)]
    pub standardize: bool,
    /// How to fill missing numbers (without --standardize).
    #[arg(long, value_enum, default_value_t = Fill::default())]
    pub fill: Fill,
    /// Write the whole resulting table here (CSV; written to a temporary file, then renamed).
    #[arg(long, value_parser = output_path())]
    pub out: Option<PathBuf>,
    /// Where the Kaggle data is (for --example kaggle-house).
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run(args: PreprocessArgs) -> anyhow::Result<()> {
    let device = args.report.device()?;
    let (table, target_rows) = match (args.example, &args.file) {
        (Some(example @ (Example::HouseTiny | Example::HouseTinyEn)), _) => {
            house_tiny_table(example, &device)?
        }
        (Some(Example::KaggleHouse), _) => {
            let dir = kaggle_house_dir(&args.data.dirs(), &args.data.mirrors, &mut download_bar())?;
            let (table, labels) = kaggle_house_features(&dir)?;
            (table, Some(labels.len()))
        }
        (None, Some(path)) => {
            let frame = read_csv(
                path,
                &CsvOptions {
                    na_values: args.na.clone(),
                },
            )?;
            let (inputs, target) = match &args.target {
                Some(target) => {
                    let (inputs, column) = split_target(&frame, target)?;
                    (inputs, Some(column.len()))
                }
                None => (frame, None),
            };
            let filled = if args.standardize {
                standardize(&inputs)
            } else {
                fill_numeric(&inputs, args.fill)
            };
            // Encoded on the way into the tensor (`report`), not as a table of 0/1 columns.
            (filled, target)
        }
        (None, None) => anyhow::bail!("give a CSV file or --example"),
    };
    // The table came from `path`: an encoding error names it instead of "<table>".
    let named = |e: d2l::Error| match (e, &args.file) {
        (d2l::Error::Format { reason, .. }, Some(path)) => d2l::Error::format(path, reason),
        (other, _) => other,
    };
    let features = dummies_to_tensor(&table.frame, DType::F32, &device).map_err(named)?;
    report(&table, &features, target_rows);
    if let Some(out) = &args.out {
        write_csv(&get_dummies(&table.frame)?, out)?;
        println!("wrote {}", out.display());
    }
    if args.report.json {
        let [rows, cols] = features.x.dims();
        print_json(
            "preprocess",
            &serde_json::json!({ "rows": rows, "columns": cols, "names": features.names, "target_rows": target_rows, "notes": table.notes }),
        )?;
    }
    Ok(())
}

/// The book's tiny house table, written to a temporary folder and prepared: prints X and y,
/// returns the inputs and the number of target rows.
fn house_tiny_table(
    example: Example,
    device: &d2l::device::Device,
) -> anyhow::Result<(Table, Option<usize>)> {
    let variant = if example == Example::HouseTiny {
        HouseTiny::Zh
    } else {
        HouseTiny::En
    };
    let dir = tempfile::tempdir()?;
    d2l::fsutil::plan::permit_scratch(dir.path());
    println!(
        "wrote the book's house_tiny.csv to {}",
        dir.path().join("house_tiny.csv").display()
    );
    let prepared = house_tiny(variant, dir.path(), device)?;
    println!("X = {}", show(&prepared.x.to_data()));
    println!("y = {}", show(&prepared.y.to_data()));
    let rows = prepared.y.dims()[0];
    let table = Table {
        frame: prepared.inputs,
        notes: prepared.notes,
    };
    Ok((table, Some(rows)))
}

/// Prints the first rows of the encoded table, the notes and the shapes.
fn report(table: &Table, features: &Features, target_rows: Option<usize>) {
    println!("{}", features.head(&table.frame, 5));
    for note in &table.notes {
        println!("note: {note}");
    }
    println!("X: Tensor<2> of shape {:?} (f32)", features.x.dims());
    if let Some(rows) = target_rows {
        println!("y: Tensor<1> of shape [{rows}]");
    }
}
