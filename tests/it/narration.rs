//! The built-in narration against the built-in sessions: every line a
//! listener needs has a clip made for its exact words, every clip decodes
//! to the length the manifest gives, and every clip fits its segment at
//! every tempo. Then renders measure it: speech where the timeline says a
//! line is spoken and silence elsewhere, one loudness, no clipping.

use std::collections::HashMap;

use respite::audio::{ClipCache, RenderOptions, Renderer, Volumes, loudness};
use respite::script::{CueSound, Script, SessionKind, builtin};
use respite::timeline::narration::{BREATH, SPOKEN_BREATHS, Voice, line_id, script_lines, spoken_text, text_hash};
use respite::timeline::{CompileOptions, Micros, SegmentKind, Timeline, compile, load_any};

/// The clips' own rate, so rendering needs no resampling.
const RATE: u32 = 22_050;

fn script(name: &str) -> Script {
    load_any(&format!("builtin:{name}")).expect("built-in loads").script
}

fn voiced(tempo: f64) -> CompileOptions {
    CompileOptions { tempo, voice: Some(Voice::builtin()), ..CompileOptions::default() }
}

#[test]
fn every_line_of_every_builtin_has_a_clip_for_its_exact_words() {
    let voice = Voice::builtin();
    let mut missing = Vec::new();
    for b in builtin::ALL {
        for text in script_lines(&script(b.name)) {
            if voice.find(&text).is_none() {
                missing.push(format!("{}: {} ({text:?})", b.name, line_id(&text)));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} line(s) have no clip, or a clip made for other words; run tools/narration/generate.py:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_segment_a_listener_needs_is_spoken() {
    for b in builtin::ALL {
        let t = compile(&script(b.name), &voiced(1.0));
        for (i, seg) in t.segments.iter().enumerate() {
            let Some(text) = spoken_text(seg) else { continue };
            assert!(
                seg.speech.is_some(),
                "{} segment {i} ({}) says {text:?} but has no speech",
                b.name,
                seg.kind.name()
            );
        }
        // Captions that a listener needs are all spoken: narration, the
        // group to come and how to tense it, tensing, letting go, ratings.
        for seg in &t.segments {
            let needs = match seg.kind {
                SegmentKind::Say
                | SegmentKind::Pause
                | SegmentKind::GetReady
                | SegmentKind::Tense(_)
                | SegmentKind::Release(_)
                | SegmentKind::Rate(_) => true,
                SegmentKind::Inhale | SegmentKind::HoldIn | SegmentKind::Exhale | SegmentKind::HoldOut => false,
            };
            if needs && !seg.text.is_empty() {
                assert!(seg.speech.is_some(), "{}: {:?} is not spoken", b.name, seg.text);
            }
        }
        // The first breaths of each breathing step are talked through.
        for seg in t.segments.iter().filter(|s| s.kind.is_breath()) {
            let early = seg.cycle.is_some_and(|c| c <= SPOKEN_BREATHS);
            assert_eq!(seg.speech.is_some(), early && seg.label != "Top up", "{}: {:?}", b.name, seg);
        }
    }
}

#[test]
fn every_clip_fits_its_segment_at_every_tempo_and_length() {
    let mut worst = (f64::MAX, String::new());
    for b in builtin::ALL {
        let s = script(b.name);
        let plain = compile(&s, &CompileOptions::default()).duration;
        for options in [
            voiced(0.5),
            voiced(1.0),
            voiced(2.0),
            CompileOptions { target_length: Some(Micros::from_secs(5 * 60)), ..voiced(1.0) },
            CompileOptions { target_length: Some(Micros::from_secs(40 * 60)), ..voiced(2.0) },
        ] {
            let t = compile(&s, &options);
            assert!(t.duration >= plain.scale(1.0 / options.tempo).min(plain), "{}", b.name);
            for (i, seg) in t.segments.iter().enumerate() {
                let Some(speech) = &seg.speech else { continue };
                let room = seg.duration().as_secs_f64() - speech.length.as_secs_f64();
                assert!(
                    seg.duration() >= speech.length + BREATH,
                    "{} at tempo {}: segment {i} lasts {:.2} s, its clip {:.2} s",
                    b.name,
                    options.tempo,
                    seg.duration().as_secs_f64(),
                    speech.length.as_secs_f64()
                );
                if room < worst.0 {
                    worst = (room, format!("{} tempo {} segment {i} {:?}", b.name, options.tempo, seg.label));
                }
            }
        }
    }
    eprintln!("tightest fit: {:.2} s of quiet after the words ({})", worst.0, worst.1);
}

#[test]
fn speech_is_never_sped_up() {
    let s = script("pmr-4-groups");
    let normal = compile(&s, &voiced(1.0));
    let fast = compile(&s, &voiced(2.0));
    let spoken =
        |t: &Timeline| t.segments.iter().filter_map(|s| s.speech.as_ref().map(|v| v.length)).collect::<Vec<_>>();
    assert_eq!(spoken(&normal), spoken(&fast), "the same lines, at the same length");
    let plain = compile(&s, &CompileOptions { tempo: 2.0, ..CompileOptions::default() });
    assert!(fast.duration > plain.duration, "segments grew to hold the speech at double pace");
}

#[test]
fn every_clip_decodes_to_its_manifest_length() {
    let voice = Voice::builtin();
    let mut cache = ClipCache::new();
    let mut count = 0;
    let mut total = 0.0;
    for (id, entry) in voice.entries() {
        let clip =
            cache.get_ref(&entry.clip, RATE, respite::audio::Purpose::Voice).unwrap_or_else(|e| panic!("{id}: {e}"));
        let secs = clip.frames() as f64 / f64::from(RATE);
        assert!(
            (secs - entry.length.as_secs_f64()).abs() < 0.01,
            "{id}: decodes to {secs} s, manifest says {:?}",
            entry.length
        );
        count += 1;
        total += secs;
    }
    assert!(count > 100, "the built-in voice has {count} clips");
    eprintln!("{count} clips, {:.1} minutes of speech", total / 60.0);
}

/// Renders the voice alone (no cues, no bed).
fn render_voice(t: &Timeline) -> Vec<f32> {
    let options = RenderOptions { sample_rate: RATE, cue: Some(CueSound::None), ambient: false, voice: true };
    let mut r = Renderer::new(t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
    assert!(r.warnings().is_empty(), "{:?}", r.warnings());
    let mut out = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut out);
    out
}

fn rms_db(samples: &[f32]) -> f64 {
    let sum: f64 = samples.iter().map(|x| f64::from(*x) * f64::from(*x)).sum();
    10.0 * (sum / samples.len().max(1) as f64 + 1e-20).log10()
}

#[test]
fn rendered_speech_lands_where_the_timeline_says_at_one_loudness() {
    // One built-in of each kind.
    let mut kinds: HashMap<SessionKind, &str> = HashMap::new();
    for b in builtin::ALL {
        kinds.entry(script(b.name).kind).or_insert(b.name);
    }
    assert_eq!(kinds.len(), SessionKind::ALL.len());
    for name in kinds.values() {
        let t = compile(&script(name), &voiced(1.0));
        let samples = render_voice(&t);
        let at = |m: Micros| (m.to_frame(RATE) as usize * 2).min(samples.len());
        let mut levels = Vec::new();
        for (i, seg) in t.segments.iter().enumerate() {
            let region = &samples[at(seg.start)..at(seg.end)];
            let peak = region.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(peak < 0.9, "{name} segment {i}: peak {peak}");
            match &seg.speech {
                Some(speech) => {
                    let words = &samples[at(seg.start)..at(seg.start + speech.length)];
                    assert!(rms_db(words) > -40.0, "{name} segment {i}: no speech ({:.1} dB)", rms_db(words));
                    let after = &samples[at(seg.start + speech.length + Micros(20_000))..at(seg.end)];
                    assert!(after.iter().all(|x| x.abs() < 1e-4), "{name} segment {i}: sound after the clip");
                    if speech.length > Micros::from_secs(2) {
                        levels.push((loudness::integrated(words, RATE).expect("speech is not silence"), i));
                    }
                }
                None => assert!(region.iter().all(|x| *x == 0.0), "{name} segment {i}: sound where nothing is said"),
            }
        }
        assert!(levels.len() >= 3, "{name}: {} long lines", levels.len());
        let mut sorted: Vec<f64> = levels.iter().map(|l| l.0).collect();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        for (lufs, i) in &levels {
            assert!((lufs - median).abs() <= 1.5, "{name} segment {i}: {lufs:.1} LUFS against a median of {median:.1}");
        }
    }
}

#[test]
fn without_a_voice_the_timeline_is_as_written() {
    for b in builtin::ALL {
        let t = compile(&script(b.name), &CompileOptions::default());
        assert!(t.segments.iter().all(|s| s.speech.is_none()), "{}", b.name);
    }
}

#[test]
fn a_clip_for_other_words_is_not_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Let your shoulders soften.";
    let id = line_id(text);
    std::fs::write(dir.path().join(format!("{id}.wav")), wav_tone(1.0)).expect("write");
    let manifest = |hash: &str| {
        format!(r#"{{"format": 1, "lines": {{"{id}": {{"file": "{id}.wav", "secs": 1.0, "text_hash": "{hash}"}}}}}}"#)
    };
    std::fs::write(dir.path().join("manifest.json"), manifest(&text_hash(text))).expect("write");
    let voice = Voice::from_dir(dir.path()).expect("reads");
    assert!(voice.find(text).is_some());
    std::fs::write(dir.path().join("manifest.json"), manifest("0123456789abcdef")).expect("write");
    let stale = Voice::from_dir(dir.path()).expect("reads");
    assert!(stale.find(text).is_none(), "a clip made for other words is refused");
    let err = Voice::from_dir(&dir.path().join("nowhere")).unwrap_err();
    assert!(err.contains("nowhere"), "{err}");
}

/// One second of a quiet tone as a mono 22.05 kHz WAV file.
fn wav_tone(secs: f64) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let spec =
        hound::WavSpec { channels: 1, sample_rate: RATE, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::new(&mut cursor, spec).expect("writer");
    for n in 0..(secs * f64::from(RATE)) as u32 {
        let x = 0.2 * (std::f64::consts::TAU * 440.0 * f64::from(n) / f64::from(RATE)).sin();
        w.write_sample((x * 32767.0) as i16).expect("sample");
    }
    w.finalize().expect("finalize");
    cursor.into_inner()
}
