//! Property tests of the timeline compiler over random scripts: segments
//! tile the session, cues are sorted and land on segment starts, compiling
//! is deterministic, and tempo and length options scale as they should.

use proptest::prelude::*;
use respite::script::*;
use respite::timeline::{CompileOptions, Micros, compile};

fn secs(max_ms: u64) -> impl Strategy<Value = Micros> {
    (1..=max_ms).prop_map(|ms| Micros(ms * 1000))
}

fn maybe_secs(max_ms: u64) -> impl Strategy<Value = Micros> {
    prop_oneof![Just(Micros::ZERO), secs(max_ms)]
}

fn pace() -> impl Strategy<Value = Pace> {
    (secs(12_000), maybe_secs(2_000), maybe_secs(8_000), secs(12_000), maybe_secs(8_000))
        .prop_map(|(inhale, top_up, hold_in, exhale, hold_out)| Pace { inhale, top_up, hold_in, exhale, hold_out })
}

fn body() -> impl Strategy<Value = StepBody> {
    prop_oneof![
        (secs(60_000), ".{0,20}").prop_map(|(duration, text)| StepBody::Say { text, voice: None, duration }),
        secs(600_000).prop_map(|duration| StepBody::Pause { duration, text: None }),
        (
            pace(),
            proptest::option::of(pace()),
            prop_oneof![(1u32..40).prop_map(BreathAmount::Cycles), secs(300_000).prop_map(BreathAmount::Duration)]
        )
            .prop_map(|(pace, to, amount)| StepBody::Breathe(Breathe {
                pace,
                to,
                amount,
                text: None,
                inhale_word: "Breathe in".into(),
                hold_word: "Hold".into(),
                exhale_word: "Breathe out".into(),
            })),
        (
            prop_oneof![Just("16"), Just("7"), Just("4")],
            maybe_secs(10_000),
            secs(40_000),
            maybe_secs(10_000),
            1u32..3,
            proptest::sample::subsequence(vec!["legs", "face", "abdomen", "arms", "neck"], 0..3),
        )
            .prop_map(|(seq, tense, release, gap, repeat, skip)| StepBody::Pmr(Pmr {
                groups: muscles::sequence(seq).unwrap().iter().map(muscles::GroupId::from).collect(),
                tense,
                release,
                gap,
                skip: skip.into_iter().map(String::from).collect(),
                effort: Effort::Gentle,
                repeat,
            })),
        (secs(30_000), 0usize..5).prop_map(|(duration, s)| StepBody::Rate {
            scale: RateScale::ALL[s],
            question: "How?".into(),
            duration
        }),
        secs(10_000).prop_map(|duration| StepBody::Tense {
            group: muscles::GroupId::find("abdomen").unwrap(),
            duration,
            text: "Tense.".into()
        }),
    ]
}

fn cue() -> impl Strategy<Value = Option<CueSound>> {
    proptest::option::of(prop_oneof![Just(CueSound::Click), Just(CueSound::Bowl), Just(CueSound::None)])
}

fn script() -> impl Strategy<Value = Script> {
    proptest::collection::vec((body(), cue()), 1..12).prop_map(|steps| Script {
        ending: String::new(),
        title: "Random".into(),
        kind: SessionKind::Mixed,
        summary: "Generated.".into(),
        caution: None,
        language: "en".into(),
        author: None,
        sound: SoundSettings::default(),
        steps: steps.into_iter().map(|(body, cue)| Step { line: 1, label: None, cue, body }).collect(),
        base_dir: None,
    })
}

fn tempo() -> impl Strategy<Value = f64> {
    (50u32..=200).prop_map(|p| p as f64 / 100.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn segments_tile_the_session(script in script(), tempo in tempo()) {
        let t = compile(&script, &CompileOptions { tempo, ..Default::default() });
        let mut at = Micros::ZERO;
        for s in &t.segments {
            prop_assert_eq!(s.start, at, "gap or overlap before {:?}", s);
            prop_assert!(s.end > s.start, "empty segment {:?}", s);
            at = s.end;
        }
        prop_assert_eq!(at, t.duration);
        prop_assert_eq!(t.steps.len(), script.steps.len());
        for w in t.steps.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
    }

    #[test]
    fn cues_are_sorted_and_start_their_segment(script in script(), tempo in tempo()) {
        let t = compile(&script, &CompileOptions { tempo, ..Default::default() });
        for w in t.cues.windows(2) {
            prop_assert!(w[0].at <= w[1].at);
        }
        for c in &t.cues {
            let seg = &t.segments[c.segment];
            prop_assert_eq!(c.at, seg.start);
            prop_assert_eq!(c.step, seg.step);
            prop_assert_ne!(c.sound, CueSound::None);
        }
    }

    #[test]
    fn compiling_is_deterministic(script in script(), tempo in tempo()) {
        let options = CompileOptions {
            tempo,
            target_length: Some(Micros::from_secs(600)),
            skip: vec!["arms".into()],
            ..CompileOptions::default()
        };
        prop_assert_eq!(compile(&script, &options), compile(&script, &options));
    }

    #[test]
    fn tempo_divides_every_duration(script in script(), tempo in tempo()) {
        let base = compile(&script, &CompileOptions::default());
        let fast = compile(&script, &CompileOptions { tempo, ..Default::default() });
        prop_assert_eq!(base.segments.len(), fast.segments.len());
        for (b, f) in base.segments.iter().zip(&fast.segments) {
            let expected = b.duration().0 as f64 / tempo;
            // Each phase is rounded to the microsecond once, from its written length.
            prop_assert!((f.duration().0 as f64 - expected).abs() <= 1.0 + expected * 1e-9,
                "{:?} at tempo {} lasted {} µs, expected {}", b.kind, tempo, f.duration().0, expected);
            prop_assert_eq!(b.kind, f.kind);
        }
        let expected_total = base.duration.0 as f64 / tempo;
        prop_assert!((fast.duration.0 as f64 - expected_total).abs() <= base.segments.len() as f64 + 1.0);
    }

    #[test]
    fn a_longer_target_never_shortens(script in script(), minutes in 1u64..120) {
        let base = compile(&script, &CompileOptions::default());
        let target = Micros::from_secs(minutes * 60);
        let fitted = compile(&script, &CompileOptions { target_length: Some(target), ..Default::default() });
        if target >= base.duration {
            prop_assert!(fitted.duration >= base.duration);
        } else {
            prop_assert!(fitted.duration <= base.duration);
        }
    }
}
