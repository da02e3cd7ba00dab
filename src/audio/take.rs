//! A recorded take made ready to speak a line, the same way whether it
//! came from the microphone or an imported file: the DC offset removed,
//! the silence before and after trimmed (a short pad kept so no breath-in
//! or word ending is cut), levelled to the built-in voice's loudness with
//! the peaks kept under a ceiling (never clipped), and encoded as lossless
//! FLAC. Pure: samples in, samples and bytes out.

use super::loudness;

/// Loudness of a mono line, as the built-in clips are made
/// (`assets/narration/manifest.json`: `target_lufs`).
pub const TARGET_LUFS: f64 = -20.0;
/// Peaks stay at or under this (the built-in clips' `peak_dbfs`).
pub const PEAK_DBFS: f64 = -3.0;
/// Quiet kept before the first and after the last sound.
pub const PAD_SECS: f64 = 0.15;
/// Windows quieter than this (dBFS RMS) are silence, whatever the take.
const FLOOR_DBFS: f64 = -55.0;
/// ...and so are windows this far under the loudest window of the take.
const BELOW_LOUDEST_DB: f64 = 40.0;
/// The window silence is judged on.
const WINDOW_SECS: f64 = 0.01;
/// A raw sample this close to full scale means the input clipped.
const CLIP_LEVEL: f32 = 0.999;

/// A take ready to be saved.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Mono samples at `rate`, in -1..1.
    pub samples: Vec<f32>,
    pub rate: u32,
    /// The gain applied, in dB.
    pub gain_db: f64,
    /// The input reached full scale somewhere: the words may be distorted.
    pub clipped: bool,
}

impl Prepared {
    pub fn secs(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate)
    }
}

/// Why a take cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TakeError {
    Empty,
    Silent,
}

impl std::fmt::Display for TakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TakeError::Empty => write!(f, "the take is empty: nothing was recorded"),
            TakeError::Silent => {
                write!(f, "the take is silent: no speech was heard (is the right microphone chosen, and not muted?)")
            }
        }
    }
}

/// Runs the pipeline on mono `raw` samples at `rate`.
pub fn prepare(raw: &[f32], rate: u32) -> Result<Prepared, TakeError> {
    if raw.is_empty() || rate == 0 {
        return Err(TakeError::Empty);
    }
    let clipped = raw.iter().any(|x| x.abs() >= CLIP_LEVEL);
    let mean = raw.iter().map(|&x| f64::from(x)).sum::<f64>() / raw.len() as f64;
    let centred: Vec<f32> = raw.iter().map(|&x| (f64::from(x) - mean) as f32).collect();
    let (first, last) = speech_bounds(&centred, rate).ok_or(TakeError::Silent)?;
    let pad = (PAD_SECS * f64::from(rate)) as usize;
    let mut samples = centred[first.saturating_sub(pad)..(last + pad).min(centred.len())].to_vec();
    let gain_db = level(&mut samples, rate);
    Ok(Prepared { samples, rate, gain_db, clipped })
}

/// The first and one past the last sample of the windows that are not
/// silence, or `None` if all are.
fn speech_bounds(samples: &[f32], rate: u32) -> Option<(usize, usize)> {
    let window = ((WINDOW_SECS * f64::from(rate)) as usize).max(1);
    let db: Vec<f64> = samples
        .chunks(window)
        .map(|w| {
            let power = w.iter().map(|&x| f64::from(x) * f64::from(x)).sum::<f64>() / w.len() as f64;
            10.0 * power.max(1e-20).log10()
        })
        .collect();
    let loudest = db.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let threshold = FLOOR_DBFS.max(loudest - BELOW_LOUDEST_DB);
    let first = db.iter().position(|&d| d > threshold)?;
    let last = db.iter().rposition(|&d| d > threshold)?;
    Some((first * window, ((last + 1) * window).min(samples.len())))
}

/// Brings mono `samples` to [`TARGET_LUFS`], or less if that would take a
/// peak over [`PEAK_DBFS`]. Returns the gain in dB.
fn level(samples: &mut [f32], rate: u32) -> f64 {
    let peak = samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
    if peak == 0.0 {
        return 0.0;
    }
    let gain_db = match mono_loudness(samples, rate) {
        Some(lufs) => TARGET_LUFS - lufs,
        // Too short to gate (under 400 ms): go by the peak alone.
        None => f64::INFINITY,
    };
    let headroom_db = PEAK_DBFS - 20.0 * f64::from(peak).log10();
    let gain_db = gain_db.min(headroom_db);
    let gain = 10f64.powf(gain_db / 20.0) as f32;
    samples.iter_mut().for_each(|x| *x *= gain);
    gain_db
}

/// BS.1770 loudness of a mono signal (one channel, not two).
pub fn mono_loudness(samples: &[f32], rate: u32) -> Option<f64> {
    let stereo: Vec<f32> = samples.iter().flat_map(|&x| [x, x]).collect();
    loudness::integrated(&stereo, rate).map(|l| l - 10.0 * 2f64.log10())
}

/// A recording made elsewhere, as mono samples (channels averaged) and
/// its rate, to go through [`prepare`] like a microphone take.
pub fn decode_mono(path: &std::path::Path) -> Result<(Vec<f32>, u32), String> {
    use rodio::Source;
    const MAX_SECS: u64 = 5 * 60;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let decoder =
        rodio::Decoder::try_from(file).map_err(|e| format!("{} is not audio Respite can read: {e}", path.display()))?;
    let channels = usize::from(decoder.channels().get());
    let rate = decoder.sample_rate().get();
    let limit = (MAX_SECS * u64::from(rate)) as usize * channels;
    let raw: Vec<f32> = decoder.take(limit + 1).collect();
    if raw.len() > limit {
        return Err(format!("{} is longer than {} minutes: one line at a time, please", path.display(), MAX_SECS / 60));
    }
    let mono = raw.chunks_exact(channels).map(|f| f.iter().sum::<f32>() / channels as f32).collect();
    Ok((mono, rate))
}

