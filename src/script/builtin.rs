//! The built-in session library, embedded in the binary from
//! `assets/sessions/`. Each is addressed as `builtin:NAME`.

use super::diagnostic::{Diagnostic, Report, did_you_mean};
use super::source::{Parsed, parse_str};

/// A built-in script: its name (the file stem) and TOML text.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    pub text: &'static str,
}

macro_rules! builtins {
    ($($name:literal),* $(,)?) => {
        &[$(Builtin { name: $name, text: include_str!(concat!("../../assets/sessions/", $name, ".toml")) }),*]
    };
}

/// Every built-in session, in library order.
pub const ALL: &[Builtin] = builtins![
    // Breathing
    "long-exhale-beginners",
    "resonance-breathing",
    "coherent-breathing",
    "diaphragmatic-breathing",
    "cyclic-sighing",
    "box-breathing",
    "breathing-4-7-8",
    "resonance-rate-exploration",
    "rescue-flare-breath",
    // Muscle relaxation
    "pmr-16-groups",
    "pmr-7-groups",
    "pmr-4-groups",
    "pmr-release-only",
    "pmr-cue-controlled",
    "pmr-differential",
    "pmr-rapid",
    "pmr-application",
    "pmr-gentle-pain-aware",
    "rescue-flare-soften",
    // Guided imagery
    "safe-place",
    "beach",
    "forest-walk",
    "body-scan",
    "autogenic",
    "rescue-flare-place",
    // Mindfulness and grounding
    "mindful-breath",
    "mindful-body-scan",
    "grounding",
    // Mixed
    "unwind-breath-body-place",
    "pacing-break",
    "sleep-wind-down",
];

pub fn find(name: &str) -> Option<&'static Builtin> {
    ALL.iter().find(|b| b.name == name)
}

/// Parses `builtin:NAME`.
pub fn parse(name: &str) -> Result<Parsed, Report> {
    match find(name) {
        Some(b) => parse_str(&format!("builtin:{}", b.name), b.text, None),
        None => {
            let mut r = Report::new(format!("builtin:{name}"), "");
            let help = match did_you_mean(name, ALL.iter().map(|b| b.name)) {
                Some(s) => format!("did you mean `builtin:{s}`? `respite list` shows them all"),
                None => "`respite list` shows the built-in sessions".into(),
            };
            r.diagnostics
                .push(Diagnostic::error(format!("there is no built-in session `{name}`"), None, "").with_help(help));
            Err(r)
        }
    }
}
