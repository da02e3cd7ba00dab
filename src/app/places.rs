//! Where Respite keeps things on disk: the settings file in the platform
//! config folder and the user's sessions folder in the platform data
//! folder. Tests point both at a temporary directory.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Places {
    /// The platform folders (e.g. `~/.config/respite` and
    /// `~/.local/share/respite` on Linux), or a folder in the temporary
    /// directory when the platform has no home for them.
    pub fn platform() -> Self {
        match directories::ProjectDirs::from("", "", "respite") {
            Some(d) => Self { config_dir: d.config_dir().to_path_buf(), data_dir: d.data_dir().to_path_buf() },
            None => {
                let base = std::env::temp_dir().join("respite");
                Self { config_dir: base.join("config"), data_dir: base.join("data") }
            }
        }
    }

    /// Both folders under one root, for tests and portable use.
    pub fn under(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self { config_dir: root.join("config"), data_dir: root.join("data") }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.toml")
    }

    /// The practice journal (SQLite), shared with `respite journal`.
    pub fn journal_file(&self) -> PathBuf {
        self.data_dir.join("journal.sqlite")
    }

    /// The user's own scripts: every `.toml` here shows in the library.
    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }
}