/// 16-bit samples of mono `samples`, as the FLAC file holds them.
pub fn to_pcm16(samples: &[f32]) -> Vec<i32> {
    samples.iter().map(|&x| (x.clamp(-1.0, 1.0) * 32767.0).round() as i32).collect()
}

/// Mono 16-bit FLAC of `pcm` at `rate`, padded with silence to a whole
/// block (a short last block makes a file symphonia, and so rodio,
/// refuses: flacenc-rs issue 242; see `export.rs`). Returns the bytes and
/// the number of samples they decode to, padding included.
pub fn encode_flac(pcm: &[i32], rate: u32) -> Result<(Vec<u8>, usize), String> {
    use flacenc::component::BitRepr;
    use flacenc::error::Verify;
    let config = flacenc::config::Encoder::default().into_verified().map_err(|e| format!("FLAC settings: {}", e.1))?;
    let block = config.block_size;
    let mut padded = pcm.to_vec();
    padded.resize(pcm.len().div_ceil(block).max(1) * block, 0);
    let source = flacenc::source::MemSource::from_samples(&padded, 1, 16, rate as usize);
    let stream =
        flacenc::encode_with_fixed_block_size(&config, source, block).map_err(|e| format!("FLAC encoder: {e:?}"))?;
    let mut sink = flacenc::bitsink::ByteSink::new();
    stream.write(&mut sink).map_err(|e| format!("FLAC encoder: {e}"))?;
    Ok((sink.as_slice().to_vec(), padded.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 48_000;

    /// `quiet` s of low noise plus a DC offset, `speech` s of a warbling
    /// tone at `amp`, then `quiet` s again.
    fn take(quiet: f64, speech: f64, amp: f32, dc: f32) -> Vec<f32> {
        let n = |s: f64| (s * f64::from(RATE)) as usize;
        let mut seed = 1u32;
        let mut noise = move || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1 << 24) as f32 - 0.5
        };
        let mut out = Vec::new();
        out.extend((0..n(quiet)).map(|_| dc + 0.0005 * noise()));
        out.extend((0..n(speech)).map(|i| {
            let t = i as f32 / RATE as f32;
            dc + amp * (std::f32::consts::TAU * (200.0 + 50.0 * (t * 3.0).sin()) * t).sin()
        }));
        out.extend((0..n(quiet)).map(|_| dc + 0.0005 * noise()));
        out
    }

    #[test]
    fn silence_is_trimmed_to_the_pad_and_dc_removed() {
        let prepared = prepare(&take(1.0, 2.0, 0.05, 0.1), RATE).unwrap();
        let want = 2.0 + 2.0 * PAD_SECS;
        assert!((prepared.secs() - want).abs() < 0.03, "{} s, want about {want}", prepared.secs());
        let mean = prepared.samples.iter().map(|&x| f64::from(x)).sum::<f64>() / prepared.samples.len() as f64;
        assert!(mean.abs() < 1e-3, "mean {mean}");
    }

    #[test]
    fn quiet_and_loud_takes_come_out_at_the_same_loudness() {
        for amp in [0.01, 0.05, 0.3] {
            let prepared = prepare(&take(0.5, 3.0, amp, 0.0), RATE).unwrap();
            let lufs = mono_loudness(&prepared.samples, RATE).unwrap();
            assert!((lufs - TARGET_LUFS).abs() < 0.5, "amp {amp}: {lufs} LUFS");
            let peak = prepared.samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(20.0 * f64::from(peak).log10() <= PEAK_DBFS + 0.01, "peak {peak}");
        }
    }

    #[test]
    fn a_peaky_take_is_held_under_the_ceiling_not_clipped() {
        let mut raw = take(0.5, 3.0, 0.02, 0.0);
        let mid = raw.len() / 2;
        raw[mid] = 1.0;
        let prepared = prepare(&raw, RATE).unwrap();
        assert!(prepared.clipped, "full scale in the input is reported");
        let peak = prepared.samples.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!((20.0 * f64::from(peak).log10() - PEAK_DBFS).abs() < 0.01, "peak {peak}");
    }

    #[test]
    fn silence_and_nothing_are_refused() {
        assert_eq!(prepare(&[], RATE), Err(TakeError::Empty));
        assert_eq!(prepare(&vec![0.0; RATE as usize], RATE), Err(TakeError::Silent));
        assert_eq!(prepare(&vec![0.2; RATE as usize], RATE), Err(TakeError::Silent), "DC alone is no speech");
    }

    #[test]
    fn flac_decodes_back_bit_exact() {
        let prepared = prepare(&take(0.2, 1.3, 0.1, 0.0), RATE).unwrap();
        let pcm = to_pcm16(&prepared.samples);
        let (bytes, length) = encode_flac(&pcm, RATE).unwrap();
        let decoder = rodio::Decoder::new(std::io::Cursor::new(bytes)).unwrap();
        use rodio::Source;
        assert_eq!(decoder.channels().get(), 1);
        assert_eq!(decoder.sample_rate().get(), RATE);
        let back: Vec<i32> = decoder.map(|x| (x * 32768.0).round() as i32).collect();
        assert_eq!(&back[..pcm.len()], &pcm[..], "every sample as written");
        assert!(back[pcm.len()..].iter().all(|&x| x == 0), "then the pad is silence");
        assert_eq!(back.len(), length, "the length reported");
        assert!(length - pcm.len() < 4096, "padded by less than a block");
    }
}
