//! Opening a package: untrusted input from someone else. Everything is
//! checked before the session is trusted: the zip's entries (regular
//! files only, every name relative and plain, no duplicates, at most
//! `MAX_FILES`), the manifest (present, a known format, listing exactly
//! the files there are), every file's type, size and SHA-256 against the
//! bytes actually read (a zip bomb's headers lie, so reading stops just
//! past the size the manifest gives), the script (it must load), the
//! audio it names and its voice folder (all inside the package). Each
//! refusal says what and why.

use std::collections::{BTreeMap, HashMap};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

use super::manifest::{FileEntry, Manifest, copy_hashed};
use super::names::{self, FileKind, printable};
use super::pack::{limit, package_path, referenced_audio, voice_clips};
use super::temp::TempFolder;
use super::{MAX_FILES, MAX_MANIFEST_BYTES, MAX_TOTAL_BYTES, PackageError};
use crate::timeline::narration::Voice;

/// A package unpacked and checked, in a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Unpacked {
    pub manifest: Manifest,
    /// The script, inside the folder.
    pub script: PathBuf,
    /// Its title, as the script gives it.
    pub title: String,
}

/// Unpacks `package` into `into`, an empty folder, checking everything.
/// On an error, what was written into `into` is the caller's to remove.
pub fn unpack(package: &Path, into: &Path) -> Result<Unpacked, PackageError> {
    let name = package.file_name().map_or_else(|| package.display().to_string(), |n| n.to_string_lossy().into());
    unpack_checked(package, into, &name).map_err(|why| PackageError::new(format!("cannot open {name}: {why}")))
}

/// A package unpacked into a temporary folder, removed when dropped: for
/// rendering or checking a package without installing it.
pub struct Opened {
    pub unpacked: Unpacked,
    _folder: TempFolder,
}

/// Unpacks `package` into a new temporary folder (see [`unpack`]).
pub fn open(package: &Path) -> Result<Opened, PackageError> {
    let folder = TempFolder::new_in(&std::env::temp_dir(), "respite-package")
        .map_err(|e| PackageError::new(format!("cannot open {}: no temporary folder: {e}", package.display())))?;
    let unpacked = unpack(package, folder.path())?;
    Ok(Opened { unpacked, _folder: folder })
}

fn unpack_checked(package: &Path, into: &Path, display: &str) -> Result<Unpacked, String> {
    let meta = std::fs::metadata(package).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        return Err("it is not a file".into());
    }
    if meta.len() > MAX_TOTAL_BYTES + (64 << 20) {
        return Err(format!("it is {} MiB; a package may be at most {} MiB", meta.len() >> 20, MAX_TOTAL_BYTES >> 20));
    }
    let mut file = File::open(package).map_err(|e| format!("cannot read it: {e}"))?;
    super::directory::check_entry_count(&mut file)?;
    let mut zip = ZipArchive::new(BufReader::new(file))
        .map_err(|e| format!("it is not a Respite package (not a readable zip file: {e})"))?;
    // `check_entry_count` refused this already from the end record; kept
    // in case the zip reader ever counts otherwise.
    if zip.len() > MAX_FILES + 1 {
        return Err(format!("it holds {} files; a package may hold at most {MAX_FILES}", zip.len()));
    }
    // The zip reader keeps one entry per name; a second is refused here.
    if zip.has_duplicate_names() {
        return Err("a file name is in it twice".into());
    }
    let entries = list_entries(&mut zip)?;
    let manifest = read_manifest(&mut zip, &entries)?;
    let listed = check_manifest(&manifest, &entries)?;
    for file in &manifest.files {
        let index = entries[&file.path];
        extract(&mut zip, index, file, listed[file.path.as_str()], into)?;
    }
    let script = into.join(&manifest.script);
    let title = check_script(&script, &manifest, display)?;
    check_voice(into, &manifest)?;
    Ok(Unpacked { manifest, script, title })
}

