//! Making a package: the script, every audio file it names, and its own
//! voice folder (the manifest and the clips it names; the original takes
//! only when asked), each at the same relative path as beside the script,
//! so the script goes in byte for byte and needs no rewriting. A file the
//! script names that is missing stops the packing, naming it. Written
//! through `files::write_atomic`: the package appears only when complete.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::{Component, Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::manifest::{FORMAT, FileEntry, Manifest, copy_hashed};
use super::names::{self, FileKind};
use super::{MAX_AUDIO_BYTES, MAX_FILES, MAX_MANIFEST_BYTES, MAX_TOTAL_BYTES, PackageError};
use crate::script::{Ambient, Script, StepBody};
use crate::timeline::narration::Manifest as VoiceManifest;

#[derive(Debug, Clone, Copy, Default)]
pub struct PackOptions {
    /// Include the original takes (`NAME.voice/takes/`), left out by
    /// default: the patient needs only the finished clips.
    pub with_takes: bool,
}

/// What went into a package.
#[derive(Debug, Clone, PartialEq)]
pub struct Packed {
    pub title: String,
    pub files: Vec<FileEntry>,
    /// Files seen but left out (not audio, in the takes folder).
    pub skipped: Vec<String>,
}

impl Packed {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// Packs the script at `script` into `out`. `progress` hears each file's
/// package path as it goes in.
pub fn pack(
    script: &Path,
    out: &Path,
    options: PackOptions,
    mut progress: impl FnMut(&str),
) -> Result<Packed, PackageError> {
    let fail = |why: String| PackageError::new(format!("cannot pack {}: {why}", script.display()));
    let loaded = crate::timeline::load_file(script)
        .map_err(|report| fail(format!("the script has errors\n{}", report.render())))?;
    let name = script
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| n.to_lowercase().ends_with(".toml"))
        .ok_or_else(|| fail("a script's file name must be UTF-8 and end in .toml".into()))?
        .to_string();
    names::check_path(&name).map_err(fail)?;
    let dir = script.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (sources, skipped) = collect(&loaded.script, &name, dir, options).map_err(fail)?;

    let write_err = |e: io::Error| fail(format!("cannot write {}: {e}", out.display()));
    let files = crate::files::write_atomic(out, |w| write_zip(w, &sources, &loaded.script.title, &name, &mut progress))
        .map_err(write_err)?;
    Ok(Packed { title: loaded.script.title, files, skipped })
}

/// Every file to pack, package path → file on disk, checked; and the
/// files left out.
type Sources = BTreeMap<String, PathBuf>;

fn collect(script: &Script, name: &str, dir: &Path, options: PackOptions) -> Result<(Sources, Vec<String>), String> {
    let mut sources = Sources::new();
    sources.insert(name.to_string(), dir.join(name));
    for (path, what) in referenced_audio(script) {
        let inside =
            package_path(&path).ok_or_else(|| format!("the audio path `{}` cannot be packed", path.display()))?;
        let on_disk = dir.join(&path);
        if !on_disk.is_file() {
            return Err(format!("{what} `{inside}` is missing ({})", on_disk.display()));
        }
        sources.insert(inside, on_disk);
    }
    let mut skipped = Vec::new();
    let voice = names::voice_dir(name);
    let voice_on_disk = dir.join(&voice);
    let manifest = voice_on_disk.join("manifest.json");
    if manifest.is_file() {
        let text =
            std::fs::read_to_string(&manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
        for file in voice_clips(&text).map_err(|e| format!("{}: {e}", manifest.display()))? {
            let on_disk = voice_on_disk.join(&file);
            if !on_disk.is_file() {
                return Err(format!("the voice clip `{voice}/{file}` named in {} is missing", manifest.display()));
            }
            sources.insert(format!("{voice}/{file}"), on_disk);
        }
        sources.insert(names::voice_manifest(name), manifest);
        if options.with_takes {
            add_takes(&voice_on_disk.join("takes"), &format!("{voice}/takes"), &mut sources, &mut skipped)?;
        }
    }
    let mut seen = std::collections::HashMap::new();
    for (inside, on_disk) in &sources {
        let kind = names::kind_of(inside, name)?;
        if let Some(other) = seen.insert(inside.to_lowercase(), inside) {
            return Err(format!("`{inside}` and `{other}` differ only in upper and lower case"));
        }
        let size = std::fs::metadata(on_disk).map_err(|e| format!("cannot read {}: {e}", on_disk.display()))?.len();
        if size > limit(kind) {
            return Err(format!(
                "`{inside}` is {} MiB, over the {} MiB a package allows",
                size >> 20,
                limit(kind) >> 20
            ));
        }
    }
    if sources.len() > MAX_FILES {
        return Err(format!("it would hold {} files; a package holds at most {MAX_FILES}", sources.len()));
    }
    Ok((sources, skipped))
}

/// Most bytes a file of this kind may have in a package.
pub(super) fn limit(kind: FileKind) -> u64 {
    match kind {
        FileKind::Script => crate::script::MAX_FILE_BYTES,
        FileKind::VoiceManifest => MAX_MANIFEST_BYTES,
        FileKind::Audio => MAX_AUDIO_BYTES,
    }
}

/// Audio files under `takes/` (any depth); anything else is left out and
/// named in `skipped`.
fn add_takes(dir: &Path, inside: &str, sources: &mut Sources, skipped: &mut Vec<String>) -> Result<(), String> {
    let Ok(read) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{inside}/{name}");
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            add_takes(&entry.path(), &path, sources, skipped)?;
        } else if kind.is_file() && names::check_path(&path).is_ok() && is_audio_name(&name) {
            sources.insert(path, entry.path());
        } else {
            skipped.push(path);
        }
    }
    Ok(())
}

