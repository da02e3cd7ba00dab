//! `respite render` output formats beyond WAV: FLAC (lossless) and Ogg
//! Vorbis (small, plays on phones), chosen by the file's extension, and an
//! optional loudness normalisation for headphones: about -16 LUFS
//! integrated with the true peak under -1 dBTP, measured with a real
//! loudness meter (the `ebur128` crate: ITU-R BS.1770-4 and EBU R 128,
//! true peak by 4x oversampling). Like WAV, a file appears only complete.

use std::io::{self, Write};
use std::num::{NonZeroU8, NonZeroU32};
use std::path::Path;

use ebur128::{EbuR128, Mode};

use super::Renderer;
use super::error::RenderError;
use super::wav::{to_i16, write_wav_with_gain};
use crate::files::write_atomic;

/// Frames rendered at a time.
const CHUNK: usize = 1 << 16;
/// Headphone listening target (in the range streaming services and
/// podcast guidelines use).
pub const TARGET_LUFS: f64 = -16.0;
/// The true peak stays under this after normalising, with a margin for
/// lossy encoding, which can raise peaks a little.
pub const PEAK_DBTP: f64 = -1.5;
/// Vorbis quality (-0.1..1.0): 0.4 is about 128 kbit/s for 48 kHz stereo.
const VORBIS_QUALITY: f32 = 0.4;

/// An output format, from a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Wav,
    Flac,
    Vorbis,
}

impl Format {
    /// `.wav`, `.flac`, or `.ogg`/`.oga`; anything else is refused with the
    /// choices.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("wav") => Ok(Format::Wav),
            Some("flac") => Ok(Format::Flac),
            Some("ogg" | "oga") => Ok(Format::Vorbis),
            Some("mp3") => Err(format!(
                "{}: MP3 is not written (no MP3 encoder builds from source here); use .ogg, which phones play, or .flac",
                path.display()
            )),
            _ => Err(format!("{}: write .wav, .flac or .ogg (the format follows the extension)", path.display())),
        }
    }
}

/// Loudness of a whole render.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
    /// Integrated loudness in LUFS (`-inf` for silence).
    pub integrated: f64,
    /// Highest true peak of both channels, in dBTP.
    pub true_peak: f64,
}

/// Renders the whole session once to measure it.
pub fn measure(renderer: &mut Renderer, gain: f32) -> Result<Loudness, String> {
    let meter_error = |e: ebur128::Error| format!("loudness meter: {e}");
    let mut meter = EbuR128::new(2, renderer.sample_rate(), Mode::I | Mode::TRUE_PEAK).map_err(meter_error)?;
    let mut buf = vec![0.0f32; CHUNK * 2];
    let mut at = 0;
    while at < renderer.frames() {
        let n = (renderer.frames() - at).min(CHUNK as u64) as usize;
        renderer.render(at, &mut buf[..n * 2]);
        buf[..n * 2].iter_mut().for_each(|x| *x *= gain);
        meter.add_frames_f32(&buf[..n * 2]).map_err(meter_error)?;
        at += n as u64;
    }
    let peak = (0..2).map(|c| meter.true_peak(c)).collect::<Result<Vec<f64>, _>>().map_err(meter_error)?;
    Ok(Loudness {
        integrated: meter.loudness_global().map_err(meter_error)?,
        true_peak: 20.0 * peak.into_iter().fold(0.0, f64::max).max(1e-10).log10(),
    })
}

/// The gain that brings `measured` to [`TARGET_LUFS`], less if the true
/// peak would pass [`PEAK_DBTP`]. Silence keeps gain 1.
pub fn normalising_gain(measured: Loudness) -> f32 {
    if !measured.integrated.is_finite() {
        return 1.0;
    }
    let db = (TARGET_LUFS - measured.integrated).min(PEAK_DBTP - measured.true_peak);
    10f64.powf(db / 20.0) as f32
}

