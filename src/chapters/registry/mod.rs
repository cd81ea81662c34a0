//! The chapter registry: every section that has a command, in the book's order, and every
//! notebook with the example it is generated from.
//!
//! `d2l list` prints it, the binary's tests parse every command in it, and the tables of the
//! README (chapters, notebooks, and the Chinese list of notebooks) and of the crate
//! documentation are written from it: `D2L_WRITE_TABLES=1 cargo test --release --lib registry`
//! rewrites them, and the same test without the variable fails when one differs. A section
//! names its notebook, or says why it has none.

mod notebooks;
mod optimization;
mod sections;

use std::sync::LazyLock;

pub use notebooks::NOTEBOOKS;

/// Every section with a command, in the book's order: chapters 2-7, then chapter 11 (each
/// chapter's list in its own file).
pub static SECTIONS: LazyLock<Vec<Section>> =
    LazyLock::new(|| [sections::BASICS, optimization::OPTIMIZATION].concat());

/// One section of d2l-zh and how to run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// The section number in d2l-zh (`"3.6"`), or the chapter (`"3"`) for our own extras.
    pub section: &'static str,
    /// The command line that runs it, starting with `d2l`.
    pub command: &'static str,
    /// The section's title in d2l-zh, or a short Chinese name for our extras.
    pub zh: &'static str,
    /// What it shows, in English.
    pub en: &'static str,
    /// Where its code is, as a path from the crate root.
    pub module: &'static str,
    /// The notebook that walks through it.
    pub notebook: Notebook,
}

/// A section's notebook (a file in `notebooks/`, listed in [`NOTEBOOKS`]), or why it has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notebook {
    /// The file name in `notebooks/`.
    At(&'static str),
    /// Why the section has no notebook of its own.
    None(&'static str),
}

/// One notebook of `notebooks/` and the program in `examples/` it is generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotebookFile {
    /// The file name in `notebooks/`.
    pub file: &'static str,
    /// The example's name (`examples/<example>.rs`, `cargo run --example <example>`).
    pub example: &'static str,
    /// The section number in d2l-zh, or the chapter for our extras.
    pub section: &'static str,
    /// The section's title in d2l-zh.
    pub zh: &'static str,
    /// What it walks through, in English.
    pub covers: &'static str,
}

/// The table of the README's "Chapters" section.
pub fn markdown_table() -> String {
    let mut table = String::from("| d2l-zh | command | 中文 | what |\n| --- | --- | --- | --- |\n");
    for s in SECTIONS.iter() {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            s.section, s.command, s.zh, s.en
        ));
    }
    table
}

/// The table of the README's "Notebooks" section.
pub fn notebook_table() -> String {
    let mut table = String::from("| notebook | example | what it covers |\n| --- | --- | --- |\n");
    for n in NOTEBOOKS {
        table.push_str(&format!(
            "| `{}` | `{}.rs` | {} |\n",
            n.file, n.example, n.covers
        ));
    }
    table
}

/// The README's Chinese line listing the notebooks: `2.1(数据操作)、...`.
pub fn notebook_list_zh() -> String {
    let items: Vec<String> = NOTEBOOKS
        .iter()
        .map(|n| format!("{}({})", n.section, n.zh))
        .collect();
    format!("- 笔记本({} 个):{}。\n", NOTEBOOKS.len(), items.join("、"))
}

/// The table at the top of the crate documentation (`src/lib.rs`), each line behind `//! `.
pub fn rustdoc_table() -> String {
    let mut table = String::from("//! | d2l-zh | module | command |\n//! | --- | --- | --- |\n");
    for s in SECTIONS.iter() {
        table.push_str(&format!(
            "//! | {} {} | [`{}`] | `{}` |\n",
            s.section, s.zh, s.module, s.command
        ));
    }
    table
}

/// The lines `d2l list` prints.
pub fn list_lines() -> Vec<String> {
    SECTIONS
        .iter()
        .map(|s| format!("{:<5} {:<62} {} {}", s.section, s.command, s.zh, s.en))
        .collect()
}

