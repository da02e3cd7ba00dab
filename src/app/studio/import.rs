//! Importing recordings made elsewhere: a folder of audio files, each
//! matched to a line by its name: the line id (`settle-in-3f2a9c01.wav`,
//! as `respite narration lines` lists them) or the line's number in the
//! studio's list (`3.wav`, `03 settle.flac`, `line-3.ogg`). The page shows
//! the matches for confirmation before anything is imported; each import
//! then goes through the same trimming and levelling as a microphone take
//! (`folder::import_file`), and the file itself is kept in `takes/`.

use std::path::{Path, PathBuf};

use super::lines::StudioLine;

/// Extensions read as audio.
const AUDIO: [&str; 5] = ["wav", "flac", "ogg", "oga", "mp3"];

/// One file and the line it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub file: PathBuf,
    /// Index into the studio's lines, or `None` if the name matches none.
    pub line: Option<usize>,
}

/// The audio files in `dir`, sorted by name, each matched to a line.
pub fn match_folder(dir: &Path, lines: &[StudioLine]) -> Result<Vec<Match>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| AUDIO.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{} holds no audio files (wav, flac, ogg or mp3)", dir.display()));
    }
    Ok(files.into_iter().map(|file| Match { line: line_for(&file, lines), file }).collect())
}

/// The line a file name names: its id, else the number it starts with
/// (after an optional "line"), counted from 1.
fn line_for(file: &Path, lines: &[StudioLine]) -> Option<usize> {
    let stem = file.file_stem()?.to_str()?.to_ascii_lowercase();
    if let Some(i) = lines.iter().position(|l| l.id == stem) {
        return Some(i);
    }
    let rest = stem.strip_prefix("line").unwrap_or(&stem).trim_start_matches(['-', '_', ' ']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let n: usize = digits.parse().ok()?;
    (1..=lines.len()).contains(&n).then(|| n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::studio::lines::Speaker;

    fn line(text: &str) -> StudioLine {
        StudioLine {
            text: text.into(),
            id: crate::timeline::narration::line_id(text),
            steps: vec![0],
            speaker: Speaker::Nobody,
            overrun: None,
            breath: false,
        }
    }

    #[test]
    fn files_match_by_line_id_or_number() {
        let lines = [line("Settle in."), line("Notice the breath."), line("Open your eyes.")];
        let dir = tempfile::tempdir().unwrap();
        let names = [
            format!("{}.WAV", lines[2].id),
            "1.flac".into(),
            "line-2.ogg".into(),
            "7.wav".into(),
            "12b.wav".into(),
            "notes.txt".into(),
            "02 breath.mp3".into(),
        ];
        for name in &names {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        let matches = match_folder(dir.path(), &lines).unwrap();
        let by_name = |n: &str| matches.iter().find(|m| m.file.file_name().unwrap() == n).map(|m| m.line);
        assert_eq!(by_name(&names[0]), Some(Some(2)), "by id, any case");
        assert_eq!(by_name("1.flac"), Some(Some(0)));
        assert_eq!(by_name("line-2.ogg"), Some(Some(1)));
        assert_eq!(by_name("02 breath.mp3"), Some(Some(1)));
        assert_eq!(by_name("7.wav"), Some(None), "no line 7");
        assert_eq!(by_name("12b.wav"), Some(None));
        assert_eq!(by_name("notes.txt"), None, "not audio");
    }

    #[test]
    fn a_folder_without_audio_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = match_folder(dir.path(), &[line("A.")]).unwrap_err();
        assert!(err.contains("no audio files"), "{err}");
    }
}
