//! Helpers shared by the integration tests: the app in a test harness, the
//! `respite` binary, a built-in loaded (and compiled), and a builder for
//! hand-made timelines. One copy of each, so the tests say only what they check.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use egui_kittest::Harness;
use respite::app::Places;
use respite::player::{ManualTime, Output as SoundOutput};
use respite::script::{Ambient, CueSound, Script, SoundSettings};
use respite::timeline::{CompileOptions, Cue, Micros, Segment, SegmentKind, StepSpan, Timeline, compile, load_builtin};
use respite::ui::{App, Config};

/// The app at window size, its files under `root`, time moving only with
/// `time`; three frames drawn.
pub fn harness(root: &Path, time: &ManualTime) -> Harness<'static, App> {
    let time = time.clone();
    let app =
        App::new(Config { places: Places::under(root), output: Box::new(move || SoundOutput::Manual(time.clone())) });
    let mut h = Harness::builder().with_size([1180.0, 820.0]).build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.run_steps(3);
    h
}

/// The `respite` binary, to add arguments to.
pub fn respite_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_respite"))
}

/// Runs `respite ARGS` to the end.
pub fn respite(args: &[&str]) -> Output {
    respite_command().args(args).output().expect("the respite binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The built-in session `name`, loaded and checked.
pub fn builtin_script(name: &str) -> Script {
    load_builtin(name).unwrap_or_else(|r| panic!("builtin:{name} loads: {:?}", r.summary())).script
}

/// The built-in session `name`, compiled at the default options.
pub fn builtin_timeline(name: &str) -> Timeline {
    compile(&builtin_script(name), &CompileOptions::default())
}

/// A hand-made timeline: segments back to back from zero, one step span
/// per step index, cues where asked.
pub struct TimelineBuilder {
    title: String,
    segments: Vec<Segment>,
    cues: Vec<Cue>,
    ambient: Ambient,
}

impl TimelineBuilder {
    pub fn new(title: &str) -> Self {
        Self { title: title.into(), segments: Vec::new(), cues: Vec::new(), ambient: Ambient::None }
    }

    /// Appends a segment of `kind` lasting `secs`, in step `step`.
    pub fn segment(mut self, kind: SegmentKind, secs: f64, step: usize) -> Self {
        let start = self.segments.last().map_or(Micros::ZERO, |s| s.end);
        self.segments.push(Segment {
            start,
            end: start + Micros::from_secs_f64(secs),
            step,
            kind,
            label: String::new(),
            text: String::new(),
            cycle: None,
            cycles: None,
            voice: None,
            speech: None,
        });
        self
    }

    /// Appends a narration segment with its caption and, if given, a voice clip.
    pub fn say(self, secs: f64, step: usize, voice: Option<&str>) -> Self {
        let mut b = self.segment(SegmentKind::Say, secs, step);
        if let Some(s) = b.segments.last_mut() {
            s.text = "caption".into();
            s.voice = voice.map(PathBuf::from);
        }
        b
    }

    /// A cue at the start of the last segment.
    pub fn cue(mut self, sound: CueSound) -> Self {
        let (segment, s) = (self.segments.len() - 1, &self.segments[self.segments.len() - 1]);
        self.cues.push(Cue { at: s.start, sound, step: s.step, segment });
        self
    }

    pub fn ambient(mut self, ambient: Ambient) -> Self {
        self.ambient = ambient;
        self
    }

    pub fn build(self) -> Timeline {
        let duration = self.segments.last().map_or(Micros::ZERO, |s| s.end);
        let mut steps: Vec<StepSpan> = Vec::new();
        for s in &self.segments {
            match steps.get_mut(s.step) {
                Some(span) => span.end = s.end,
                None => steps.push(StepSpan { start: s.start, end: s.end, label: String::new() }),
            }
        }
        Timeline {
            title: self.title,
            duration,
            segments: self.segments,
            cues: self.cues,
            steps,
            sound: SoundSettings { ambient: self.ambient, ..SoundSettings::default() },
        }
    }
}
