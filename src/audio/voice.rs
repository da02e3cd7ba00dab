//! Audio files: voice clips and looped ambient recordings. Decoded with
//! rodio's decoders (wav, ogg/vorbis, flac, mp3), made stereo, resampled to
//! the output rate with a windowed-sinc filter, and brought to a loudness
//! target. Results are cached per path and rate, including failures.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rodio::Source;

use super::error::ClipError;
use super::loudness;
use super::synth::sin_turns;
use crate::time::Micros;
use crate::timeline::narration::ClipRef;

/// Voice clips longer than this are refused.
const MAX_VOICE_SECS: f64 = 5.0 * 60.0;
/// Ambient recordings longer than this loop their first part only.
const MAX_LOOP_SECS: f64 = 3.0 * 60.0;
/// Voice peaks stay at or below this after loudness normalization.
const VOICE_PEAK: f32 = 0.75;
/// Fade at both ends of every clip, so a clip that starts or stops
/// abruptly cannot click.
const EDGE_SECS: f64 = 0.005;

/// A decoded, resampled, normalized stereo clip.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    /// Stereo-interleaved samples at the output rate.
    pub samples: Vec<f32>,
}

impl Clip {
    pub fn frames(&self) -> u64 {
        self.samples.len() as u64 / 2
    }
}

/// What a clip is for: it sets the loudness target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    Voice,
    Ambient,
}

/// Decoded clips by (path, rate, purpose); errors are kept too, so a
/// missing file is reported once.
#[derive(Debug, Default)]
pub struct ClipCache {
    clips: HashMap<(PathBuf, u32, Purpose), Result<Arc<Clip>, ClipError>>,
}

impl ClipCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The clip at `path`, decoded for `sample_rate`, or why not (naming
    /// the file).
    pub fn get(&mut self, path: &Path, sample_rate: u32, purpose: Purpose) -> Result<Arc<Clip>, ClipError> {
        self.get_ref(&ClipRef::File(path.to_path_buf()), sample_rate, purpose)
    }

    /// The clip `clip` refers to (a file, or narration embedded in the
    /// binary), decoded for `sample_rate`.
    pub fn get_ref(&mut self, clip: &ClipRef, sample_rate: u32, purpose: Purpose) -> Result<Arc<Clip>, ClipError> {
        self.clips
            .entry((clip.name(), sample_rate, purpose))
            .or_insert_with(|| {
                // A decoder bug on a strange file must not take the session
                // down with it: treat a panic like any decoding error.
                std::panic::catch_unwind(|| load(clip, sample_rate, purpose))
                    .unwrap_or_else(|_| Err(ClipError::DecoderFailed { path: clip.name() }))
                    .map(Arc::new)
            })
            .clone()
    }
}

mod embedded {
    // `build.rs` lists the clips of `assets/narration/clips/`.
    include!(concat!(env!("OUT_DIR"), "/narration_clips.rs"));
}

/// The bytes of a built-in narration clip, by file stem.
pub fn builtin_clip(stem: &str) -> Option<&'static [u8]> {
    embedded::CLIPS.iter().find(|c| c.0 == stem).map(|c| c.1)
}

/// How long a voice clip plays, decoding it to find out.
pub fn clip_length(clip: &ClipRef) -> Result<Micros, ClipError> {
    const RATE: u32 = 48_000;
    let decoded = load(clip, RATE, Purpose::Voice)?;
    Ok(Micros::from_frame(decoded.frames(), RATE))
}

fn load(clip: &ClipRef, sample_rate: u32, purpose: Purpose) -> Result<Clip, ClipError> {
    let name = clip.name();
    match clip {
        ClipRef::File(path) => {
            let file = File::open(path).map_err(|e| ClipError::Open { path: name.clone(), reason: e.to_string() })?;
            let decoder = rodio::Decoder::try_from(file)
                .map_err(|e| ClipError::Decode { path: name.clone(), reason: e.to_string() })?;
            prepare(decoder, &name, sample_rate, purpose)
        }
        ClipRef::Builtin(stem) => {
            let bytes = builtin_clip(stem)
                .ok_or_else(|| ClipError::Open { path: name.clone(), reason: "not in this build".into() })?;
            let decoder = rodio::Decoder::new(std::io::Cursor::new(bytes))
                .map_err(|e| ClipError::Decode { path: name.clone(), reason: e.to_string() })?;
            prepare(decoder, &name, sample_rate, purpose)
        }
    }
}

