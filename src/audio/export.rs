//! What `respite render` writes: WAV, FLAC (lossless) or Ogg Vorbis (small,
//! plays on phones), chosen by the file's extension, and an optional
//! loudness normalisation for headphones: -16 LUFS integrated with the true
//! peak under -1 dBTP, measured with a real loudness meter (the `ebur128`
//! crate: ITU-R BS.1770-4 and EBU R 128, true peak by 4x oversampling); the
//! few cue strikes the gain would push too far go through a look-ahead
//! limiter. Like every file Respite writes, it appears only complete.

use std::io::{self, Write};
use std::num::{NonZeroU8, NonZeroU32};
use std::path::Path;

use ebur128::{EbuR128, Mode};

use super::Renderer;
use super::error::RenderError;
use super::limiter::Limiter;
use super::wav::{header, to_i16};
use crate::files::write_atomic;

/// Frames rendered at a time.
const CHUNK: usize = 1 << 16;
/// Headphone listening target (in the range streaming services and
/// podcast guidelines use).
pub const TARGET_LUFS: f64 = -16.0;
/// The limiter's sample-peak ceiling: a margin under the -1 dBTP asked
/// for, for the peaks between samples and for lossy encoding, which can
/// raise peaks a little.
const CEILING_DBFS: f64 = -2.0;
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

/// How the rendered sound is shaped on its way to the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mastering {
    /// Every sample times this.
    pub gain: f32,
    /// Peaks held under the ceiling by the limiter.
    pub limit: bool,
}

impl Mastering {
    /// The session as rendered.
    pub const PLAIN: Mastering = Mastering { gain: 1.0, limit: false };

    /// What brings the session to [`TARGET_LUFS`] with the true peak under
    /// -1 dBTP: a gain, and the limiter if that gain would take any peak
    /// past the ceiling. Renders the session twice to measure it (once as
    /// it is, once as it will be written, to correct for what the limiter
    /// took away).
    pub fn normalising(renderer: &mut Renderer) -> Result<Mastering, String> {
        let plain = measure(renderer, Mastering::PLAIN)?;
        if !plain.integrated.is_finite() {
            return Ok(Mastering::PLAIN);
        }
        let db = TARGET_LUFS - plain.integrated;
        let limit = plain.true_peak + db > CEILING_DBFS;
        let first = Mastering { gain: from_db(db), limit };
        if !limit {
            return Ok(first);
        }
        let limited = measure(renderer, first)?;
        Ok(Mastering { gain: from_db(db + TARGET_LUFS - limited.integrated), limit })
    }
}

fn from_db(db: f64) -> f32 {
    10f64.powf(db / 20.0) as f32
}

/// The session's samples in order, mastered, a piece at a time.
struct Stream<'a> {
    renderer: &'a mut Renderer,
    mastering: Mastering,
    limiter: Option<Limiter>,
    /// Next frame to render.
    at: u64,
    /// Mastered samples not yet taken.
    ready: Vec<f32>,
    buf: Vec<f32>,
}

impl<'a> Stream<'a> {
    fn new(renderer: &'a mut Renderer, mastering: Mastering) -> Self {
        let ceiling = from_db(CEILING_DBFS);
        let limiter = mastering.limit.then(|| Limiter::new(ceiling, renderer.sample_rate()));
        Stream { renderer, mastering, limiter, at: 0, ready: Vec::new(), buf: vec![0.0; CHUNK * 2] }
    }

    fn total(&self) -> u64 {
        self.renderer.frames()
    }

    fn done(&self) -> f64 {
        self.at as f64 / self.total().max(1) as f64
    }

    /// Moves up to `frames` frames into `out` (replacing what it held);
    /// fewer only at the end.
    fn take(&mut self, frames: usize, out: &mut Vec<f32>) {
        while self.ready.len() < frames * 2 && self.at < self.total() {
            let n = (self.total() - self.at).min(CHUNK as u64) as usize;
            let chunk = &mut self.buf[..n * 2];
            self.renderer.render(self.at, chunk);
            chunk.iter_mut().for_each(|x| *x *= self.mastering.gain);
            self.at += n as u64;
            let end = self.at == self.renderer.frames();
            match &mut self.limiter {
                Some(limiter) => {
                    limiter.process(chunk, &mut self.ready);
                    if end {
                        limiter.flush(&mut self.ready);
                    }
                }
                None => self.ready.extend_from_slice(chunk),
            }
        }
        let n = (frames * 2).min(self.ready.len());
        out.clear();
        out.extend(self.ready.drain(..n));
    }
}

/// Renders the whole session, mastered, to measure it.
pub fn measure(renderer: &mut Renderer, mastering: Mastering) -> Result<Loudness, String> {
    let meter_error = |e: ebur128::Error| format!("loudness meter: {e}");
    let mut meter = EbuR128::new(2, renderer.sample_rate(), Mode::I | Mode::TRUE_PEAK).map_err(meter_error)?;
    let mut stream = Stream::new(renderer, mastering);
    let mut piece = Vec::new();
    loop {
        stream.take(CHUNK, &mut piece);
        if piece.is_empty() {
            break;
        }
        meter.add_frames_f32(&piece).map_err(meter_error)?;
    }
    let peak = (0..2).map(|c| meter.true_peak(c)).collect::<Result<Vec<f64>, _>>().map_err(meter_error)?;
    Ok(Loudness {
        integrated: meter.loudness_global().map_err(meter_error)?,
        true_peak: 20.0 * peak.into_iter().fold(0.0, f64::max).max(1e-10).log10(),
    })
}

