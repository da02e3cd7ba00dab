//! The names a package may hold. A package comes from someone else, so
//! every path in it is checked before anything is written: relative,
//! normalised, forward slashes only, no `..`, no drive letters, no names
//! Windows reserves, and only the kinds of file a session needs (its
//! script, the manifests and audio). The same checks name the files when
//! a package is made, so what Respite writes it can always read back.

/// What a file in a package is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The session script: `NAME.toml` at the top.
    Script,
    /// A voice's `manifest.json`, in the script's `NAME.voice/` folder.
    VoiceManifest,
    /// A recording: wav, flac, ogg (oga) or mp3.
    Audio,
}

/// The package's own manifest, at the top.
pub const MANIFEST: &str = "respite-package.json";

/// Audio a package may carry, by extension (what the script format and
/// the voice folders accept).
pub const AUDIO_EXTENSIONS: [&str; 5] = ["wav", "flac", "ogg", "oga", "mp3"];

/// Longest path inside a package, and deepest folder nesting.
const MAX_PATH_BYTES: usize = 512;
const MAX_DEPTH: usize = 8;

/// Checks a path inside a package; the error says what is wrong with it.
pub fn check_path(path: &str) -> Result<(), String> {
    let why = if path.is_empty() {
        Some("it has no name")
    } else if path.len() > MAX_PATH_BYTES {
        Some("the name is too long")
    } else if path.starts_with('/') {
        Some("it is an absolute path")
    } else if path.contains('\\') {
        Some("it uses a backslash (only `/` separates folders in a package)")
    } else if path.contains(':') {
        Some("it names a drive or a stream (`:`)")
    } else if path.chars().any(char::is_control) {
        Some("it has a control character in its name")
    } else if path.split('/').count() > MAX_DEPTH {
        Some("it is nested too deep")
    } else {
        path.split('/').find_map(component_problem)
    };
    match why {
        Some(why) => Err(format!("`{}` is not allowed in a package: {why}", printable(path))),
        None => Ok(()),
    }
}

fn component_problem(part: &str) -> Option<&'static str> {
    if part == ".." {
        return Some("it climbs out of the package's folder (`..`)");
    }
    if part.is_empty() || part == "." {
        return Some("it is not a plain relative path (empty or `.` part)");
    }
    if part.ends_with('.') || part.ends_with(' ') || part.starts_with(' ') {
        return Some("a part of it begins or ends with a space or a dot");
    }
    if part.starts_with('.') {
        return Some("a part of it is hidden (begins with a dot)");
    }
    if part.chars().any(|c| matches!(c, '<' | '>' | '"' | '|' | '?' | '*')) {
        return Some("it uses a character that is not allowed in file names (< > \" | ? *)");
    }
    let stem = part.split('.').next().unwrap_or(part).to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    reserved.then_some("it uses a name Windows reserves for a device")
}

/// What kind of file `path` is in a package whose script is `script`
/// (`NAME.toml`), or why it may not be in one.
pub fn kind_of(path: &str, script: &str) -> Result<FileKind, String> {
    check_path(path)?;
    let lower = path.to_lowercase();
    let ext = lower.rsplit_once('.').map(|(_, e)| e).filter(|e| !e.contains('/'));
    if path == script && !path.contains('/') && ext == Some("toml") {
        return Ok(FileKind::Script);
    }
    if path == voice_manifest(script) {
        return Ok(FileKind::VoiceManifest);
    }
    match ext {
        Some(e) if AUDIO_EXTENSIONS.contains(&e) => Ok(FileKind::Audio),
        Some("toml") => Err(format!(
            "`{}` is a second script: a package holds one script, `{}`",
            printable(path),
            printable(script)
        )),
        Some("json") => Err(format!(
            "`{}` is not allowed in a package: the only voice manifest is `{}`",
            printable(path),
            voice_manifest(script)
        )),
        _ => Err(format!(
            "`{}` is not allowed in a package: only the script (.toml), the manifests and audio files ({}) are",
            printable(path),
            AUDIO_EXTENSIONS.join(", ")
        )),
    }
}

