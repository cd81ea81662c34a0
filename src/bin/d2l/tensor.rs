//! `d2l tensor`: d2l-zh 2.1, the book's tensor examples run with burn.

use clap::Args;
use d2l::chapters::tensor::walkthrough;

use crate::report::print_json;

/// Walk through d2l-zh 2.1 (数据操作): creation, shapes, operators, broadcasting, indexing.
#[derive(Debug, Args)]
pub struct TensorArgs {
    /// End with one line of JSON holding every step.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: TensorArgs) -> anyhow::Result<()> {
    let steps = walkthrough(&d2l::device::cpu());
    let mut section = "";
    for step in &steps {
        if step.section != section {
            section = step.section;
            println!("== {section}");
        }
        println!("# {}\n{}\n{}\n", step.caption, step.code, step.value);
    }
    if args.json {
        print_json("tensor", &serde_json::json!({ "steps": steps }))?;
    }
    Ok(())
}
