//! Synthesized cue sounds. Each sample is a pure function of the frame
//! offset from the cue's start, so any block of any cue renders the same
//! wherever playback starts. Every sound opens at exactly zero with a
//! gentle attack and ends at zero with a fade: nothing clicks.

use std::f64::consts::TAU;

use crate::script::CueSound;
use crate::timeline::{Segment, SegmentKind};

/// Phase and envelope curves are evaluated exactly on this grid of frames
/// (from the cue's start) and interpolated in between.
const GRID: u64 = 32;

/// Longest glide; a longer segment gets a glide that fades out early.
const MAX_GLIDE_SECS: f64 = 15.0;

/// How long each struck sound rings, in seconds.
const BOWL_SECS: f64 = 12.0;
const CHIME_SECS: f64 = 4.5;
const CLICK_SECS: f64 = 0.045;

/// How long the cue `sound` sounds when it starts a segment of
/// `segment_secs`: a glide follows its segment (up to 15 s), a struck
/// sound rings on for its own length. Scripts use this to keep one cue
/// from ringing over the next.
pub fn ring_secs(sound: CueSound, segment_secs: f64) -> f64 {
    match sound {
        CueSound::None => 0.0,
        CueSound::Glide => segment_secs.min(MAX_GLIDE_SECS),
        CueSound::Bowl => BOWL_SECS,
        CueSound::Chime => CHIME_SECS,
        CueSound::Click => CLICK_SECS,
    }
}

/// One sounding cue: what, where, and for how long.
#[derive(Debug, Clone, PartialEq)]
pub struct CueVoice {
    /// First frame; the sound's value there is exactly zero.
    pub start: u64,
    /// Length in frames; the sound is silent from `start + len` on.
    pub len: u64,
    shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// Exponential pitch glide from `from` to `to` Hz.
    Glide { from: f64, to: f64 },
    /// Struck partials: (frequency, amplitude, seconds to fall 60 dB).
    Struck { partials: &'static [(f64, f32, f64)], attack: f64, fade: f64, spread: f64, level: f32 },
}

/// A singing bowl: inharmonic partials (ratios near 1 : 2.71 : 5.15 : 8.43)
/// with long, partial-dependent decays.
const BOWL: &[(f64, f32, f64)] = &[(220.0, 1.0, 25.0), (596.2, 0.42, 16.0), (1133.0, 0.18, 9.0), (1854.6, 0.07, 5.0)];
/// A soft chime: a clear fundamental with quieter bell partials.
const CHIME: &[(f64, f32, f64)] = &[(659.3, 1.0, 4.0), (1318.5, 0.22, 2.2), (1819.6, 0.14, 1.6), (3560.0, 0.04, 0.6)];
/// A short neutral tick, like a wooden metronome.
const CLICK: &[(f64, f32, f64)] = &[(1480.0, 1.0, 0.06), (2350.0, 0.35, 0.035)];

/// Peak levels at full cue volume (glides are continuous, so quieter).
const GLIDE_LEVEL: f32 = 0.11;
const BOWL_LEVEL: f32 = 0.2;
const CHIME_LEVEL: f32 = 0.16;
const CLICK_LEVEL: f32 = 0.3;

impl CueVoice {
    /// The cue `sound` starting at frame `start`, over a segment of
    /// `segment_frames`; a glide goes between the `glide` pitches (see
    /// `glide_pitches`). `None` for `CueSound::None`.
    pub fn new(sound: CueSound, glide: (f64, f64), start: u64, segment_frames: u64, sample_rate: u32) -> Option<Self> {
        let sr = f64::from(sample_rate);
        let secs = |s: f64| (s * sr).round() as u64;
        let (len, shape) = match sound {
            CueSound::None => return None,
            CueSound::Glide => (segment_frames.min(secs(MAX_GLIDE_SECS)), Shape::Glide { from: glide.0, to: glide.1 }),
            CueSound::Bowl => (
                secs(BOWL_SECS),
                Shape::Struck { partials: BOWL, attack: 0.012, fade: 3.0, spread: 0.45, level: BOWL_LEVEL },
            ),
            CueSound::Chime => (
                secs(CHIME_SECS),
                Shape::Struck { partials: CHIME, attack: 0.004, fade: 1.0, spread: 0.6, level: CHIME_LEVEL },
            ),
            CueSound::Click => (
                secs(CLICK_SECS),
                Shape::Struck { partials: CLICK, attack: 0.0015, fade: 0.012, spread: 0.0, level: CLICK_LEVEL },
            ),
        };
        (len > 2).then_some(CueVoice { start, len, shape })
    }

