//! Something the user should read: a damaged file set aside, a journal that
//! cannot record, a file that is not a script. Each has a severity and
//! stays until the user dismisses it.

/// How much a notice matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Done as asked, for the record: a package installed, "Line 3 recorded: 4.2 s.".
    Info,
    /// Something did not work, and the app carried on without it.
    Warning,
    /// Something the user asked for failed.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub severity: Severity,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { severity: Severity::Info, text: text.into() }
    }

    pub fn warning(text: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { severity: Severity::Error, text: text.into() }
    }
}