/// Renders the session to `path` in `format`, every sample times `gain`.
/// `progress` gets the fraction done.
pub fn write_audio(
    renderer: &mut Renderer,
    path: &Path,
    format: Format,
    gain: f32,
    mut progress: impl FnMut(f64),
) -> Result<(), RenderError> {
    let written = match format {
        Format::Wav => return write_wav_with_gain(renderer, path, gain, progress),
        Format::Flac => {
            write_atomic(path, |out| write_flac(renderer, out, gain, &mut progress).map_err(io::Error::other))
        }
        Format::Vorbis => {
            write_atomic(path, |out| write_vorbis(renderer, out, gain, &mut progress).map_err(io::Error::other))
        }
    };
    written.map_err(|source| RenderError::Write { path: path.to_path_buf(), source })
}

fn write_vorbis(
    renderer: &mut Renderer,
    out: &mut dyn Write,
    gain: f32,
    progress: &mut impl FnMut(f64),
) -> Result<(), String> {
    use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoderBuilder};
    let err = |e: vorbis_rs::VorbisError| format!("Vorbis encoder: {e}");
    let rate = NonZeroU32::new(renderer.sample_rate()).ok_or("sample rate is zero")?;
    // A fixed stream serial keeps renders reproducible.
    let mut encoder = VorbisEncoderBuilder::new_with_serial(rate, NonZeroU8::MIN.saturating_add(1), out, 0x5265_7370)
        .bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr { target_quality: VORBIS_QUALITY })
        .build()
        .map_err(err)?;
    let total = renderer.frames();
    let mut buf = vec![0.0f32; CHUNK * 2];
    let (mut left, mut right) = (Vec::with_capacity(CHUNK), Vec::with_capacity(CHUNK));
    let mut at = 0;
    while at < total {
        let n = (total - at).min(CHUNK as u64) as usize;
        renderer.render(at, &mut buf[..n * 2]);
        left.clear();
        right.clear();
        for frame in buf[..n * 2].chunks_exact(2) {
            left.push(frame[0] * gain);
            right.push(frame[1] * gain);
        }
        encoder.encode_audio_block([&left, &right]).map_err(err)?;
        at += n as u64;
        progress(at as f64 / total as f64);
    }
    encoder.finish().map_err(err)?;
    Ok(())
}

/// The renderer as a FLAC encoder's source: 16-bit stereo.
struct FlacSource<'a, P: FnMut(f64)> {
    renderer: &'a mut Renderer,
    at: u64,
    gain: f32,
    buf: Vec<f32>,
    ints: Vec<i32>,
    progress: &'a mut P,
}

impl<P: FnMut(f64)> flacenc::source::Source for FlacSource<'_, P> {
    fn channels(&self) -> usize {
        2
    }

    fn bits_per_sample(&self) -> usize {
        16
    }

    fn sample_rate(&self) -> usize {
        self.renderer.sample_rate() as usize
    }

    fn read_samples<F: flacenc::source::Fill>(
        &mut self,
        block_size: usize,
        dest: &mut F,
    ) -> Result<usize, flacenc::error::SourceError> {
        let total = self.renderer.frames();
        let n = (total - self.at).min(block_size as u64) as usize;
        self.buf.resize(n * 2, 0.0);
        self.renderer.render(self.at, &mut self.buf);
        self.ints.clear();
        self.ints.extend(self.buf.iter().map(|x| i32::from(to_i16(x * self.gain))));
        dest.fill_interleaved(&self.ints)?;
        self.at += n as u64;
        (self.progress)(self.at as f64 / total.max(1) as f64);
        Ok(n)
    }

    fn len_hint(&self) -> Option<usize> {
        Some(self.renderer.frames() as usize)
    }
}

fn write_flac<P: FnMut(f64)>(
    renderer: &mut Renderer,
    out: &mut dyn Write,
    gain: f32,
    progress: &mut P,
) -> Result<(), String> {
    use flacenc::component::BitRepr;
    use flacenc::error::Verify;
    let config = flacenc::config::Encoder::default().into_verified().map_err(|e| format!("FLAC settings: {}", e.1))?;
    let source = FlacSource { renderer, at: 0, gain, buf: Vec::new(), ints: Vec::new(), progress };
    let stream = flacenc::encode_with_fixed_block_size(&config, source, config.block_size)
        .map_err(|e| format!("FLAC encoder: {e}"))?;
    let mut sink = flacenc::bitsink::ByteSink::new();
    stream.write(&mut sink).map_err(|e| format!("FLAC encoder: {e}"))?;
    out.write_all(sink.as_slice()).map_err(|e| e.to_string())
}
