//! What a walkthrough command prints: one [`Step`] per example of a section (its subsection,
//! caption, code and value), and [`show`], which prints a tensor as numpy does. Used by every
//! walkthrough (2.1, 2.3, 2.5, 5.x, 6.2-6.5); not a section itself.

use std::borrow::Cow;

use burn::tensor::{DType, TensorData};

/// One example of the section: what it shows, the Rust that computes it, and the result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Step {
    /// The book's subsection, e.g. "2.1.1".
    pub section: &'static str,
    /// What this step shows (text of the book's, or with the run's own values in it).
    pub caption: Cow<'static, str>,
    /// The burn code.
    pub code: Cow<'static, str>,
    /// The result, printed like numpy.
    pub value: String,
}

/// Formats a tensor as nested lists, numpy-style: `[[0, 1], [2, 3]]`.
pub fn show(data: &TensorData) -> String {
    let items: Vec<String> = match data.dtype() {
        DType::Bool(_) => data.iter::<bool>().map(|b| b.to_string()).collect(),
        dtype if dtype.is_float() => data.iter::<f64>().map(format_float).collect(),
        _ => data.iter::<i64>().map(|v| v.to_string()).collect(),
    };
    nest(&items, data.shape(), 1)
}

/// Four significant decimals at most, and "1." for whole numbers as numpy prints them.
fn format_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}.")
    } else {
        let text = format!("{v:.4}");
        text.trim_end_matches('0').to_string()
    }
}

/// `depth` is the column where this level's rows start, so that they line up as in numpy.
fn nest(items: &[String], shape: &[usize], depth: usize) -> String {
    match shape {
        [] => items.first().cloned().unwrap_or_default(),
        [_] => format!("[{}]", items.join(", ")),
        [first, rest @ ..] => {
            let chunk = rest.iter().product::<usize>().max(1);
            let rows: Vec<String> = (0..*first)
                .map(|i| nest(&items[i * chunk..(i + 1) * chunk], rest, depth + 1))
                .collect();
            // numpy separates blocks of rank 2 and more by an empty line.
            let gap = if rest.len() >= 2 { "\n" } else { "" };
            format!("[{}]", rows.join(&format!(",\n{gap}{}", " ".repeat(depth))))
        }
    }
}

/// A [`Step`] whose value is a tensor's data, printed with [`show`].
pub fn step(
    section: &'static str,
    caption: &'static str,
    code: &'static str,
    data: TensorData,
) -> Step {
    Step {
        section,
        caption: Cow::Borrowed(caption),
        code: Cow::Borrowed(code),
        value: show(&data),
    }
}

/// Runs a tensor expression, records it as a [`Step`] of `steps` (its source text as the code,
/// its value printed with [`show`]) and gives the tensor back: the code a walkthrough prints is
/// the code that ran, never a copy that could drift from it.
///
/// `let x = shown!(steps, "2.1.1", "torch.arange(12)", Tensor::<1, Int>::arange(0..12, &device));`
#[macro_export]
macro_rules! shown {
    ($steps:expr, $section:expr, $caption:expr, $value:expr $(,)?) => {{
        let value = $value;
        $steps.push($crate::chapters::walkthrough::step(
            $section,
            $caption,
            stringify!($value),
            value.to_data(),
        ));
        value
    }};
}

#[cfg(test)]
mod tests {
    use burn::tensor::{Int, Tensor};

    use crate::device::cpu;

    #[test]
    fn a_shown_step_prints_the_code_that_ran_and_its_value() {
        let device = cpu();
        let mut steps = Vec::new();
        let x = shown!(
            steps,
            "2.1.1",
            "arange",
            Tensor::<1, Int>::arange(0..3, &device)
        );
        assert_eq!(x.dims(), [3]);
        assert_eq!(steps[0].code, "Tensor::<1, Int>::arange(0..3, &device)");
        assert_eq!(steps[0].value, "[0, 1, 2]");
    }
}
