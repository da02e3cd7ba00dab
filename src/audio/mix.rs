//! Buses and their volumes: voice, cues and ambient, each with its own
//! gain, plus a master mute.

use crate::script::SoundSettings;

/// A mixer bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bus {
    Voice,
    Cues,
    Ambient,
}

impl Bus {
    pub const ALL: [Bus; 3] = [Bus::Voice, Bus::Cues, Bus::Ambient];

    fn index(self) -> usize {
        self as usize
    }
}

/// Linear gains per bus (0.0–1.0) and the master mute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Volumes {
    gains: [f32; 3],
    pub muted: bool,
}

impl Volumes {
    /// The script's defaults.
    pub fn from_settings(sound: &SoundSettings) -> Self {
        let mut v = Volumes { gains: [1.0; 3], muted: false };
        v.set(Bus::Voice, sound.voice_volume);
        v.set(Bus::Cues, sound.cue_volume);
        v.set(Bus::Ambient, sound.ambient_volume);
        v
    }

    pub fn get(&self, bus: Bus) -> f32 {
        self.gains[bus.index()]
    }

    /// Sets a bus gain, clamped to 0.0–1.0 (NaN counts as 0).
    pub fn set(&mut self, bus: Bus, gain: f32) {
        self.gains[bus.index()] = if gain.is_nan() { 0.0 } else { gain.clamp(0.0, 1.0) };
    }

    /// The gain actually applied to a bus, with mute.
    pub fn effective(&self, bus: Bus) -> f32 {
        if self.muted { 0.0 } else { self.get(bus) }
    }
}

/// Output never goes above this: -1 dBFS.
pub const CEILING: f32 = 0.891_250_9;
/// Below this the limiter is transparent.
const KNEE: f32 = 0.6;

/// A memoryless soft ceiling: transparent up to the knee, then a tanh
/// curve that approaches -1 dBFS and never reaches full scale. Non-finite
/// input becomes silence.
pub fn soft_limit(x: f32) -> f32 {
    if !x.is_finite() {
        return 0.0;
    }
    let a = x.abs();
    if a <= KNEE {
        return x;
    }
    let room = CEILING - KNEE;
    (KNEE + room * ((a - KNEE) / room).tanh()).copysign(x)
}

/// `soft_limit` over a block, skipping the work when every sample is
/// finite and under the knee (the result is the same either way).
pub fn limit_block(out: &mut [f32]) {
    // Eight lanes, written so the compiler can use vector instructions.
    let (mut peak, mut poison) = ([0.0f32; 8], [0.0f32; 8]);
    let mut chunks = out.chunks_exact(8);
    for chunk in &mut chunks {
        for i in 0..8 {
            let a = chunk[i].abs();
            peak[i] = if a > peak[i] { a } else { peak[i] };
            // Stays 0 unless some sample is infinite or NaN.
            poison[i] += chunk[i] * 0.0;
        }
    }
    for (i, x) in chunks.remainder().iter().enumerate() {
        peak[i] = peak[i].max(x.abs());
        poison[i] += x * 0.0;
    }
    let peak = peak.iter().fold(0.0f32, |m, &p| m.max(p));
    let poison: f32 = poison.iter().sum();
    if peak > KNEE || poison != 0.0 || poison.is_nan() {
        out.iter_mut().for_each(|x| *x = soft_limit(*x));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_is_transparent_then_bounded_and_continuous() {
        assert_eq!(soft_limit(0.5), 0.5);
        assert_eq!(soft_limit(-0.6), -0.6);
        for x in [0.7f32, 1.0, 2.0, 100.0, f32::MAX] {
            assert!(soft_limit(x) <= CEILING && soft_limit(x) > KNEE);
            assert_eq!(soft_limit(-x), -soft_limit(x));
        }
        assert!((soft_limit(0.600_01) - 0.600_01).abs() < 1e-5);
        assert_eq!(soft_limit(f32::NAN), 0.0);
        assert_eq!(soft_limit(f32::INFINITY), 0.0);
    }

    #[test]
    fn block_limiter_matches_the_sample_limiter() {
        let mut quiet: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin() * 0.5).collect();
        let before = quiet.clone();
        limit_block(&mut quiet);
        assert_eq!(quiet, before, "transparent under the knee");
        let mut loud = before.clone();
        loud[35] = 3.0;
        loud[9] = f32::NAN;
        limit_block(&mut loud);
        assert_eq!(loud[9], 0.0);
        assert!(loud[35] <= CEILING && loud[35] > 0.8);
        assert_eq!(loud[..9], before[..9]);
    }

    #[test]
    fn volumes_clamp_and_mute() {
        let mut v = Volumes::from_settings(&SoundSettings::default());
        v.set(Bus::Cues, 3.0);
        assert_eq!(v.get(Bus::Cues), 1.0);
        v.set(Bus::Voice, f32::NAN);
        assert_eq!(v.get(Bus::Voice), 0.0);
        v.muted = true;
        assert_eq!(v.effective(Bus::Cues), 0.0);
    }
}
