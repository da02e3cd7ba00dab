//! Saving a take into a script's voice folder (`NAME.voice/`, see
//! `app::voice`). The original goes to `takes/` first, under a new name
//! (never overwritten, never deleted), so whatever happens next nothing
//! spoken is lost; then the take is trimmed and levelled
//! (`audio::take`), written as `LINEID.flac`, and the line entered in
//! `manifest.json`. Every file is written atomically.

use std::path::{Path, PathBuf};

use crate::audio::take::{Prepared, decode_mono, encode_flac, prepare, to_pcm16};
use crate::files::write_bytes_atomic;
use crate::timeline::narration::{Manifest, ManifestLine, line_id, text_hash};

use crate::app::voice::{own_voice_dir, takes_dir};

/// A take saved as a line's recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// The clip the line now speaks with.
    pub clip: PathBuf,
    /// The original take, as recorded or imported.
    pub original: PathBuf,
    pub prepared: Prepared,
}

/// What went wrong, and where the original take is if it was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveError {
    pub message: String,
    pub original: Option<PathBuf>,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.original {
            Some(path) => write!(f, "{}; the take itself is kept in {}", self.message, path.display()),
            None => write!(f, "{}", self.message),
        }
    }
}

/// Saves a microphone take (mono `raw` at `rate`) as the recording of
/// `text` in `script`'s voice folder. `now` (seconds since 1970, UTC)
/// names the original.
pub fn save_take(script: &Path, text: &str, raw: &[f32], rate: u32, now: i64) -> Result<Saved, SaveError> {
    let original = keep_take(script, text, raw, rate, now)?;
    install(script, text, raw, rate, original)
}

/// Keeps a take in `takes/` only (an interrupted take: not made the
/// line's recording). Returns where it went.
pub fn keep_take(script: &Path, text: &str, raw: &[f32], rate: u32, now: i64) -> Result<PathBuf, SaveError> {
    let fail = |message: String| SaveError { message, original: None };
    let takes = takes_dir(script);
    std::fs::create_dir_all(&takes).map_err(|e| fail(format!("cannot make the folder {}: {e}", takes.display())))?;
    let original = free_name(&takes, &line_id(text), &stamp(now), "flac");
    let (bytes, _) = encode_flac(&to_pcm16(raw), rate).map_err(fail)?;
    write_bytes_atomic(&original, &bytes).map_err(|e| fail(format!("cannot write {}: {e}", original.display())))?;
    Ok(original)
}

/// Imports a recording made elsewhere as the recording of `text`: the
/// file is copied as it is into `takes/`, then goes through the same
/// trimming and levelling as a microphone take.
pub fn import_file(script: &Path, text: &str, file: &Path, now: i64) -> Result<Saved, SaveError> {
    let fail = |message: String| SaveError { message, original: None };
    let (raw, rate) = decode_mono(file).map_err(fail)?;
    let takes = takes_dir(script);
    std::fs::create_dir_all(&takes).map_err(|e| fail(format!("cannot make the folder {}: {e}", takes.display())))?;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("audio").to_ascii_lowercase();
    let original = free_name(&takes, &line_id(text), &format!("{}-imported", stamp(now)), &ext);
    let bytes = std::fs::read(file).map_err(|e| fail(format!("cannot read {}: {e}", file.display())))?;
    write_bytes_atomic(&original, &bytes).map_err(|e| fail(format!("cannot write {}: {e}", original.display())))?;
    install(script, text, &raw, rate, original)
}

