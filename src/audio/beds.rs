//! Synthesized ambient beds: pink and brown noise, an ocean swell and rain.
//! The noise is a hash of the frame index, and filter state restarts at
//! fixed checkpoints after a warm-up run, so any frame renders the same
//! whether playback got there continuously or by seeking.

use crate::script::Bed;

use super::synth::sin_turns;

/// Filter state restarts every this many frames (about 5 s at 48 kHz).
const CHECKPOINT: u64 = 1 << 18;
/// Frames of warm-up before each checkpoint: many time constants of the
/// slowest filter, so the restart is far below hearing (< -100 dB).
const WARM_UP: u64 = 8_192;
/// Slow parameters (swell, cutoff) are computed once per this many frames.
const CONTROL: u64 = 64;

/// A bed generator with its filter state.
#[derive(Debug, Clone)]
pub struct BedGen {
    bed: Bed,
    sr: f64,
    /// Per-channel loudness calibration: -30 LUFS at full volume.
    gain: f32,
    /// The frame `state` is ready to produce, if any.
    next: Option<u64>,
    state: [Channel; 2],
    control: Control,
    coefficients: Coefficients,
}

/// Filter memory of one channel.
#[derive(Debug, Clone, Copy, Default)]
struct Channel {
    pink: [f32; 3],
    brown: f32,
    low: f32,
    high: f32,
    drop: f32,
    drop_low: f32,
}

/// Per-control-block parameters.
#[derive(Debug, Clone, Copy, Default)]
struct Control {
    block: u64,
    amp: f32,
    lowpass: f32,
}

impl BedGen {
    pub fn new(bed: Bed, sample_rate: u32) -> Self {
        let gain = match bed {
            Bed::PinkNoise => 0.0661,
            Bed::BrownNoise => 0.1567,
            Bed::Ocean => 0.302,
            Bed::Rain => 0.1012,
        };
        BedGen {
            bed,
            sr: f64::from(sample_rate),
            gain,
            next: None,
            state: [Channel::default(); 2],
            control: Control { block: u64::MAX, ..Control::default() },
            coefficients: Coefficients::new(f64::from(sample_rate)),
        }
    }

    /// Adds the bed for frames `from..` into stereo-interleaved `out`,
    /// scaled by `gain`.
    pub fn add_to(&mut self, from: u64, out: &mut [f32], gain: f32) {
        match self.bed {
            Bed::PinkNoise => self.add_with(from, out, gain, Self::pink),
            Bed::BrownNoise => self.add_with(from, out, gain, Self::brown),
            Bed::Ocean => self.add_with(from, out, gain, Self::ocean),
            Bed::Rain => self.add_with(from, out, gain, Self::rain),
        }
    }

    /// The frame loop, specialized for one bed's `frame` function.
    #[inline(always)]
    fn add_with(&mut self, from: u64, out: &mut [f32], gain: f32, frame: impl Fn(&mut Self, u64) -> [f32; 2]) {
        let gain = gain * self.gain;
        let frames = out.len() / 2;
        let mut i = 0;
        while i < frames {
            let n = from + i as u64;
            if self.next != Some(n) || n.is_multiple_of(CHECKPOINT) {
                // Rebuild the state from the checkpoint at or before `n`.
                let checkpoint = n - n % CHECKPOINT;
                self.state = [Channel::default(); 2];
                for m in checkpoint.saturating_sub(WARM_UP)..n {
                    frame(self, m);
                }
            }
            let until = (((n / CHECKPOINT + 1) * CHECKPOINT - from) as usize).min(frames);
            for (j, o) in out[i * 2..until * 2].chunks_exact_mut(2).enumerate() {
                let [l, r] = frame(self, n + j as u64);
                o[0] += l * gain;
                o[1] += r * gain;
            }
            self.next = Some(from + until as u64);
            i = until;
        }
    }

    fn pink(&mut self, n: u64) -> [f32; 2] {
        let w = noise(n);
        [self.state[0].pink(w[0]), self.state[1].pink(w[1])]
    }

    fn brown(&mut self, n: u64) -> [f32; 2] {
        let (w, pole) = (noise(n), self.coefficients.brown);
        [self.state[0].brown(w[0], pole), self.state[1].brown(w[1], pole)]
    }

