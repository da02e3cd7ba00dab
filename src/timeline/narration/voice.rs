//! A voice: the clips that speak each line, by line id, with their lengths.
//! The built-in voice is embedded in the binary (`assets/narration/`; the
//! audio layer holds its bytes, this is only its manifest); a clinic or a
//! therapist can use a folder of their own recordings with the same layout
//! (`manifest.json` beside the clips). A manifest records the hash of the
//! text each clip was made from, and a clip made for other words is never
//! used for a line. The compiler needs only the lengths, so it stays pure.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

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

/// The `manifest.json` of a voice: what is read, and what the studio
/// writes for a script's own recordings (other keys a generator adds are
/// ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub lines: BTreeMap<String, ManifestLine>,
}

/// One line of a manifest: its clip (relative to the manifest's folder),
/// the clip's length, and the hash of the words it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestLine {
    pub file: String,
    pub secs: f64,
    pub text_hash: String,
    /// The words, for people reading the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Manifest {
    /// The only manifest format there is.
    pub const FORMAT: u32 = 1;

    pub fn new() -> Manifest {
        Manifest { format: Manifest::FORMAT, lines: BTreeMap::new() }
    }

    /// Reads a manifest, refusing other formats.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_str(text).map_err(|e| format!("not a voice manifest: {e}"))?;
        if manifest.format != Manifest::FORMAT {
            return Err(format!("voice manifest format {} is not supported (expected 1)", manifest.format));
        }
        Ok(manifest)
    }

    /// The manifest as JSON, lines sorted by id.
    pub fn to_json(&self) -> String {
        // A map of strings and numbers always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

impl Default for Manifest {
    fn default() -> Self {
        Manifest::new()
    }
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
        let manifest = Manifest::parse(text)?;
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

    /// This voice, with `fallback`'s lines for the lines it lacks: a
    /// script's own recordings over the built-in voice. A line is still
    /// used only for the exact words it was made from (see [`Voice::find`]).
    pub fn over(mut self, fallback: &Voice) -> Voice {
        for (id, line) in &fallback.lines {
            self.lines.entry(id.clone()).or_insert_with(|| line.clone());
        }
        self.name = format!("{} over {}", self.name, fallback.name);
        self
    }

    /// Every line id and its entry, for checks.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.lines.iter().map(|(id, (_, entry))| (id.as_str(), entry))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(name: &str, lines: &[(&str, f64)]) -> Voice {
        let mut manifest = Manifest::new();
        for (text, secs) in lines {
            let line =
                ManifestLine { file: format!("{name}.ogg"), secs: *secs, text_hash: text_hash(text), text: None };
            manifest.lines.insert(line_id(text), line);
        }
        Voice::from_manifest(name, &manifest.to_json(), |file| Some(ClipRef::File(PathBuf::from(file)))).unwrap()
    }

    #[test]
    fn own_lines_speak_first_and_the_fallback_fills_the_rest() {
        let own = voice("own", &[("Breathe in", 1.5)]);
        let builtin = voice("builtin", &[("Breathe in", 1.0), ("Breathe out", 2.0)]);
        let layered = own.over(&builtin);
        assert_eq!(layered.find("Breathe in").unwrap().clip, ClipRef::File("own.ogg".into()));
        assert_eq!(layered.find("Breathe in").unwrap().length, Micros::from_secs_f64(1.5));
        assert_eq!(layered.find("Breathe out").unwrap().clip, ClipRef::File("builtin.ogg".into()));
        assert!(layered.find("Hold").is_none());
    }

    #[test]
    fn a_manifest_round_trips_and_other_formats_are_refused() {
        let mut manifest = Manifest::new();
        let line = ManifestLine { file: "a.flac".into(), secs: 2.5, text_hash: text_hash("A"), text: Some("A".into()) };
        manifest.lines.insert(line_id("A"), line);
        assert_eq!(Manifest::parse(&manifest.to_json()).unwrap(), manifest);
        let err = Manifest::parse(&manifest.to_json().replace("\"format\": 1", "\"format\": 2")).unwrap_err();
        assert!(err.contains("format 2"), "{err}");
    }
}
