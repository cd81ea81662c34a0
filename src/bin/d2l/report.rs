//! The `--json` line: one object whose first field names the chapter.

use serde::Serialize;

/// Prints `{"chapter": chapter, ...fields of report}` on one line.
pub fn print_json(chapter: &str, report: &impl Serialize) -> anyhow::Result<()> {
    let mut object = serde_json::Map::new();
    object.insert("chapter".into(), chapter.into());
    match serde_json::to_value(report)? {
        serde_json::Value::Object(fields) => object.extend(fields),
        other => anyhow::bail!("report for {chapter} is not an object: {other}"),
    }
    println!("{}", serde_json::Value::Object(object));
    Ok(())
}

/// Prints a section's steps as `d2l tensor` does: a `== 2.1.1` heading when the subsection
/// changes, then the PyTorch line as a comment, the burn code, and the value.
pub fn print_steps(steps: &[d2l::chapters::walkthrough::Step]) {
    let mut section = "";
    for step in steps {
        if step.section != section {
            section = step.section;
            println!("== {section}");
        }
        println!("# {}\n{}\n{}\n", step.caption, step.code, step.value);
    }
}

/// A walkthrough command's whole output: its steps, then with `json` one line
/// `{"chapter": chapter, "steps": [...]}`.
pub fn print_walkthrough(
    chapter: &str,
    steps: &[d2l::chapters::walkthrough::Step],
    json: bool,
) -> anyhow::Result<()> {
    print_steps(steps);
    if json {
        print_json(chapter, &serde_json::json!({ "steps": steps }))?;
    }
    Ok(())
}
