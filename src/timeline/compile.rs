//! Script → Timeline. Pure and deterministic: tempo, rescaling to a target
//! length and the PMR skip list are applied here, so every reader sees the
//! same session.

use std::ops::RangeInclusive;
use std::sync::Arc;

use super::narration::{self, Voice};
use super::{Cue, Micros, Segment, SegmentKind, StepSpan, Timeline};
use crate::script::muscles::MuscleGroup;
use crate::script::{BreathAmount, Breathe, CueSound, Effort, Pace, Pmr, Script, Step, StepBody};

/// Allowed tempo factors: 2.0 plays twice as fast, 0.5 half as fast.
pub const TEMPO_RANGE: RangeInclusive<f64> = 0.5..=2.0;

/// Length fitting never shortens a pause below this (imagery protocols use
/// 10–60 s pauses), nor below its written length if that is shorter.
const MIN_PAUSE: Micros = Micros::from_secs(10);

/// Choices made when a session starts.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileOptions {
    /// Speed factor, clamped to [`TEMPO_RANGE`].
    pub tempo: f64,
    /// Stretch or shrink breathing cycles and pauses towards this total.
    pub target_length: Option<Micros>,
    /// Extra PMR groups or body regions to leave out.
    pub skip: Vec<String>,
    /// The voice that speaks the session (only its clip lengths are read);
    /// `None` is captions only. A segment with speech is lengthened to fit
    /// it (speech is never sped up), except breathing phases, which keep
    /// their pace and are spoken only where the words fit.
    pub voice: Option<Arc<Voice>>,
}

impl Default for CompileOptions {
    fn default() -> Self {
        Self { tempo: 1.0, target_length: None, skip: Vec::new(), voice: None }
    }
}

/// Compiles a script into its timeline.
pub fn compile(script: &Script, options: &CompileOptions) -> Timeline {
    let tempo =
        if options.tempo.is_finite() { options.tempo.clamp(*TEMPO_RANGE.start(), *TEMPO_RANGE.end()) } else { 1.0 };
    let mut plan = Plan::new(script, options, tempo);
    if let Some(target) = options.target_length {
        plan.fit_to(script, target);
    }
    plan.emit(script)
}

/// Per-step choices that length fitting adjusts: breath cycle counts and
/// pause lengths, already divided by the tempo.
struct Plan<'a> {
    tempo: f64,
    skip: &'a [String],
    voice: Option<&'a Voice>,
    /// For each step: breath cycles (breathe steps) or pause length.
    flex: Vec<Flex>,
}

#[derive(Clone, Copy)]
enum Flex {
    Fixed,
    Cycles(u32),
    Pause(Micros),
}

impl<'a> Plan<'a> {
    fn new(script: &Script, options: &'a CompileOptions, tempo: f64) -> Self {
        let flex = script
            .steps
            .iter()
            .map(|step| match &step.body {
                StepBody::Breathe(b) => Flex::Cycles(base_cycles(b)),
                StepBody::Pause { duration, .. } => Flex::Pause(duration.scale(1.0 / tempo)),
                _ => Flex::Fixed,
            })
            .collect();
        Plan { tempo, skip: &options.skip, voice: options.voice.as_deref(), flex }
    }

    fn scaled(&self, d: Micros) -> Micros {
        d.scale(1.0 / self.tempo)
    }

    /// Rescales cycle counts (keeping the breath rate) and then pauses so
    /// the total comes as close to `target` as whole breaths allow. Spoken
    /// steps, PMR and ratings keep their length.
    fn fit_to(&mut self, script: &Script, target: Micros) {
        let before = self.emit(script);
        let flexible: u64 = before
            .steps
            .iter()
            .zip(&self.flex)
            .filter(|(_, f)| !matches!(f, Flex::Fixed))
            .map(|(s, _)| (s.end - s.start).0)
            .sum();
        if flexible == 0 {
            return;
        }
        let fixed = before.duration.0 - flexible;
        let factor = (target.0 as f64 - fixed as f64) / flexible as f64;
        let factor = factor.clamp(0.0, 100.0);
        for f in &mut self.flex {
            *f = match *f {
                Flex::Cycles(n) => Flex::Cycles(((n as f64 * factor).round() as u32).max(1)),
                Flex::Pause(d) => Flex::Pause(d.scale(factor).max(d.min(MIN_PAUSE))),
                Flex::Fixed => Flex::Fixed,
            };
        }
        // Whole breaths rarely land exactly: let the pauses take up the rest.
        let now = self.emit(script).duration;
        let pauses: u64 = self.flex.iter().map(|f| if let Flex::Pause(d) = f { d.0 } else { 0 }).sum();
        if pauses == 0 {
            return;
        }
        let residual = target.0 as f64 - now.0 as f64;
        for f in &mut self.flex {
            if let Flex::Pause(d) = f {
                let share = residual * d.0 as f64 / pauses as f64;
                let floor = (*d).min(MIN_PAUSE);
                *d = Micros::from_secs_f64(d.as_secs_f64() + share / 1e6).max(floor);
            }
        }
    }

