//! The renderer: stereo frames of a whole session from its timeline. Cues,
//! voice clips and the ambient bed each go to their bus; the buses are
//! mixed with smoothed gains and a soft ceiling at -1 dBFS. Output at frame
//! n depends only on (timeline, n) and the volumes.

use std::path::Path;
use std::sync::Arc;

use crate::script::{Ambient, CueSound};
use crate::timeline::Timeline;
use crate::timeline::narration::ClipRef;

use super::beds::BedGen;
use super::mix::{Bus, Volumes, limit_block, soft_limit};
use super::synth::{CueVoice, glide_pitches, raised, sin_turns};
use super::voice::{Clip, ClipCache, Purpose};

/// Frames mixed at a time.
const BLOCK: usize = 1024;
/// The ambient bed fades in and out over these many seconds.
const BED_FADE_IN: f64 = 4.0;
const BED_FADE_OUT: f64 = 6.0;
/// A volume change from silence to full takes this many seconds.
const VOLUME_RAMP: f64 = 0.05;
/// Everything fades to silence over the session's last moments.
const END_FADE: f64 = 0.05;

/// What to render.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    pub sample_rate: u32,
    /// Replaces every cue sound (e.g. `Click` for a metronome track).
    pub cue: Option<CueSound>,
    /// Include the ambient bed.
    pub ambient: bool,
    /// Include voice clips.
    pub voice: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { sample_rate: 48_000, cue: None, ambient: true, voice: true }
    }
}

/// The ambient bed: synthesized, or a recording looped seamlessly.
enum Ambience {
    Synth(BedGen),
    Loop(Arc<Clip>),
}

/// Renders a session's audio, block by block, from any frame.
pub struct Renderer {
    sr: u32,
    frames: u64,
    cues: Vec<CueVoice>,
    longest_cue: u64,
    /// (first frame, clip), sorted by first frame.
    voices: Vec<(u64, Arc<Clip>)>,
    longest_voice: u64,
    ambience: Option<Ambience>,
    target: Volumes,
    /// Gains in effect at the end of the last block, per bus.
    current: [f32; 3],
    warnings: Vec<String>,
    buses: [Vec<f32>; 3],
}

impl Renderer {
    /// Prepares `timeline` for rendering: synthesizes cue plans and decodes
    /// clips (through `cache`). Clips that cannot be used become warnings;
    /// the rest of the session still renders.
    pub fn new(
        timeline: &Timeline,
        base_dir: Option<&Path>,
        options: &RenderOptions,
        volumes: Volumes,
        cache: &mut ClipCache,
    ) -> Renderer {
        let sr = options.sample_rate.clamp(8_000, 384_000);
        let frame = |t: crate::timeline::Micros| t.to_frame(sr);
        let resolve = |p: &Path| base_dir.map_or_else(|| p.to_path_buf(), |d| d.join(p));
        let mut warnings = Vec::new();

        let cues: Vec<CueVoice> = timeline
            .cues
            .iter()
            .filter_map(|cue| {
                let seg = timeline.segments.get(cue.segment)?;
                let start = frame(cue.at);
                let sound = options.cue.unwrap_or(cue.sound);
                let glide = glide_pitches(&timeline.segments, cue.segment);
                CueVoice::new(sound, glide, start, frame(seg.end).saturating_sub(start), sr)
            })
            .collect();

        let mut voices = Vec::new();
        if options.voice {
            for seg in &timeline.segments {
                let clip = match (&seg.voice, &seg.speech) {
                    (Some(path), _) => ClipRef::File(resolve(path)),
                    (None, Some(speech)) => speech.clip.clone(),
                    (None, None) => continue,
                };
                match cache.get_ref(&clip, sr, Purpose::Voice) {
                    Ok(clip) => voices.push((frame(seg.start), clip)),
                    Err(e) => warnings.push(format!("{e}; the caption is shown instead")),
                }
            }
        }

        let ambience = match (&timeline.sound.ambient, options.ambient) {
            (Ambient::Bed(bed), true) => Some(Ambience::Synth(BedGen::new(*bed, sr))),
            (Ambient::File(path), true) => match cache.get(&resolve(path), sr, Purpose::Ambient) {
                Ok(clip) => Some(Ambience::Loop(Arc::new(seamless_loop(&clip, sr)))),
                Err(e) => {
                    warnings.push(format!("{e}; playing without the ambient sound"));
                    None
                }
            },
            _ => None,
        };

        Renderer {
            sr,
            frames: frame(timeline.duration),
            longest_cue: cues.iter().map(|c| c.len).max().unwrap_or(0),
            cues,
            longest_voice: voices.iter().map(|v| v.1.frames()).max().unwrap_or(0),
            voices,
            ambience,
            target: volumes,
            current: Bus::ALL.map(|b| volumes.effective(b)),
            warnings,
            buses: std::array::from_fn(|_| vec![0.0; BLOCK * 2]),
        }
    }