    /// Adds this cue's samples, scaled by `gain`, for the frames
    /// `from..from + out.len()/2` into the stereo-interleaved `out`.
    pub fn add_to(&self, from: u64, out: &mut [f32], sample_rate: u32, gain: f32) {
        let frames = out.len() as u64 / 2;
        let lo = from.max(self.start);
        let hi = (from + frames).min(self.start + self.len);
        if lo >= hi {
            return;
        }
        let sr = f64::from(sample_rate);
        let offset = (lo - from) as usize * 2;
        let out = &mut out[offset..offset + (hi - lo) as usize * 2];
        match &self.shape {
            Shape::Glide { from: f0, to: f1 } => self.glide(lo - self.start, out, sr, (*f0, *f1), GLIDE_LEVEL * gain),
            Shape::Struck { partials, attack, fade, spread, level } => {
                let strike = Strike { attack: *attack * sr, fade: *fade * sr, spread: *spread, level: *level * gain };
                self.struck(lo - self.start, out, sr, partials, &strike)
            }
        }
    }

    fn glide(&self, k0: u64, out: &mut [f32], sr: f64, (f0, f1): (f64, f64), level: f32) {
        let len = self.len as f64;
        let ln_r = (f1 / f0).ln();
        // Phase in turns: the integral of f0 * r^(k/len) over frames.
        let phase = |k: u64| f0 * len / sr / ln_r * ((ln_r * k as f64 / len).exp() - 1.0);
        let ramp_in = (0.35 * sr).min(len / 3.0);
        let ramp_out = (0.6 * sr).min(len / 3.0);
        let frames = out.len() / 2;
        let mut i = 0;
        while i < frames {
            // Each grid cell starts from the exact phase and turns a fixed
            // step per frame, so a cell renders the same from any block.
            let k = k0 + i as u64;
            let cell = k - k % GRID;
            let p0 = phase(cell);
            let step = (phase(cell + GRID) - p0) / GRID as f64;
            let (ds, dc) = (sin_turns(step), sin_turns(step + 0.25));
            let (mut s, mut c) = (sin_turns(p0), sin_turns(p0 + 0.25));
            for _ in cell..k {
                (s, c) = (s * dc + c * ds, c * dc - s * ds);
            }
            let end = ((cell + GRID - k0) as usize).min(frames);
            let fading = (cell as f64) < ramp_in || ((cell + GRID) as f64) > len - ramp_out;
            for (j, frame) in out[i * 2..end * 2].chunks_exact_mut(2).enumerate() {
                let env = if fading {
                    let kk = (k + j as u64) as f64;
                    raised(kk / ramp_in) * raised((len - kk) / ramp_out)
                } else {
                    1.0
                };
                // A soft, flute-like tone: fundamental, a little 2nd and 3rd.
                let v = s + 0.18 * (2.0 * s * c) + 0.05 * s * (3.0 - 4.0 * s * s);
                let v = v * env * level;
                frame[0] += v;
                frame[1] += v;
                (s, c) = (s * dc + c * ds, c * dc - s * ds);
            }
            i = end;
        }
    }

