//! Offline rendering to a WAV file (16-bit stereo PCM, which every phone
//! plays). The file is written beside its destination under a temporary
//! name and renamed at the end, so a failed or interrupted render never
//! leaves a half-written WAV behind.

use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::Renderer;

/// Frames rendered between progress reports.
const CHUNK: usize = 1 << 16;

/// Renders the whole session to `path`. `progress` is called with the
/// fraction done (0.0–1.0) after each chunk.
pub fn write_wav(renderer: &mut Renderer, path: &Path, mut progress: impl FnMut(f64)) -> Result<(), String> {
    let temp = temp_path(path);
    let result = write_to(renderer, &temp, &mut progress).and_then(|()| {
        fs::rename(&temp, path).map_err(|e| format!("cannot move the render into place at {}: {e}", path.display()))
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_to(renderer: &mut Renderer, temp: &Path, progress: &mut impl FnMut(f64)) -> Result<(), String> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: renderer.sample_rate(),
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let err = |e: hound::Error| format!("cannot write {}: {e}", temp.display());
    let file = fs::File::create(temp).map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    let mut writer = hound::WavWriter::new(BufWriter::new(file), spec).map_err(err)?;
    let total = renderer.frames();
    let mut buf = vec![0.0f32; CHUNK * 2];
    let mut at = 0u64;
    while at < total {
        let n = (total - at).min(CHUNK as u64) as usize;
        let chunk = &mut buf[..n * 2];
        renderer.render(at, chunk);
        let mut samples = writer.get_i16_writer(chunk.len() as u32);
        for x in chunk.iter() {
            samples.write_sample(to_i16(*x));
        }
        samples.flush().map_err(err)?;
        at += n as u64;
        progress(at as f64 / total as f64);
    }
    writer.finalize().map_err(err)
}

/// Full scale is 32767; the renderer never goes above -1 dBFS anyway.
pub fn to_i16(x: f32) -> i16 {
    (x * 32767.0).round().clamp(-32768.0, 32767.0) as i16
}

/// `OUT.wav` → `.OUT.wav.part-PID` in the same folder, so the rename is
/// atomic.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "render.wav".into());
    path.with_file_name(format!(".{name}.part-{}", std::process::id()))
}