    fn emit(&self, script: &Script) -> Timeline {
        let mut out = Emitter { voice: self.voice, ..Emitter::default() };
        for (index, step) in script.steps.iter().enumerate() {
            let start = out.now;
            self.emit_step(&mut out, script, index, step);
            out.steps.push(StepSpan { start, end: out.now, label: step_label(step) });
        }
        Timeline {
            title: script.title.clone(),
            duration: out.now,
            segments: out.segments,
            cues: out.cues,
            steps: out.steps,
            sound: script.sound.clone(),
        }
    }

    fn emit_step(&self, out: &mut Emitter, script: &Script, index: usize, step: &Step) {
        let step_cue = step.cue;
        match &step.body {
            StepBody::Say { text, voice, duration } => {
                // A script's own recording is never sped up: its step keeps
                // at least its written length (which `respite check` holds
                // to the recording's), so the words fit at every tempo.
                let length =
                    if voice.is_some() { self.scaled(*duration).max(*duration) } else { self.scaled(*duration) };
                let mut seg = out.segment(index, SegmentKind::Say, length, "", text);
                seg.voice.clone_from(voice);
                out.push(seg, step_cue);
            }
            StepBody::Pause { text, .. } => {
                let Flex::Pause(d) = self.flex[index] else { unreachable!("pause steps plan a pause") };
                let seg = out.segment(index, SegmentKind::Pause, d, "Rest", text.as_deref().unwrap_or(""));
                out.push(seg, step_cue);
            }
            StepBody::Rate { scale, question, duration } => {
                let seg = out.segment(index, SegmentKind::Rate(*scale), self.scaled(*duration), "Rate", question);
                out.push(seg, step_cue);
            }
            StepBody::Breathe(b) => {
                let Flex::Cycles(n) = self.flex[index] else { unreachable!("breathe steps plan cycles") };
                self.emit_breaths(out, index, b, n, step_cue.unwrap_or(script.sound.cue));
            }
            StepBody::Tense { group, duration, text } => {
                let cue = step_cue.unwrap_or(script.sound.pmr_cue);
                let seg = out.segment(index, SegmentKind::Tense(*group), self.scaled(*duration), "Tense", text);
                out.push(seg, Some(cue));
            }
            StepBody::Release { group, duration, text } => {
                let cue = step_cue.unwrap_or(script.sound.release_cue);
                let seg = out.segment(index, SegmentKind::Release(*group), self.scaled(*duration), "Release", text);
                out.push(seg, Some(cue));
            }
            StepBody::Pmr(p) => {
                // A cue on the step replaces both; otherwise tense and
                // release sound different, to be told apart eyes closed.
                let cues = step_cue.map_or((script.sound.pmr_cue, script.sound.release_cue), |c| (c, c));
                self.emit_pmr(out, index, p, cues)
            }
        }
    }

    fn emit_breaths(&self, out: &mut Emitter, index: usize, b: &Breathe, cycles: u32, cue: CueSound) {
        let text = b.text.as_deref().unwrap_or("");
        for c in 0..cycles {
            let pace = pace_at(b, c, cycles);
            let phases = [
                (SegmentKind::Inhale, pace.inhale, b.inhale_word.as_str()),
                (SegmentKind::Inhale, pace.top_up, "Top up"),
                (SegmentKind::HoldIn, pace.hold_in, b.hold_word.as_str()),
                (SegmentKind::Exhale, pace.exhale, b.exhale_word.as_str()),
                (SegmentKind::HoldOut, pace.hold_out, b.hold_word.as_str()),
            ];
            for (kind, length, word) in phases {
                let length = self.scaled(length);
                if length == Micros::ZERO {
                    continue;
                }
                let mut seg = out.segment(index, kind, length, word, text);
                seg.cycle = Some(c + 1);
                seg.cycles = Some(cycles);
                let sound = if cue == CueSound::Glide && !matches!(kind, SegmentKind::Inhale | SegmentKind::Exhale) {
                    CueSound::None
                } else {
                    cue
                };
                out.push(seg, Some(sound));
            }
        }
    }

