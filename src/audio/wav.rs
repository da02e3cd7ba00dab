//! Offline rendering to a WAV file (16-bit stereo PCM, which every phone
//! plays; the length is known up front, so the header is written first).
//! The file is written through `files::write_atomic`, so a failed or
//! interrupted render never leaves a half-written WAV behind.

use std::io::Write;
use std::path::Path;

use super::Renderer;
use super::error::RenderError;
use crate::files::write_atomic;

/// Frames rendered between progress reports.
const CHUNK: usize = 1 << 16;

/// Renders the whole session to `path`. `progress` is called with the
/// fraction done (0.0–1.0) after each chunk.
pub fn write_wav(renderer: &mut Renderer, path: &Path, mut progress: impl FnMut(f64)) -> Result<(), RenderError> {
    let total = renderer.frames();
    let data_bytes = u32::try_from(total * 4).map_err(|_| RenderError::TooLongForWav)?;
    write_atomic(path, |out| {
        out.write_all(&header(renderer.sample_rate(), data_bytes))?;
        let mut buf = vec![0.0f32; CHUNK * 2];
        let mut bytes = Vec::with_capacity(CHUNK * 4);
        let mut at = 0u64;
        while at < total {
            let n = (total - at).min(CHUNK as u64) as usize;
            let chunk = &mut buf[..n * 2];
            renderer.render(at, chunk);
            bytes.clear();
            bytes.extend(chunk.iter().flat_map(|x| to_i16(*x).to_le_bytes()));
            out.write_all(&bytes)?;
            at += n as u64;
            progress(at as f64 / total as f64);
        }
        Ok(())
    })
    .map_err(|source| RenderError::Write { path: path.to_path_buf(), source })
}

/// The 44-byte header of a 16-bit stereo PCM WAV file.
pub(super) fn header(sample_rate: u32, data_bytes: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes()); // PCM
    h.extend_from_slice(&2u16.to_le_bytes()); // channels
    h.extend_from_slice(&sample_rate.to_le_bytes());
    h.extend_from_slice(&(sample_rate * 4).to_le_bytes()); // bytes per second
    h.extend_from_slice(&4u16.to_le_bytes()); // bytes per frame
    h.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_bytes.to_le_bytes());
    h
}

/// Full scale is 32767; the renderer never goes above -1 dBFS anyway.
pub fn to_i16(x: f32) -> i16 {
    (x * 32767.0).round().clamp(-32768.0, 32767.0) as i16
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::audio::{ClipCache, RenderOptions, Volumes};
    use crate::timeline::testing::builtin_timeline;

    #[test]
    fn writes_a_wav_that_reads_back_as_rendered() {
        let t = builtin_timeline("box-breathing");
        let options = RenderOptions { sample_rate: 8_000, ..RenderOptions::default() };
        let volumes = Volumes::from_settings(&t.sound);
        let mut r = Renderer::new(&t, None, &options, volumes, &mut ClipCache::new());
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.wav");
        let mut last = 0.0;
        write_wav(&mut r, &path, |p| last = p).expect("writes");
        assert_eq!(last, 1.0);
        let mut reader = hound::WavReader::open(&path).expect("valid wav");
        assert_eq!(reader.spec().sample_rate, 8_000);
        assert_eq!(reader.duration() as u64, r.frames());
        let got: Vec<i16> = reader.samples::<i16>().map(|s| s.expect("sample")).collect();
        let mut want = vec![0.0; r.frames() as usize * 2];
        r.render(0, &mut want);
        assert!(got.iter().zip(&want).all(|(g, w)| *g == to_i16(*w)));
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let t = builtin_timeline("box-breathing");
        let options = RenderOptions { sample_rate: 8_000, ..RenderOptions::default() };
        let mut r = Renderer::new(&t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
        let dir = tempfile::tempdir().expect("temp dir");
        let err = write_wav(&mut r, &dir.path().join("missing-folder/out.wav"), |_| {}).unwrap_err().to_string();
        assert!(err.contains("missing-folder"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 0);
    }
}