    pub fn sample_rate(&self) -> u32 {
        self.sr
    }

    /// Length of the session in frames.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Problems with clips, each naming its file.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// New bus volumes; they ramp in over the next block, without zipper
    /// noise.
    pub fn set_volumes(&mut self, volumes: Volumes) {
        self.target = volumes;
    }

    /// Fills stereo-interleaved `out` with frames `from..`. Frames past
    /// the end are silent.
    pub fn render(&mut self, from: u64, out: &mut [f32]) {
        for (i, chunk) in out.chunks_mut(BLOCK * 2).enumerate() {
            self.render_block(from + (i * BLOCK) as u64, chunk);
        }
    }

    fn render_block(&mut self, from: u64, out: &mut [f32]) {
        out.fill(0.0);
        if from >= self.frames {
            return;
        }
        let target = Bus::ALL.map(|b| self.target.effective(b));
        if target != self.current {
            self.render_ramped(from, out, target);
            return;
        }
        // Steady gains (always, offline): each source adds itself scaled
        // by its bus gain, in a fixed order, so a frame's value does not
        // depend on where the block starts.
        let [gv, gc, ga] = target;
        self.add_voices(from, out, gv);
        self.add_cues(from, out, gc);
        let n = out.len() / 2;
        let sr = f64::from(self.sr);
        let total = self.frames as f64;
        let (bed_in, bed_out, end_fade) = self.fades();
        let f0 = from as f64;
        if f0 < bed_in || total - (f0 + n as f64) < bed_out {
            let mut bed = std::mem::take(&mut self.buses[2]);
            bed[..n * 2].fill(0.0);
            self.add_bed(from, &mut bed[..n * 2], ga);
            for (i, (o, b)) in out.chunks_exact_mut(2).zip(bed.chunks_exact(2)).enumerate() {
                let f = f0 + i as f64;
                let env = raised(f / bed_in) * raised((total - f) / bed_out);
                o[0] += b[0] * env;
                o[1] += b[1] * env;
            }
            self.buses[2] = bed;
        } else {
            self.add_bed(from, out, ga);
        }
        if total - (f0 + n as f64) < end_fade * sr {
            for (i, o) in out.chunks_exact_mut(2).enumerate() {
                let end = raised((total - f0 - i as f64) / (end_fade * sr));
                o[0] *= end;
                o[1] *= end;
            }
        }
        limit_block(out);
    }

    /// Bed fade-in and fade-out lengths in frames, and the end fade in
    /// seconds.
    fn fades(&self) -> (f64, f64, f64) {
        let sr = f64::from(self.sr);
        let total = self.frames as f64;
        ((BED_FADE_IN * sr).min(total / 3.0), (BED_FADE_OUT * sr).min(total / 3.0), END_FADE)
    }

    fn add_voices(&self, from: u64, out: &mut [f32], gain: f32) {
        let to = from + out.len() as u64 / 2;
        let first = self.voices.partition_point(|v| v.0 + self.longest_voice <= from);
        for (start, clip) in self.voices[first..].iter().take_while(|v| v.0 < to) {
            add_clip(clip, *start, from, out, gain);
        }
    }