    fn emit_pmr(&self, out: &mut Emitter, index: usize, p: &Pmr, (tense_cue, release_cue): (CueSound, CueSound)) {
        let groups: Vec<&MuscleGroup> = p
            .groups
            .iter()
            .map(|g| g.group())
            .filter(|g| !p.skip.iter().chain(self.skip).any(|w| g.matches_skip(w)))
            .collect();
        let tensing = p.tense > Micros::ZERO;
        for (gi, g) in groups.iter().enumerate() {
            // The quiet before a group shows what comes next, so the
            // instruction can be read before tensing starts.
            if p.gap > Micros::ZERO && (gi > 0 || tensing) {
                let (kind, label, text) = if tensing {
                    (
                        SegmentKind::GetReady,
                        format!("Next: {}", g.title()),
                        format!("{}, {}.", g.tense, effort_words(p.effort)),
                    )
                } else {
                    (SegmentKind::Pause, "Rest".to_string(), String::new())
                };
                let seg = out.segment(index, kind, self.scaled(p.gap), &label, &text);
                out.push(seg, None);
            }
            for r in 0..p.repeat {
                let repeat = (p.repeat > 1).then_some((r + 1, p.repeat));
                if tensing {
                    let text = tense_text(g, p.effort, p.gap > Micros::ZERO);
                    let kind = SegmentKind::Tense((*g).into());
                    let mut seg = out.segment(index, kind, self.scaled(p.tense), &g.title(), &text);
                    (seg.cycle, seg.cycles) = (repeat.map(|r| r.0), repeat.map(|r| r.1));
                    out.push(seg, Some(tense_cue));
                }
                let text = release_text(g, tensing);
                let kind = SegmentKind::Release((*g).into());
                let mut seg = out.segment(index, kind, self.scaled(p.release), &g.title(), &text);
                (seg.cycle, seg.cycles) = (repeat.map(|r| r.0), repeat.map(|r| r.1));
                out.push(seg, Some(release_cue));
            }
        }
    }
}

fn effort_words(effort: Effort) -> &'static str {
    match effort {
        Effort::Gentle => "at about half strength, never to the point of pain",
        Effort::Firm => "firmly, but never to the point of pain",
    }
}

/// The caption while tensing. When a "Next" quiet came first, it already
/// gave the instruction and the effort, so this stays short enough to read
/// within the few seconds of tensing.
fn tense_text(g: &MuscleGroup, effort: Effort, prepared: bool) -> String {
    if prepared {
        "Hold, and notice the tension.".to_string()
    } else {
        format!("{}, {}. Hold, and notice the tension.", g.tense, effort_words(effort))
    }
}

/// The caption while letting go. It offers rather than promises a feeling:
/// whatever the listener notices is fine.
fn release_text(g: &MuscleGroup, after_tensing: bool) -> String {
    if after_tensing {
        format!(
            "And let go. Let the tension in your {} ease, as far as it will. Silently say \"relax\", and notice any difference. Whatever you notice is fine.",
            g.name
        )
    } else {
        format!(
            "Bring your attention to your {}. Without tensing anything, let the muscles there soften, if they can. Whatever you notice is fine.",
            g.name
        )
    }
}

fn step_label(step: &Step) -> String {
    if let Some(label) = &step.label {
        return label.clone();
    }
    match &step.body {
        StepBody::Say { .. } => "Narration".into(),
        StepBody::Pause { .. } => "Rest".into(),
        StepBody::Breathe(_) => "Breathing".into(),
        StepBody::Tense { group, .. } | StepBody::Release { group, .. } => group.group().title(),
        StepBody::Pmr(_) => "Muscle relaxation".into(),
        StepBody::Rate { scale, .. } => format!("Rate {}", scale.name()),
    }
}

