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
/// the built-in voice; for a built-in, the built-in voice. A voice folder
/// whose manifest cannot be read is named in the message returned beside
/// the voice (the built-in voice speaks meanwhile, and nothing is changed
/// on disk).
pub fn session_voice(script: Option<&Path>) -> (Arc<Voice>, Option<String>) {
    let builtin = Voice::builtin();
    let Some(script) = script else { return (builtin, None) };
    let dir = own_voice_dir(script);
    if !dir.join("manifest.json").exists() {
        return (builtin, None);
    }
    match Voice::from_dir(&dir) {
        Ok(own) => (Arc::new(own.over(&builtin)), None),
        Err(e) => (builtin, Some(format!("{e}; the script's own recordings are not used"))),
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
        let (voice, warning) = session_voice(Some(&dir.path().join("calm.toml")));
        assert!(Arc::ptr_eq(&voice, &Voice::builtin()));
        assert_eq!(warning, None);
    }

    #[test]
    fn a_damaged_manifest_is_named_and_the_builtin_voice_speaks() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        std::fs::create_dir(own_voice_dir(&script)).unwrap();
        std::fs::write(own_voice_dir(&script).join("manifest.json"), "{ not json").unwrap();
        let (voice, warning) = session_voice(Some(&script));
        assert!(Arc::ptr_eq(&voice, &Voice::builtin()));
        let warning = warning.unwrap();
        assert!(warning.contains("calm.voice") && warning.contains("manifest.json"), "{warning}");
    }

    #[test]
    fn own_recordings_speak_over_the_builtin_voice() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        let own = own_voice_dir(&script);
        std::fs::create_dir(&own).unwrap();
        let text = "Breathe in";
        let id = crate::timeline::narration::line_id(text);
        std::fs::write(own.join(format!("{id}.flac")), b"clip").unwrap();
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
        std::fs::write(own.join("manifest.json"), manifest.to_json()).unwrap();
        let (voice, warning) = session_voice(Some(&script));
        assert_eq!(warning, None);
        assert_eq!(voice.find(text).unwrap().clip, ClipRef::File(own.join(format!("{id}.flac"))));
        assert!(matches!(voice.find("Relax…").map(|e| &e.clip), Some(ClipRef::Builtin(_))), "the built-in fills in");
    }
}
