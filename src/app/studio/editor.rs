//! Changing a script in the studio, so that a therapist can adapt a copy
//! without leaving the app: its TOML text in an editor, checked on every
//! change as `respite check` checks it (each problem with its line and
//! column), and saved atomically only when it loads, so that a saved
//! script always plays. Lines whose words change are no longer matched by
//! their recordings, and show as not recorded until recorded again.

use std::path::Path;

use super::session::Studio;
use crate::app::Notice;
use crate::timeline::load_str;

/// The text being edited and what the check says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptEditor {
    pub text: String,
    /// The text as it is on disk.
    saved: String,
    /// `file:line:col: error: …` for each problem, errors first.
    pub problems: Vec<String>,
    /// Whether the text loads and plays (warnings allowed).
    pub loads: bool,
}

impl ScriptEditor {
    /// The script at `path`, as it is on disk.
    pub fn open(path: &Path) -> Result<ScriptEditor, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut editor = ScriptEditor { saved: text.clone(), text, problems: Vec::new(), loads: false };
        editor.check(path);
        Ok(editor)
    }

    pub fn is_changed(&self) -> bool {
        self.text != self.saved
    }

    /// Checks the text as the script at `path` (its audio paths resolve
    /// from that folder).
    fn check(&mut self, path: &Path) {
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let (loads, report) = match load_str(&name, &self.text, path.parent()) {
            Ok(loaded) => (true, loaded.report),
            Err(report) => (false, report),
        };
        self.loads = loads;
        let mut problems = report.summary();
        problems.sort_by_key(|p| !p.contains(": error: "));
        self.problems = problems;
    }
}

impl Studio {
    /// Opens the editor on the script (not while recording).
    pub fn edit_script(&mut self) {
        if self.is_recording() || self.editor.is_some() {
            return;
        }
        match ScriptEditor::open(&self.script_path) {
            Ok(editor) => self.editor = Some(editor),
            Err(e) => self.notices.push(Notice::error(format!("Could not open the script to edit: {e}"))),
        }
    }

    /// The editor's text as the user changed it.
    pub fn set_script_text(&mut self, text: String) {
        let path = self.script_path.clone();
        if let Some(editor) = &mut self.editor
            && editor.text != text
        {
            editor.text = text;
            editor.check(&path);
        }
    }

    /// Saves the edited script if it loads, then reads it and the status of
    /// its lines again; the editor stays open.
    pub fn save_script(&mut self) {
        let Some(editor) = &mut self.editor else { return };
        if !editor.is_changed() {
            return;
        }
        if !editor.loads {
            let first = editor.problems.first().cloned().unwrap_or_default();
            self.notices.push(Notice::error(format!("Not saved: the script has a problem to mend first. {first}")));
            return;
        }
        if let Err(e) = crate::files::write_bytes_atomic(&self.script_path, editor.text.as_bytes()) {
            self.notices.push(Notice::error(format!("Not saved: cannot write {}: {e}", self.script_path.display())));
            return;
        }
        editor.saved = editor.text.clone();
        match crate::timeline::load_file(&self.script_path) {
            Ok(loaded) => self.script = loaded.script,
            Err(report) => self
                .notices
                .push(Notice::error(format!("Saved, but it no longer loads: {}", report.summary().join("; ")))),
        }
        let before: Vec<String> = self.lines.iter().map(|l| l.text.clone()).collect();
        self.refresh();
        let new = self.lines.iter().filter(|l| !before.contains(&l.text)).count();
        self.notices.push(Notice::info(match new {
            0 => "Saved. Every line's words are as before.".to_string(),
            1 => "Saved. 1 line has new words: record it again.".to_string(),
            n => format!("Saved. {n} lines have new words: record them again."),
        }));
    }

    /// Leaves the editor, unless there are unsaved changes.
    pub fn close_editor(&mut self) {
        match &self.editor {
            Some(editor) if editor.is_changed() => self
                .notices
                .push(Notice::warning("The script has unsaved changes: save them (Ctrl+S) or discard them first.")),
            _ => self.editor = None,
        }
    }

    /// Leaves the editor and forgets what was not saved.
    pub fn discard_edits(&mut self) {
        self.editor = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("calm.toml");
        std::fs::write(&path, crate::script::builtin::find("safe-place").unwrap().text).unwrap();
        path
    }

    #[test]
    fn a_broken_edit_is_located_and_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = script(dir.path());
        let mut studio = Studio::open(&path, None).unwrap();
        studio.edit_script();
        let text = studio.editor.as_ref().unwrap().text.clone();
        studio.set_script_text(text.replacen("kind = \"imagery\"", "kind = \"imagry\"", 1));
        let editor = studio.editor.as_ref().unwrap();
        assert!(!editor.loads);
        assert!(
            editor.problems[0].starts_with("calm.toml:") && editor.problems[0].contains("error"),
            "{:?}",
            editor.problems
        );
        studio.save_script();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is as it was");
        studio.close_editor();
        assert!(studio.editor.is_some(), "unsaved changes keep the editor open");
        studio.discard_edits();
        assert!(studio.editor.is_none());
    }

    #[test]
    fn a_good_edit_is_saved_and_its_line_needs_recording_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = script(dir.path());
        let mut studio = Studio::open(&path, None).unwrap();
        studio.edit_script();
        let text = studio.editor.as_ref().unwrap().text.clone();
        // A line written in the file (a rating's question is made by Respite).
        let old = studio.lines.iter().map(|l| l.text.clone()).find(|t| text.contains(&format!("\"{t}\""))).unwrap();
        let changed = text.replacen(&old, "Let your eyes close, or rest your gaze.", 1);
        studio.set_script_text(changed.clone());
        assert!(studio.editor.as_ref().unwrap().loads);
        studio.save_script();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), changed);
        assert!(studio.lines.iter().any(|l| l.text == "Let your eyes close, or rest your gaze."));
        assert!(!studio.lines.iter().any(|l| l.text == old));
        assert!(studio.notices.last().unwrap().text.contains("1 line has new words"), "{:?}", studio.notices);
        studio.close_editor();
        assert!(studio.editor.is_none(), "saved: it closes");
    }
}