/// Checks, resamples and levels a decoded clip.
fn prepare(decoder: impl Source, path: &Path, sample_rate: u32, purpose: Purpose) -> Result<Clip, ClipError> {
    let owned = || path.to_path_buf();
    let channels = usize::from(decoder.channels().get());
    let rate = decoder.sample_rate().get();
    let max_secs = match purpose {
        Purpose::Voice => MAX_VOICE_SECS,
        Purpose::Ambient => MAX_LOOP_SECS,
    };
    let limit = (max_secs * f64::from(rate)) as usize * channels;
    let mut raw: Vec<f32> = decoder.take(limit + 1).collect();
    if raw.len() > limit {
        if purpose == Purpose::Voice {
            return Err(ClipError::TooLong { path: owned(), minutes: max_secs / 60.0 });
        }
        raw.truncate(limit);
    }
    if raw.iter().any(|x| !x.is_finite()) {
        return Err(ClipError::InvalidSamples { path: owned() });
    }
    let stereo = to_stereo(&raw, channels);
    if stereo.is_empty() {
        return Err(ClipError::Empty { path: owned() });
    }
    let mut samples = resample(&stereo, rate, sample_rate);
    normalize(&mut samples, sample_rate, purpose);
    fade_edges(&mut samples, (EDGE_SECS * f64::from(sample_rate)) as usize);
    Ok(Clip { samples })
}

/// Mono is copied to both sides; more than two channels keep the first two.
fn to_stereo(raw: &[f32], channels: usize) -> Vec<f32> {
    match channels {
        1 => raw.iter().flat_map(|&x| [x, x]).collect(),
        2 => raw.to_vec(),
        _ => raw.chunks_exact(channels).flat_map(|f| [f[0], f[1]]).collect(),
    }
}

/// Windowed-sinc (Lanczos, 8 lobes) resampling of stereo samples. When
/// going down in rate the kernel is widened to filter out aliases.
pub fn resample(stereo: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to {
        return stereo.to_vec();
    }
    const LOBES: f64 = 8.0;
    let n_in = stereo.len() / 2;
    let ratio = f64::from(from) / f64::from(to);
    let scale = ratio.max(1.0);
    let half = (LOBES * scale).ceil() as i64;
    let n_out = ((n_in as f64) / ratio).floor() as usize;
    let sinc = |x: f64| if x.abs() < 1e-9 { 1.0 } else { f64::from(sin_turns(x * 0.5)) / (std::f64::consts::PI * x) };
    let mut out = Vec::with_capacity(n_out * 2);
    for i in 0..n_out {
        let t = i as f64 * ratio;
        let centre = t.floor() as i64;
        let (mut l, mut r, mut norm) = (0.0f64, 0.0f64, 0.0f64);
        for j in (centre - half + 1)..=(centre + half) {
            if j < 0 || j as usize >= n_in {
                continue;
            }
            let x = (t - j as f64) / scale;
            if x.abs() >= LOBES {
                continue;
            }
            let w = sinc(x) * sinc(x / LOBES);
            l += w * f64::from(stereo[j as usize * 2]);
            r += w * f64::from(stereo[j as usize * 2 + 1]);
            norm += w;
        }
        let norm = if norm.abs() > 1e-9 { norm } else { 1.0 };
        out.push((l / norm) as f32);
        out.push((r / norm) as f32);
    }
    out
}

/// Brings a clip to its loudness target, keeping voice peaks in bounds.
fn normalize(samples: &mut [f32], sample_rate: u32, purpose: Purpose) {
    let Some(lufs) = loudness::integrated(samples, sample_rate) else { return };
    let target = match purpose {
        Purpose::Voice => loudness::SPEECH_LUFS,
        Purpose::Ambient => loudness::BED_LUFS,
    };
    let mut gain = 10f64.powf((target - lufs) / 20.0) as f32;
    let peak = samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if peak > 0.0 {
        gain = gain.min(VOICE_PEAK / peak);
    }
    samples.iter_mut().for_each(|x| *x *= gain);
}

fn fade_edges(samples: &mut [f32], frames: usize) {
    let n = samples.len() / 2;
    let frames = frames.min(n / 2);
    for i in 0..frames {
        let g = i as f32 / frames as f32;
        for c in 0..2 {
            samples[i * 2 + c] *= g;
            samples[(n - 1 - i) * 2 + c] *= g;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resampling_keeps_a_tone_and_its_length() {
        let (from, to) = (44_100u32, 48_000u32);
        let tone: Vec<f32> = (0..from)
            .flat_map(|n| {
                let v = 0.5 * (std::f32::consts::TAU * 440.0 * n as f32 / from as f32).sin();
                [v, v]
            })
            .collect();
        let out = resample(&tone, from, to);
        assert_eq!(out.len() / 2, to as usize);
        for n in (1000..47_000).step_by(997) {
            let want = 0.5 * (std::f32::consts::TAU * 440.0 * n as f32 / to as f32).sin();
            assert!((out[n * 2] - want).abs() < 2e-3, "frame {n}: {} vs {want}", out[n * 2]);
        }
    }

    #[test]
    fn missing_file_is_named_in_the_error() {
        let err =
            ClipCache::new().get(Path::new("/nonexistent/hello.ogg"), 48_000, Purpose::Voice).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/hello.ogg"), "{err}");
    }

    #[test]
    fn corrupt_file_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("broken.wav");
        std::fs::write(&path, b"RIFF this is not audio at all").expect("write");
        let err = ClipCache::new().get(&path, 48_000, Purpose::Voice).unwrap_err().to_string();
        assert!(err.contains("broken.wav"), "{err}");
    }
}
