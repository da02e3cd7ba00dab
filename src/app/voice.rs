//! The voice a session speaks with. A user script `NAME.toml` owns the
//! folder `NAME.voice/` beside it: its own recordings (a `manifest.json`
//! and one clip per line, as `Voice::from_dir` reads) and `takes/`, every
//! original take. Its lines speak first; lines it has not recorded fall
//! back to the built-in voice, which speaks them only while the words are
//! the ones it was made for. The app and the CLI both choose the voice
//! here, so a copy of a built-in keeps speaking until it is re-recorded.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::timeline::narration::Voice;

/// The voice folder a script owns: `NAME.voice/` beside `NAME.toml`.
pub fn own_voice_dir(script: &Path) -> PathBuf {
    script.with_extension("voice")
}

/// Where every original take of a script's recordings is kept.
pub fn takes_dir(script: &Path) -> PathBuf {
    own_voice_dir(script).join("takes")
}

/// The voice for a session: for a script file, its own recordings over
/// the chosen voice; for a built-in, the chosen voice. The chosen voice is
/// the settings' voice folder (a clinic's or a therapist's recordings of
/// the built-in lines) over the built-in voice, or the built-in voice. A
/// voice folder whose manifest cannot be read is named in the messages
/// returned beside the voice (the voice under it speaks meanwhile, and
/// nothing is changed on disk).
pub fn session_voice(script: Option<&Path>, voice_dir: Option<&Path>) -> (Arc<Voice>, Vec<String>) {
    let mut warnings = Vec::new();
    let builtin = Voice::builtin();
    let chosen = match voice_dir.map(Voice::from_dir) {
        None => builtin,
        Some(Ok(folder)) => Arc::new(folder.over(&builtin)),
        Some(Err(e)) => {
            warnings.push(format!("{e}; the built-in voice speaks instead"));
            builtin
        }
    };
    let Some(script) = script else { return (chosen, warnings) };
    let dir = own_voice_dir(script);
    if !dir.join("manifest.json").exists() {
        return (chosen, warnings);
    }
    match Voice::from_dir(&dir) {
        Ok(own) => (Arc::new(own.over(&chosen)), warnings),
        Err(e) => {
            warnings.push(format!("{e}; the script's own recordings are not used"));
            (chosen, warnings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::narration::ClipRef;

    #[test]
    fn a_script_owns_the_folder_named_after_it() {
        assert_eq!(own_voice_dir(Path::new("/s/calm.toml")), Path::new("/s/calm.voice"));
        assert_eq!(takes_dir(Path::new("/s/calm.toml")), Path::new("/s/calm.voice/takes"));
    }

    #[test]
    fn without_a_folder_the_builtin_voice_speaks() {
        let dir = tempfile::tempdir().unwrap();
        let (voice, warning) = session_voice(Some(&dir.path().join("calm.toml")), None);
        assert!(Arc::ptr_eq(&voice, &Voice::builtin()));
        assert!(warning.is_empty());
    }

    #[test]
    fn a_damaged_manifest_is_named_and_the_builtin_voice_speaks() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        std::fs::create_dir(own_voice_dir(&script)).unwrap();
        std::fs::write(own_voice_dir(&script).join("manifest.json"), "{ not json").unwrap();
        let (voice, warning) = session_voice(Some(&script), None);
        assert!(Arc::ptr_eq(&voice, &Voice::builtin()));
        let warning = warning.concat();
        assert!(warning.contains("calm.voice") && warning.contains("manifest.json"), "{warning}");
    }

    /// A voice folder holding one clip for `text`, as the studio writes it.
    fn folder_with(dir: &Path, text: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let id = crate::timeline::narration::line_id(text);
        std::fs::write(dir.join(format!("{id}.flac")), b"clip").unwrap();
        let mut manifest = crate::timeline::narration::Manifest::new();
        manifest.lines.insert(
            id.clone(),
            crate::timeline::narration::ManifestLine {
                file: format!("{id}.flac"),
                secs: 1.0,
                text_hash: crate::timeline::narration::text_hash(text),
                text: None,
            },
        );
        std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
        dir.join(format!("{id}.flac"))
    }

    #[test]
    fn own_recordings_speak_over_the_builtin_voice() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        let clip = folder_with(&own_voice_dir(&script), "Breathe in");
        let (voice, warning) = session_voice(Some(&script), None);
        assert!(warning.is_empty());
        assert_eq!(voice.find("Breathe in").unwrap().clip, ClipRef::File(clip));
        assert!(matches!(voice.find("Relax…").map(|e| &e.clip), Some(ClipRef::Builtin(_))), "the built-in fills in");
    }

    #[test]
    fn the_chosen_folder_speaks_over_the_builtin_and_under_the_script() {
        let dir = tempfile::tempdir().unwrap();
        let clinic = dir.path().join("clinic");
        let clinic_in = folder_with(&clinic, "Breathe in");
        let clinic_relax = dir.path().join("relax.flac");
        std::fs::copy(&clinic_in, &clinic_relax).unwrap();
        let script = dir.path().join("calm.toml");
        let own_relax = folder_with(&own_voice_dir(&script), "Relax…");
        let (voice, warning) = session_voice(None, Some(&clinic));
        assert!(warning.is_empty());
        assert_eq!(voice.find("Breathe in").unwrap().clip, ClipRef::File(clinic_in.clone()));
        assert!(matches!(voice.find("Relax…").map(|e| &e.clip), Some(ClipRef::Builtin(_))));
        let (voice, _) = session_voice(Some(&script), Some(&clinic));
        assert_eq!(voice.find("Breathe in").unwrap().clip, ClipRef::File(clinic_in));
        assert_eq!(voice.find("Relax…").unwrap().clip, ClipRef::File(own_relax));
    }

    #[test]
    fn a_chosen_folder_that_cannot_be_read_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let (voice, warning) = session_voice(None, Some(&dir.path().join("gone")));
        assert!(Arc::ptr_eq(&voice, &Voice::builtin()));
        assert!(warning.concat().contains("gone") && warning.concat().contains("built-in voice speaks"), "{warning:?}");
    }
}