/// The regular files of the zip, by name: every name checked, links,
/// devices, encrypted entries and duplicates refused; folders skipped.
fn list_entries<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<HashMap<String, usize>, String> {
    let mut files = HashMap::new();
    let mut lower = HashMap::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| format!("entry {} cannot be read: {e}", i + 1))?;
        let raw = entry.name_raw();
        let name = std::str::from_utf8(raw)
            .map_err(|_| format!("entry {} has a name that is not UTF-8 ({})", i + 1, String::from_utf8_lossy(raw)))?
            .to_string();
        let shown = printable(&name);
        if entry.is_symlink() {
            return Err(format!("`{shown}` is a symbolic link; a package holds only plain files"));
        }
        const TYPE: u32 = 0o170000;
        let special = entry.unix_mode().is_some_and(|m| !matches!(m & TYPE, 0 | 0o100000 | 0o040000));
        if special {
            return Err(format!(
                "`{shown}` is a special file (a link, device or pipe); a package holds only plain files"
            ));
        }
        if entry.is_dir() {
            names::check_path(name.trim_end_matches('/'))?;
            continue;
        }
        if entry.encrypted() {
            return Err(format!("`{shown}` is encrypted; Respite packages are not"));
        }
        names::check_path(&name)?;
        if let Some(other) = lower.insert(name.to_lowercase(), name.clone()) {
            return Err(if other == name {
                format!("`{shown}` is in it twice")
            } else {
                format!("`{shown}` and `{}` differ only in upper and lower case", printable(&other))
            });
        }
        files.insert(name, i);
    }
    Ok(files)
}

fn read_manifest<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    entries: &HashMap<String, usize>,
) -> Result<Manifest, String> {
    let Some(&index) = entries.get(names::MANIFEST) else {
        return Err(format!(
            "it has no {}, so it is not a Respite package (or it was made by something else)",
            names::MANIFEST
        ));
    };
    let mut entry = zip.by_index(index).map_err(|e| format!("its manifest cannot be read: {e}"))?;
    let mut bytes = Vec::new();
    let (n, _) = copy_hashed(&mut entry, &mut bytes, MAX_MANIFEST_BYTES)
        .map_err(|e| format!("its manifest cannot be read: {e}"))?;
    if n > MAX_MANIFEST_BYTES {
        return Err(format!("its manifest is over {} MiB", MAX_MANIFEST_BYTES >> 20));
    }
    let text = String::from_utf8(bytes).map_err(|_| "its manifest is not UTF-8 text".to_string())?;
    Manifest::parse(&text)
}

/// Checks the manifest against the zip: every file listed once, with a
/// kind and a size a package allows, and nothing unlisted. Returns each
/// file's kind.
fn check_manifest<'m>(
    manifest: &'m Manifest,
    entries: &HashMap<String, usize>,
) -> Result<HashMap<&'m str, FileKind>, String> {
    let script = manifest.script.as_str();
    if names::kind_of(script, script) != Ok(FileKind::Script) {
        return Err(format!("its script `{}` is not a .toml file at the top of the package", printable(script)));
    }
    if manifest.files.len() > MAX_FILES {
        return Err(format!(
            "its manifest lists {} files; a package may hold at most {MAX_FILES}",
            manifest.files.len()
        ));
    }
    let mut kinds = HashMap::new();
    let mut total = 0u64;
    for file in &manifest.files {
        let kind = names::kind_of(&file.path, script)?;
        if kinds.insert(file.path.as_str(), kind).is_some() {
            return Err(format!("its manifest lists `{}` twice", printable(&file.path)));
        }
        if !entries.contains_key(&file.path) {
            return Err(format!("`{}` is listed in its manifest but is not in the package", printable(&file.path)));
        }
        if file.size > limit(kind) {
            return Err(format!(
                "`{}` would unpack to {} MiB, over the {} MiB allowed for one file",
                printable(&file.path),
                file.size >> 20,
                limit(kind) >> 20
            ));
        }
        total = total.saturating_add(file.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(format!(
            "it would unpack to {} MiB, over the {} MiB a package may hold",
            total >> 20,
            MAX_TOTAL_BYTES >> 20
        ));
    }
    if !kinds.contains_key(script) {
        return Err(format!("its script `{}` is not in its manifest", printable(script)));
    }
    let mut unlisted: Vec<&String> =
        entries.keys().filter(|n| *n != names::MANIFEST && !kinds.contains_key(n.as_str())).collect();
    unlisted.sort();
    if let Some(name) = unlisted.first() {
        return Err(format!("`{}` is in the package but not in its manifest", printable(name)));
    }
    Ok(kinds)
}