    fn add_cues(&self, from: u64, out: &mut [f32], gain: f32) {
        let to = from + out.len() as u64 / 2;
        let first = self.cues.partition_point(|c| c.start + self.longest_cue <= from);
        for cue in self.cues[first..].iter().take_while(|c| c.start < to) {
            cue.add_to(from, out, self.sr, gain);
        }
    }

    fn add_bed(&mut self, from: u64, out: &mut [f32], gain: f32) {
        match &mut self.ambience {
            Some(Ambience::Synth(bed)) => bed.add_to(from, out, gain),
            Some(Ambience::Loop(clip)) => add_loop(clip, from, out, gain),
            None => {}
        }
    }

    /// A block during a volume change (live only): each bus on its own,
    /// with gains gliding frame by frame.
    fn render_ramped(&mut self, from: u64, out: &mut [f32], target: [f32; 3]) {
        let n = out.len() / 2;
        let mut buses = std::mem::take(&mut self.buses);
        for bus in &mut buses {
            bus[..n * 2].fill(0.0);
        }
        let [voice, cues, ambient] = &mut buses;
        self.add_voices(from, &mut voice[..n * 2], 1.0);
        self.add_cues(from, &mut cues[..n * 2], 1.0);
        self.add_bed(from, &mut ambient[..n * 2], 1.0);
        let sr = f64::from(self.sr);
        let total = self.frames as f64;
        let (bed_in, bed_out, end_fade) = self.fades();
        // Volume changes glide at most full scale per VOLUME_RAMP seconds.
        let max_step = (1.0 / (VOLUME_RAMP * sr)) as f32;
        for i in 0..n {
            let f = (from + i as u64) as f64;
            for (g, t) in self.current.iter_mut().zip(target) {
                *g = if (t - *g).abs() <= max_step { t } else { *g + max_step.copysign(t - *g) };
            }
            let g = self.current;
            let bed_env = raised(f / bed_in) * raised((total - f) / bed_out);
            let end = raised((total - f) / (end_fade * sr));
            for c in 0..2 {
                let j = i * 2 + c;
                let x = g[0] * voice[j] + g[1] * cues[j] + g[2] * bed_env * ambient[j];
                out[j] = soft_limit(x * end);
            }
        }
        self.buses = buses;
    }
}

/// Adds the part of `clip` (starting at frame `start`) that falls in the
/// block starting at `from`.
fn add_clip(clip: &Clip, start: u64, from: u64, out: &mut [f32], gain: f32) {
    let n = out.len() as u64 / 2;
    let lo = from.max(start);
    let hi = (from + n).min(start + clip.frames());
    if lo >= hi {
        return;
    }
    let src = &clip.samples[((lo - start) * 2) as usize..((hi - start) * 2) as usize];
    let dst = &mut out[((lo - from) * 2) as usize..((hi - from) * 2) as usize];
    dst.iter_mut().zip(src).for_each(|(d, s)| *d += s * gain);
}

/// Adds a looped recording for the block starting at `from`.
fn add_loop(clip: &Clip, from: u64, out: &mut [f32], gain: f32) {
    let len = clip.frames();
    if len == 0 {
        return;
    }
    for (i, frame) in out.chunks_exact_mut(2).enumerate() {
        let k = ((from + i as u64) % len) as usize * 2;
        frame[0] += clip.samples[k] * gain;
        frame[1] += clip.samples[k + 1] * gain;
    }
}

/// A loop whose end flows into its start: the recording's tail is
/// crossfaded (equal power) into its head.
fn seamless_loop(clip: &Clip, sr: u32) -> Clip {
    let len = clip.frames() as usize;
    let overlap = (2 * sr as usize).min(len / 4);
    let body = len - overlap;
    let mut samples = clip.samples[..body * 2].to_vec();
    for i in 0..overlap {
        let x = i as f64 / overlap as f64;
        let (fade_in, fade_out) = (sin_turns(x / 4.0), sin_turns(x / 4.0 + 0.25));
        for c in 0..2 {
            samples[i * 2 + c] = clip.samples[i * 2 + c] * fade_in + clip.samples[(body + i) * 2 + c] * fade_out;
        }
    }
    Clip { samples }
}
