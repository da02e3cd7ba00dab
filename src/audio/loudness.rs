//! Integrated loudness (ITU-R BS.1770-4: K-weighting, 400 ms blocks, the
//! absolute and relative gates), used to bring voice clips and ambient
//! files to their targets, and by tests to check the mix.

/// Speech sits here at full voice volume.
pub const SPEECH_LUFS: f64 = -18.0;
/// An ambient bed sits here at full ambient volume.
pub const BED_LUFS: f64 = -30.0;

/// Integrated loudness of stereo-interleaved `samples`, in LUFS; `None`
/// when everything is below the absolute gate (silence).
pub fn integrated(samples: &[f32], sample_rate: u32) -> Option<f64> {
    let sr = f64::from(sample_rate);
    let mut filters = [KWeighting::new(sr), KWeighting::new(sr)];
    let step = (0.1 * sr).round() as usize;
    // Mean square of each 100 ms quarter-block, summed over channels.
    let mut quarters = Vec::new();
    let mut acc = 0.0f64;
    for (i, frame) in samples.chunks_exact(2).enumerate() {
        for (f, x) in filters.iter_mut().zip(frame) {
            let y = f.process(f64::from(*x));
            acc += y * y;
        }
        if (i + 1) % step == 0 {
            quarters.push(acc / step as f64);
            acc = 0.0;
        }
    }
    let blocks: Vec<f64> = quarters.windows(4).map(|w| w.iter().sum::<f64>() / 4.0).collect();
    let lufs = |power: f64| -0.691 + 10.0 * power.log10();
    let gated_mean = |floor: f64| {
        let kept: Vec<f64> = blocks.iter().copied().filter(|&z| z > 0.0 && lufs(z) > floor).collect();
        (!kept.is_empty()).then(|| kept.iter().sum::<f64>() / kept.len() as f64)
    };
    let absolute = gated_mean(-70.0)?;
    let relative = gated_mean(lufs(absolute) - 10.0)?;
    Some(lufs(relative))
}

/// The K-weighting pre-filter: a high shelf and a high-pass, as two biquads.
struct KWeighting {
    stages: [Biquad; 2],
}

impl KWeighting {
    fn new(sr: f64) -> Self {
        let pi = std::f64::consts::PI;
        let (f0, gain_db, q) = (1_681.974_450_955_533, 3.999_843_853_973_347, 0.707_175_236_955_419_6);
        let k = (pi * f0 / sr).tan();
        let vh = 10f64.powf(gain_db / 20.0);
        let vb = vh.powf(0.499_666_774_154_541_6);
        let a0 = 1.0 + k / q + k * k;
        let shelf = Biquad::new(
            [(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0],
            [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
        );
        let (f0, q) = (38.135_470_876_024_44, 0.500_327_037_323_877_3);
        let k = (pi * f0 / sr).tan();
        let a0 = 1.0 + k / q + k * k;
        let high_pass = Biquad::new([1.0, -2.0, 1.0], [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0]);
        KWeighting { stages: [shelf, high_pass] }
    }

    fn process(&mut self, x: f64) -> f64 {
        self.stages.iter_mut().fold(x, |x, s| s.process(x))
    }
}

/// A direct-form-II-transposed biquad.
struct Biquad {
    b: [f64; 3],
    a: [f64; 2],
    z: [f64; 2],
}

impl Biquad {
    fn new(b: [f64; 3], a: [f64; 2]) -> Self {
        Biquad { b, a, z: [0.0; 2] }
    }

    fn process(&mut self, x: f64) -> f64 {
        let y = self.b[0] * x + self.z[0];
        self.z[0] = self.b[1] * x - self.a[0] * y + self.z[1];
        self.z[1] = self.b[2] * x - self.a[1] * y;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BS.1770 calibration: a 1 kHz sine at -20 dBFS peak in both channels
    /// reads about -20 LUFS (-23 dBFS per channel plus 3 dB for two).
    #[test]
    fn sine_at_1k_reads_as_specified() {
        let sr = 48_000;
        let amp = 10f32.powf(-20.0 / 20.0);
        let samples: Vec<f32> = (0..sr * 5)
            .flat_map(|n| {
                let v = amp * (std::f32::consts::TAU * 1000.0 * n as f32 / sr as f32).sin();
                [v, v]
            })
            .collect();
        let l = integrated(&samples, sr).expect("not silent");
        assert!((l - -20.0).abs() < 0.3, "read {l}");
    }

    #[test]
    fn silence_has_no_loudness() {
        assert_eq!(integrated(&vec![0.0; 48_000 * 4], 48_000), None);
    }
}
