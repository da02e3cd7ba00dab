//! Diagnostics for scripts: what went wrong, where (byte span → line and
//! column), what was expected, and a "did you mean" when a name is close to
//! a valid one. Rendered with the offending source line underlined.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source; `None` for whole-file problems.
    pub span: Option<Range<usize>>,
    /// Short text under the underline: what was expected there.
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Option<Range<usize>>, label: impl Into<String>) -> Self {
        Self { severity: Severity::Error, message: message.into(), span, label: label.into(), help: None }
    }

    pub fn warning(message: impl Into<String>, span: Option<Range<usize>>, label: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, message: message.into(), span, label: label.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// All diagnostics for one script source.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// How the file is named to the user: a path or `builtin:NAME`.
    pub name: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Self {
        Self { name: name.into(), source: source.into(), diagnostics: Vec::new() }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// 1-based line and column (in characters) of a diagnostic.
    pub fn location(&self, d: &Diagnostic) -> Option<(usize, usize)> {
        let start = d.span.as_ref()?.start.min(self.source.len());
        let before = &self.source[..start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some((line, col))
    }

    /// `file:line:col: error: message` lines, one per diagnostic, for logs
    /// and the app's error list.
    pub fn summary(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let place = match self.location(d) {
                    Some((l, c)) => format!("{}:{l}:{c}", self.name),
                    None => self.name.clone(),
                };
                let help = d.help.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
                format!("{place}: {level}: {}{help}", d.message)
            })
            .collect()
    }

    /// Full rendering with the source line and an underline, as `check`
    /// prints it.
    pub fn render(&self) -> String {
        let file = SimpleFile::new(&self.name, &self.source);
        let config = Config::default();
        let mut out = String::new();
        for d in &self.diagnostics {
            let rendered = match d.severity {
                Severity::Error => Rendered::error(),
                Severity::Warning => Rendered::warning(),
            }
            .with_message(&d.message);
            let rendered = match &d.span {
                Some(span) => {
                    let span = span.start.min(self.source.len())..span.end.min(self.source.len());
                    rendered.with_labels(vec![Label::primary((), span).with_message(&d.label)])
                }
                None => rendered.with_notes(vec![format!("in {}", self.name)]),
            };
            let rendered = match &d.help {
                Some(h) => rendered.with_notes(vec![format!("help: {h}")]),
                None => rendered,
            };
            let mut buffer = String::new();
            if term::emit_to_string(&mut buffer, &config, &file, &rendered).is_err() {
                buffer = self.summary().join("\n");
            }
            out.push_str(&buffer);
        }
        out
    }
}

/// The closest valid name to `word`, if it is plausibly a typo of it.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1 && *d < word.chars().count().max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("inhal", ["inhale", "exhale"]), Some("inhale"));
        assert_eq!(did_you_mean("brethe", ["say", "breathe"]), Some("breathe"));
        assert_eq!(did_you_mean("xyzzy", ["say", "breathe"]), None);
    }

    #[test]
    fn location_counts_lines_and_chars() {
        let mut r = Report::new("a.toml", "one\ntwé x\n");
        r.diagnostics.push(Diagnostic::error("m", Some(8..9), "l"));
        assert_eq!(r.location(&r.diagnostics[0]), Some((2, 4)));
    }
}
