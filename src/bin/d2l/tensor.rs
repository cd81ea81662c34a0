//! `d2l tensor`: d2l-zh 2.1, the book's tensor examples run with burn.

use clap::Args;
use d2l::chapters::tensor::walkthrough;

use crate::args::RunFlags;
use crate::report::print_walkthrough;

/// Walk through d2l-zh 2.1 (数据操作): creation, shapes, operators, broadcasting, indexing.
#[derive(Debug, Args)]
pub struct TensorArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: TensorArgs) -> anyhow::Result<()> {
    let steps = walkthrough(&args.run.device()?, args.run.seed);
    print_walkthrough("tensor", &steps, args.run.json())
}
