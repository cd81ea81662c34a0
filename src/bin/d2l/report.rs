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