/// `text` with what lies between the line `begin` and the line `end` replaced by `body`, or
/// `None` when the markers are missing.
pub fn replace_between(text: &str, begin: &str, end: &str, body: &str) -> Option<String> {
    let start = text.find(begin)? + begin.len();
    let start = start + text[start..].find('\n')? + 1;
    let stop = start + text[start..].find(end)?;
    Some(format!("{}{}{}", &text[..start], body, &text[stop..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated parts of README.md and src/lib.rs: (file, begin marker, end marker, body).
    fn generated() -> Vec<(&'static str, &'static str, &'static str, String)> {
        vec![
            (
                "README.md",
                "<!-- registry: chapters -->",
                "<!-- /registry -->",
                markdown_table(),
            ),
            (
                "README.md",
                "<!-- registry: notebooks -->",
                "<!-- /registry -->",
                notebook_table(),
            ),
            (
                "README.md",
                "<!-- registry: notebooks-zh -->",
                "<!-- /registry -->",
                notebook_list_zh(),
            ),
            (
                "src/lib.rs",
                "//! <!-- registry: chapters -->",
                "//! <!-- /registry -->",
                rustdoc_table(),
            ),
        ]
    }

    #[test]
    fn the_readme_and_the_crate_docs_show_the_registry() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let write = std::env::var_os("D2L_WRITE_TABLES").is_some();
        for (file, begin, end, body) in generated() {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            let fresh = replace_between(&text, begin, end, &body)
                .unwrap_or_else(|| panic!("{file} lacks the lines {begin} ... {end}"));
            if write && fresh != text {
                std::fs::write(&path, &fresh).unwrap();
            } else {
                assert!(
                    fresh == text,
                    "{file}'s {begin} differs from the registry: run \
                     D2L_WRITE_TABLES=1 cargo test --release --lib registry"
                );
            }
        }
    }

    #[test]
    fn every_notebook_and_example_is_registered_and_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for n in NOTEBOOKS {
            assert!(root.join("notebooks").join(n.file).is_file(), "{}", n.file);
            let example = root.join("examples").join(format!("{}.rs", n.example));
            assert!(example.is_file(), "{}: no {}", n.file, example.display());
        }
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join("notebooks"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ipynb"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = NOTEBOOKS.iter().map(|n| n.file.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "notebooks/ and NOTEBOOKS differ");
        for s in SECTIONS.iter() {
            match s.notebook {
                Notebook::At(file) => assert!(
                    NOTEBOOKS.iter().any(|n| n.file == file),
                    "{}: {file} is not in NOTEBOOKS",
                    s.command
                ),
                Notebook::None(why) => assert!(why.len() > 20, "{}: say why", s.command),
            }
        }
        for n in NOTEBOOKS {
            assert!(
                SECTIONS.iter().any(|s| s.notebook == Notebook::At(n.file)),
                "{} belongs to no section",
                n.file
            );
        }
    }

    #[test]
    fn sections_are_in_the_books_order_and_commands_are_unique() {
        let number = |s: &Section| -> Vec<u32> {
            s.section.split('.').map(|p| p.parse().unwrap()).collect()
        };
        for pair in SECTIONS.windows(2) {
            let (a, b) = (number(&pair[0]), number(&pair[1]));
            // A chapter-level extra ("3") comes after that chapter's numbered sections.
            assert!(a[0] <= b[0], "{pair:?}");
            if a[0] == b[0] && a.len() == 2 && b.len() == 2 {
                assert!(a[1] <= b[1], "{pair:?}");
            }
        }
        let mut commands: Vec<&str> = SECTIONS.iter().map(|s| s.command).collect();
        commands.sort();
        commands.dedup();
        assert_eq!(commands.len(), SECTIONS.len());
        assert!(SECTIONS.iter().all(|s| s.command.starts_with("d2l ")));
    }
}
