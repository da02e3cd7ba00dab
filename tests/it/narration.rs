//! The built-in narration against the built-in sessions: every line a
//! listener needs has a clip made for its exact words, every clip decodes
//! to the length the manifest gives, and every clip fits its segment at
//! every tempo. Then renders measure it: speech where the timeline says a
//! line is spoken and silence elsewhere, one loudness, no clipping.

use std::collections::HashMap;

use crate::support::{harness, respite, respite_command, stderr, stdout};

use respite::audio::{CEILING, ClipCache, RenderOptions, Renderer, Volumes, loudness};
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
            if seg.kind.is_breath() {
                continue; // below: spoken where the words fit
            }
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
        // The first breaths of each breathing step are talked through,
        // wherever the word fits the phase; the pace is never changed for it.
        let voice = Voice::builtin();
        let mut talked = 0;
        for seg in t.segments.iter().filter(|s| s.kind.is_breath()) {
            let early = seg.cycle.is_some_and(|c| c <= SPOKEN_BREATHS);
            let fits = voice.find(seg.label.trim()).is_some_and(|e| e.length + BREATH <= seg.duration());
            assert_eq!(seg.speech.is_some(), early && fits, "{}: {:?}", b.name, seg);
            talked += usize::from(seg.speech.is_some());
        }
        let breathing = t.segments.iter().any(|s| s.kind.is_breath());
        assert!(!breathing || talked > 0, "{}: no breath is talked through", b.name);
    }
}

