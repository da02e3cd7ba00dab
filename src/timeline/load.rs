//! Loading a session: parse, compile, then the limits that need the
//! compiled length (at most 12 hours). The parser knows nothing of the
//! compiler; this is the one place that sees both, and what the app and the
//! CLI call.

use std::ops::Range;
use std::path::Path;

use super::{CompileOptions, Micros, compile};
use crate::script::{self, Diagnostic, Parsed, Report, Script};

/// Longest session, at normal tempo.
pub const MAX_SESSION: Micros = Micros::from_secs(12 * 3600);

/// A script that loaded and is within the limits, with any warnings
/// (missing audio files, an empty session, …).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub script: Script,
    pub report: Report,
}

/// Loads and checks a script file. On failure the report holds every
/// error found, each with its place in the file.
pub fn load_file(path: &Path) -> Result<Loaded, Report> {
    checked(script::parse_file(path)?)
}

/// Loads script text. `base_dir` is the folder relative audio paths resolve
/// against, or `None` for built-ins.
pub fn load_str(name: &str, text: &str, base_dir: Option<&Path>) -> Result<Loaded, Report> {
    checked(script::parse_str(name, text, base_dir)?)
}

/// Loads the built-in session `name`.
pub fn load_builtin(name: &str) -> Result<Loaded, Report> {
    checked(script::builtin::parse(name)?)
}

/// Loads `builtin:NAME` or a file path.
pub fn load_any(spec: &str) -> Result<Loaded, Report> {
    checked(script::parse_any(spec)?)
}

/// Compiles at the default options and applies the length limits.
fn checked(parsed: Parsed) -> Result<Loaded, Report> {
    let Parsed { script, mut report } = parsed;
    let length = compile(&script, &CompileOptions::default()).duration;
    if length > MAX_SESSION {
        let span = steps_span(&report.source, &script);
        report.diagnostics.push(
            Diagnostic::error(
                format!("the session lasts {}, longer than the 12-hour limit", length.clock()),
                span,
                "these steps add up to more than 12 hours",
            )
            .with_help("shorten pauses, or use fewer cycles or minutes"),
        );
        return Err(report);
    }
    if length == Micros::ZERO {
        report.diagnostics.push(Diagnostic::warning("the session is empty: its steps add up to no time", None, ""));
    }
    Ok(Loaded { script, report })
}

/// The line where the steps begin (the first `[[step]]`), for a problem
/// with the steps as a whole.
fn steps_span(source: &str, script: &Script) -> Option<Range<usize>> {
    let line = script.steps.first()?.line;
    let start = source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let end = source[start..].find('\n').map_or(source.len(), |n| start + n);
    Some(start..end)
}

/// Built-ins loaded and compiled, for the unit tests of every layer above.
#[cfg(test)]
pub(crate) mod testing {
    use super::{CompileOptions, Script, compile, load_builtin};
    use crate::timeline::Timeline;

    /// The built-in session `name`, loaded and checked.
    pub fn builtin_script(name: &str) -> Script {
        load_builtin(name).unwrap_or_else(|r| panic!("builtin:{name} loads: {:?}", r.summary())).script
    }

    /// The built-in session `name`, compiled at the default options.
    pub fn builtin_timeline(name: &str) -> Timeline {
        compile(&builtin_script(name), &CompileOptions::default())
    }
}
