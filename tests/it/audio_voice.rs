//! Voice clips and ambient recordings: decoded, resampled, brought to their
//! loudness, started on their segment's first frame; a missing or broken
//! file is a warning that names it, and the rest still plays. Also: volume
//! changes glide, with no zipper steps.

use std::path::{Path, PathBuf};

use respite::audio::{Bus, ClipCache, RenderOptions, Renderer, Volumes, loudness};
use respite::script::Ambient;
use respite::timeline::{Micros, Timeline};

use crate::support::TimelineBuilder;

const RATE: u32 = 48_000;

/// A mono 16-bit WAV of a 440 Hz tone.
fn write_tone(path: &Path, rate: u32, secs: f64, amplitude: f32) {
    let spec =
        hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    for n in 0..(secs * rate as f64) as u32 {
        let x = amplitude * (std::f32::consts::TAU * 440.0 * n as f32 / rate as f32).sin();
        w.write_sample((x * 32767.0) as i16).expect("write");
    }
    w.finalize().expect("finalize");
}

/// A mono 16-bit WAV of steady white noise (a stand-in for rain).
fn write_noise(path: &Path, rate: u32, secs: f64) {
    let spec =
        hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec).expect("create wav");
    let mut seed = 0x2545_f491_u32;
    for _ in 0..(secs * rate as f64) as u32 {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        w.write_sample(((seed >> 16) as i16) / 4).expect("write");
    }
    w.finalize().expect("finalize");
}

fn render(t: &Timeline, base: &Path, volumes: Volumes) -> (Vec<f32>, Vec<String>) {
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut r = Renderer::new(t, Some(base), &options, volumes, &mut ClipCache::new());
    let mut out = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut out);
    (out, r.warnings().to_vec())
}

#[test]
fn clips_start_on_their_frame_at_speech_loudness_and_missing_ones_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_tone(&dir.path().join("hello.wav"), 44_100, 2.0, 0.05);
    let t = TimelineBuilder::new("voice").say(1.0, 0, Some("missing.ogg")).say(2.5, 1, Some("hello.wav")).build();
    let mut volumes = Volumes::from_settings(&t.sound);
    volumes.set(Bus::Voice, 1.0);
    let (out, warnings) = render(&t, dir.path(), volumes);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("missing.ogg"), "{}", warnings[0]);

    let start = Micros::SECOND.to_frame(RATE) as usize;
    assert!(out[..start * 2 + 2].iter().all(|&x| x == 0.0), "silent before the clip's frame");
    assert!(out[start * 2 + 2] != 0.0, "sounds from the frame after its first (a zero)");
    let clip = &out[start * 2..(start + 2 * RATE as usize) * 2];
    let l = loudness::integrated(clip, RATE).expect("audible");
    assert!((l - loudness::SPEECH_LUFS).abs() < 0.5, "clip at {l:.1} LUFS");
    // 44.1 kHz in, 48 kHz out: two seconds stay two seconds.
    let end = out.chunks_exact(2).rposition(|f| f[0] != 0.0).expect("sound") as f64 / RATE as f64;
    assert!((end - 3.0).abs() < 0.001, "clip ends at {end}");
}

#[test]
fn a_corrupt_clip_is_a_warning_and_the_rest_renders() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("broken.mp3"), b"ID3 definitely not an mp3 frame").expect("write");
    let t = TimelineBuilder::new("voice")
        .say(2.0, 0, Some("broken.mp3"))
        .ambient(Ambient::Bed(respite::script::Bed::Rain))
        .build();
    let (out, warnings) = render(&t, dir.path(), Volumes::from_settings(&t.sound));
    assert!(warnings.iter().any(|w| w.contains("broken.mp3")), "{warnings:?}");
    assert!(out.iter().any(|&x| x != 0.0), "the bed still plays");
}

#[test]
fn ambient_recordings_loop_at_an_even_level() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_noise(&dir.path().join("loop.wav"), 44_100, 3.0);
    let t = TimelineBuilder::new("voice").say(20.0, 0, None).ambient(Ambient::File(PathBuf::from("loop.wav"))).build();
    let (out, warnings) = render(&t, dir.path(), Volumes::from_settings(&t.sound));
    assert!(warnings.is_empty(), "{warnings:?}");
    // Past the fade-in, the envelope stays level through every loop point.
    let left: Vec<f32> = out.chunks_exact(2).map(|f| f[0]).collect();
    let window = RATE as usize / 10;
    let levels: Vec<f32> = left[5 * RATE as usize..13 * RATE as usize]
        .chunks(window)
        .map(|c| (c.iter().map(|x| x * x).sum::<f32>() / c.len() as f32).sqrt())
        .collect();
    let (lo, hi) = levels.iter().fold((f32::MAX, 0.0f32), |(lo, hi), &l| (lo.min(l), hi.max(l)));
    assert!(lo > 0.85 * hi, "level dips or swells at a loop point: {lo} vs {hi}");
    // And it sits at the bed's loudness.
    let l = loudness::integrated(&out[5 * RATE as usize * 2..13 * RATE as usize * 2], RATE).expect("audible");
    let want = loudness::BED_LUFS + 20.0 * f64::from(t.sound.ambient_volume).log10();
    assert!((l - want).abs() < 1.0, "loop at {l:.1} LUFS, want {want:.1}");
}

#[test]
fn volume_changes_glide_without_steps() {
    let t =
        TimelineBuilder::new("voice").say(20.0, 0, None).ambient(Ambient::Bed(respite::script::Bed::PinkNoise)).build();
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut volumes = Volumes::from_settings(&t.sound);
    volumes.set(Bus::Ambient, 1.0);
    let mut r = Renderer::new(&t, None, &options, volumes, &mut ClipCache::new());
    let at = 8 * RATE as u64;
    let mut before = vec![0.0; 4800 * 2];
    r.render(at, &mut before);
    volumes.set(Bus::Ambient, 0.0);
    r.set_volumes(volumes);
    // Rendered in small live-sized pieces, as the live source does.
    let mut after = vec![0.0; 9600 * 2];
    for (i, chunk) in after.chunks_mut(128).enumerate() {
        r.render(at + 4800 + (i * 64) as u64, chunk);
    }
    let level = |x: &[f32]| x.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let full = level(&before);
    assert!(level(&after[..240 * 2]) > 0.5 * full, "still loud 5 ms after the change");
    assert!(level(&after[2400 * 2..]) == 0.0, "silent after 50 ms");
}
