//! The studio for one script, as the page drives it: its lines and their
//! status, the line chosen, a take being recorded, a line being played
//! back, an import waiting for confirmation, and what to tell the user.
//! Recording reads the input on its own thread (`audio::mic`); `update`
//! collects what arrived and, when a take ends, saves it. Nothing here
//! draws, so the page and the tests drive the same code.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::Notice;
use crate::app::voice::{own_voice_dir, session_voice};
use crate::audio::mic::MicSource;
use crate::audio::preview::{Preview, Sound};
use crate::script::Script;
use crate::timeline::load_file;
use crate::timeline::narration::Voice;

use super::editor::ScriptEditor;
use super::folder::{import_file, keep_take, save_take};
use super::import::{Match, match_folder};
use super::lines::{StudioLine, studio_lines};
use super::recorder::{Ended, Phase, Recorder, Take};

/// A studio open on one script.
pub struct Studio {
    pub script_path: PathBuf,
    pub script: Script,
    pub lines: Vec<StudioLine>,
    pub selected: usize,
    pub recorder: Recorder,
    /// Matches waiting for the user's confirmation.
    pub import: Option<Vec<Match>>,
    /// The script's text being changed, when the editor is open.
    pub editor: Option<ScriptEditor>,
    /// What happened, newest last.
    pub notices: Vec<Notice>,
    voice: Arc<Voice>,
    playback: Option<Preview>,
    beeps: Option<Preview>,
    /// Line being recorded (the selection may not move meanwhile).
    recording: Option<usize>,
    /// The voice folder chosen in the settings, under the script's own.
    voice_folder: Option<PathBuf>,
}

impl std::fmt::Debug for Studio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Studio({}, line {} of {})", self.script_path.display(), self.selected + 1, self.lines.len())
    }
}

impl Studio {
    /// Opens the studio on a script file; `voice_folder` is the settings'
    /// voice folder, which speaks the lines the script has not recorded.
    pub fn open(path: &Path, voice_folder: Option<&Path>) -> Result<Studio, String> {
        let loaded = load_file(path).map_err(|r| r.summary().join("\n"))?;
        let mut studio = Studio {
            script_path: path.to_path_buf(),
            script: loaded.script,
            lines: Vec::new(),
            selected: 0,
            recorder: Recorder::default(),
            import: None,
            editor: None,
            notices: Vec::new(),
            voice: Voice::builtin(),
            playback: None,
            beeps: None,
            recording: None,
            voice_folder: voice_folder.map(Path::to_path_buf),
        };
        studio.refresh();
        Ok(studio)
    }

    /// Reads the voice folder again and recomputes every line's status.
    pub fn refresh(&mut self) {
        let (voice, warnings) = session_voice(Some(&self.script_path), self.voice_folder.as_deref());
        self.notices.extend(warnings.into_iter().map(Notice::warning));
        self.lines = studio_lines(&self.script, &voice, &own_voice_dir(&self.script_path));
        self.voice = voice;
        self.selected = self.selected.min(self.lines.len().saturating_sub(1));
    }

    /// The folder the recordings go to.
    pub fn voice_dir(&self) -> PathBuf {
        own_voice_dir(&self.script_path)
    }

    pub fn is_recording(&self) -> bool {
        self.recorder.phase() != Phase::Idle
    }

    pub fn is_playing(&self) -> bool {
        self.playback.as_ref().is_some_and(|p| !p.is_done())
    }

    /// Moves the selection by `delta` lines (not while recording).
    pub fn step(&mut self, delta: isize) {
        if !self.is_recording() && !self.lines.is_empty() {
            self.selected = self.selected.saturating_add_signed(delta).min(self.lines.len() - 1);
        }
    }

    pub fn select(&mut self, line: usize) {
        if !self.is_recording() && line < self.lines.len() {
            self.selected = line;
        }
    }

    /// Starts a take of the selected line (a count-in first), or stops
    /// the take and saves it. `now` is seconds since 1970 (UTC).
    pub fn record_or_stop(&mut self, source: &MicSource, now: i64) {
        if self.is_recording() {
            self.beeps = None;
            let take = self.recorder.stop();
            self.finish(take, now);
            return;
        }
        if self.selected >= self.lines.len() {
            return;
        }
        self.playback = None;
        self.recording = Some(self.selected);
        self.recorder.start(source);
        if matches!(source, MicSource::Device(_)) {
            self.beeps = Some(Preview::play(Sound::CountIn(super::recorder::COUNT_IN_SECS)));
        }
    }