#[test]
fn every_clip_fits_its_segment_at_every_tempo_and_length() {
    let mut worst = (f64::MAX, String::new());
    for b in builtin::ALL {
        let s = script(b.name);
        for options in [
            voiced(0.5),
            voiced(1.0),
            voiced(2.0),
            CompileOptions { target_length: Some(Micros::from_secs(5 * 60)), ..voiced(1.0) },
            CompileOptions { target_length: Some(Micros::from_secs(40 * 60)), ..voiced(2.0) },
        ] {
            let t = compile(&s, &options);
            let captions = compile(&s, &CompileOptions { voice: None, ..options.clone() });
            if options.target_length.is_none() {
                assert!(t.duration >= captions.duration, "{}: narration only ever adds time", b.name);
            } else {
                // Fitting counts the spoken lengths: the target holds as well
                // as it does for captions.
                let off = |d: Micros| d.as_secs_f64() - options.target_length.unwrap_or(d).as_secs_f64();
                assert!(off(t.duration).abs() <= off(captions.duration).abs().max(1.0) + 30.0, "{}", b.name);
            }
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
        // Decoders differ by up to a Vorbis packet at the end; the breath
        // after every line is far longer than that.
        assert!(
            (secs - entry.length.as_secs_f64()).abs() < 0.05,
            "{id}: decodes to {secs} s, manifest says {:?}",
            entry.length
        );
        count += 1;
        total += secs;
    }
    assert!(count > 100, "the built-in voice has {count} clips");
    eprintln!("{count} clips, {:.1} minutes of speech", total / 60.0);
}

/// Renders the voice alone (no cues, no bed), or everything.
fn render(t: &Timeline, voice_only: bool) -> Vec<f32> {
    let options = if voice_only {
        RenderOptions { sample_rate: RATE, cue: Some(CueSound::None), ambient: false, voice: true }
    } else {
        RenderOptions { sample_rate: RATE, ..RenderOptions::default() }
    };
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
        let samples = render(&t, true);
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
                    let after = &samples[at(seg.start + speech.length + Micros(60_000))..at(seg.end)];
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
        eprintln!("{name}: {} lines from {:.1} to {:.1} LUFS", levels.len(), sorted[0], sorted[sorted.len() - 1]);
        // Voice, cues and bed together never clip.
        let mix = render(&t, false);
        let peak = mix.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak <= CEILING, "{name}: the mix peaks at {peak}");
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

/// A short session whose words are all built-in lines: a spoken line, then
/// breathing with the glide over pink noise (the loudest bed).
const SHORT: &str = r#"format = 1
title = "Short"
kind = "breathing"
summary = "S."

[sound]
ambient = "pink-noise"

[[step]]
kind = "say"
text = "Sit or lie down comfortably, and let your jaw and shoulders soften."

[[step]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 4
"#;

/// Interleaved samples, channels and rate of an audio file, as rodio (what
/// a player would use) decodes it.
fn decode(path: &std::path::Path) -> (Vec<f32>, u16, u32) {
    use rodio::Source;
    let file = std::fs::File::open(path).expect("open");
    let decoder = rodio::Decoder::try_from(file).expect("a file rodio decodes");
    let (channels, rate) = (decoder.channels().get(), decoder.sample_rate().get());
    (decoder.collect(), channels, rate)
}

#[test]
fn render_writes_wav_flac_and_ogg_by_extension_normalised_for_headphones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("short.toml");
    std::fs::write(&script, SHORT).expect("write");
    for (ext, magic, tolerance) in [("wav", &b"RIFF"[..], 0.3), ("flac", b"fLaC", 0.3), ("ogg", b"OggS", 0.8)] {
        let out = dir.path().join(format!("short.{ext}"));
        let o =
            respite_command().arg("render").arg(&script).args(["--normalize", "-o"]).arg(&out).output().expect("runs");
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        assert!(stderr(&o).contains("LUFS"), "the measurement is reported: {}", stderr(&o));
        let bytes = std::fs::read(&out).expect("written");
        assert!(bytes.starts_with(magic), "{ext}: starts {:?}", &bytes[..4]);
        let (samples, channels, rate) = decode(&out);
        assert_eq!((channels, rate), (2, 48_000), "{ext}");
        let mut meter = ebur128::EbuR128::new(2, rate, ebur128::Mode::I | ebur128::Mode::TRUE_PEAK).expect("meter");
        meter.add_frames_f32(&samples).expect("frames");
        let lufs = meter.loudness_global().expect("loudness");
        let peak = (0..2).map(|c| meter.true_peak(c).expect("peak")).fold(0.0, f64::max);
        let peak_db = 20.0 * peak.log10();
        eprintln!("{ext}: {lufs:.2} LUFS, true peak {peak_db:.2} dBTP, {} bytes", bytes.len());
        assert!((lufs + 16.0).abs() <= tolerance, "{ext}: {lufs:.2} LUFS, want -16");
        assert!(peak_db < -1.0, "{ext}: true peak {peak_db:.2} dBTP");
    }
}

#[test]
fn render_refuses_a_format_it_cannot_write_and_names_the_choices() {
    for name in ["x.mp3", "x.aiff"] {
        let o = respite(&["render", "builtin:box-breathing", "-o", name]);
        assert!(!o.status.success(), "{name}");
        let err = stderr(&o);
        assert!(err.contains(".ogg") && err.contains(name), "{err}");
        assert!(!std::path::Path::new(name).exists());
    }
}

#[test]
fn timeline_json_adds_voice_fields_and_no_voice_takes_them_away() {
    let segments = |args: &[&str]| -> Vec<serde_json::Value> {
        let o = respite(args);
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        json["segments"].as_array().expect("segments").clone()
    };
    let spoken = segments(&["timeline", "--json", "builtin:pmr-4-groups"]);
    let voiced: Vec<_> = spoken.iter().filter(|s| s.get("voice").is_some()).collect();
    assert!(voiced.len() > 10, "{} voiced segments", voiced.len());
    for s in &spoken {
        for key in ["start_s", "end_s", "step", "kind", "label", "text"] {
            assert!(s.get(key).is_some(), "{key} kept: {s}");
        }
    }
    for s in voiced {
        let id = s["voice"].as_str().expect("a line id");
        let secs = s["voice_s"].as_f64().expect("its length");
        assert!(id.ends_with(&text_hash(&id_text(s))[..8]), "{id} names the words it says");
        let room = s["end_s"].as_f64().unwrap() - s["start_s"].as_f64().unwrap();
        assert!(secs + BREATH.as_secs_f64() <= room + 1e-6, "{id}: {secs} s in {room} s");
    }
    let quiet = segments(&["timeline", "--json", "--no-voice", "builtin:pmr-4-groups"]);
    assert!(quiet.iter().all(|s| s.get("voice").is_none() && s.get("voice_s").is_none()));
    assert!(quiet.len() == spoken.len(), "the same segments, captions only");
}

/// The words a JSON segment speaks (as `spoken_text` makes them).
fn id_text(s: &serde_json::Value) -> String {
    let (label, text) = (s["label"].as_str().unwrap_or(""), s["text"].as_str().unwrap_or(""));
    if matches!(s["kind"].as_str(), Some("inhale" | "exhale" | "hold_in" | "hold_out")) {
        return label.to_string();
    }
    match label.strip_prefix("Next: ") {
        Some(group) => format!("Next: {group}. {text}"),
        None if text.is_empty() => label.to_string(),
        None => text.to_string(),
    }
}

/// A mono 22.05 kHz WAV of `secs` seconds of a quiet tone at `path`.
fn write_tone(path: &std::path::Path, secs: f64) {
    std::fs::write(path, wav_tone(secs)).expect("write");
}

#[test]
fn check_warns_when_a_recording_does_not_fit_its_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_tone(&dir.path().join("long.wav"), 3.0);
    let script = |seconds: u32| {
        format!(
            "format = 1\ntitle = \"T\"\nkind = \"imagery\"\nsummary = \"S.\"\n\n[[step]]\nkind = \"say\"\ntext = \"Hello.\"\nvoice = \"long.wav\"\nseconds = {seconds}\n"
        )
    };
    let tight = dir.path().join("tight.toml");
    std::fs::write(&tight, script(3)).expect("write");
    let o = respite_command().arg("check").arg(&tight).output().expect("runs");
    assert!(o.status.success(), "a warning, not an error: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning") && err.contains("long.wav") && err.contains("seconds = 4"), "{err}");
    assert!(err.contains("tight.toml:6:"), "names the step's line: {err}");
    let roomy = dir.path().join("roomy.toml");
    std::fs::write(&roomy, script(4)).expect("write");
    let o = respite_command().arg("check").arg(&roomy).output().expect("runs");
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn the_narration_setting_turns_the_voice_off_and_captions_stay() {
    use egui_kittest::kittest::Queryable;
    use respite::app::SessionSource;
    use respite::player::ManualTime;
    let dir = tempfile::tempdir().expect("temp dir");
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    let spoken_segments = |h: &egui_kittest::Harness<'_, respite::ui::App>| {
        let session = h.state().session().expect("a session");
        session.player.timeline().segments.iter().filter(|s| s.speech.is_some()).count()
    };
    h.state_mut().open(SessionSource::Builtin("pmr-4-groups"), true);
    h.run_steps(3);
    assert!(spoken_segments(&h) > 10, "spoken by default");
    h.state_mut().close();
    h.run_steps(2);
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label("Captions only").click();
    h.run_steps(2);
    assert!(!h.state().settings().narration);
    h.state_mut().open(SessionSource::Builtin("pmr-4-groups"), true);
    h.run_steps(3);
    assert_eq!(spoken_segments(&h), 0, "captions only");
    h.get_by_label("How tense does your body feel right now?");
}
