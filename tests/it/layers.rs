//! The layer order of `src/`, checked: a module may use only modules of a
//! lower layer (and itself). This reads every source file and fails on a
//! `crate::`, `respite::` or `super::super` path that reaches up or sideways,
//! so the order in docs/architecture.md cannot quietly rot.

use std::path::{Path, PathBuf};

/// Top-level modules and their layer, lowest first. Modules on the same
/// layer may not use each other.
const LAYERS: &[(&str, u8)] = &[
    ("time", 0),
    ("files", 0),
    ("script", 1),
    ("timeline", 2),
    ("journal", 2),
    ("audio", 3),
    // Courses read the journal to say what is next; nothing below uses them.
    ("course", 3),
    ("player", 4),
    ("app", 5),
    ("ui", 6),
    ("cli", 6),
    // The binary's window: it opens the UI when the CLI asks for it.
    ("window", 7),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The module path of a source file: `src/ui/pages/setup.rs` → ["ui", "pages", "setup"].
fn module_path(file: &Path, src: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (so prose may name any module).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The top-level modules a piece of code names: after `crate::` or
/// `respite::` (including each name in a `{…}` group), and where a chain of
/// `super::` climbs out of the file's own top-level module.
fn reached(code: &str, module: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for root in ["crate::", "respite::"] {
        for (i, _) in code.match_indices(root) {
            let before = code[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            out.extend(names_after(&code[i + root.len()..]));
        }
    }
    for (i, _) in code.match_indices("super::") {
        if code[..i].ends_with("super::") || code[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let rest = &code[i..];
        let ups = (0..).take_while(|k| rest.get(k * 7..).is_some_and(|r| r.starts_with("super::"))).count();
        // A file's own path minus `ups` levels; reaching the crate root means
        // the next name is a top-level module.
        if ups >= module.len() {
            out.extend(names_after(&rest[ups * 7..]));
        }
    }
    out
}

/// The first path segment(s) of `rest`: one name, or each name of a group.
fn names_after(rest: &str) -> Vec<String> {
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    if let Some(group) = rest.strip_prefix('{') {
        let mut names = Vec::new();
        let mut depth = 0;
        let mut at_start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => at_start = true,
                c if c.is_whitespace() => {}
                _ if at_start && depth == 0 => {
                    names.push(word(&group[i..]));
                    at_start = false;
                }
                _ => {}
            }
        }
        names
    } else {
        vec![word(rest)]
    }
}

/// Every use of a module that is not on a lower layer than the user.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let module = module_path(&file, src);
        let Some(own) = module.first().filter(|m| !matches!(m.as_str(), "lib" | "main")) else { continue };
        let own_layer = layer(own).unwrap_or_else(|| panic!("{} is in no layer: add it to LAYERS", file.display()));
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        for target in reached(&code(&text), &module) {
            if target == *own || target.is_empty() || matches!(target.as_str(), "self" | "super") {
                continue;
            }
            match layer(&target) {
                Some(l) if l < own_layer => {}
                Some(_) => found.push(format!("{}: `{own}` (layer {own_layer}) uses `{target}`", file.display())),
                None => {}
            }
        }
    }
    found
}

#[test]
fn no_module_uses_a_module_above_or_beside_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(found.is_empty(), "modules reach up or sideways (see docs/architecture.md):\n{}", found.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let name = entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned();
        if !matches!(name.as_str(), "lib" | "main") {
            assert!(layer(&name).is_some(), "src/{name} has no layer in LAYERS");
        }
    }
}

#[test]
fn the_check_sees_upward_paths_in_every_form() {
    let ui_file = ["ui".to_string(), "pages".to_string(), "setup".to_string()];
    assert_eq!(reached("use crate::app::Places;", &ui_file), ["app"]);
    assert_eq!(reached("use crate::{audio::Bus, player::Now};", &ui_file), ["audio", "player"]);
    assert_eq!(reached("use respite::ui::App;", &["cli".into()]), ["ui"]);
    assert_eq!(reached("super::super::super::cli::run()", &ui_file), ["cli"]);
    assert!(reached("super::super::widgets::orb()", &ui_file).is_empty(), "stays inside ui");
    assert!(reached("my_crate::ui", &ui_file).is_empty());
    // An upward use in a scratch tree is reported.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("script")).unwrap();
    std::fs::write(dir.path().join("script/parse.rs"), "use crate::timeline::compile; // up\n").unwrap();
    std::fs::write(dir.path().join("time.rs"), "// crate::ui in a comment is fine\n").unwrap();
    assert_eq!(violations(dir.path()).len(), 1, "{:?}", violations(dir.path()));
}
