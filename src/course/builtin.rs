//! The built-in courses, embedded from `assets/courses/`, each addressed
//! as `builtin:NAME` like the built-in sessions.

use super::parse::{LoadedCourse, load_str};
use crate::script::{Diagnostic, Report, did_you_mean};

/// Every built-in course: its name (the file stem) and TOML text.
pub const BUILTIN: &[(&str, &str)] = &[("start-here", include_str!("../../assets/courses/start-here.toml"))];

/// The course the app offers first.
pub const DEFAULT: &str = "builtin:start-here";

/// Loads the built-in course `name`.
pub fn load(name: &str) -> Result<LoadedCourse, Report> {
    match BUILTIN.iter().find(|(n, _)| *n == name) {
        Some((n, text)) => load_str(&format!("builtin:{n}"), text, None),
        None => {
            let mut r = Report::new(format!("builtin:{name}"), "");
            let help = match did_you_mean(name, BUILTIN.iter().map(|(n, _)| *n)) {
                Some(s) => format!("did you mean `builtin:{s}`?"),
                None => format!(
                    "the built-in courses: {}",
                    BUILTIN.iter().map(|(n, _)| format!("builtin:{n}")).collect::<Vec<_>>().join(", ")
                ),
            };
            r.diagnostics
                .push(Diagnostic::error(format!("there is no built-in course `{name}`"), None, "").with_help(help));
            Err(r)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_course_loads_without_warnings() {
        for (name, _) in BUILTIN {
            let loaded = load(name).unwrap_or_else(|r| panic!("{}", r.render()));
            assert!(loaded.report.diagnostics.is_empty(), "{}", loaded.report.render());
        }
        assert!(super::super::load_any(DEFAULT).is_ok());
        let e = load("start-her").unwrap_err();
        assert_eq!(e.diagnostics[0].help.as_deref(), Some("did you mean `builtin:start-here`?"));
    }
}
