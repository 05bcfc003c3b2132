//! Every word a person reads comes from the message catalogs: a string literal in the terminal
//! app's views or the command line's text output that reads like words (two words or more, or
//! any CJK) must go through `tr!`. What may stay: message IDs, codes, IDs, symbols, format
//! strings of placeholders, log lines and panics (not shown to a person as text), JSON keys.

use std::path::{Path, PathBuf};

/// The scanned places: the terminal app (its views, and the notices and texts its update and
/// workers build), the CLI, and the modules whose texts reach a person through them (the
/// workflow's reasons, runbooks, account activity, the region and error catalogs, the record).
const SCANNED: [&str; 7] =
    ["src/tui", "src/cli", "src/attach", "src/runbook", "src/activity", "src/catalog", "src/attempt"];

/// Files not converted yet: named here so what remains is visible; each one leaves this list
/// when its strings are in the catalogs.
const NOT_YET: &[&str] = &[];

/// Literals that read like words but are not prose: protocol text, product names.
const ALLOWED: &[&str] = &[
    // clap's `about`: the English source of `tceni man` and the completions; `--help` takes
    // its words from help.ftl (cli::help).
    "Attach a Tencent Cloud elastic network interface to a CVM instance",
    // The record's diagnostics of a change it refuses: a developer's log line and debug
    // assertion, never shown to an operator.
    "impossible change {change} of an attempt ({state})",
    "outcome {}, step {:?}, send {:?}, task {:?}",
];

/// Macros and calls whose literals are for developers or machines, not for the screen.
const NOT_SHOWN: [&str; 17] = [
    // Text matched, not shown.
    ".starts_with(",
    ".contains(",
    ".ends_with(",
    "debug!(",
    "info!(",
    "warn!(",
    "error!(",
    "trace!(",
    "assert!(",
    "assert_eq!(",
    "assert_ne!(",
    "debug_assert!(",
    "unreachable!(",
    "panic!(",
    ".expect(",
    "tr!(",
    "msgid!(",
];

struct Literal {
    line: usize,
    text: String,
    /// The code just before it (to see which call it is in).
    before: String,
}

/// The string literals of Rust source, outside comments and `#[cfg(test)]` modules.
fn literals(source: &str) -> Vec<Literal> {
    let source = without_test_modules(source);
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut code = String::new();
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => {
                line += 1;
                code.push(c);
                i += 1;
            }
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
                i += 2;
            }
            '\'' => {
                // A char literal ('x', '\n', '"'), or a lifetime ('a) which is code.
                if next == Some('\\') {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    code.push(c);
                    i += 1;
                }
            }
            'r' | 'b' if !prev_is_ident(&chars, i) && (next == Some('"') || next == Some('#')) => {
                // Raw strings: r"…", r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    code.push(c);
                    i += 1;
                    continue;
                }
                let start = j + 1;
                let mut end = start;
                while end < chars.len() {
                    if chars[end] == '"' && (0..hashes).all(|h| chars.get(end + 1 + h) == Some(&'#')) {
                        break;
                    }
                    end += 1;
                }
                let text: String = chars[start..end.min(chars.len())].iter().collect();
                found.push(Literal { line, text: text.clone(), before: tail(&code) });
                line += text.matches('\n').count();
                code.push_str("\"\"");
                i = end + 1 + hashes;
            }
            '"' => {
                let mut j = i + 1;
                let mut text = String::new();
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        text.push(chars[j]);
                        j += 1;
                    }
                    if let Some(&ch) = chars.get(j) {
                        text.push(ch);
                    }
                    j += 1;
                }
                found.push(Literal { line, text: text.clone(), before: tail(&code) });
                line += text.matches('\n').count();
                code.push_str("\"\"");
                i = j + 1;
            }
            _ => {
                code.push(c);
                i += 1;
            }
        }
    }
    found
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// The last stretch of code before a literal: enough to name the call it is in (a log line
/// names its fields first).
fn tail(code: &str) -> String {
    let start = code.char_indices().rev().nth(600).map_or(0, |(at, _)| at);
    code[start..].to_string()
}

/// The source with every `#[cfg(test)] mod … { … }` blanked (its lines kept, for numbering).
fn without_test_modules(source: &str) -> String {
    let mut out = source.to_string();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|a| from + a) {
        from = at + 1;
        let after = out[at + "#[cfg(test)]".len()..].trim_start();
        if !after.starts_with("mod ") {
            continue;
        }
        let Some(open) = out[at..].find('{').map(|o| at + o) else { break };
        let mut depth = 0;
        let mut end = out.len();
        for (k, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let blank: String = out[at..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }).collect();
        out.replace_range(at..end, &blank);
    }
    out
}

