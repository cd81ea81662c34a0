//! The notebooks in `notebooks/` are generated from the examples in `examples/`, so that they
//! cannot drift from the code: `cargo test` compiles every example against the library, and this
//! test checks that each notebook's cells are exactly what its example gives today, and that its
//! stored outputs came from executing those very cells (`scripts/notebooks.sh` records a hash of
//! the code it ran in the notebook's metadata).
//!
//! An example becomes a notebook like this: the text before the first `// %%` is dropped;
//! `// %% [markdown]` starts a markdown cell (its `// ` prefixes removed) and `// %%` a code
//! cell; `//: ` marks a line for the evcxr kernel only (`//: :dep d2l = ...`); `fn main` and its
//! final `Ok(())` and `}` are dropped, and its body is dedented, so a cell runs at the top
//! level of the notebook as it runs in the program.
//!
//! After editing an example: `D2L_WRITE_NOTEBOOKS=1 cargo test --release --test integration
//! notebooks` writes the notebooks' cells (without outputs), then `scripts/notebooks.sh` runs them.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha1::{Digest, Sha1};

/// A notebook cell: markdown or code, and its text.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    code: bool,
    source: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cells of an example file, as the module comment describes.
fn cells(example: &str) -> Vec<Cell> {
    let lines: Vec<&str> = example.lines().collect();
    let Some(first) = lines
        .iter()
        .position(|l| l.trim_start().starts_with("// %%"))
    else {
        return Vec::new();
    };
    // The body of `fn main` ends at its last `}`, after an `Ok(())`.
    let main_start = lines.iter().position(|l| l.starts_with("fn main("));
    let main_end = main_start.and_then(|_| lines.iter().rposition(|l| *l == "}"));
    let mut cells: Vec<Cell> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(first) {
        if Some(i) == main_start || Some(i) == main_end {
            continue;
        }
        let in_main = main_start.is_some_and(|s| i > s) && main_end.is_some_and(|e| i < e);
        let line = if in_main {
            line.strip_prefix("    ").unwrap_or(line)
        } else {
            line
        };
        if in_main
            && line.trim() == "Ok(())"
            && lines[i + 1..main_end.unwrap()]
                .iter()
                .all(|l| l.trim().is_empty())
        {
            continue;
        }
        match line.trim_end() {
            "// %% [markdown]" => cells.push(Cell {
                code: false,
                source: String::new(),
            }),
            "// %%" => cells.push(Cell {
                code: true,
                source: String::new(),
            }),
            _ => {
                let cell = cells.last_mut().expect("after the first marker");
                let text = if cell.code {
                    line.strip_prefix("//: ").unwrap_or(line)
                } else {
                    line.strip_prefix("// ")
                        .or_else(|| line.strip_prefix("//"))
                        .unwrap_or(line)
                };
                cell.source.push_str(text);
                cell.source.push('\n');
            }
        }
    }
    for cell in &mut cells {
        cell.source = cell.source.trim_matches('\n').to_string();
    }
    cells.retain(|c| !c.source.is_empty());
    cells
}

/// The notebook an example names in its module comment (`notebooks/<name>.ipynb`).
fn notebook_of(example: &str) -> Option<String> {
    let doc: String = example
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join(" ");
    let start = doc.find("notebooks/")?;
    let end = doc[start..].find(".ipynb")? + start + ".ipynb".len();
    Some(doc[start..end].to_string())
}

/// The hash `scripts/notebooks.sh` records: sha1 of the code cells joined by "\n\0\n".
fn code_hash(cells: &[Cell]) -> String {
    let joined = cells
        .iter()
        .filter(|c| c.code)
        .map(|c| c.source.as_str())
        .collect::<Vec<_>>()
        .join("\n\0\n");
    Sha1::digest(joined.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every example, with its text and the path of the notebook it names.
fn examples() -> Vec<(PathBuf, String, PathBuf)> {
    let mut found: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let notebook = notebook_of(&text).unwrap_or_else(|| {
                panic!(
                    "{}: its module comment should name its notebook (notebooks/NAME.ipynb)",
                    path.display()
                )
            });
            (path, text, root().join(notebook))
        })
        .collect();
    found.sort();
    found
}

/// The cells of a stored notebook.
fn stored_cells(notebook: &Value) -> Vec<Cell> {
    notebook["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| Cell {
            code: c["cell_type"] == "code",
            source: match &c["source"] {
                Value::Array(lines) => lines.iter().map(|l| l.as_str().unwrap()).collect(),
                other => other.as_str().unwrap().to_string(),
            },
        })
        .collect()
}

/// Whether an example trains a model (then its speed depends on the burn it is built with).
fn trains(example: &str) -> bool {
    [
        "train_ch3(",
        "train_ch11(",
        "train_concise_ch11(",
        "train_regression(",
        "lr_scheduler::",
        "weight_decay::",
        "polynomial::",
        "linear_regression::scratch",
        "concise::train(",
        "fit(",
        "CnnConfig::quick::<",
    ]
    .iter()
    .any(|call| example.contains(call))
}

/// A fresh notebook of `cells` without outputs, for the evcxr kernel.
fn fresh_notebook(source: &Path, cells: &[Cell]) -> Value {
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let lines: Vec<String> = c.source.split_inclusive('\n').map(str::to_string).collect();
            if c.code {
                json!({"cell_type": "code", "execution_count": null, "id": format!("c{i}"),
                       "metadata": {}, "outputs": [], "source": lines})
            } else {
                json!({"cell_type": "markdown", "id": format!("c{i}"), "metadata": {},
                       "source": lines})
            }
        })
        .collect();
    let relative = source.strip_prefix(root()).unwrap_or(source);
    json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Rust", "language": "rust", "name": "rust"},
            "language_info": {"codemirror_mode": "rust", "file_extension": ".rs",
                              "mimetype": "text/rust", "name": "Rust", "pygment_lexer": "rust",
                              "version": ""},
            "d2l": {"source": relative.display().to_string(), "executed_code_sha1": null}
        },
        "nbformat": 4,
        "nbformat_minor": 5
    })
}

