//! `d2l data`: download, inspect and draw data sets (d2l-zh 3.5).

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use d2l::data::download::{RemoteFile, download};
use d2l::data::fashion_mnist::{self, FashionMnist, Split, TEXT_LABELS};
use d2l::data::{DataDirs, airfoil, kaggle_house};
use d2l::plot::show_images;

use crate::args::figure_path;
use crate::progress::download_bar;

/// Where data sets are looked for and downloaded to.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// Folder of data sets (each in its own subfolder, e.g. fashion-mnist/); looked in before
    /// $D2L_DATA_DIR and the user cache folder.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Base URL to download from instead of the official mirrors (repeatable).
    #[arg(long = "mirror")]
    pub mirrors: Vec<String>,
}

impl DataArgs {
    pub fn dirs(&self) -> DataDirs {
        DataDirs::resolve(self.data_dir.as_deref())
    }

    fn mirrors(&self) -> Vec<String> {
        if self.mirrors.is_empty() {
            fashion_mnist::default_mirrors()
        } else {
            self.mirrors.clone()
        }
    }

    /// The mirrors that `dataset`'s download uses.
    fn mirrors_for(&self, dataset: Dataset) -> Vec<String> {
        match dataset {
            Dataset::FashionMnist => self.mirrors(),
            Dataset::KaggleHouse if self.mirrors.is_empty() => kaggle_house::default_mirrors(),
            Dataset::KaggleHouse => self.mirrors.clone(),
            Dataset::Airfoil if self.mirrors.is_empty() => airfoil::default_mirrors(),
            Dataset::Airfoil => self.mirrors.clone(),
        }
    }

    /// The folder with the two Kaggle house-price files, downloading them if needed.
    pub fn kaggle_house(&self) -> anyhow::Result<PathBuf> {
        Ok(kaggle_house::locate_or_download(
            &self.dirs(),
            &self.mirrors,
            &mut download_bar(),
        )?)
    }

    /// The folder with the airfoil file of chapter 11, downloading it if needed.
    pub fn airfoil(&self) -> anyhow::Result<PathBuf> {
        Ok(airfoil::locate_or_download(
            &self.dirs(),
            &self.mirrors,
            &mut download_bar(),
        )?)
    }

    /// The folder with the four Fashion-MNIST files, downloading them if needed.
    pub fn fashion_mnist(&self) -> anyhow::Result<PathBuf> {
        Ok(fashion_mnist::locate_or_download(
            &self.dirs(),
            &self.mirrors(),
            &mut download_bar(),
        )?)
    }
}

/// Data sets that `d2l data` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dataset {
    /// Zalando's Fashion-MNIST: 60,000 + 10,000 images of clothing, 28 × 28, 10 classes.
    FashionMnist,
    /// The Kaggle house prices of d2l-zh 4.10: 1460 training and 1459 test houses, 80 columns.
    KaggleHouse,
    /// NASA's airfoil self-noise data of d2l-zh chapter 11: 1,503 rows, five inputs and the
    /// sound level.
    Airfoil,
}

impl Dataset {
    /// Its folder (found or downloaded) and its files.
    fn fetch(self, data: &DataArgs) -> anyhow::Result<(PathBuf, &'static [RemoteFile])> {
        Ok(match self {
            Dataset::FashionMnist => (data.fashion_mnist()?, &fashion_mnist::FILES),
            Dataset::KaggleHouse => (data.kaggle_house()?, &kaggle_house::FILES),
            Dataset::Airfoil => (data.airfoil()?, std::slice::from_ref(&airfoil::FILE)),
        })
    }

    fn name(self) -> &'static str {
        match self {
            Dataset::FashionMnist => fashion_mnist::DATASET,
            Dataset::KaggleHouse => kaggle_house::DATASET,
            Dataset::Airfoil => airfoil::DATASET,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Download a data set (checksums verified) unless it is already there.
    Download {
        #[arg(value_enum)]
        dataset: Dataset,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Where a data set is, its files, sizes, counts and classes.
    Info {
        #[arg(value_enum)]
        dataset: Dataset,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Draw the first training images with their labels (the book's figure).
    Show {
        #[arg(value_enum)]
        dataset: Dataset,
        /// How many images (1 to 100).
        #[arg(long, default_value_t = 18, value_parser = image_count)]
        n: usize,
        /// Output file (.png or .svg).
        #[arg(long, default_value = "fashion-mnist.png", value_parser = figure_path())]
        out: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

pub fn run(command: DataCommand) -> anyhow::Result<()> {
    match command {
        DataCommand::Download { dataset, data } => {
            let (dir, files) = dataset.fetch(&data)?;
            // A file found in place is checked again here; one with a wrong checksum (a cut
            // copy, a changed file) is fetched again and replaced only once the new one is good.
            let mirrors = data.mirrors_for(dataset);
            let mut bar = download_bar();
            for file in files {
                download(file, &dir, &mirrors, &mut |event| bar(file.name, event))?;
            }
            println!(
                "{} is in {} (checksums checked)",
                dataset.name(),
                dir.display()
            );
        }
        DataCommand::Info { dataset, data } => {
            let (dir, files) = dataset.fetch(&data)?;
            println!("{} in {}", dataset.name(), dir.display());
            for file in files {
                let size = std::fs::metadata(dir.join(file.name))
                    .map(|m| m.len())
                    .unwrap_or(0);
                println!("  {:<28} {:>10} bytes", file.name, size);
            }
            if dataset == Dataset::Airfoil {
                let set = airfoil::Airfoil::load(&dir, airfoil::BOOK_ROWS)?;
                println!(
                    "{} examples of {} standardised inputs (the book's first {} rows)",
                    set.len(),
                    airfoil::FEATURES,
                    airfoil::BOOK_ROWS
                );
            }
            if dataset != Dataset::FashionMnist {
                return Ok(());
            }
            for (split, name) in [(Split::Train, "train"), (Split::Test, "test")] {
                let set = FashionMnist::load(&dir, split)?;
                let (h, w) = set.image_size();
                println!("{name}: {} images of {h} x {w}", set.len());
                for (label, count) in set.class_counts().iter().enumerate() {
                    println!("  {label} {:<12} {count}", TEXT_LABELS[label]);
                }
            }
        }
        DataCommand::Show {
            dataset,
            n,
            out,
            data,
        } => {
            if dataset != Dataset::FashionMnist {
                anyhow::bail!("`d2l data show` draws images: only fashion-mnist has them");
            }
            let dir = data.fashion_mnist()?;
            let set = FashionMnist::load(&dir, Split::Train)?;
            let n = n.min(set.len());
            let images: Vec<Vec<f32>> = (0..n).map(|i| set.image(i)).collect();
            let titles: Vec<String> = (0..n)
                .map(|i| TEXT_LABELS[set.get(i).1 as usize].to_string())
                .collect();
            let cols = n.min(9);
            show_images(
                &out,
                &images,
                set.image_size(),
                (n.div_ceil(cols), cols),
                &titles,
                3,
            )?;
            println!("wrote {}", out.display());
        }
    }
    Ok(())
}

/// Images in one figure: 1 to 100 (ten rows of ten; more would only make a huge PNG).
fn image_count(text: &str) -> Result<usize, String> {
    crate::args::bounded(text, 1, 100)
}