/// Writes one file, counting and hashing the bytes as they come: the
/// size and checksum are checked against what was read, never against
/// the zip's own headers.
fn extract<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    index: usize,
    file: &FileEntry,
    kind: FileKind,
    into: &Path,
) -> Result<(), String> {
    let shown = printable(&file.path);
    let target = into.join(&file.path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot unpack `{shown}`: {e}"))?;
    }
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| format!("cannot unpack `{shown}`: {e}"))?;
    let mut entry = zip.by_index(index).map_err(|e| format!("`{shown}` cannot be read: {e}"))?;
    let (size, sha256) =
        copy_hashed(&mut entry, &mut out, file.size).map_err(|e| format!("`{shown}` cannot be read: {e}"))?;
    if size > file.size {
        return Err(format!(
            "`{shown}` unpacks to more than the {} bytes its manifest gives (a zip bomb, or a damaged package); stopped reading it",
            file.size
        ));
    }
    if size < file.size {
        return Err(format!("`{shown}` is {size} bytes, but its manifest says {}: the package is damaged", file.size));
    }
    if sha256 != file.sha256 {
        return Err(format!(
            "`{shown}` does not match its checksum: the package was damaged or changed after it was made"
        ));
    }
    out.sync_all().map_err(|e| format!("cannot unpack `{shown}`: {e}"))?;
    if kind == FileKind::Audio {
        let mut head = [0u8; 12];
        let n = File::open(&target)
            .and_then(|mut f| f.read(&mut head))
            .map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        if !names::looks_like_audio(&head[..n]) {
            return Err(format!("`{shown}` is not an audio file (WAV, FLAC, Ogg or MP3), whatever its name says"));
        }
    }
    Ok(())
}

/// The script must load, and every audio file it names must be in the
/// package. Returns its title.
fn check_script(script: &Path, manifest: &Manifest, display: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(script).map_err(|e| format!("its script cannot be read: {e}"))?;
    let name = format!("{display}:{}", manifest.script);
    let loaded = crate::timeline::load_str(&name, &text, script.parent())
        .map_err(|report| format!("its script has errors\n{}", report.render().trim_end()))?;
    let files: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for (path, what) in referenced_audio(&loaded.script) {
        let inside = package_path(&path);
        if !inside.as_deref().is_some_and(|p| files.contains(&p)) {
            return Err(format!("{what} `{}` is named by the script but is not in the package", path.display()));
        }
    }
    Ok(loaded.script.title)
}

/// The script's voice folder, if it has one: its manifest readable and
/// every clip it names in the package.
fn check_voice(into: &Path, manifest: &Manifest) -> Result<(), String> {
    let voice_manifest = names::voice_manifest(&manifest.script);
    if !manifest.files.iter().any(|f| f.path == voice_manifest) {
        return Ok(());
    }
    let text = std::fs::read_to_string(into.join(&voice_manifest))
        .map_err(|_| format!("`{voice_manifest}` is not UTF-8 text"))?;
    let dir = names::voice_dir(&manifest.script);
    let files: BTreeMap<&str, ()> = manifest.files.iter().map(|f| (f.path.as_str(), ())).collect();
    for clip in voice_clips(&text).map_err(|e| format!("`{voice_manifest}`: {e}"))? {
        let inside = format!("{dir}/{clip}");
        if names::check_path(&inside).is_err() || !files.contains_key(inside.as_str()) {
            return Err(format!(
                "the voice clip `{}` named in `{voice_manifest}` is not in the package",
                printable(&inside)
            ));
        }
    }
    // Named inside the package, not in the temporary folder.
    let inside = |e: String| e.replace(&format!("{}/", into.display()), "");
    Voice::from_dir(&into.join(&dir)).map_err(|e| format!("its voice cannot be read: {}", inside(e)))?;
    Ok(())
}