/// Renders the session to `path` in `format`, mastered. `progress` gets
/// the fraction done.
pub fn write_audio(
    renderer: &mut Renderer,
    path: &Path,
    format: Format,
    mastering: Mastering,
    mut progress: impl FnMut(f64),
) -> Result<(), RenderError> {
    let mut stream = Stream::new(renderer, mastering);
    let written = match format {
        Format::Wav => {
            let data_bytes = u32::try_from(stream.total() * 4).map_err(|_| RenderError::TooLongForWav)?;
            write_atomic(path, |out| write_wav(&mut stream, data_bytes, out, &mut progress))
        }
        Format::Flac => write_atomic(path, |out| write_flac(stream, out, &mut progress).map_err(io::Error::other)),
        Format::Vorbis => {
            write_atomic(path, |out| write_vorbis(&mut stream, out, &mut progress).map_err(io::Error::other))
        }
    };
    written.map_err(|source| RenderError::Write { path: path.to_path_buf(), source })
}

fn write_wav(
    stream: &mut Stream,
    data_bytes: u32,
    out: &mut dyn Write,
    progress: &mut impl FnMut(f64),
) -> io::Result<()> {
    out.write_all(&header(stream.renderer.sample_rate(), data_bytes))?;
    let (mut piece, mut bytes) = (Vec::new(), Vec::with_capacity(CHUNK * 4));
    loop {
        stream.take(CHUNK, &mut piece);
        if piece.is_empty() {
            return Ok(());
        }
        bytes.clear();
        bytes.extend(piece.iter().flat_map(|x| to_i16(*x).to_le_bytes()));
        out.write_all(&bytes)?;
        progress(stream.done());
    }
}

fn write_vorbis(stream: &mut Stream, out: &mut dyn Write, progress: &mut impl FnMut(f64)) -> Result<(), String> {
    use vorbis_rs::{VorbisBitrateManagementStrategy, VorbisEncoderBuilder};
    let err = |e: vorbis_rs::VorbisError| format!("Vorbis encoder: {e}");
    let rate = NonZeroU32::new(stream.renderer.sample_rate()).ok_or("sample rate is zero")?;
    // A fixed stream serial keeps renders reproducible.
    let mut encoder = VorbisEncoderBuilder::new_with_serial(rate, NonZeroU8::MIN.saturating_add(1), out, 0x5265_7370)
        .bitrate_management_strategy(VorbisBitrateManagementStrategy::QualityVbr { target_quality: VORBIS_QUALITY })
        .build()
        .map_err(err)?;
    let mut piece = Vec::new();
    let (mut left, mut right) = (Vec::with_capacity(CHUNK), Vec::with_capacity(CHUNK));
    loop {
        stream.take(CHUNK, &mut piece);
        if piece.is_empty() {
            break;
        }
        left.clear();
        right.clear();
        for frame in piece.chunks_exact(2) {
            left.push(frame[0]);
            right.push(frame[1]);
        }
        encoder.encode_audio_block([&left, &right]).map_err(err)?;
        progress(stream.done());
    }
    encoder.finish().map_err(err)?;
    Ok(())
}

/// The stream as a FLAC encoder's source: 16-bit stereo, padded with
/// silence to whole blocks (a short last block makes a file some decoders,
/// symphonia and so rodio among them, refuse: flacenc-rs issue 242).
struct FlacSource<'a, 'r, P: FnMut(f64)> {
    stream: Stream<'r>,
    /// Frames handed to the encoder so far, and the padded total.
    given: u64,
    padded: u64,
    piece: Vec<f32>,
    ints: Vec<i32>,
    progress: &'a mut P,
}

impl<P: FnMut(f64)> flacenc::source::Source for FlacSource<'_, '_, P> {
    fn channels(&self) -> usize {
        2
    }

    fn bits_per_sample(&self) -> usize {
        16
    }

    fn sample_rate(&self) -> usize {
        self.stream.renderer.sample_rate() as usize
    }

    fn read_samples<F: flacenc::source::Fill>(
        &mut self,
        block_size: usize,
        dest: &mut F,
    ) -> Result<usize, flacenc::error::SourceError> {
        self.stream.take(block_size, &mut self.piece);
        let frames = (self.padded - self.given).min(block_size as u64) as usize;
        self.piece.resize(frames * 2, 0.0);
        self.given += frames as u64;
        self.ints.clear();
        self.ints.extend(self.piece.iter().map(|x| i32::from(to_i16(*x))));
        dest.fill_interleaved(&self.ints)?;
        (self.progress)(self.stream.done());
        Ok(frames)
    }

    fn len_hint(&self) -> Option<usize> {
        Some(self.padded as usize)
    }
}

fn write_flac<P: FnMut(f64)>(stream: Stream, out: &mut dyn Write, progress: &mut P) -> Result<(), String> {
    use flacenc::component::BitRepr;
    use flacenc::error::Verify;
    let config = flacenc::config::Encoder::default().into_verified().map_err(|e| format!("FLAC settings: {}", e.1))?;
    let block = config.block_size as u64;
    let padded = stream.total().div_ceil(block) * block;
    let source = FlacSource { stream, given: 0, padded, piece: Vec::new(), ints: Vec::new(), progress };
    let stream = flacenc::encode_with_fixed_block_size(&config, source, config.block_size)
        .map_err(|e| format!("FLAC encoder: {e}"))?;
    let mut sink = flacenc::bitsink::ByteSink::new();
    stream.write(&mut sink).map_err(|e| format!("FLAC encoder: {e}"))?;
    out.write_all(sink.as_slice()).map_err(|e| e.to_string())
}
