//! The offline renderer on every built-in session: cues start on their
//! exact frame (found by onset detection in the samples), nothing clips or
//! goes NaN, and rendering from a seek point equals a continuous render.

use respite::audio::{CEILING, ClipCache, RenderOptions, Renderer, Volumes};
use respite::script::{Ambient, Bed, CueSound, builtin};
use respite::timeline::Timeline;

use crate::support::builtin_timeline;

/// Low rates keep the tests fast; frame exactness does not depend on rate.
const RATE: u32 = 8_000;

fn timeline(name: &str) -> Timeline {
    builtin_timeline(name)
}

fn render(timeline: &Timeline, options: &RenderOptions) -> Vec<f32> {
    let mut r = Renderer::new(timeline, None, options, Volumes::from_settings(&timeline.sound), &mut ClipCache::new());
    let mut out = vec![0.0; r.frames() as usize * 2];
    r.render(0, &mut out);
    out
}

/// Frames where sound starts after at least `gap` silent frames: the first
/// non-zero frame, less one, since every cue's first sample is exactly 0.
fn onsets(samples: &[f32], gap: usize) -> Vec<u64> {
    let mut found = Vec::new();
    let mut silent = gap;
    for (i, f) in samples.chunks_exact(2).enumerate() {
        if f[0] == 0.0 && f[1] == 0.0 {
            silent += 1;
        } else {
            if silent >= gap {
                found.push(i as u64 - 1);
            }
            silent = 0;
        }
    }
    found
}

#[test]
fn every_cue_starts_on_its_exact_frame() {
    let options = RenderOptions { sample_rate: RATE, cue: Some(CueSound::Click), ambient: false, voice: false };
    for b in builtin::ALL {
        let t = timeline(b.name);
        let samples = render(&t, &options);
        let want: Vec<u64> = t.cues.iter().map(|c| c.at.to_frame(RATE)).collect();
        // A click lasts 45 ms; cues come at least a second apart.
        let got = onsets(&samples, (0.1 * RATE as f64) as usize);
        assert_eq!(got.len(), want.len(), "{}: onset count", b.name);
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w, "{}: onset at frame {g}, timeline says {w}", b.name);
        }
    }
}

#[test]
fn full_mixes_never_clip_or_go_nan() {
    for b in builtin::ALL {
        let t = timeline(b.name);
        let samples = render(&t, &RenderOptions { sample_rate: RATE, ..RenderOptions::default() });
        assert!(samples.iter().all(|x| x.is_finite()), "{}: NaN or infinity", b.name);
        let peak = samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak <= CEILING, "{}: peak {peak} above -1 dBFS", b.name);
        assert!(peak > 0.01, "{}: silent", b.name);
        let n = samples.len();
        assert!(samples[..2].iter().all(|x| x.abs() < 1e-3), "{}: starts abruptly", b.name);
        assert!(samples[n - 2..].iter().all(|x| x.abs() < 1e-3), "{}: ends abruptly", b.name);
    }
}

#[test]
fn seeking_renders_the_same_samples_as_playing_through() {
    let base = timeline("resonance-breathing");
    let (rate, frames) = (16_000u32, 700_000usize);
    for ambient in Bed::ALL.map(Ambient::Bed) {
        let mut t = base.clone();
        t.sound.ambient = ambient.clone();
        let options = RenderOptions { sample_rate: rate, ..RenderOptions::default() };
        let continuous = render_range(&t, &options, 0, frames, 1000);
        // Seek points off every block grid, one across a noise checkpoint.
        for seek in [1usize, 12_345, 262_143, 262_145, 500_001] {
            let from_seek = render_range(&t, &options, seek, frames, 777);
            assert!(continuous[seek * 2..] == from_seek[..], "{ambient:?}: seek to {seek} differs");
        }
    }
}

/// Frames `from..to`, rendered in pieces of `piece` frames.
fn render_range(t: &Timeline, options: &RenderOptions, from: usize, to: usize, piece: usize) -> Vec<f32> {
    let mut r = Renderer::new(t, None, options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
    let mut out = vec![0.0; (to - from) * 2];
    for (i, chunk) in out.chunks_mut(piece * 2).enumerate() {
        r.render((from + i * piece) as u64, chunk);
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Any seek point and any piece size give the continuous render's
    /// samples, with every cue sound over the ocean bed.
    #[test]
    fn any_seek_and_piece_size_matches(seek in 480_000usize..780_000, piece in 1usize..5000, cue in 0usize..4) {
        let mut t = timeline("resonance-breathing");
        t.sound.ambient = Ambient::Bed(Bed::Ocean);
        let sound = [CueSound::Glide, CueSound::Bowl, CueSound::Chime, CueSound::Click][cue];
        let options = RenderOptions { sample_rate: RATE, cue: Some(sound), ..RenderOptions::default() };
        // 60 s to 100 s at 8 kHz: breathing, so cues sound.
        let end = 800_000;
        let continuous = reference(&t, &options, end);
        let from_seek = render_range(&t, &options, seek, end, piece);
        proptest::prop_assert!(continuous[seek * 2..] == from_seek[..]);
    }
}

/// The first `frames` of a continuous render, cached per cue sound.
fn reference(t: &Timeline, options: &RenderOptions, frames: usize) -> Vec<f32> {
    use std::sync::{Mutex, OnceLock};
    type Renders = Vec<(Option<CueSound>, Vec<f32>)>;
    static CACHE: OnceLock<Mutex<Renders>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, v)) = cache.iter().find(|(c, _)| *c == options.cue) {
        return v.clone();
    }
    let v = render_range(t, options, 0, frames, 4096);
    cache.push((options.cue, v.clone()));
    v
}
