//! Reading script text from disk or from the built-in library, with the
//! limits that keep a bad file from hurting: at most 1 MiB, UTF-8 only.
//! This is the parse step only: `timeline::load_*` adds compiling and the
//! session-length limit, and is what the app and the CLI call.

use std::path::Path;

use super::builtin;
use super::diagnostic::{Diagnostic, Report};
use super::model::Script;
use super::parse;

/// Largest script file accepted.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A script that parsed, with any warnings (missing audio files, …).
#[derive(Debug, Clone)]
pub struct Parsed {
    pub script: Script,
    pub report: Report,
}

/// Parses and validates a script file. On failure the report holds every
/// error found, each with its place in the file.
pub fn parse_file(path: &Path) -> Result<Parsed, Report> {
    let name = path.display().to_string();
    let fail = |message: String, help: &str| {
        let mut r = Report::new(&name, "");
        r.diagnostics.push(Diagnostic::error(message, None, "").with_help(help));
        r
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(format!("cannot read `{name}`: {}", io_reason(&e)), "check the path and that the file exists")
    })?;
    if meta.is_dir() {
        return Err(fail(format!("`{name}` is a folder, not a script file"), "name a .toml file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            format!("`{name}` is {} KiB; scripts are limited to 1 MiB", meta.len() / 1024),
            "a session script is plain text and is rarely over 50 KiB: is this the right file?",
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read `{name}`: {}", io_reason(&e)), "check the file's permissions"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        fail(
            format!("`{name}` is not UTF-8 text (bad byte at offset {offset})"),
            "save the script as UTF-8 in your editor",
        )
    })?;
    parse_str(&name, &text, path.parent())
}

/// Parses script text. `base_dir` is the folder relative audio paths resolve
/// against, or `None` for built-ins.
pub fn parse_str(name: &str, text: &str, base_dir: Option<&Path>) -> Result<Parsed, Report> {
    let mut report = Report::new(name, text);
    let base_dir = base_dir.map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d });
    match parse::parse(&mut report, base_dir) {
        Some(script) => Ok(Parsed { script, report }),
        None => Err(report),
    }
}

/// Parses `builtin:NAME` or a file path.
pub fn parse_any(spec: &str) -> Result<Parsed, Report> {
    match spec.strip_prefix("builtin:") {
        Some(name) => builtin::parse(name),
        None => parse_file(Path::new(spec)),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
