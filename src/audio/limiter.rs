//! A look-ahead peak limiter for renders normalised to a loudness: bringing
//! a session with quiet speech and bright cue strikes to −16 LUFS would push
//! the strikes past full scale, so their peaks are turned down just for the
//! moment they pass. The gain is the minimum of the required gain over the
//! look-ahead window, smoothed by a moving average as long as the window,
//! which never exceeds the required gain at any sample (every averaged
//! value covers it), so no sample passes the ceiling; it recovers slowly
//! afterwards. Frames come out in order, each a window's length after it
//! went in (`flush` sends the last ones).

use std::collections::VecDeque;

/// Look-ahead and attack: 5 ms.
const LOOKAHEAD_SECS: f64 = 0.005;
/// Time for the gain to recover most of the way after a peak.
const RELEASE_SECS: f64 = 0.15;

/// Limits stereo frames to a sample-peak ceiling.
pub struct Limiter {
    ceiling: f32,
    window: usize,
    /// Input frames not yet sent out.
    delay: VecDeque<[f32; 2]>,
    /// (index, required gain), increasing gains: the window's minimum first.
    minima: VecDeque<(u64, f32)>,
    /// The last `window` released gains, and their sum.
    recent: VecDeque<f32>,
    sum: f64,
    released: f32,
    release_step: f32,
    pushed: u64,
}

impl Limiter {
    pub fn new(ceiling: f32, sample_rate: u32) -> Self {
        let window = ((LOOKAHEAD_SECS * f64::from(sample_rate)) as usize).max(1);
        let release_step = (1.0 - (-1.0 / (RELEASE_SECS * f64::from(sample_rate))).exp()) as f32;
        Limiter {
            ceiling,
            window,
            delay: VecDeque::with_capacity(window + 1),
            minima: VecDeque::new(),
            recent: VecDeque::with_capacity(window + 1),
            sum: 0.0,
            released: 1.0,
            release_step,
            pushed: 0,
        }
    }

    /// Frames of delay between input and output.
    pub fn latency(&self) -> usize {
        self.window - 1
    }

    /// Takes interleaved stereo `input` and appends the limited frames that
    /// are ready to `out` (all but the last [`Limiter::latency`] frames).
    pub fn process(&mut self, input: &[f32], out: &mut Vec<f32>) {
        for frame in input.chunks_exact(2) {
            self.push([frame[0], frame[1]], out);
        }
    }

    /// Sends out the frames still held back, as if silence followed.
    pub fn flush(&mut self, out: &mut Vec<f32>) {
        for _ in 0..self.latency() {
            self.push([0.0, 0.0], out);
        }
    }

    fn push(&mut self, frame: [f32; 2], out: &mut Vec<f32>) {
        let peak = frame[0].abs().max(frame[1].abs());
        let required = if peak > self.ceiling { self.ceiling / peak } else { 1.0 };
        let index = self.pushed;
        self.pushed += 1;
        while self.minima.back().is_some_and(|&(_, g)| g >= required) {
            self.minima.pop_back();
        }
        self.minima.push_back((index, required));
        self.delay.push_back(frame);
        // The window of inputs [index + 1 - window, index] is complete.
        let Some(first) = (index + 1).checked_sub(self.window as u64) else { return };
        while self.minima.front().is_some_and(|&(i, _)| i < first) {
            self.minima.pop_front();
        }
        let window_min = self.minima.front().map_or(1.0, |m| m.1);
        self.released = window_min.min(self.released + (1.0 - self.released) * self.release_step);
        self.recent.push_back(self.released);
        self.sum += f64::from(self.released);
        if self.recent.len() > self.window {
            self.sum -= f64::from(self.recent.pop_front().unwrap_or(1.0));
        }
        // The average covers the gains of the windows starting at `first`
        // back to `first - window + 1`, and every one of them includes input
        // `first`. Before there are that many (at the very start), the
        // smallest of those there are is used.
        let gain = if self.recent.len() == self.window {
            (self.sum / self.window as f64) as f32
        } else {
            self.recent.iter().copied().fold(1.0, f32::min)
        };
        let Some(out_frame) = self.delay.pop_front() else { return };
        out.extend([out_frame[0] * gain, out_frame[1] * gain]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[f32], ceiling: f32) -> Vec<f32> {
        let mut limiter = Limiter::new(ceiling, 48_000);
        let mut out = Vec::new();
        for piece in input.chunks(2 * 37) {
            limiter.process(piece, &mut out);
        }
        limiter.flush(&mut out);
        out
    }

    #[test]
    fn no_sample_passes_the_ceiling_and_quiet_passes_unchanged() {
        // Quiet noise with loud strikes in it.
        let mut x = 12345u32;
        let input: Vec<f32> = (0..48_000 * 2)
            .map(|i| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let noise = (x >> 8) as f32 / (1 << 24) as f32 - 0.5;
                let strike = if (i / 2) % 12_000 >= 9_000 && (i / 2) % 12_000 < 9_300 { 3.0 } else { 0.0 };
                noise * 0.2 + strike * noise
            })
            .collect();
        let out = run(&input, 0.8);
        assert_eq!(out.len(), input.len(), "every frame comes out");
        let peak = out.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(peak <= 0.8 + 1e-6, "peak {peak}");
        // Before the first strike, the signal passes unchanged; at a strike
        // it is turned down.
        let (a, b) = (2 * 1_000, 2 * 8_000);
        assert_eq!(&out[a..b], &input[a..b]);
        let (a, b) = (2 * 9_000, 2 * 9_300);
        assert!(out[a..b].iter().zip(&input[a..b]).all(|(o, i)| o.abs() <= i.abs()));
        assert_ne!(&out[a..b], &input[a..b]);
    }

    #[test]
    fn a_signal_under_the_ceiling_passes_unchanged() {
        let input: Vec<f32> = (0..2_000).map(|i| ((i as f32) * 0.01).sin() * 0.5).collect();
        let out = run(&input, 0.9);
        assert_eq!(out, input);
    }
}