/// Cycle count of a breathing step at its written pace.
fn base_cycles(b: &Breathe) -> u32 {
    match b.amount {
        BreathAmount::Cycles(n) => n,
        BreathAmount::Duration(d) => {
            let first = b.pace.cycle();
            let average = b.to.map_or(first, |to| Micros((first.0 + to.cycle().0) / 2));
            ((d.0 as f64 / average.0.max(1) as f64).round() as u32).max(1)
        }
    }
}

/// The pace of cycle `c` of `n`, moving linearly towards `b.to`.
fn pace_at(b: &Breathe, c: u32, n: u32) -> Pace {
    let Some(to) = b.to else { return b.pace };
    let f = if n > 1 { c as f64 / (n - 1) as f64 } else { 0.0 };
    let lerp = |a: Micros, z: Micros| Micros((a.0 as f64 + (z.0 as f64 - a.0 as f64) * f).round() as u64);
    Pace {
        inhale: lerp(b.pace.inhale, to.inhale),
        top_up: lerp(b.pace.top_up, to.top_up),
        hold_in: lerp(b.pace.hold_in, to.hold_in),
        exhale: lerp(b.pace.exhale, to.exhale),
        hold_out: lerp(b.pace.hold_out, to.hold_out),
    }
}

/// Appends segments and cues at a running clock.
#[derive(Default)]
struct Emitter<'v> {
    voice: Option<&'v Voice>,
    now: Micros,
    segments: Vec<Segment>,
    cues: Vec<Cue>,
    steps: Vec<StepSpan>,
}