/// Prepares a kept take and makes it the line's recording.
fn install(script: &Path, text: &str, raw: &[f32], rate: u32, original: PathBuf) -> Result<Saved, SaveError> {
    let fail = |message: String| SaveError { message, original: Some(original.clone()) };
    let prepared = prepare(raw, rate).map_err(|e| fail(e.to_string()))?;
    let dir = own_voice_dir(script);
    let manifest_path = dir.join("manifest.json");
    let mut manifest = match std::fs::read_to_string(&manifest_path) {
        Ok(json) => Manifest::parse(&json).map_err(|e| {
            fail(format!("{}: {e}; it is left as it is (move it aside to start a new one)", manifest_path.display()))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::new(),
        Err(e) => return Err(fail(format!("cannot read {}: {e}", manifest_path.display()))),
    };
    let id = line_id(text);
    let file = format!("{id}.flac");
    let clip = dir.join(&file);
    let (bytes, length) = encode_flac(&to_pcm16(&prepared.samples), prepared.rate).map_err(fail)?;
    write_bytes_atomic(&clip, &bytes).map_err(|e| fail(format!("cannot write {}: {e}", clip.display())))?;
    // The length as the clip decodes, with the few ms of padding silence.
    let secs = length as f64 / f64::from(prepared.rate);
    let line = ManifestLine {
        file,
        secs: (secs * 1e4).round() / 1e4,
        text_hash: text_hash(text),
        text: Some(text.to_string()),
    };
    manifest.lines.insert(id, line);
    write_bytes_atomic(&manifest_path, manifest.to_json().as_bytes())
        .map_err(|e| fail(format!("cannot write {}: {e}", manifest_path.display())))?;
    Ok(Saved { clip, original, prepared })
}

/// `dir/ID-STAMP.EXT`, or with `-2`, `-3`… if that is taken.
fn free_name(dir: &Path, id: &str, stamp: &str, ext: &str) -> PathBuf {
    let mut path = dir.join(format!("{id}-{stamp}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{id}-{stamp}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// `YYYYMMDD-HHMMSS` (UTC) for seconds since 1970.
pub fn stamp(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}-{:02}{:02}{:02}", rem / 3600, rem / 60 % 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::narration::{ClipRef, Voice};

    const RATE: u32 = 44_100;

    fn speech(secs: f64, amp: f32) -> Vec<f32> {
        let mut out = vec![0.0; RATE as usize / 2];
        out.extend((0..(secs * f64::from(RATE)) as usize).map(|i| {
            let t = i as f32 / RATE as f32;
            amp * (std::f32::consts::TAU * 180.0 * t).sin() * (0.6 + 0.4 * (t * 5.0).sin())
        }));
        out.extend(vec![0.0; RATE as usize / 2]);
        out
    }

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(stamp(0), "19700101-000000");
        assert_eq!(stamp(1_795_000_000), "20261118-110640");
        assert_eq!(stamp(951_782_400), "20000229-000000", "a leap day");
    }

    #[test]
    fn a_take_becomes_the_line_and_every_original_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        let text = "Settle in.";
        let first = save_take(&script, text, &speech(1.0, 0.05), RATE, 1_795_000_000).unwrap();
        let second = save_take(&script, text, &speech(2.0, 0.2), RATE, 1_795_000_000).unwrap();
        assert_ne!(first.original, second.original, "the same second still gets a new name");
        assert!(first.original.is_file() && second.original.is_file(), "both takes kept");
        assert_eq!(first.clip, own_voice_dir(&script).join(format!("{}.flac", line_id(text))));
        let voice = Voice::from_dir(&own_voice_dir(&script)).unwrap();
        let entry = voice.find(text).unwrap();
        assert_eq!(entry.clip, ClipRef::File(second.clip.clone()));
        let padding = entry.length.as_secs_f64() - second.prepared.secs();
        assert!((0.0..0.1).contains(&padding), "the clip's length as it decodes: {padding}");
        assert!((second.prepared.secs() - (2.0 + 2.0 * crate::audio::take::PAD_SECS)).abs() < 0.05);
        // The original decodes to what was recorded, silence included.
        let (back, rate) = decode_mono(&second.original).unwrap();
        assert_eq!(rate, RATE);
        assert!(back.len() >= speech(2.0, 0.2).len());
    }

    #[test]
    fn a_silent_take_is_refused_but_kept() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        let err = save_take(&script, "Settle in.", &vec![0.0; RATE as usize], RATE, 0).unwrap_err();
        let kept = err.original.clone().unwrap();
        assert!(kept.is_file(), "{err}");
        assert!(err.to_string().contains("silent") && err.to_string().contains("kept"), "{err}");
        assert!(!own_voice_dir(&script).join("manifest.json").exists());
    }

    #[test]
    fn a_damaged_manifest_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        std::fs::create_dir_all(own_voice_dir(&script)).unwrap();
        let manifest = own_voice_dir(&script).join("manifest.json");
        std::fs::write(&manifest, "{ damaged").unwrap();
        let err = save_take(&script, "Settle in.", &speech(1.0, 0.1), RATE, 0).unwrap_err();
        assert!(err.to_string().contains("manifest.json"), "{err}");
        assert_eq!(std::fs::read_to_string(&manifest).unwrap(), "{ damaged");
        assert!(err.original.unwrap().is_file());
    }

    #[test]
    fn an_imported_file_is_copied_as_it_is_and_levelled() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("calm.toml");
        let wav = dir.path().join("line1.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&wav, spec).unwrap();
        for x in speech(1.5, 0.02) {
            writer.write_sample((x * 32767.0) as i16).unwrap();
            writer.write_sample((x * 32767.0) as i16).unwrap();
        }
        writer.finalize().unwrap();
        let saved = import_file(&script, "Settle in.", &wav, 0).unwrap();
        assert_eq!(std::fs::read(&saved.original).unwrap(), std::fs::read(&wav).unwrap());
        assert!(saved.original.to_string_lossy().ends_with("-imported.wav"), "{}", saved.original.display());
        let lufs = crate::audio::take::mono_loudness(&saved.prepared.samples, RATE).unwrap();
        assert!((lufs - crate::audio::take::TARGET_LUFS).abs() < 0.5, "{lufs}");
    }
}
