//! tceni: attach a Tencent Cloud elastic network interface to a CVM instance.
//!
//! The README's "How it is built" lists which module names which; a test below derives that list
//! from the source, so the two cannot drift. `cli` puts a run together and nothing depends on it;
//! `auth`, `i18n`, `local_file` and `paths` are leaves; `api` knows nothing of `credentials`.

pub mod activity;
pub mod api;
pub mod attach;
pub mod attempt;
pub mod auth;
pub mod blocking;
pub mod catalog;
pub mod cli;
pub(crate) mod config;
pub mod credentials;
pub mod history;
pub mod i18n;
pub(crate) mod local_file;
pub mod logging;
pub mod paths;
pub mod plan;
pub mod runbook;
pub mod sandbox;
pub mod tui;

/// The README's dependency list is the code's: each top-level module's product files (tests and
/// fixtures left out) name exactly the modules the list gives it, and nothing depends on itself
/// through another module.
#[cfg(test)]
mod dependencies {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    type Graph = BTreeMap<String, BTreeSet<String>>;

    fn files(path: &Path, out: &mut Vec<PathBuf>) {
        if path.is_dir() {
            for entry in std::fs::read_dir(path).unwrap() {
                files(&entry.unwrap().path(), out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_name().unwrap().to_string_lossy();
            if name != "tests.rs" && !name.ends_with("_tests.rs") && name != "testdata.rs" {
                out.push(path.to_path_buf());
            }
        }
    }

    /// Product code only: comment lines and an inline `#[cfg(test)] mod … {` (always last) left out.
    fn product_text(path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        let tests = text
            .match_indices("#[cfg(test)]\nmod ")
            .map(|(at, _)| at)
            .find(|at| text[*at..].lines().nth(1).is_some_and(|line| line.trim_end().ends_with('{')));
        let text = &text[..tests.unwrap_or(text.len())];
        text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
    }

    /// Which top-level modules each top-level module names (`crate::x`; `tr!` is `i18n`'s).
    fn graph() -> Graph {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut tops: Vec<(String, PathBuf)> = Vec::new();
        for entry in std::fs::read_dir(&src).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if !["lib", "main"].contains(&name.as_str()) {
                tops.push((name, path));
            }
        }
        let names: BTreeSet<&str> = tops.iter().map(|(n, _)| n.as_str()).collect();
        let mut graph = Graph::new();
        for (name, path) in &tops {
            let mut paths = Vec::new();
            files(path, &mut paths);
            let used = graph.entry(name.clone()).or_default();
            for file in paths {
                let text = product_text(&file);
                for (at, _) in text.match_indices("crate::") {
                    let rest = &text[at + "crate::".len()..];
                    let module: String =
                        rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if module != *name && names.contains(module.as_str()) {
                        used.insert(module);
                    }
                }
                if name != "i18n" && text.contains(concat!("tr", "!(")) {
                    used.insert("i18n".into());
                }
            }
        }
        graph
    }

    fn listing(graph: &Graph) -> String {
        let lines: Vec<String> = graph
            .iter()
            .map(|(module, used)| {
                let used: Vec<&str> = used.iter().map(String::as_str).collect();
                let used = if used.is_empty() { "(nothing: a leaf)".to_string() } else { used.join(", ") };
                format!("{module:<11} → {used}")
            })
            .collect();
        format!("```text\n{}\n```\n", lines.join("\n"))
    }

    #[test]
    fn the_readme_lists_each_modules_dependencies_as_the_code_has_them() {
        let listing = listing(&graph());
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        assert!(
            readme.contains(&listing),
            "the README's dependency list is not the code's; it is:\n{listing}"
        );
    }

    #[test]
    fn no_module_depends_on_itself_through_another() {
        let graph = graph();
        for start in graph.keys() {
            let mut seen = BTreeSet::new();
            let mut next: Vec<&String> = graph[start].iter().collect();
            while let Some(module) = next.pop() {
                assert_ne!(module, start, "{start} depends on itself through another module");
                if seen.insert(module) {
                    next.extend(graph.get(module).into_iter().flatten());
                }
            }
        }
    }
}