    fn struck(&self, k0: u64, out: &mut [f32], sr: f64, partials: &[(f64, f32, f64)], strike: &Strike) {
        let len = self.len as f64;
        let Strike { attack, fade, spread, level } = *strike;
        let norm = level / partials.iter().map(|p| p.1).sum::<f32>();
        let decay = |k: u64, t60: f64| (-6.907_755 * k as f64 / (t60 * sr)).exp();
        let mut grid = u64::MAX;
        let mut env = [(0.0f64, 0.0f64); 4];
        for (i, frame) in out.chunks_exact_mut(2).enumerate() {
            let k = k0 + i as u64;
            let g = k / GRID;
            if g != grid {
                grid = g;
                for (e, p) in env.iter_mut().zip(partials) {
                    *e = (decay(g * GRID, p.2), decay((g + 1) * GRID, p.2));
                }
            }
            let frac = (k % GRID) as f64 / GRID as f64;
            let t = k as f64 / sr;
            let shape = raised(k as f64 / attack) * raised((len - k as f64) / fade);
            let (mut l, mut r) = (0.0f32, 0.0f32);
            for (p, e) in partials.iter().zip(&env) {
                let a = p.1 * (e.0 + (e.1 - e.0) * frac) as f32;
                if spread == 0.0 {
                    let s = a * sin_turns(p.0 * t);
                    l += s;
                    r += s;
                    continue;
                }
                // Two slightly detuned components beat slowly, as a bowl's
                // near-degenerate modes do; one leans left, one right.
                let beat = spread * (p.0 / 220.0).sqrt();
                let a1 = a * sin_turns((p.0 - beat) * t);
                let a2 = a * sin_turns((p.0 + beat) * t);
                l += 0.7 * a1 + 0.3 * a2;
                r += 0.3 * a1 + 0.7 * a2;
            }
            let g = shape * norm;
            frame[0] += l * g;
            frame[1] += r * g;
        }
    }
}

/// Envelope and stereo settings of a struck sound, in frames.
struct Strike {
    attack: f64,
    fade: f64,
    spread: f64,
    level: f32,
}

/// Where a glide on segment `i` starts and ends, in hertz: up a fifth
/// (A3 to E4) over an in-breath, down again over an out-breath. A top-up
/// (an in-breath right after another) carries on up a minor third to G4,
/// and the out-breath after it falls from there.
pub fn glide_pitches(segments: &[Segment], i: usize) -> (f64, f64) {
    const LOW: f64 = 220.0;
    const HIGH: f64 = 330.0;
    const TOP: f64 = 392.0;
    let inhale = |j: usize| segments.get(j).is_some_and(|s| s.kind == SegmentKind::Inhale);
    let top_up = |j: usize| j > 0 && inhale(j) && inhale(j - 1);
    match segments.get(i).map(|s| s.kind) {
        Some(SegmentKind::Inhale) if top_up(i) => (HIGH, TOP),
        Some(SegmentKind::Inhale | SegmentKind::HoldIn | SegmentKind::Tense(_)) => (LOW, HIGH),
        _ => {
            // The breath before this one, skipping a hold.
            let before = segments[..i.min(segments.len())].iter().rposition(|s| s.kind != SegmentKind::HoldIn);
            if before.is_some_and(top_up) { (TOP, LOW) } else { (HIGH, LOW) }
        }
    }
}

/// A raised-cosine ramp: 0 at x ≤ 0, 1 at x ≥ 1, smooth in between.
pub fn raised(x: f64) -> f32 {
    if x >= 1.0 {
        1.0
    } else if x <= 0.0 {
        0.0
    } else {
        0.5 - 0.5 * sin_turns(x * 0.5 + 0.25)
    }
}

/// sin(2π·x) for x in turns, to about 4e-6: a 9th-order polynomial on the
/// quarter wave.
pub fn sin_turns(x: f64) -> f32 {
    // floor(x) without a libm call (x is far inside the i64 range).
    let t = x as i64 as f64;
    let y = x - if t > x { t - 1.0 } else { t };
    let z = if y < 0.25 {
        y
    } else if y < 0.75 {
        0.5 - y
    } else {
        y - 1.0
    };
    let w = (z * TAU) as f32;
    let w2 = w * w;
    w * (1.0 + w2 * (-1.0 / 6.0 + w2 * (1.0 / 120.0 + w2 * (-1.0 / 5040.0 + w2 * (1.0 / 362_880.0)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_sine_is_accurate() {
        for i in 0..10_000 {
            let x = i as f64 / 997.0 - 3.0;
            let err = (sin_turns(x) as f64 - (x * TAU).sin()).abs();
            assert!(err < 1e-5, "x {x} err {err}");
        }
    }

    #[test]
    fn a_top_up_glides_on_up_and_the_sigh_falls_from_there() {
        let t = crate::timeline::testing::builtin_timeline("cyclic-sighing");
        let first = t.segments.iter().position(|s| s.kind == SegmentKind::Inhale).expect("breathes");
        assert_eq!(glide_pitches(&t.segments, first), (220.0, 330.0));
        assert_eq!(glide_pitches(&t.segments, first + 1), (330.0, 392.0), "top-up");
        assert_eq!(glide_pitches(&t.segments, first + 2), (392.0, 220.0), "long sigh out");
        let t = crate::timeline::testing::builtin_timeline("resonance-breathing");
        let first = t.segments.iter().position(|s| s.kind == SegmentKind::Inhale).expect("breathes");
        assert_eq!(glide_pitches(&t.segments, first + 1), (330.0, 220.0));
    }

    #[test]
    fn raised_ramp_is_monotonic_from_zero_to_one() {
        assert_eq!(raised(0.0), 0.0);
        assert_eq!(raised(1.0), 1.0);
        let mut last = 0.0;
        for i in 0..=100 {
            let v = raised(i as f64 / 100.0);
            assert!(v >= last - 1e-6);
            last = v;
        }
    }

    #[test]
    fn rendering_in_pieces_equals_rendering_whole() {
        for sound in [CueSound::Glide, CueSound::Bowl, CueSound::Chime, CueSound::Click] {
            let cue = CueVoice::new(sound, (220.0, 330.0), 100, 8000, 8000).expect("sounds");
            let mut whole = vec![0.0; 2 * 9000];
            cue.add_to(0, &mut whole, 8000, 1.0);
            let mut pieces = vec![0.0; 2 * 9000];
            let mut at = 0;
            for size in [7usize, 100, 33, 1000, 5000, 2860] {
                cue.add_to(at as u64, &mut pieces[at * 2..(at + size) * 2], 8000, 1.0);
                at += size;
            }
            assert_eq!(whole, pieces, "{sound:?}");
            assert_eq!(whole[200], 0.0, "starts at zero");
            assert!(whole[202] != 0.0, "sounds from the next frame");
        }
    }
}
