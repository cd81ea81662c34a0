//! `d2l conv2d | padding | channels | pooling`: d2l-zh 6.2-6.5, the mechanics of convolutions
//! and pooling, printed step by step.

use clap::Args;
use d2l::chapters::cnn::padding::Case;
use d2l::chapters::cnn::{channels, conv2d, padding, pooling};

use crate::args::{ReportFlags, RunFlags, learning_rate};
use crate::report::print_walkthrough;

/// Walk through d2l-zh 6.2 (图像卷积): corr2d by hand, edges, learning a kernel.
#[derive(Debug, Args)]
pub struct Conv2dArgs {
    /// Gradient-descent iterations that learn the edge kernel back (1 to 10,000).
    #[arg(long, default_value_t = 10, value_parser = iterations)]
    pub iterations: usize,
    /// Their learning rate (> 0).
    #[arg(long, default_value_t = 3e-2, value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: f64,
    #[command(flatten)]
    pub run: RunFlags,
}

fn iterations(text: &str) -> Result<usize, String> {
    crate::args::bounded(text, 1, 10_000)
}

pub fn run_conv2d(args: Conv2dArgs) -> anyhow::Result<()> {
    let device = args.run.device()?;
    let steps = conv2d::walkthrough(args.iterations, args.lr, args.run.seed, &device)?;
    print_walkthrough("conv2d", &steps, args.run.json())
}

/// Walk through d2l-zh 6.3 (填充和步幅): output sizes under padding and stride, from burn's
/// conv2d next to the formula; give any of the four flags to size a case of your own.
#[derive(Debug, Args)]
pub struct PaddingArgs {
    /// Your input: N (square) or H,W [default: 8].
    #[arg(long, value_parser = pair, allow_negative_numbers = true)]
    pub size: Option<[usize; 2]>,
    /// Your kernel: K or KH,KW [default: 3].
    #[arg(long, value_parser = pair, allow_negative_numbers = true)]
    pub kernel: Option<[usize; 2]>,
    /// Your padding on each side: P or PH,PW [default: 0].
    #[arg(long, value_parser = pair, allow_negative_numbers = true)]
    pub padding: Option<[usize; 2]>,
    /// Your stride: S or SH,SW [default: 1].
    #[arg(long, value_parser = pair, allow_negative_numbers = true)]
    pub stride: Option<[usize; 2]>,
    #[command(flatten)]
    pub report: ReportFlags,
}

/// `3` or `3,5`: one size for both axes, or rows then columns.
fn pair(text: &str) -> Result<[usize; 2], String> {
    let number = |t: &str| {
        t.trim()
            .parse::<usize>()
            .map_err(|_| format!("'{t}' is not a whole number: expected N or N,M"))
    };
    match text.split_once(',') {
        Some((a, b)) => Ok([number(a)?, number(b)?]),
        None => number(text).map(|n| [n, n]),
    }
}

pub fn run_padding(args: PaddingArgs) -> anyhow::Result<()> {
    let given = [args.size, args.kernel, args.padding, args.stride];
    let extra = given.iter().any(Option::is_some).then(|| Case {
        input: args.size.unwrap_or([8, 8]),
        kernel: args.kernel.unwrap_or([3, 3]),
        padding: args.padding.unwrap_or([0, 0]),
        stride: args.stride.unwrap_or([1, 1]),
    });
    if let Some(case) = &extra {
        case.check()?; // before any work
    }
    let device = args.report.device()?;
    let steps = padding::walkthrough(extra, &device)?;
    print_walkthrough("padding", &steps, args.report.json)
}

/// Walk through d2l-zh 6.4 (多输入多输出通道): channels in, channels out, 1 x 1 convolutions.
#[derive(Debug, Args)]
pub struct ChannelsArgs {
    #[command(flatten)]
    pub run: RunFlags,
}

pub fn run_channels(args: ChannelsArgs) -> anyhow::Result<()> {
    let device = args.run.device()?;
    let steps = channels::walkthrough(args.run.seed, &device)?;
    print_walkthrough("channels", &steps, args.run.json())
}

/// Walk through d2l-zh 6.5 (汇聚层): max and average pooling by hand and with burn's layers.
#[derive(Debug, Args)]
pub struct PoolingArgs {
    #[command(flatten)]
    pub report: ReportFlags,
}

pub fn run_pooling(args: PoolingArgs) -> anyhow::Result<()> {
    let steps = pooling::walkthrough(&args.report.device()?)?;
    print_walkthrough("pooling", &steps, args.report.json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_takes_one_or_two_numbers() {
        assert_eq!(pair("3"), Ok([3, 3]));
        assert_eq!(pair("3,5"), Ok([3, 5]));
        assert!(pair("3x5").unwrap_err().contains("'3x5'"));
        assert!(pair("-1").is_err());
    }

    #[test]
    fn iterations_are_bounded() {
        assert!(iterations("0").is_err() && iterations("10001").is_err());
        assert_eq!(iterations("10000"), Ok(10_000));
    }
}
