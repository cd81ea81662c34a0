//! `d2l linalg`: d2l-zh 2.3, the book's linear-algebra examples run with burn.

use clap::Args;
use d2l::chapters::linear_algebra::walkthrough;

use crate::args::ReportFlags;
use crate::report::print_walkthrough;

/// Walk through d2l-zh 2.3 (线性代数): reductions, products and norms.
#[derive(Debug, Args)]
pub struct LinalgArgs {
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run(args: LinalgArgs) -> anyhow::Result<()> {
    let steps = walkthrough(&args.report.device()?);
    print_walkthrough("linalg", &steps, args.report.json)
}
