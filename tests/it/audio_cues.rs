//! Listening by analysis: the pitch, spectrum and envelope of each cue
//! sound, and the loudness of the beds against speech.

use respite::audio::{Bus, ClipCache, RenderOptions, Renderer, Volumes, loudness};
use respite::script::muscles::GroupId;
use respite::script::{Ambient, Bed, CueSound, builtin};
use respite::timeline::{SegmentKind, Timeline};

use crate::support::{TimelineBuilder, builtin_timeline};

const RATE: u32 = 48_000;

/// A timeline of one segment of `kind` and `secs`, with `sound` at its start.
fn one_cue(sound: CueSound, kind: SegmentKind, secs: f64) -> Timeline {
    TimelineBuilder::new("cue").segment(kind, secs, 0).cue(sound).build()
}

/// A muscle group for tense and release cues.
fn abdomen() -> GroupId {
    GroupId::find("abdomen").expect("abdomen is in the catalogue")
}

/// Left channel of a render at full cue volume.
fn render_left(t: &Timeline) -> Vec<f32> {
    let mut volumes = Volumes::from_settings(&t.sound);
    volumes.set(Bus::Cues, 1.0);
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut r = Renderer::new(t, None, &options, volumes, &mut ClipCache::new());
    let mut out = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut out);
    out.chunks_exact(2).map(|f| f[0]).collect()
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len().max(1) as f32).sqrt()
}

fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

/// Seconds → sample index range.
fn span(x: &[f32], from: f64, to: f64) -> &[f32] {
    &x[(from * RATE as f64) as usize..(to * RATE as f64) as usize]
}

/// Pitch estimate from upward zero crossings (fine for a near-pure tone).
fn pitch(x: &[f32]) -> f64 {
    let ups = x.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
    ups as f64 * RATE as f64 / x.len() as f64
}

/// Power of one frequency (Goertzel), relative to the signal's length.
fn tone_power(x: &[f32], hz: f64) -> f64 {
    let w = std::f64::consts::TAU * hz / RATE as f64;
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s = f64::from(v) + 2.0 * w.cos() * s1 - s2;
        s2 = s1;
        s1 = s;
    }
    (s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2) / (x.len() as f64).powi(2)
}

#[test]
fn glide_rises_over_an_inhale_and_falls_over_an_exhale() {
    let up = render_left(&one_cue(CueSound::Glide, SegmentKind::Inhale, 4.0));
    let (early, late) = (pitch(span(&up, 0.5, 1.0)), pitch(span(&up, 3.0, 3.5)));
    assert!(late > early * 1.2, "inhale: {early:.0} Hz then {late:.0} Hz");
    assert!((200.0..260.0).contains(&early), "a soft low start, not {early}");
    let down = render_left(&one_cue(CueSound::Glide, SegmentKind::Exhale, 6.0));
    let (early, late) = (pitch(span(&down, 0.5, 1.0)), pitch(span(&down, 5.0, 5.5)));
    assert!(early > late * 1.2, "exhale: {early:.0} Hz then {late:.0} Hz");
    // Silent by the end of the segment, so holds are quiet.
    assert!(peak(span(&down, 5.99, 6.0)) < 0.002);
}

#[test]
fn bowl_has_inharmonic_partials_and_a_slow_decay() {
    let x = render_left(&one_cue(CueSound::Bowl, SegmentKind::Release(abdomen()), 14.0));
    let first = span(&x, 0.1, 1.1);
    let fundamental = tone_power(first, 220.0);
    let second = tone_power(first, 596.2);
    let harmonic = tone_power(first, 440.0).max(tone_power(first, 660.0));
    assert!(second > fundamental * 0.02, "the 2.71× partial sounds");
    assert!(harmonic < second * 0.05, "no harmonic partials: {harmonic} vs {second}");
    // Windows of about two beat periods of the fundamental's pair.
    let (at1, at4) = (rms(span(&x, 0.5, 2.7)), rms(span(&x, 4.0, 6.2)));
    assert!(at4 > 0.3 * at1 && at4 < 0.9 * at1, "slow decay: {at1} then {at4}");
    assert!(peak(span(&x, 11.5, 11.6)) > 0.0, "still ringing after 11 s");
    assert!(peak(span(&x, 12.0, 14.0)) == 0.0, "silent after its fade-out");
}

