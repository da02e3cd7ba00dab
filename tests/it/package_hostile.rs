//! Packages from strangers: a corpus of hostile packages, made here, each
//! refused with its own message and nothing left behind in the sessions
//! folder (not even a half-unpacked hidden folder).

use std::io::Write;

use respite::package::{Clash, install};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

use crate::support::package::tone_wav;

const SCRIPT: &str = "format = 1\ntitle = \"Kind words\"\nkind = \"imagery\"\nsummary = \"A short rest.\"\n\n\
                      [sound]\nambient = \"bed.wav\"\n\n[[step]]\nkind = \"pause\"\nseconds = 5\n";

/// One entry of a hand-made zip.
struct Entry {
    name: String,
    data: Vec<u8>,
    symlink: bool,
}

fn file(name: &str, data: &[u8]) -> Entry {
    Entry { name: name.into(), data: data.to_vec(), symlink: false }
}

/// What a package should hold: the script and its ambient bed.
fn good() -> Vec<Entry> {
    vec![file("kind.toml", SCRIPT.as_bytes()), file("bed.wav", &tone_wav(100.0, 0.2))]
}

fn sha256(data: &[u8]) -> String {
    Sha256::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest for these entries, as `respite pack` writes it.
fn manifest_for(entries: &[Entry]) -> serde_json::Value {
    let files: Vec<_> = entries
        .iter()
        .map(|e| serde_json::json!({"path": e.name, "size": e.data.len(), "sha256": sha256(&e.data)}))
        .collect();
    serde_json::json!({"format": 1, "title": "Kind words", "made_by": "a test", "script": "kind.toml", "files": files})
}

fn zip(entries: &[Entry], manifest: Option<&serde_json::Value>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for e in entries {
        if e.symlink {
            w.add_symlink(e.name.as_str(), String::from_utf8_lossy(&e.data), deflate).unwrap();
        } else {
            w.start_file(e.name.as_str(), deflate).unwrap();
            w.write_all(&e.data).unwrap();
        }
    }
    if let Some(m) = manifest {
        w.start_file("respite-package.json", deflate).unwrap();
        w.write_all(m.to_string().as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A package of `entries` with its honest manifest.
fn package(entries: &[Entry]) -> Vec<u8> {
    zip(entries, Some(&manifest_for(entries)))
}

/// Installs `bytes` as a package into a fresh sessions folder; returns
/// the refusal, after checking that nothing was left behind.
fn refused(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("{name}.respite"));
    std::fs::write(&path, bytes).unwrap();
    let sessions = dir.path().join("sessions");
    let err = match install(&path, &sessions, Clash::KeepBoth) {
        Ok(installed) => panic!("{name}: installed {installed:?}"),
        Err(e) => e.to_string(),
    };
    assert!(err.starts_with(&format!("cannot open {name}.respite: ")), "{name}: {err}");
    let left: Vec<_> = std::fs::read_dir(&sessions).unwrap().collect();
    assert!(left.is_empty(), "{name}: left behind {left:?}");
    err
}

fn assert_refused(name: &str, bytes: &[u8], why: &str) {
    let err = refused(name, bytes);
    assert!(err.contains(why), "{name}: expected {why:?} in:\n{err}");
}

#[test]
fn a_good_package_made_by_hand_installs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kind.respite");
    std::fs::write(&path, package(&good())).unwrap();
    let installed = install(&path, &dir.path().join("sessions"), Clash::Refuse).unwrap();
    assert_eq!(installed.title, "Kind words");
    assert_eq!(std::fs::read_to_string(installed.script).unwrap(), SCRIPT);
}

#[test]
fn paths_that_escape_or_are_not_plain_are_refused() {
    for (name, path, why) in [
        (
            "zip-slip",
            "../../evil.wav",
            "`../../evil.wav` is not allowed in a package: it climbs out of the package's folder (`..`)",
        ),
        ("zip-slip-deep", "sounds/../../evil.wav", "climbs out of the package's folder"),
        ("absolute", "/tmp/evil.wav", "`/tmp/evil.wav` is not allowed in a package: it is an absolute path"),
        ("drive", "C:/evil.wav", "it names a drive or a stream"),
        ("backslash", "..\\evil.wav", "it uses a backslash"),
        ("hidden", ".config/evil.wav", "it is hidden"),
        ("device-name", "aux.wav", "a name Windows reserves"),
    ] {
        let mut entries = good();
        entries.push(file(path, &tone_wav(100.0, 0.1)));
        assert_refused(name, &package(&entries), why);
    }
}

#[test]
fn links_are_refused() {
    let mut entries = good();
    entries.push(Entry { name: "bed2.wav".into(), data: b"/etc/passwd".to_vec(), symlink: true });
    assert_refused("symlink", &package(&entries), "`bed2.wav` is a symbolic link; a package holds only plain files");
}

#[test]
fn only_scripts_manifests_and_real_audio_are_accepted() {
    for (name, path, data, why) in [
        (
            "shell",
            "run.sh",
            &b"#!/bin/sh\nrm -rf ~\n"[..],
            "`run.sh` is not allowed in a package: only the script (.toml), the manifests and audio files",
        ),
        ("library", "lib/libevil.so", b"\x7fELF\x02\x01\x01", "`lib/libevil.so` is not allowed"),
        ("program", "setup.exe", b"MZ\x90\0", "`setup.exe` is not allowed"),
        ("second-script", "other.toml", SCRIPT.as_bytes(), "`other.toml` is a second script"),
        ("stray-json", "settings.json", b"{}", "the only voice manifest is `kind.voice/manifest.json`"),
        (
            "disguised",
            "music.ogg",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0",
            "`music.ogg` is not an audio file (WAV, FLAC, Ogg or MP3), whatever its name says",
        ),
    ] {
        let mut entries = good();
        entries.push(file(path, data));
        assert_refused(name, &package(&entries), why);
    }
}

#[test]
fn zip_bombs_are_stopped_by_the_bytes_actually_read() {
    // 64 MiB of silence deflates to about 64 KiB; the manifest says 1 KiB.
    let bomb = vec![0u8; 64 << 20];
    let mut entries = good();
    entries.push(file("bomb.wav", &bomb));
    let mut manifest = manifest_for(&entries);
    manifest["files"][2]["size"] = 1024.into();
    let bytes = zip(&entries, Some(&manifest));
    assert!(bytes.len() < 1 << 20, "a small file: {} bytes", bytes.len());
    assert_refused(
        "bomb-lying-manifest",
        &bytes,
        "`bomb.wav` unpacks to more than the 1024 bytes its manifest gives (a zip bomb",
    );

    // The zip's own headers lie as well: they are never trusted.
    let lying = lie_about_size(&bytes, b"bomb.wav", 1024);
    let err = refused("bomb-lying-headers", &lying);
    assert!(err.contains("`bomb.wav`"), "{err}");

    // Sizes a package may not have at all are refused before unpacking.
    let mut manifest = manifest_for(&entries);
    manifest["files"][2]["size"] = (600u64 << 20).into();
    assert_refused(
        "bomb-too-big",
        &zip(&entries, Some(&manifest)),
        "`bomb.wav` would unpack to 600 MiB, over the 512 MiB allowed for one file",
    );
    let mut entries = good();
    for i in 0..3 {
        entries.push(file(&format!("big{i}.wav"), &tone_wav(100.0, 0.1)));
    }
    let mut manifest = manifest_for(&entries);
    for i in 2..5 {
        manifest["files"][i]["size"] = (400u64 << 20).into();
    }
    assert_refused(
        "bomb-total",
        &zip(&entries, Some(&manifest)),
        "it would unpack to 1200 MiB, over the 1024 MiB a package may hold",
    );
}

/// Writes `size` into the local and central headers of `name`.
fn lie_about_size(zip: &[u8], name: &[u8], size: u32) -> Vec<u8> {
    let mut out = zip.to_vec();
    let mut patched = 0;
    for at in 0..out.len().saturating_sub(46) {
        let (sig, size_at, name_at) = match &out[at..at + 4] {
            b"PK\x03\x04" => (true, at + 22, at + 30),
            b"PK\x01\x02" => (true, at + 24, at + 46),
            _ => (false, 0, 0),
        };
        if sig && out.get(name_at..name_at + name.len()) == Some(name) {
            out[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers found");
    out
}

#[test]
fn too_many_files_are_refused_before_any_is_read() {
    let mut entries = good();
    for i in 0..2000 {
        entries.push(file(&format!("v/{i}.wav"), b"RIFF\0\0\0\0WAVE"));
    }
    assert_refused(
        "too-many",
        &package(&entries),
        "its zip directory lists 2003 files; a package may hold at most 2000",
    );
}

#[test]
fn a_damaged_or_tampered_package_is_refused() {
    let entries = good();
    let mut manifest = manifest_for(&entries);
    manifest["files"][1]["sha256"] = sha256(b"something else").into();
    assert_refused("bad-checksum", &zip(&entries, Some(&manifest)), "`bed.wav` does not match its checksum");

    assert_refused(
        "no-manifest",
        &zip(&entries, None),
        "it has no respite-package.json, so it is not a Respite package",
    );

    let mut manifest = manifest_for(&entries);
    manifest["format"] = 2.into();
    assert_refused(
        "future",
        &zip(&entries, Some(&manifest)),
        "it was made by a newer Respite (package format 2; this Respite reads format 1): update Respite",
    );

    let mut extra = good();
    extra.push(file("secret.wav", &tone_wav(100.0, 0.1)));
    assert_refused(
        "unlisted",
        &zip(&extra, Some(&manifest_for(&entries))),
        "`secret.wav` is in the package but not in its manifest",
    );
    assert_refused(
        "missing",
        &zip(&entries[..1], Some(&manifest_for(&entries))),
        "`bed.wav` is listed in its manifest but is not in the package",
    );

    let mut twice = good();
    twice.push(file("bez.wav", &tone_wav(100.0, 0.2)));
    let bytes = package(&twice);
    let dup = replace_all(&bytes, b"bez.wav", b"bed.wav");
    assert_refused("duplicate", &dup, "a file name is in it twice");
    let mut cased = good();
    cased.push(file("BED.wav", &tone_wav(100.0, 0.2)));
    assert_refused("case", &package(&cased), "`BED.wav` and `bed.wav` differ only in upper and lower case");

    assert_refused("not-zip", b"just some text, not a zip", "it is not a Respite package (not a readable zip file");
    assert_refused("truncated", &package(&good())[..200], "not a readable zip file");
}

fn replace_all(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    for at in 0..out.len().saturating_sub(from.len() - 1) {
        if &out[at..at + from.len()] == from {
            out[at..at + to.len()].copy_from_slice(to);
        }
    }
    out
}

#[test]
fn a_script_that_does_not_load_or_names_what_is_not_there_is_refused() {
    let mut entries = good();
    entries[0].data = SCRIPT.replace("kind = \"pause\"", "kind = \"pause\nseconds = 5").into_bytes();
    let err = refused("syntax", &package(&entries));
    assert!(err.contains("its script has errors"), "{err}");
    assert!(err.contains("syntax.respite:kind.toml:10:"), "the error is located in the script: {err}");

    let mut entries = good();
    entries[0].data = SCRIPT.replace("seconds = 5", "seconds = -5").into_bytes();
    let err = refused("invalid", &package(&entries));
    assert!(err.contains("invalid.respite:kind.toml:11:"), "{err}");

    let entries = &good()[..1];
    assert_refused(
        "no-bed",
        &package(entries),
        "the ambient sound `bed.wav` is named by the script but is not in the package",
    );

    let mut entries = good();
    entries.push(file(
        "kind.voice/manifest.json",
        b"{\"format\": 1, \"lines\": {\"a\": {\"file\": \"a.flac\", \"secs\": 1, \"text_hash\": \"0\"}}}",
    ));
    assert_refused(
        "voice-clip-missing",
        &package(&entries),
        "the voice clip `kind.voice/a.flac` named in `kind.voice/manifest.json` is not in the package",
    );
    let mut entries = good();
    entries.push(file("kind.voice/manifest.json", b"{\"format\": 9}"));
    assert_refused("voice-manifest-bad", &package(&entries), "`kind.voice/manifest.json`: ");
}