fn is_audio_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    names::AUDIO_EXTENSIONS.iter().any(|e| lower.ends_with(&format!(".{e}")))
}

/// The audio files a script names, relative to it, with what names them.
pub(super) fn referenced_audio(script: &Script) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    if let Ambient::File(path) = &script.sound.ambient {
        out.push((path.clone(), "the ambient sound".to_string()));
    }
    for (i, step) in script.steps.iter().enumerate() {
        if let StepBody::Say { voice: Some(path), .. } = &step.body {
            out.push((path.clone(), format!("the recording of step {} (line {})", i + 1, step.line)));
        }
    }
    out
}

/// A script's relative audio path as a package path: `./a/b.ogg` → `a/b.ogg`.
pub(super) fn package_path(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The clip files a voice manifest names, relative to its folder.
pub(super) fn voice_clips(text: &str) -> Result<Vec<String>, String> {
    let manifest = VoiceManifest::parse(text)?;
    let mut clips: Vec<String> = manifest.lines.into_values().map(|l| l.file).collect();
    clips.sort();
    clips.dedup();
    Ok(clips)
}

fn write_zip<W: Write + Seek>(
    out: W,
    sources: &Sources,
    title: &str,
    script: &str,
    progress: &mut impl FnMut(&str),
) -> io::Result<Vec<FileEntry>> {
    let mut zip = ZipWriter::new(out);
    let mut files = Vec::new();
    let mut total = 0u64;
    for (inside, on_disk) in sources {
        progress(inside);
        // FLAC, Ogg and MP3 are compressed already; text and WAV deflate.
        let lower = inside.to_lowercase();
        let method = if [".flac", ".ogg", ".oga", ".mp3"].iter().any(|e| lower.ends_with(e)) {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method).large_file(true);
        zip.start_file(inside.as_str(), options).map_err(io::Error::other)?;
        let (size, sha256) = copy_hashed(&mut File::open(on_disk)?, &mut zip, MAX_AUDIO_BYTES)?;
        total += size;
        if total > MAX_TOTAL_BYTES {
            return Err(io::Error::other(format!("the files come to more than {} MiB", MAX_TOTAL_BYTES >> 20)));
        }
        files.push(FileEntry { path: inside.clone(), size, sha256 });
    }
    let manifest = Manifest {
        format: FORMAT,
        title: title.to_string(),
        made_by: format!("respite {}", env!("CARGO_PKG_VERSION")),
        script: script.to_string(),
        files: files.clone(),
    };
    zip.start_file(names::MANIFEST, SimpleFileOptions::default()).map_err(io::Error::other)?;
    zip.write_all(manifest.to_json().as_bytes())?;
    zip.finish().map_err(io::Error::other)?;
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_paths_become_package_paths() {
        assert_eq!(package_path(Path::new("./voice/a.ogg")).as_deref(), Some("voice/a.ogg"));
        assert_eq!(package_path(Path::new("a.ogg")).as_deref(), Some("a.ogg"));
        assert_eq!(package_path(Path::new("../a.ogg")), None);
        assert_eq!(package_path(Path::new("/a.ogg")), None);
        assert_eq!(package_path(Path::new(".")), None);
    }

    #[test]
    fn a_voice_manifest_lists_its_clips_once() {
        let line = |file: &str| format!(r#"{{"file": "{file}", "secs": 1.5, "text_hash": "0"}}"#);
        let text = format!(
            r#"{{"format": 1, "lines": {{"a": {}, "b": {}, "c": {}}}}}"#,
            line("x.flac"),
            line("x.flac"),
            line("y.flac")
        );
        let text = text.as_str();
        assert_eq!(voice_clips(text).unwrap(), ["x.flac", "y.flac"]);
        assert!(voice_clips(r#"{"format": 2, "lines": {}}"#).unwrap_err().contains("format 2"));
        assert!(voice_clips("[]").unwrap_err().contains("not a voice manifest"));
    }
}