#[test]
fn chime_is_brighter_and_shorter_than_the_bowl() {
    let x = render_left(&one_cue(CueSound::Chime, SegmentKind::Tense(abdomen()), 6.0));
    assert!(tone_power(span(&x, 0.1, 0.6), 659.3) > 10.0 * tone_power(span(&x, 0.1, 0.6), 220.0));
    let (at0, at3) = (rms(span(&x, 0.05, 0.55)), rms(span(&x, 3.0, 3.5)));
    assert!(at3 < 0.3 * at0, "decays within seconds: {at0} then {at3}");
    assert!(peak(span(&x, 4.6, 6.0)) == 0.0);
}

#[test]
fn click_is_a_short_tick() {
    let x = render_left(&one_cue(CueSound::Click, SegmentKind::Inhale, 1.0));
    let p = peak(&x);
    assert!(p > 0.1);
    assert!(peak(span(&x, 0.0, 0.02)) == p, "peak within 20 ms");
    assert!(peak(span(&x, 0.045, 1.0)) == 0.0, "over after 45 ms");
}

#[test]
fn no_cue_clicks_at_its_start_or_end() {
    for (sound, secs, len) in [
        (CueSound::Glide, 4.0, 4.0),
        (CueSound::Bowl, 14.0, 12.0),
        (CueSound::Chime, 6.0, 4.5),
        (CueSound::Click, 1.0, 0.045),
    ] {
        let x = render_left(&one_cue(sound, SegmentKind::Inhale, secs));
        let p = peak(&x);
        // The first quarter millisecond and the last millisecond are quiet.
        assert!(peak(span(&x, 0.0, 0.000_25)) < 0.2 * p, "{sound:?} attack");
        assert!(peak(span(&x, len - 0.001, len)) < 0.05 * p, "{sound:?} ending");
        // No sample-to-sample jump larger than a smooth tone allows.
        let jump = x.windows(2).map(|w| (w[1] - w[0]).abs()).fold(0.0f32, f32::max);
        assert!(jump < 0.5 * p, "{sound:?} jumps by {jump} (peak {p})");
    }
}

/// A bed alone, at full ambient volume, for `secs`.
fn bed_loudness(bed: Bed, volume: f32, secs: f64) -> f64 {
    let mut t = one_cue(CueSound::None, SegmentKind::Pause, secs);
    t.cues.clear();
    t.sound.ambient = Ambient::Bed(bed);
    let mut volumes = Volumes::from_settings(&t.sound);
    volumes.set(Bus::Ambient, volume);
    let options = RenderOptions { sample_rate: RATE, ..RenderOptions::default() };
    let mut r = Renderer::new(&t, None, &options, volumes, &mut ClipCache::new());
    let mut out = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut out);
    // Leave out the fades.
    let body = &out[(6 * RATE * 2) as usize..out.len() - (7 * RATE * 2) as usize];
    loudness::integrated(body, RATE).expect("bed is audible")
}

#[test]
fn beds_sit_at_their_reference_loudness() {
    let read: Vec<_> = Bed::ALL.iter().map(|&bed| (bed, bed_loudness(bed, 1.0, 40.0))).collect();
    let off: Vec<_> = read.iter().filter(|(_, l)| (l - loudness::BED_LUFS).abs() > 1.0).collect();
    assert!(off.is_empty(), "beds off their level: {read:.1?}");
}

#[test]
fn built_in_beds_stay_20_db_under_speech() {
    for b in builtin::ALL {
        let t = builtin_timeline(b.name);
        let Ambient::Bed(bed) = t.sound.ambient else { continue };
        let speech = loudness::SPEECH_LUFS + 20.0 * f64::from(t.sound.voice_volume).log10();
        let l = bed_loudness(bed, t.sound.ambient_volume, 20.0);
        assert!(speech - l >= 20.0, "{}: bed {l:.1} LUFS vs speech {speech:.1}", b.name);
    }
}