    /// Brown and a little white noise through a low-pass that opens as
    /// the swell rises.
    fn ocean(&mut self, n: u64) -> [f32; 2] {
        if n / CONTROL != self.control.block {
            self.control = ocean_control(n / CONTROL, self.sr);
        }
        let (w, pole, ctl) = (noise(n), self.coefficients.brown, self.control);
        std::array::from_fn(|c| {
            let s = &mut self.state[c];
            // The low-pass leaves only the lows of the white part: a soft wash.
            let x = s.brown(w[c], pole) + 0.06 * w[c];
            s.low += ctl.lowpass * (x - s.low);
            s.low * ctl.amp
        })
    }

    /// A soft high-passed hiss, plus sparse droplets: short decaying
    /// bursts of band-limited noise, independent in each ear.
    fn rain(&mut self, n: u64) -> [f32; 2] {
        let bits = hash(n);
        let w = [unit(bits as u32), unit((bits >> 32) as u32)];
        let k = self.coefficients;
        std::array::from_fn(|c| {
            let s = &mut self.state[c];
            let hiss = s.pink(w[c]);
            s.low += k.hiss_hp * (hiss - s.low);
            let chance = ((bits >> (16 * c)) & 0xffff) as u32;
            if chance < k.drop_chance {
                s.drop = 0.3 + 0.7 * (((bits >> (40 + 8 * c)) & 0xff) as f32 / 255.0);
            }
            s.drop *= k.drop_decay;
            s.high += k.drop_hp * (w[c] - s.high);
            s.drop_low += k.drop_lp * ((w[c] - s.high) - s.drop_low);
            0.7 * (hiss - s.low) + 0.6 * s.drop * s.drop_low
        })
    }
}

/// Filter coefficients for the sample rate.
#[derive(Debug, Clone, Copy)]
struct Coefficients {
    brown: f32,
    hiss_hp: f32,
    drop_hp: f32,
    drop_lp: f32,
    drop_decay: f32,
    drop_chance: u32,
}

impl Coefficients {
    fn new(sr: f64) -> Self {
        let one_pole = |hz: f64| (1.0 - (-std::f64::consts::TAU * hz / sr).exp()) as f32;
        Coefficients {
            brown: 1.0 - one_pole(40.0),
            hiss_hp: one_pole(400.0),
            drop_hp: one_pole(1000.0),
            drop_lp: one_pole(5000.0),
            drop_decay: (-1.0 / (0.004 * sr)).exp() as f32,
            // About 25 droplets a second in each ear.
            drop_chance: (65_536.0 * 25.0 / sr) as u32,
        }
    }
}

impl Channel {
    /// Paul Kellet's economy pink-noise filter (-3 dB per octave, within
    /// half a decibel across the audible range).
    fn pink(&mut self, w: f32) -> f32 {
        let b = &mut self.pink;
        b[0] = 0.99765 * b[0] + w * 0.099_046;
        b[1] = 0.96300 * b[1] + w * 0.296_516_4;
        b[2] = 0.57000 * b[2] + w * 1.052_691_3;
        (b[0] + b[1] + b[2] + w * 0.1848) * 0.2
    }

    /// Brown noise (-6 dB per octave) above 40 Hz: a leaky integrator.
    fn brown(&mut self, w: f32, pole: f32) -> f32 {
        self.brown = pole * self.brown + (1.0 - pole) * w;
        self.brown * 8.0
    }
}

/// The ocean's swell for one control block: two incommensurate wave
/// periods make an irregular rise and fall; the sound brightens as it swells.
fn ocean_control(block: u64, sr: f64) -> Control {
    let t = (block * CONTROL) as f64 / sr;
    let wave = |period: f64| 0.5 - 0.5 * sin_turns(t / period + 0.25);
    let swell = f64::from(0.6 * wave(9.7) + 0.4 * wave(13.3)).powf(1.5);
    let cutoff = 250.0 + 2000.0 * swell * swell;
    Control {
        block,
        amp: (0.35 + 0.65 * swell) as f32,
        lowpass: (1.0 - (-std::f64::consts::TAU * cutoff / sr).exp()) as f32,
    }
}

/// A well-mixed 64-bit hash of the frame index (SplitMix64).
fn hash(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 27;
    z.wrapping_mul(0x94D0_49BB_1331_11EB) ^ (z >> 31)
}

/// Two independent uniform samples for frame `n`, one per channel.
fn noise(n: u64) -> [f32; 2] {
    let bits = hash(n);
    [unit(bits as u32), unit((bits >> 32) as u32)]
}

/// 32 random bits as a uniform sample in [-1, 1).
fn unit(bits: u32) -> f32 {
    (bits >> 8) as f32 / (1u32 << 23) as f32 - 1.0
}
