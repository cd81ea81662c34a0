//! `d2l autograd`: d2l-zh 2.5, gradients of the book's examples by burn's autograd.

use clap::Args;
use d2l::chapters::autograd::walkthrough;

use crate::args::RunFlags;
use crate::report::print_walkthrough;

/// Walk through d2l-zh 2.5 (自动微分): gradients, detach, and control flow.
#[derive(Debug, Args)]
pub struct AutogradArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run(args: AutogradArgs) -> anyhow::Result<()> {
    let steps = walkthrough(&args.run.device()?, args.run.seed);
    print_walkthrough("autograd", &steps, args.run.json())
}
