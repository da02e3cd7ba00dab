//! The timeline: a flat, absolute-time plan of a session, compiled purely
//! from a `Script`. Every reader (the audio renderer, the pacer views, the
//! CLI) works from this one plan. Time is integer microseconds, so nothing
//! drifts, even over twelve hours.

mod compile;
mod json;
mod load;
pub mod narration;

pub use crate::time::Micros;
pub use compile::{CompileOptions, TEMPO_RANGE, compile};
pub use json::to_json;
#[cfg(test)]
pub(crate) use load::testing;
pub use load::{Loaded, MAX_SESSION, load_any, load_builtin, load_file, load_str};

use crate::script::muscles::GroupId;
use crate::script::{CueSound, RateScale};

/// What the pacer shows during a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    Inhale,
    HoldIn,
    Exhale,
    HoldOut,
    /// Tensing a muscle group.
    Tense(GroupId),
    /// Letting a muscle group go.
    Release(GroupId),
    Say,
    Pause,
    /// The quiet before a muscle group is tensed, labelled "Next: …": the
    /// instruction can be read, and the group is shown ahead.
    GetReady,
    /// A rating step, on its scale.
    Rate(RateScale),
}

impl SegmentKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Inhale => "inhale",
            Self::HoldIn => "hold_in",
            Self::Exhale => "exhale",
            Self::HoldOut => "hold_out",
            Self::Tense(_) => "tense",
            Self::Release(_) => "release",
            Self::Say => "say",
            // Still a pause to other tools: `respite timeline --json` keeps its kinds.
            Self::Pause | Self::GetReady => "pause",
            Self::Rate(_) => "rate",
        }
    }

    pub fn is_breath(self) -> bool {
        matches!(self, Self::Inhale | Self::HoldIn | Self::Exhale | Self::HoldOut)
    }

    /// The muscle group of a tense or release segment.
    pub fn group(self) -> Option<GroupId> {
        match self {
            Self::Tense(g) | Self::Release(g) => Some(g),
            _ => None,
        }
    }

    /// The scale of a rating segment.
    pub fn scale(self) -> Option<RateScale> {
        match self {
            Self::Rate(s) => Some(s),
            _ => None,
        }
    }

    /// Whether two kinds are the same kind of segment, whatever their data.
    pub fn is_like(self, other: SegmentKind) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
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
    /// 1-based breath cycle (breathing) or repetition (PMR) within the step.
    pub cycle: Option<u32>,
    /// Number of cycles in the step, for "3 of 10".
    pub cycles: Option<u32>,
    /// Voice clip that starts with this segment, relative to the script.
    pub voice: Option<std::path::PathBuf>,
    /// The narration spoken from this segment's start, from the voice the
    /// session was compiled with (the script's own `voice` clip wins).
    pub speech: Option<Speech>,
}

/// A line of narration on the timeline. Its segment is at least as long as
/// the clip plus [`narration::BREATH`].
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    /// The line id (see [`narration::line_id`]).
    pub id: String,
    pub length: Micros,
    pub clip: narration::ClipRef,
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

    /// Where "next" and "previous" land: the start of every step and,
    /// within a PMR step, of every muscle group (with the quiet that
    /// introduces it), so a therapist can repeat or skip one group.
    pub fn section_starts(&self) -> Vec<Micros> {
        let mut starts: Vec<Micros> = Vec::new();
        let mut last_group: Option<GroupId> = None;
        for (i, s) in self.segments.iter().enumerate() {
            let new_step = i == 0 || self.segments[i - 1].step != s.step;
            if new_step {
                starts.push(s.start);
                last_group = None;
            }
            let Some(group) = s.kind.group() else { continue };
            if !new_step && last_group != Some(group) {
                let prev = &self.segments[i - 1];
                let quiet = matches!(prev.kind, SegmentKind::Pause | SegmentKind::GetReady);
                let start = if quiet { prev.start } else { s.start };
                if starts.last() != Some(&start) {
                    starts.push(start);
                }
            }
            last_group = Some(group);
        }
        starts
    }

    /// Start of the section after the one playing at `t`.
    pub fn next_step_start(&self, t: Micros) -> Option<Micros> {
        self.section_starts().into_iter().find(|s| *s > t)
    }

    /// Start of the section playing at `t`, or of the one before it when
    /// `t` is within `grace` of the current section's start (like a music
    /// player's "previous" button).
    pub fn previous_step_start(&self, t: Micros, grace: Micros) -> Micros {
        let starts = self.section_starts();
        let current = starts.partition_point(|s| *s <= t).saturating_sub(1);
        match starts.get(current) {
            Some(start) if t.saturating_sub(*start) > grace || current == 0 => *start,
            Some(_) => starts[current - 1],
            None => Micros::ZERO,
        }
    }
}