/// Inside a call whose text no person reads as a message (a log line, a panic, a lookup's ID).
fn not_shown(before: &str) -> bool {
    // The innermost call still open at the literal.
    let mut depth = 0;
    for (at, c) in before.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth > 0 => depth -= 1,
            '(' => return NOT_SHOWN.iter().any(|call| before[..=at].ends_with(call)),
            _ => {}
        }
    }
    false
}

/// Reads like words: two words of letters (after the `{placeholders}` are taken out), or CJK.
fn reads_like_words(text: &str) -> bool {
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return true;
    }
    // `error: {e}`: one word, but the word a person reads first (cli-error, cli-warning).
    if ["error: ", "warning: "].iter().any(|prefix| text.starts_with(prefix)) {
        return true;
    }
    let mut bare = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ if depth == 0 => bare.push(c),
            _ => {}
        }
    }
    // A word is a whole space-separated token of letters (`ap-guangzhou`, `eni-…` are IDs).
    let words = bare
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",.;:!?()[]'\"…·→".contains(c)))
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\''))
        .count();
    words >= 2
}

/// Files compiled only for tests (`tests.rs`, `*_tests.rs`, the terminal app's `testdata.rs`).
fn test_only(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.ends_with("tests.rs") || name == "testdata.rs"
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && !test_only(&path) {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// (file, line, literal) of every literal that bypasses the catalogs in `relative` files.
fn bypasses(root: &Path, relative: &str) -> Vec<(String, usize, String)> {
    let text = std::fs::read_to_string(root.join(relative)).expect("readable");
    literals(&text)
        .into_iter()
        .filter(|l| reads_like_words(&l.text) && !not_shown(&l.before) && !ALLOWED.contains(&l.text.as_str()))
        .map(|l| (relative.to_string(), l.line, l.text))
        .collect()
}

#[test]
fn no_words_bypass_the_catalogs_in_views_and_cli_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut scanned = 0;
    for folder in SCANNED {
        for path in rust_files(&root.join(folder)) {
            let relative =
                path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            if NOT_YET.contains(&relative.as_str()) {
                continue;
            }
            scanned += 1;
            problems.extend(bypasses(root, &relative));
        }
    }
    assert!(scanned >= 4, "the lint found the folders");
    let report: Vec<String> = problems.iter().map(|(f, l, t)| format!("{f}:{l}: {t:?}")).collect();
    assert!(report.is_empty(), "human text outside the catalogs (use tr!):\n{}", report.join("\n"));
}

#[test]
#[ignore = "prints what is left in the files not converted yet"]
fn what_is_left() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in NOT_YET {
        let left = bypasses(root, file);
        println!("{file}: {}", left.len());
        for (_, line, text) in left {
            println!("  {line}: {text:?}");
        }
    }
}

#[test]
fn the_not_yet_list_names_files_that_exist_and_still_need_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in NOT_YET {
        assert!(root.join(file).exists(), "{file} is gone: take it off NOT_YET");
        assert!(!bypasses(root, file).is_empty(), "{file} is in the catalogs now: take it off NOT_YET");
    }
}

#[test]
fn the_lint_finds_prose_and_lets_the_rest_pass() {
    let source = r##"
        // a comment with words in it
        fn f(x: u8) -> String {
            let label = "no region chosen";
            let fmt = format!(" {} of {} regions", 1, 2);
            let id = tr!("header-no-region");
            let code = "UnsupportedOperation.VpcMismatch";
            let shape = format!(" {key} · {value} ");
            tracing::info!("sent the request {x}");
            let c = '"';
            let raw = r#"a "quoted" raw string"#;
            let zh = "弹性网卡";
            eprintln!("error: {e}");
            x.to_string().expect("the value is there")
        }
        #[cfg(test)]
        mod tests {
            fn g() { let _ = "words in a test"; }
        }
    "##;
    let flagged: Vec<String> = literals(source)
        .into_iter()
        .filter(|l| reads_like_words(&l.text) && !not_shown(&l.before))
        .map(|l| l.text)
        .collect();
    assert_eq!(
        flagged,
        ["no region chosen", " {} of {} regions", "a \"quoted\" raw string", "弹性网卡", "error: {e}"]
    );
}
