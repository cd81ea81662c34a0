//! `d2l blocks | parameters | custom-layers | read-write | gpu`: d2l-zh chapter 5, the
//! mechanics under every model, printed step by step.

use std::path::PathBuf;

use clap::Args;
use clap::builder::{OsStringValueParser, TypedValueParser};
use d2l::chapters::computation::{blocks, custom_layers, gpus, parameters, read_write};

use crate::args::{ReportFlags, RunFlags};
use crate::report::print_walkthrough;

/// Walk through d2l-zh 5.1 (层和块): blocks, a sequential container by hand, control flow.
#[derive(Debug, Args)]
pub struct BlocksArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run_blocks(args: BlocksArgs) -> anyhow::Result<()> {
    let steps = blocks::walkthrough(args.run.seed, &args.run.device()?);
    print_walkthrough("blocks", &steps, args.run.json())
}

/// Walk through d2l-zh 5.2 (参数管理): parameters by name, initialisation, sharing.
#[derive(Debug, Args)]
pub struct ParametersArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run_parameters(args: ParametersArgs) -> anyhow::Result<()> {
    let steps = parameters::walkthrough(args.run.seed, &args.run.device()?);
    print_walkthrough("parameters", &steps, args.run.json())
}

/// Walk through d2l-zh 5.4 (自定义层): a layer without parameters and one with.
#[derive(Debug, Args)]
pub struct CustomLayersArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run_custom_layers(args: CustomLayersArgs) -> anyhow::Result<()> {
    let steps = custom_layers::walkthrough(args.run.seed, &args.run.device()?);
    print_walkthrough("custom-layers", &steps, args.run.json())
}

/// Walk through d2l-zh 5.5 (读写文件): tensors and a model's parameters to safetensors files
/// and back.
#[derive(Debug, Args)]
pub struct ReadWriteArgs {
    /// The folder for the four files (created when missing).
    #[arg(long, default_value = "read-write", value_parser = output_dir())]
    pub dir: PathBuf,
    #[command(flatten)]
    pub run: RunFlags,
}

/// A folder to write into (any bytes a path may hold): refused when something else (a file)
/// has its name.
fn output_dir() -> impl TypedValueParser<Value = PathBuf> {
    OsStringValueParser::new().try_map(|text| {
        let path = PathBuf::from(text);
        match std::fs::metadata(&path) {
            Ok(meta) if !meta.is_dir() => Err("exists and is not a folder".to_string()),
            _ => Ok(path),
        }
    })
}

pub fn run_read_write(args: ReadWriteArgs) -> anyhow::Result<()> {
    let device = args.run.device()?;
    d2l::fsutil::create_folder(&args.dir)?;
    let steps = read_write::walkthrough(&args.dir, args.run.seed, &device)?;
    print_walkthrough("read-write", &steps, args.run.json())
}

/// Walk through d2l-zh 5.6 (GPU): devices, tensors and a model on the one `--device` names.
#[derive(Debug, Args)]
pub struct GpuArgs {
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run_gpu(args: GpuArgs) -> anyhow::Result<()> {
    let steps = gpus::walkthrough(&args.report.device()?);
    print_walkthrough("gpu", &steps, args.report.json)
}