impl Emitter<'_> {
    fn segment(&self, step: usize, kind: SegmentKind, length: Micros, label: &str, text: &str) -> Segment {
        Segment {
            start: self.now,
            end: self.now + length,
            step,
            kind,
            label: label.to_string(),
            text: text.to_string(),
            cycle: None,
            cycles: None,
            voice: None,
            speech: None,
        }
    }

    /// Adds a segment (dropping empty ones) and its cue, if it sounds.
    fn push(&mut self, mut segment: Segment, cue: Option<CueSound>) {
        if segment.end == segment.start {
            return;
        }
        if let Some(voice) = self.voice {
            narration::attach(&mut segment, voice);
        }
        if let Some(sound) = cue.filter(|s| *s != CueSound::None) {
            self.cues.push(Cue { at: segment.start, sound, step: segment.step, segment: self.segments.len() });
        }
        self.now = segment.end;
        self.segments.push(segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::load_str;

    fn script(steps: &str) -> Script {
        let text = format!("format = 1\ntitle = \"T\"\nkind = \"mixed\"\nsummary = \"S.\"\n{steps}");
        load_str("t.toml", &text, None).expect("test script loads").script
    }

    fn kinds(t: &Timeline) -> Vec<&'static str> {
        t.segments.iter().map(|s| s.kind.name()).collect()
    }

    #[test]
    fn pmr_expands_to_tense_release_pairs_with_gaps() {
        let s = script("[[step]]\nkind = \"pmr\"\ngroups = \"7\"\ntense = 7\nrelease = 30\ngap = 5\n");
        let t = compile(&s, &CompileOptions::default());
        assert_eq!(t.segments.len(), 7 * 3, "a 'next' quiet, a tense and a release per group");
        assert_eq!(t.duration, Micros::from_secs(7 * (5 + 7 + 30)));
        assert_eq!(t.segments[0].label, "Next: Dominant arm");
        assert!(t.segments[0].text.contains("at about half strength"), "{}", t.segments[0].text);
        assert_eq!(t.segments[1].kind.group().map(|g| g.name()), Some("dominant arm"));
        assert!(
            !t.segments[1].text.contains("strength"),
            "effort was given in the quiet before: {}",
            t.segments[1].text
        );
        assert_eq!(t.cues.len(), 14, "a cue at each tense and release, none on gaps");
    }

    #[test]
    fn tense_and_release_sound_different_cues_unless_the_step_sets_one() {
        let s = script("[[step]]\nkind = \"pmr\"\ngroups = \"4\"\n");
        let t = compile(&s, &CompileOptions::default());
        let sound_of = |tense: bool| -> Vec<&str> {
            let kind_matches = |k: SegmentKind| {
                if tense { matches!(k, SegmentKind::Tense(_)) } else { matches!(k, SegmentKind::Release(_)) }
            };
            t.cues.iter().filter(|c| kind_matches(t.segments[c.segment].kind)).map(|c| c.sound.name()).collect()
        };
        assert_eq!(sound_of(true), ["chime"; 4]);
        assert_eq!(sound_of(false), ["bowl"; 4]);
        let s = script("[sound]\nrelease_cue = \"click\"\n[[step]]\nkind = \"pmr\"\ngroups = \"4\"\ncue = \"none\"\n");
        assert!(compile(&s, &CompileOptions::default()).cues.is_empty(), "a step cue replaces both");
        let s =
            script("[sound]\nrelease_cue = \"click\"\n[[step]]\nkind = \"release\"\ngroup = \"arms\"\nseconds = 20\n");
        let t = compile(&s, &CompileOptions::default());
        assert_eq!(t.cues[0].sound, CueSound::Click);
    }

    #[test]
    fn captions_offer_rather_than_promise_and_tensing_stays_short() {
        let s = script(
            "[[step]]\nkind = \"pmr\"\ngroups = [\"arms\"]\n[[step]]\nkind = \"pmr\"\ngroups = [\"legs\"]\ntense = 0\n",
        );
        let t = compile(&s, &CompileOptions::default());
        let texts: Vec<&str> = t.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts[1], "Hold, and notice the tension.");
        assert!(texts[2].contains("Whatever you notice is fine") && texts[2].contains("relax"), "{}", texts[2]);
        let release_only = t.segments.iter().rfind(|s| matches!(s.kind, SegmentKind::Release(_))).unwrap();
        assert!(release_only.text.contains("if they can"), "{}", release_only.text);
        assert!(!release_only.text.contains("grow heavy"), "{}", release_only.text);
    }

    #[test]
    fn skip_lists_from_script_and_options_both_apply() {
        let s = script("[[step]]\nkind = \"pmr\"\ngroups = \"7\"\nskip = [\"legs\"]\n");
        let t = compile(&s, &CompileOptions { skip: vec!["face".into()], ..Default::default() });
        let groups: Vec<_> = t.segments.iter().filter_map(|s| s.kind.group().map(|g| g.name())).collect::<Vec<_>>();
        assert!(!groups.iter().any(|g| g.contains("leg") || *g == "face"), "{groups:?}");
        assert_eq!(groups.len(), 4 * 2);
        assert!(t.segments[0].label.starts_with("Next: "), "{:?}", t.segments[0]);
    }

    #[test]
    fn release_only_has_no_tensing() {
        let s = script("[[step]]\nkind = \"pmr\"\ngroups = \"4\"\ntense = 0\nrelease = 20\ngap = 0\n");
        let t = compile(&s, &CompileOptions::default());
        assert_eq!(kinds(&t), ["release"; 4]);
        assert!(t.segments[0].text.starts_with("Bring your attention"));
    }

    #[test]
    fn breathing_minutes_round_to_whole_breaths_and_glide_skips_holds() {
        let s = script("[[step]]\nkind = \"breathe\"\ninhale = 4\nhold_in = 2\nexhale = 6\nminutes = 1\n");
        let t = compile(&s, &CompileOptions::default());
        assert_eq!(t.duration, Micros::from_secs(60), "5 breaths of 12 s");
        assert_eq!(kinds(&t)[..3], ["inhale", "hold_in", "exhale"]);
        assert_eq!(t.segments[2].cycle, Some(1));
        assert_eq!(t.segments.last().unwrap().cycles, Some(5));
        assert_eq!(t.cues.len(), 10, "glide on inhale and exhale only");
        assert!(t.cues.iter().all(|c| t.segments[c.segment].kind != SegmentKind::HoldIn));
    }

    #[test]
    fn a_gradual_pace_moves_from_start_to_end() {
        let s = script("[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 3\nto = { exhale = 8 }\n");
        let t = compile(&s, &CompileOptions::default());
        let exhales: Vec<_> =
            t.segments.iter().filter(|s| s.kind == SegmentKind::Exhale).map(|s| s.duration()).collect();
        assert_eq!(exhales, [Micros::from_secs(6), Micros::from_secs(7), Micros::from_secs(8)]);
        let inhales = t.segments.iter().filter(|s| s.kind == SegmentKind::Inhale);
        assert!(inhales.map(|s| s.duration()).all(|d| d == Micros::from_secs(4)));
    }

    #[test]
    fn step_cues_override_and_sound_once_on_plain_steps() {
        let s = script(
            "[[step]]\nkind = \"say\"\ntext = \"Hi.\"\ncue = \"bowl\"\n[[step]]\nkind = \"breathe\"\ninhale = 1\nexhale = 1\ncycles = 2\ncue = \"click\"\n[[step]]\nkind = \"pause\"\nseconds = 3\n",
        );
        let t = compile(&s, &CompileOptions::default());
        let sounds: Vec<_> = t.cues.iter().map(|c| c.sound.name()).collect();
        assert_eq!(sounds, ["bowl", "click", "click", "click", "click"]);
    }

    #[test]
    fn a_recorded_say_step_is_never_sped_up() {
        let s = script(
            "[[step]]\nkind = \"say\"\ntext = \"Hi.\"\nvoice = \"hi.wav\"\nseconds = 10\n[[step]]\nkind = \"say\"\ntext = \"Plain.\"\nseconds = 10\n",
        );
        let fast = compile(&s, &CompileOptions { tempo: 2.0, ..Default::default() });
        assert_eq!(fast.segments[0].duration(), Micros::from_secs(10), "the recording keeps its room");
        assert_eq!(fast.segments[1].duration(), Micros::from_secs(5), "a caption alone follows the tempo");
        let slow = compile(&s, &CompileOptions { tempo: 0.5, ..Default::default() });
        assert_eq!(slow.segments[0].duration(), Micros::from_secs(20), "slower is fine");
    }

    #[test]
    fn length_fitting_keeps_the_breath_rate() {
        let s = script(
            "[[step]]\nkind = \"say\"\ntext = \"Hi.\"\nseconds = 10\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 30\n[[step]]\nkind = \"pause\"\nseconds = 20\n",
        );
        let target = Micros::from_secs(20 * 60);
        let t = compile(&s, &CompileOptions { target_length: Some(target), ..Default::default() });
        assert_eq!(t.duration, target, "pauses take up what whole breaths leave");
        let inhale = t.segments.iter().find(|s| s.kind == SegmentKind::Inhale).unwrap();
        assert_eq!(inhale.duration(), Micros::from_secs(4));
        assert_eq!(t.segments[0].duration(), Micros::from_secs(10), "narration keeps its length");
    }

    #[test]
    fn tempo_outside_the_range_is_clamped() {
        let s = script("[[step]]\nkind = \"pause\"\nseconds = 10\n");
        let fast = compile(&s, &CompileOptions { tempo: 10.0, ..Default::default() });
        assert_eq!(fast.duration, Micros::from_secs(5));
        let nan = compile(&s, &CompileOptions { tempo: f64::NAN, ..Default::default() });
        assert_eq!(nan.duration, Micros::from_secs(10));
    }

    #[test]
    fn next_and_previous_move_group_by_group_inside_pmr() {
        let s = script(
            "[[step]]\nkind = \"say\"\ntext = \"Hi.\"\nseconds = 4\n[[step]]\nkind = \"pmr\"\ngroups = \"4\"\ntense = 5\nrelease = 20\ngap = 5\nrepeat = 2\n",
        );
        let t = compile(&s, &CompileOptions::default());
        let group = 5 + 2 * (5 + 20);
        let expected: Vec<_> = std::iter::once(0).chain((0..4).map(|g| 4 + g * group)).map(Micros::from_secs).collect();
        assert_eq!(t.section_starts(), expected);
        assert_eq!(t.next_step_start(Micros::from_secs(5)), Some(Micros::from_secs(4 + group)));
        assert_eq!(t.next_step_start(Micros::from_secs(4 + 3 * group)), None);
        let grace = Micros::from_secs(2);
        let in_second_group = Micros::from_secs(4 + group + 30);
        assert_eq!(t.previous_step_start(in_second_group, grace), Micros::from_secs(4 + group));
        let just_after = Micros::from_secs(4 + group + 1);
        assert_eq!(t.previous_step_start(just_after, grace), Micros::from_secs(4), "back to the group before");
        assert_eq!(t.previous_step_start(Micros::from_secs(1), grace), Micros::ZERO);
    }
}
