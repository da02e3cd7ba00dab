//! The library's contents: built-in sessions grouped by kind, the user's
//! scripts from the sessions folder (and the folders installed packages
//! make in it), and recent files. A script that fails
//! to load stays listed, with its error, rather than vanishing.

use std::path::{Path, PathBuf};

use super::source::SessionSource;
use crate::script::{Script, SessionKind, builtin};
use crate::timeline::{CompileOptions, Micros, compile};

/// A session that loaded and can be started.
#[derive(Debug, Clone)]
pub struct LibraryEntry {
    pub source: SessionSource,
    pub title: String,
    pub kind: SessionKind,
    pub summary: String,
    pub caution: Option<String>,
    pub length: Micros,
}

/// A user script that did not load.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub path: PathBuf,
    /// `file:line:col: error: …` lines.
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub builtins: Vec<LibraryEntry>,
    /// Scripts in the sessions folder and recent files, in that order.
    pub mine: Vec<LibraryEntry>,
    /// Sessions played lately, built-in or not, most recent first.
    pub recent: Vec<LibraryEntry>,
    pub invalid: Vec<Invalid>,
}

impl LibraryEntry {
    pub fn new(source: SessionSource, script: &Script) -> Self {
        Self {
            source,
            title: script.title.clone(),
            kind: script.kind,
            summary: script.summary.clone(),
            caution: script.caution.clone(),
            length: compile(script, &CompileOptions::default()).duration,
        }
    }
}

impl Library {
    /// Loads the built-ins and scans `sessions_dir` and `recent` (specs:
    /// `builtin:NAME` or paths).
    pub fn scan(sessions_dir: &Path, recent: &[String]) -> Self {
        let mut lib = Library::default();
        for b in builtin::ALL {
            let source = SessionSource::Builtin(b.name);
            match source.load() {
                Ok(loaded) => lib.builtins.push(LibraryEntry::new(source, &loaded.script)),
                Err(report) => {
                    lib.invalid.push(Invalid { path: PathBuf::from(source.spec()), errors: report.summary() })
                }
            }
        }
        let mut files = list_scripts(sessions_dir);
        for folder in crate::package::installed_folders(sessions_dir) {
            files.extend(list_scripts(&folder));
        }
        for spec in recent.iter().filter(|s| !s.starts_with("builtin:")) {
            let path = PathBuf::from(spec);
            if path.is_file() && !files.contains(&path) {
                files.push(path);
            }
        }
        for path in files {
            lib.add_file(&path);
        }
        let all: Vec<&LibraryEntry> = lib.builtins.iter().chain(&lib.mine).collect();
        lib.recent = recent
            .iter()
            .filter_map(|spec| all.iter().find(|e| &e.source.spec() == spec).map(|e| (*e).clone()))
            .collect();
        lib
    }

    /// Loads one script file into the right list; returns its entry if it loaded.
    pub fn add_file(&mut self, path: &Path) -> Option<LibraryEntry> {
        let source = SessionSource::File(path.to_path_buf());
        self.mine.retain(|e| e.source != source);
        self.invalid.retain(|i| i.path != path);
        match source.load() {
            Ok(loaded) => {
                let entry = LibraryEntry::new(source, &loaded.script);
                self.mine.push(entry.clone());
                Some(entry)
            }
            Err(report) => {
                self.invalid.push(Invalid { path: path.to_path_buf(), errors: report.summary() });
                None
            }
        }
    }

    /// The built-ins of one kind, in library order.
    pub fn of_kind(&self, kind: SessionKind) -> impl Iterator<Item = &LibraryEntry> {
        self.builtins.iter().filter(move |e| e.kind == kind)
    }
}

/// `.toml` files directly in `dir`, sorted by name; none if it is missing.
fn list_scripts(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml")))
        .collect();
    files.sort();
    files
}

/// Whether a dropped or chosen file looks like a session script (a
/// package, `.respite`, is `package::is_package`).
pub fn is_script(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_all_load_and_have_lengths() {
        let lib = Library::scan(Path::new("/nonexistent"), &[]);
        assert_eq!(lib.builtins.len(), builtin::ALL.len());
        assert!(lib.invalid.is_empty(), "{:?}", lib.invalid);
        assert!(lib.builtins.iter().all(|e| e.length > Micros::ZERO));
    }

    #[test]
    fn user_scripts_load_or_show_their_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("good.toml"), builtin::find("safe-place").unwrap().text).unwrap();
        std::fs::write(dir.path().join("bad.toml"), "format = 1\ntitle = \"Broken\"\nkind = \"breathin\"\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a script").unwrap();
        // An installed package's folder is read; a voice folder and a hidden
        // (half-installed) folder are not.
        for sub in ["Calm", "good.voice", ".installing-1-0"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
            std::fs::write(dir.path().join(sub).join("calm.toml"), builtin::find("box-breathing").unwrap().text)
                .unwrap();
        }
        let lib = Library::scan(dir.path(), &[]);
        assert_eq!(lib.mine.len(), 2, "{:?}", lib.mine);
        assert!(lib.mine.iter().any(|e| e.source == SessionSource::File(dir.path().join("Calm/calm.toml"))));
        assert_eq!(lib.invalid.len(), 1);
        let bad = &lib.invalid[0];
        assert!(bad.path.ends_with("bad.toml"));
        assert!(bad.errors.iter().any(|e| e.contains("bad.toml:") && e.contains("error")), "{:?}", bad.errors);
    }
}
