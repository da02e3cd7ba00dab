//! Where a session comes from: a built-in or a script file. The app keeps
//! this typed from the library card to the loader; it becomes text only to
//! be remembered (the recent list, the journal) and is read back from it.

use std::path::PathBuf;

use crate::script::{Report, builtin};
use crate::timeline::{Loaded, load_builtin, load_file};

/// Where a session comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SessionSource {
    Builtin(&'static str),
    File(PathBuf),
}

impl SessionSource {
    /// `builtin:NAME` for a known built-in, otherwise a file path.
    pub fn from_spec(spec: &str) -> Self {
        match spec.strip_prefix("builtin:").and_then(builtin::find) {
            Some(b) => Self::Builtin(b.name),
            None => Self::File(spec.into()),
        }
    }

    /// How the source is remembered: `builtin:NAME` or the path.
    pub fn spec(&self) -> String {
        match self {
            Self::Builtin(name) => format!("builtin:{name}"),
            Self::File(path) => path.display().to_string(),
        }
    }

    /// Loads and checks the script.
    pub fn load(&self) -> Result<Loaded, Report> {
        match self {
            Self::Builtin(name) => load_builtin(name),
            Self::File(path) => load_file(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip() {
        for source in [SessionSource::Builtin("safe-place"), SessionSource::File("/s/a.toml".into())] {
            assert_eq!(SessionSource::from_spec(&source.spec()), source);
        }
        assert_eq!(SessionSource::from_spec("builtin:nope"), SessionSource::File("builtin:nope".into()));
    }
}
