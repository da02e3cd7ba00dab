//! The timeline: a flat, absolute-time plan of a session, compiled purely
//! from a `Script`. Every reader (the audio renderer, the pacer views, the
//! CLI) works from this one plan. Time is integer microseconds, so nothing
//! drifts, even over twelve hours.

mod compile;
mod json;
mod micros;

pub use compile::{CompileOptions, TEMPO_RANGE, compile};
pub use json::to_json;
pub use micros::Micros;

use crate::script::{CueSound, RateScale};

/// What the pacer shows during a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    Inhale,
    HoldIn,
    Exhale,
    HoldOut,
    Tense,
    Release,
    Say,
    Pause,
    Rate,
}

impl SegmentKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Inhale => "inhale",
            Self::HoldIn => "hold_in",
            Self::Exhale => "exhale",
            Self::HoldOut => "hold_out",
            Self::Tense => "tense",
            Self::Release => "release",
            Self::Say => "say",
            Self::Pause => "pause",
            Self::Rate => "rate",
        }
    }

    pub fn is_breath(self) -> bool {
        matches!(self, Self::Inhale | Self::HoldIn | Self::Exhale | Self::HoldOut)
    }
}

/// A span of time with one thing to show. Segments are contiguous and
/// cover the whole session.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub start: Micros,
    pub end: Micros,
    /// Index of the script step this came from.
    pub step: usize,
    pub kind: SegmentKind,
    /// Short words for the pacer: "Breathe in", "Tense", "Right hand".
    pub label: String,
    /// The caption or instruction; empty when there is none.
    pub text: String,
    /// Muscle group for tense and release segments.
    pub group: Option<&'static str>,
    /// 1-based breath cycle (breathing) or repetition (PMR) within the step.
    pub cycle: Option<u32>,
    /// Number of cycles in the step, for "3 of 10".
    pub cycles: Option<u32>,
    /// The scale of a rating segment.
    pub scale: Option<RateScale>,
    /// Voice clip that starts with this segment, relative to the script.
    pub voice: Option<std::path::PathBuf>,
}

impl Segment {
    pub fn duration(&self) -> Micros {
        self.end - self.start
    }
}

/// A sound that starts at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub at: Micros,
    pub sound: CueSound,
    pub step: usize,
    /// Index of the segment that starts at `at`; a glide follows its shape.
    pub segment: usize,
}

/// One step of the script as it lands on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct StepSpan {
    pub start: Micros,
    pub end: Micros,
    pub kind: &'static str,
    /// Label for the progress bar.
    pub label: String,
}

/// The compiled session.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    pub title: String,
    pub duration: Micros,
    pub segments: Vec<Segment>,
    /// Sorted by `at`.
    pub cues: Vec<Cue>,
    /// One per script step, including steps that compiled to nothing.
    pub steps: Vec<StepSpan>,
    pub sound: crate::script::SoundSettings,
}

impl Timeline {
    /// Index of the segment playing at `t`; the last one at or after the end.
    pub fn segment_at(&self, t: Micros) -> Option<usize> {
        if self.segments.is_empty() {
            return None;
        }
        let i = self.segments.partition_point(|s| s.end <= t);
        Some(i.min(self.segments.len() - 1))
    }

    /// Index of the step playing at `t`.
    pub fn step_at(&self, t: Micros) -> Option<usize> {
        self.segment_at(t).map(|i| self.segments[i].step)
    }

    /// Start of the first segment of the step after the one at `t`.
    pub fn next_step_start(&self, t: Micros) -> Option<Micros> {
        let step = self.step_at(t)?;
        self.segments.iter().find(|s| s.step > step).map(|s| s.start)
    }

    /// Start of the step at `t`, or of the step before it when `t` is
    /// within `grace` of the current step's start (like a music player's
    /// "previous" button).
    pub fn previous_step_start(&self, t: Micros, grace: Micros) -> Micros {
        let Some(i) = self.segment_at(t) else {
            return Micros::ZERO;
        };
        let step = self.segments[i].step;
        let start = self.step_start(step).unwrap_or(Micros::ZERO);
        if t.saturating_sub(start) > grace {
            return start;
        }
        self.segments[..i]
            .iter()
            .rev()
            .find(|s| s.step < step)
            .and_then(|s| self.step_start(s.step))
            .unwrap_or(Micros::ZERO)
    }

    fn step_start(&self, step: usize) -> Option<Micros> {
        self.segments.iter().find(|s| s.step == step).map(|s| s.start)
    }
}