#[test]
fn every_notebook_is_its_example_and_was_executed_from_it() {
    let write = std::env::var_os("D2L_WRITE_NOTEBOOKS").is_some_and(|v| v == "1");
    let examples = examples();
    assert!(
        !examples.is_empty(),
        "examples/ should have notebook sources"
    );
    for (source, text, notebook_path) in &examples {
        let cells = cells(text);
        assert!(
            cells.iter().any(|c| c.code) && cells.iter().any(|c| !c.code),
            "{}",
            source.display()
        );
        // evcxr forgets the variables when a `:dep` comes later: all of them go first.
        let mut code = cells.iter().filter(|c| c.code);
        assert!(
            code.next()
                .is_some_and(|c| c.source.starts_with(":dep d2l")),
            "{}: the first code cell starts with the `:dep d2l` line",
            source.display()
        );
        assert!(
            code.all(|c| !c.source.lines().any(|l| l.starts_with(":dep"))),
            "{}: a `:dep` after the first code cell",
            source.display()
        );
        let stored: Option<Value> = std::fs::read_to_string(notebook_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        if write {
            // Only a notebook whose cells changed is rewritten (and loses its outputs).
            if stored.as_ref().is_some_and(|nb| stored_cells(nb) == cells) {
                continue;
            }
            let notebook = fresh_notebook(source, &cells);
            let text = serde_json::to_string_pretty(&notebook).unwrap() + "\n";
            std::fs::write(notebook_path, text).unwrap();
            continue;
        }
        let stored: Value =
            serde_json::from_str(&std::fs::read_to_string(notebook_path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; write it with D2L_WRITE_NOTEBOOKS=1",
                    notebook_path.display()
                )
            }))
            .unwrap();
        assert_eq!(
            stored_cells(&stored),
            cells,
            "{} differs from {}: regenerate it (D2L_WRITE_NOTEBOOKS=1) and run scripts/notebooks.sh",
            notebook_path.display(),
            source.display()
        );
        assert_eq!(
            stored["metadata"]["d2l"]["executed_code_sha1"].as_str(),
            Some(code_hash(&cells).as_str()),
            "{}: its outputs are not from its current code; run scripts/notebooks.sh",
            notebook_path.display()
        );
        let outputs = stored["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["cell_type"] == "code")
            .map(|c| c["outputs"].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        assert!(
            outputs > 0,
            "{}: no stored outputs",
            notebook_path.display()
        );
        // evcxr shows the value of a cell's last expression; a cell that ends with a loop or a
        // block shows `()`, which tells a reader nothing.
        let unit = stored["cells"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["outputs"].as_array().cloned().unwrap_or_default())
            .any(|o| {
                let text = &o["data"]["text/plain"];
                text == &serde_json::json!(["()"]) || text == "()"
            });
        assert!(
            !unit,
            "{}: a cell shows `()`; end it with a statement (e.g. collect the lines and print \
             them once) in {}",
            notebook_path.display(),
            source.display()
        );
    }
    // Every notebook that trains says first which burn it ran on, and it ran on the patched one.
    let mut training = 0;
    for (source, text, notebook_path) in &examples {
        if !trains(text) {
            continue;
        }
        training += 1;
        let main_body = text
            .split("fn main() -> d2l::Result<()> {\n")
            .nth(1)
            .unwrap_or("");
        let first = main_body
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("//"));
        assert_eq!(
            first,
            Some("println!(\"{}\", d2l::device::engine());"),
            "{}: a notebook that trains prints d2l::device::engine() first",
            source.display()
        );
        let stored: Value =
            serde_json::from_str(&std::fs::read_to_string(notebook_path).unwrap()).unwrap();
        let first_output = stored["cells"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["outputs"].as_array().cloned().unwrap_or_default())
            .find_map(|o| o["text"].as_array().and_then(|t| t.first()).cloned())
            .and_then(|t| t.as_str().map(str::to_string))
            .unwrap_or_default();
        assert!(
            first_output.starts_with("burn engine: patched (d2l-rs)"),
            "{}: its outputs came from {first_output:?}; run scripts/notebooks.sh, which builds \
             with the patches",
            notebook_path.display()
        );
    }
    assert!(training >= 24, "{training} training notebooks");
    // No notebook without its source.
    for entry in std::fs::read_dir(root().join("notebooks")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ipynb") {
            assert!(
                examples.iter().any(|(_, _, nb)| nb == &path),
                "{} has no example in examples/",
                path.display()
            );
        }
    }
}

#[test]
fn cells_follow_the_markers() {
    let example = "//! notebooks/x.ipynb\nuse a;\n// %% [markdown]\n// # Title\n//\n// text\n\n// %%\n//: :dep d2l = { path = \"..\" }\nuse d2l::x;\n\nfn main() -> d2l::Result<()> {\n    // %%\n    let a = 1;\n    if a > 0 {\n        println!(\"{a}\");\n    }\n\n    Ok(())\n}\n";
    let cells = cells(example);
    assert_eq!(notebook_of(example).as_deref(), Some("notebooks/x.ipynb"));
    assert_eq!(
        cells,
        [
            Cell {
                code: false,
                source: "# Title\n\ntext".into()
            },
            Cell {
                code: true,
                source: ":dep d2l = { path = \"..\" }\nuse d2l::x;".into()
            },
            Cell {
                code: true,
                source: "let a = 1;\nif a > 0 {\n    println!(\"{a}\");\n}".into()
            },
        ]
    );
}
