//! "What to show now": the pacer's whole view of the session at one
//! playhead instant, derived purely from the timeline. Views draw this and
//! keep no timers of their own.

use crate::timeline::{Micros, SegmentKind, Timeline};

/// The session at one instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Now {
    pub position: Micros,
    pub duration: Micros,
    /// Index into `timeline.segments`; `None` for an empty timeline.
    pub segment: Option<usize>,
    pub step: usize,
    pub kind: SegmentKind,
    pub label: String,
    pub text: String,
    /// 0.0 at the segment's start to 1.0 at its end.
    pub progress: f32,
    /// Time left in this segment (the countdown).
    pub segment_left: Micros,
    pub cycle: Option<u32>,
    pub cycles: Option<u32>,
    /// Label and kind of the next segment, for "what comes next".
    pub next: Option<(SegmentKind, String)>,
    pub finished: bool,
}

impl Now {
    /// What the timeline shows at `position` (clamped to the session).
    pub fn at(timeline: &Timeline, position: Micros) -> Now {
        let position = position.min(timeline.duration);
        let finished = position >= timeline.duration;
        let Some(i) = timeline.segment_at(position) else {
            return Now {
                position,
                duration: timeline.duration,
                segment: None,
                step: 0,
                kind: SegmentKind::Pause,
                label: String::new(),
                text: String::new(),
                progress: 1.0,
                segment_left: Micros::ZERO,
                cycle: None,
                cycles: None,
                next: None,
                finished: true,
            };
        };
        let seg = &timeline.segments[i];
        let into = position.saturating_sub(seg.start);
        let length = seg.duration().0.max(1);
        Now {
            position,
            duration: timeline.duration,
            segment: Some(i),
            step: seg.step,
            kind: seg.kind,
            label: seg.label.clone(),
            text: seg.text.clone(),
            progress: (into.0 as f64 / length as f64).clamp(0.0, 1.0) as f32,
            segment_left: seg.end.saturating_sub(position),
            cycle: seg.cycle,
            cycles: seg.cycles,
            next: timeline.segments.get(i + 1).map(|n| (n.kind, n.label.clone())),
            finished,
        }
    }

    /// Whole seconds left in the segment, rounded up, as a countdown shows.
    pub fn countdown(&self) -> u64 {
        self.segment_left.0.div_ceil(1_000_000)
    }
}