    /// Plays the selected line as it will be heard, or stops playing.
    pub fn play_or_stop(&mut self) {
        if self.is_playing() {
            self.playback = None;
            return;
        }
        if self.is_recording() {
            return;
        }
        let Some(line) = self.lines.get(self.selected) else { return };
        match self.voice.find(&line.text) {
            Some(entry) => self.playback = Some(Preview::play(Sound::Clip(entry.clip.clone()))),
            None => self.notices.push(Notice::warning(format!("Line {} has no recording yet.", self.selected + 1))),
        }
    }

    /// Collects input and playback news; call once a frame. Returns
    /// whether something is moving (the page should redraw soon).
    pub fn update(&mut self, now: i64) -> bool {
        if let Some(ended) = self.recorder.poll() {
            self.beeps = None;
            match ended {
                Ended::Complete(take) => self.finish(Some(take), now),
                Ended::Failed { message, partial } => self.interrupted(&message, partial, now),
            }
        }
        if let Some(error) = self.playback.as_ref().and_then(Preview::error) {
            self.notices.push(Notice::error(format!("Could not play the line: {error}")));
            self.playback = None;
        }
        if self.playback.as_ref().is_some_and(Preview::is_done) {
            self.playback = None;
        }
        self.is_recording() || self.is_playing()
    }

    /// Saves a finished take as the line's recording.
    fn finish(&mut self, take: Option<Take>, now: i64) {
        let Some(index) = self.recording.take() else { return };
        let Some(take) = take else {
            self.notices.push(Notice::warning("Stopped during the count-in: nothing was recorded."));
            return;
        };
        let text = self.lines[index].text.clone();
        match save_take(&self.script_path, &text, &take.samples, take.rate, now) {
            Ok(saved) => {
                let mut note = format!("Line {} recorded: {:.1} s.", index + 1, saved.prepared.secs());
                if take.clipped {
                    note.push_str(" It was too loud in places (clipping): move back a little or turn the input down, and record it again.");
                }
                self.notices.push(if take.clipped { Notice::warning(note) } else { Notice::info(note) });
            }
            Err(e) => self.notices.push(Notice::error(format!("Line {} was not saved: {e}", index + 1))),
        }
        self.refresh();
    }

    /// The input failed mid-take: what was recorded is kept in `takes/`,
    /// and the line keeps the recording it had.
    fn interrupted(&mut self, message: &str, partial: Option<Take>, now: i64) {
        let Some(index) = self.recording.take() else { return };
        let kept = match partial {
            Some(take) => match keep_take(&self.script_path, &self.lines[index].text, &take.samples, take.rate, now) {
                Ok(path) => format!(" The {:.1} s recorded so far are kept in {}.", take.secs(), path.display()),
                Err(e) => format!(" The part recorded could not be kept: {e}."),
            },
            None => String::new(),
        };
        self.notices.push(Notice::error(format!(
            "Recording stopped: {message}.{kept} Line {} keeps its earlier recording; record it again when the microphone works.",
            index + 1
        )));
    }

    /// Matches the audio files in `dir` to lines, for confirmation.
    pub fn begin_import(&mut self, dir: &Path) {
        match match_folder(dir, &self.lines) {
            Ok(matches) => self.import = Some(matches),
            Err(e) => self.notices.push(Notice::error(e)),
        }
    }

    /// Imports every matched file.
    pub fn confirm_import(&mut self, now: i64) {
        let Some(matches) = self.import.take() else { return };
        let (mut done, mut failed) = (0, Vec::new());
        for m in matches {
            let Some(line) = m.line.and_then(|i| self.lines.get(i)) else { continue };
            match import_file(&self.script_path, &line.text, &m.file, now) {
                Ok(_) => done += 1,
                Err(e) => failed.push(e.to_string()),
            }
        }
        self.notices.push(Notice::info(format!("Imported {done} recording(s).")));
        self.notices.extend(failed.into_iter().map(Notice::error));
        self.refresh();
    }

    pub fn cancel_import(&mut self) {
        self.import = None;
    }
}
