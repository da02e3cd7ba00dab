//! Carrying the playhead across a recompiled timeline (a tempo change or a
//! reloaded script): stay in the same step and segment, at the same
//! fraction of it, when that step still exists.

use crate::timeline::{Micros, Timeline};

/// Where `position` on `old` lands on `new`. The same step and the same
/// segment within it (by order) keep their relative progress; a segment
/// that is gone falls back to its step's start, and a step that is gone to
/// the start of the last step.
pub fn remap(old: &Timeline, new: &Timeline, position: Micros) -> Micros {
    if new.segments.is_empty() {
        return Micros::ZERO;
    }
    let Some(i) = old.segment_at(position) else { return Micros::ZERO };
    if position >= old.duration {
        return new.duration;
    }
    let seg = &old.segments[i];
    let first = old.segments.iter().position(|s| s.step == seg.step).unwrap_or(i);
    let ordinal = i - first;
    let fraction = position.saturating_sub(seg.start).0 as f64 / seg.duration().0.max(1) as f64;

    let in_step: Vec<_> = new.segments.iter().filter(|s| s.step == seg.step).collect();
    match (in_step.get(ordinal), in_step.first()) {
        (Some(s), _) => s.start + s.duration().scale(fraction.clamp(0.0, 1.0)).min(s.duration()),
        (None, Some(s)) => s.start,
        (None, None) => new.steps.iter().rev().find(|s| s.end > s.start).map_or(Micros::ZERO, |s| s.start),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::testing::builtin_script;
    use crate::timeline::{CompileOptions, compile};

    fn timeline(tempo: f64) -> Timeline {
        let script = builtin_script("resonance-breathing");
        compile(&script, &CompileOptions { tempo, ..CompileOptions::default() })
    }

    #[test]
    fn tempo_change_keeps_segment_and_fraction() {
        let (slow, fast) = (timeline(1.0), timeline(2.0));
        let i = slow.segments.iter().position(|s| s.kind.is_breath()).expect("has breaths") + 5;
        let seg = &slow.segments[i];
        let at = seg.start + Micros(seg.duration().0 / 4);
        let mapped = remap(&slow, &fast, at);
        let j = fast.segment_at(mapped).expect("segment");
        assert_eq!(j, i);
        let f = (mapped - fast.segments[j].start).0 as f64 / fast.segments[j].duration().0 as f64;
        assert!((f - 0.25).abs() < 1e-3, "fraction {f}");
    }

    #[test]
    fn end_maps_to_end_and_start_to_start() {
        let (a, b) = (timeline(1.0), timeline(0.5));
        assert_eq!(remap(&a, &b, a.duration), b.duration);
        assert_eq!(remap(&a, &b, Micros::ZERO), Micros::ZERO);
    }
}
