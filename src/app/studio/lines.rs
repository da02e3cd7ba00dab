//! The studio's list: every line a listener hears in a script, once, in
//! order of first use, with what speaks it now (the script's own
//! recording, the built-in voice, or nothing), which steps use it, and
//! whether its clip is longer than its segment allows with a breath after
//! it at the written pace. `respite check` reports the same overruns.

use std::path::Path;

use crate::script::Script;
use crate::time::Micros;
use crate::timeline::narration::{BREATH, ClipRef, Voice, line_id, spoken_text};
use crate::timeline::{CompileOptions, compile};

/// One spoken line and how it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct StudioLine {
    pub text: String,
    pub id: String,
    /// The script steps that speak it, 0-based, in order.
    pub steps: Vec<usize>,
    /// What speaks it now.
    pub speaker: Speaker,
    /// How much longer the clip and a breath are than the shortest
    /// segment that speaks it, at the written pace.
    pub overrun: Option<Micros>,
    /// The line is a breathing phase word: a clip too long for its phase
    /// is not spoken there (the pace is kept); any other segment grows.
    pub breath: bool,
}

/// What speaks a line.
#[derive(Debug, Clone, PartialEq)]
pub enum Speaker {
    /// Nothing yet: the caption only.
    Nobody,
    /// The built-in voice, made for these words.
    Builtin(Micros),
    /// The voice folder chosen in the settings.
    Folder(Micros),
    /// The script's own recording.
    Own(Micros),
}

impl Speaker {
    pub fn length(&self) -> Option<Micros> {
        match self {
            Speaker::Nobody => None,
            Speaker::Builtin(l) | Speaker::Folder(l) | Speaker::Own(l) => Some(*l),
        }
    }
}

/// Every line `script` speaks with `voice` (a script's own recordings,
/// in `own_dir`, over the chosen voice, see `app::voice`). Steps with a
/// `voice` file of their own are left out: the script already says what
/// speaks them.
pub fn studio_lines(script: &Script, voice: &Voice, own_dir: &Path) -> Vec<StudioLine> {
    let mut lines: Vec<StudioLine> = Vec::new();
    for segment in &compile(script, &CompileOptions::default()).segments {
        let Some(text) = spoken_text(segment) else { continue };
        if segment.voice.is_some() {
            continue;
        }
        let entry = voice.find(&text);
        let overrun = entry.and_then(|e| (e.length + BREATH).0.checked_sub(segment.duration().0)).map(Micros);
        let overrun = overrun.filter(|o| o.0 > 0);
        match lines.iter_mut().find(|l| l.text == text) {
            Some(line) => {
                if line.steps.last() != Some(&segment.step) {
                    line.steps.push(segment.step);
                }
                line.overrun = line.overrun.max(overrun);
            }
            None => {
                let speaker = match entry {
                    None => Speaker::Nobody,
                    Some(e) => match &e.clip {
                        ClipRef::Builtin(_) => Speaker::Builtin(e.length),
                        ClipRef::File(path) if path.starts_with(own_dir) => Speaker::Own(e.length),
                        ClipRef::File(_) => Speaker::Folder(e.length),
                    },
                };
                lines.push(StudioLine {
                    id: line_id(&text),
                    text,
                    steps: vec![segment.step],
                    speaker,
                    overrun,
                    breath: segment.kind.is_breath(),
                });
            }
        }
    }
    lines
}

/// A sentence for a line whose clip is too long, or `None` when it fits.
pub fn overrun_note(line: &StudioLine) -> Option<String> {
    let over = line.overrun?.as_secs_f64();
    Some(if line.breath {
        format!("{over:.1} s too long for its breath: not spoken there (the breathing keeps its pace)")
    } else {
        format!("{over:.1} s too long for its segment: the step is lengthened by up to {over:.1} s")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::narration::{Manifest, ManifestLine, text_hash};

    const SCRIPT: &str = r#"
format = 1
title = "Test"
kind = "imagery"
summary = "A test."

[[step]]
kind = "say"
text = "Settle in."
seconds = 5

[[step]]
kind = "say"
text = "Notice the breath."
seconds = 3

[[step]]
kind = "say"
text = "Settle in."
seconds = 5
"#;

    fn script() -> Script {
        crate::script::parse_str("test.toml", SCRIPT, None).unwrap().script
    }

    fn own_voice(dir: &std::path::Path, lines: &[(&str, f64)]) -> Voice {
        let mut manifest = Manifest::new();
        for (text, secs) in lines {
            let id = line_id(text);
            std::fs::write(dir.join(format!("{id}.flac")), b"x").unwrap();
            let line = ManifestLine { file: format!("{id}.flac"), secs: *secs, text_hash: text_hash(text), text: None };
            manifest.lines.insert(id, line);
        }
        std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
        Voice::from_dir(dir).unwrap()
    }

    #[test]
    fn each_line_once_with_its_steps_and_speaker() {
        let dir = tempfile::tempdir().unwrap();
        let voice = own_voice(dir.path(), &[("Settle in.", 2.0)]);
        let lines = studio_lines(&script(), &voice, dir.path());
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Settle in.");
        assert_eq!(lines[0].steps, vec![0, 2]);
        assert_eq!(lines[0].speaker, Speaker::Own(Micros::from_secs(2)));
        assert_eq!(lines[0].overrun, None);
        assert_eq!(lines[1].speaker, Speaker::Nobody);
    }

    #[test]
    fn a_clip_too_long_for_its_segment_says_by_how_much() {
        let dir = tempfile::tempdir().unwrap();
        let voice = own_voice(dir.path(), &[("Notice the breath.", 4.0)]);
        let lines = studio_lines(&script(), &voice, dir.path());
        // 4 s of words and a 0.6 s breath in a 3 s step.
        assert_eq!(lines[1].overrun, Some(Micros::from_secs_f64(1.6)));
        let note = overrun_note(&lines[1]).unwrap();
        assert!(note.starts_with("1.6 s too long"), "{note}");
    }

    #[test]
    fn the_builtin_voice_is_named_as_such() {
        let script = crate::script::builtin::parse("box-breathing").unwrap().script;
        let lines = studio_lines(&script, &Voice::builtin(), Path::new("/nowhere"));
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| matches!(l.speaker, Speaker::Builtin(_))), "{lines:?}");
    }
}
