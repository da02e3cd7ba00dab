//! A voice: the clips that speak each line, by line id, with their lengths.
//! The built-in voice is embedded in the binary (`assets/narration/`; the
//! audio layer holds its bytes, this is only its manifest); a clinic or a
//! therapist can use a folder of their own recordings with the same layout
//! (`manifest.json` beside the clips). A manifest records the hash of the
//! text each clip was made from, and a clip made for other words is never
//! used for a line. The compiler needs only the lengths, so it stays pure.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::line::{line_id, text_hash};
use crate::time::Micros;

/// Where a clip's audio comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClipRef {
    /// Embedded in the binary (the built-in voice), by file stem.
    Builtin(String),
    /// A file in a voice folder.
    File(PathBuf),
}

impl ClipRef {
    /// A name for messages and caches: the file, or `builtin-voice:STEM`.
    pub fn name(&self) -> PathBuf {
        match self {
            ClipRef::Builtin(stem) => PathBuf::from(format!("builtin-voice:{stem}")),
            ClipRef::File(path) => path.clone(),
        }
    }
}

/// One recorded line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Length of the clip as decoded.
    pub length: Micros,
    pub clip: ClipRef,
}

/// A set of clips, by line id.
pub struct Voice {
    /// "built-in" or the folder it was read from.
    name: String,
    lines: HashMap<String, (String, Entry)>,
}

impl std::fmt::Debug for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Voice({}, {} lines)", self.name, self.lines.len())
    }
}

/// Two voices are the same when they come from the same place.
impl PartialEq for Voice {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.lines.len() == other.lines.len()
    }
}

/// The `manifest.json` of a voice.
#[derive(Deserialize)]
struct Manifest {
    format: u32,
    lines: HashMap<String, ManifestLine>,
}

#[derive(Deserialize)]
struct ManifestLine {
    file: String,
    secs: f64,
    text_hash: String,
}

const BUILTIN_MANIFEST: &str = include_str!("../../../assets/narration/manifest.json");

impl Voice {
    /// The voice that ships with Respite.
    pub fn builtin() -> Arc<Voice> {
        static BUILTIN: OnceLock<Arc<Voice>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded manifest is checked by the tests; should it
                // still fail to parse, sessions play with captions only.
                let voice = Voice::from_manifest("built-in", BUILTIN_MANIFEST, |file| {
                    Some(ClipRef::Builtin(Path::new(file).file_stem()?.to_str()?.to_string()))
                });
                Arc::new(voice.unwrap_or_else(|_| Voice { name: "built-in".into(), lines: HashMap::new() }))
            })
            .clone()
    }

    /// A folder of recordings with a `manifest.json` in the same format as
    /// `assets/narration/manifest.json`.
    pub fn from_dir(dir: &Path) -> Result<Voice, String> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Voice::from_manifest(&dir.display().to_string(), &text, |file| {
            let clip = dir.join(file);
            (Path::new(file).is_relative() && !file.contains("..") && clip.is_file()).then_some(ClipRef::File(clip))
        })
        .map_err(|e| format!("{}: {e}", path.display()))
    }

    fn from_manifest(name: &str, text: &str, mut find: impl FnMut(&str) -> Option<ClipRef>) -> Result<Voice, String> {
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| format!("not a voice manifest: {e}"))?;
        if manifest.format != 1 {
            return Err(format!("voice manifest format {} is not supported (expected 1)", manifest.format));
        }
        let mut lines = HashMap::new();
        for (id, line) in manifest.lines {
            let Some(clip) = find(&line.file) else { continue };
            if !(line.secs.is_finite() && line.secs > 0.0) {
                continue;
            }
            lines.insert(id, (line.text_hash, Entry { length: Micros::from_secs_f64(line.secs), clip }));
        }
        Ok(Voice { name: name.to_string(), lines })
    }

    /// The clip that says exactly `text`, if this voice has one made for
    /// these words.
    pub fn find(&self, text: &str) -> Option<&Entry> {
        let (hash, entry) = self.lines.get(&line_id(text))?;
        (*hash == text_hash(text)).then_some(entry)
    }

    /// Every line id and its entry, for checks.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.lines.iter().map(|(id, (_, entry))| (id.as_str(), entry))
    }
}
