//! A folder that exists only while it is needed: a package is unpacked
//! into one beside its destination (so the final rename stays on one file
//! system and is atomic) and it is removed again unless it was renamed
//! into place, so a failure leaves nothing half-installed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TempFolder {
    path: PathBuf,
    keep: bool,
}

impl TempFolder {
    /// Makes `.WHAT-PID-N` inside `parent` (which must exist). Hidden, so
    /// the library never lists a half-unpacked session.
    pub fn new_in(parent: &Path, what: &str) -> std::io::Result<TempFolder> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = parent.join(format!(".{what}-{}-{n}", std::process::id()));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempFolder { path, keep: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the folder to `to`; from then on it is kept.
    pub fn rename_to(mut self, to: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, to)?;
        self.keep = true;
        Ok(())
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_removed_unless_renamed_into_place() {
        let dir = tempfile::tempdir().unwrap();
        let gone = TempFolder::new_in(dir.path(), "t").unwrap();
        std::fs::write(gone.path().join("a"), "x").unwrap();
        let path = gone.path().to_path_buf();
        drop(gone);
        assert!(!path.exists());
        let kept = TempFolder::new_in(dir.path(), "t").unwrap();
        kept.rename_to(&dir.path().join("final")).unwrap();
        assert!(dir.path().join("final").is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