/// The voice folder a script owns: `NAME.voice/` for `NAME.toml`.
/// (As `app::voice::own_voice_dir` names it beside an installed script.)
pub fn voice_dir(script: &str) -> String {
    let stem = script
        .len()
        .checked_sub(5)
        .filter(|&at| script.is_char_boundary(at) && script[at..].eq_ignore_ascii_case(".toml"));
    format!("{}.voice", stem.map_or(script, |at| &script[..at]))
}

/// The voice manifest of the script's own voice folder.
pub fn voice_manifest(script: &str) -> String {
    format!("{}/manifest.json", voice_dir(script))
}

/// Whether the first bytes of an audio file look like one of the formats
/// Respite plays (RIFF/WAVE, FLAC, Ogg, MP3 with or without an ID3 tag),
/// so a program renamed `.ogg` is refused.
pub fn looks_like_audio(head: &[u8]) -> bool {
    head.starts_with(b"fLaC")
        || head.starts_with(b"OggS")
        || head.starts_with(b"ID3")
        || (head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WAVE")
        || (head.len() >= 2 && head[0] == 0xff && head[1] & 0xe0 == 0xe0)
}

/// A name as it can be shown in a message: control characters escaped.
pub fn printable(name: &str) -> String {
    name.chars().flat_map(char::escape_debug).take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relative_paths_pass() {
        for ok in ["calm.toml", "calm.voice/manifest.json", "voice/settle.ogg", "a b/c-d_e (2).flac", "é/ü.wav"] {
            assert_eq!(check_path(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn escaping_and_strange_paths_are_refused_with_the_reason() {
        for (bad, why) in [
            ("../evil.ogg", "climbs out"),
            ("a/../../evil.ogg", "climbs out"),
            ("/etc/passwd", "absolute"),
            ("C:/x.ogg", "drive"),
            ("C:x.ogg", "drive"),
            ("a\\..\\b.ogg", "backslash"),
            ("a//b.ogg", "empty"),
            ("./a.ogg", "`.` part"),
            ("a/", "empty"),
            (".hidden.ogg", "hidden"),
            ("a\u{0}b.ogg", "control"),
            ("NUL.ogg", "reserves"),
            ("com1.wav", "reserves"),
            ("x.ogg.", "dot"),
            ("a?.ogg", "not allowed in file names"),
            ("", "no name"),
        ] {
            let err = check_path(bad).unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
        assert!(check_path(&"a/".repeat(9).replace("//", "/x")).is_err());
        assert!(check_path(&"x".repeat(600)).unwrap_err().contains("too long"));
    }

    #[test]
    fn only_the_script_manifests_and_audio_are_allowed() {
        assert_eq!(kind_of("calm.toml", "calm.toml"), Ok(FileKind::Script));
        assert_eq!(kind_of("calm.voice/manifest.json", "calm.toml"), Ok(FileKind::VoiceManifest));
        assert_eq!(kind_of("calm.voice/a.FLAC", "calm.toml"), Ok(FileKind::Audio));
        assert_eq!(kind_of("ambient/rain.ogg", "calm.toml"), Ok(FileKind::Audio));
        for (bad, why) in [
            ("run.sh", "only the script"),
            ("lib.so", "only the script"),
            ("setup.exe", "only the script"),
            ("README", "only the script"),
            ("other.toml", "second script"),
            ("sub/calm.toml", "second script"),
            ("other.voice/manifest.json", "only voice manifest"),
        ] {
            let err = kind_of(bad, "calm.toml").unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn audio_is_recognised_by_its_first_bytes() {
        assert!(looks_like_audio(b"fLaC\0\0\0\x22"));
        assert!(looks_like_audio(b"OggS\0\x02"));
        assert!(looks_like_audio(b"RIFF\x24\0\0\0WAVEfmt "));
        assert!(looks_like_audio(b"ID3\x04"));
        assert!(looks_like_audio(&[0xff, 0xfb, 0x90]));
        assert!(!looks_like_audio(b"\x7fELF\x02\x01"));
        assert!(!looks_like_audio(b"#!/bin/sh\n"));
        assert!(!looks_like_audio(b"RIFF\x24\0\0\0AVI "));
        assert!(!looks_like_audio(b""));
    }
}
