//! A therapist's session to hand over, made by hand in a folder: a script
//! with comments, an ambient file, a recording named by a `say` step, and
//! the script's own voice folder (a manifest and one clip, with a take).

use std::path::{Path, PathBuf};

use respite::timeline::narration::{line_id, text_hash};

/// The line the own voice folder speaks.
pub const OWN_LINE: &str = "Settle in, and let the chair hold you.";

pub const SCRIPT: &str = r#"# Made for one patient: comments and layout must survive packing.
format = 1
title = "Calm at home"
kind = "mixed"
summary = "A short settle, in a voice you know."

[sound]
ambient = "sounds/stream.wav"   # a bed of our own
ambient_volume = 0.3

[[step]]
kind = "say"
text = "Settle in, and let the chair hold you."

[[step]]
kind = "say"
text = "This one I recorded myself."
voice = "./voice/own.wav"
seconds = 4

[[step]]
kind = "breathe"
inhale = 4
exhale = 6
cycles = 2
"#;

/// A short mono WAV: a soft tone of `hz` for `secs`.
pub fn tone_wav(hz: f32, secs: f32) -> Vec<u8> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22_050,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    let mut w = hound::WavWriter::new(&mut out, spec).unwrap();
    for n in 0..(secs * 22_050.0) as usize {
        let t = n as f32 / 22_050.0;
        w.write_sample(((t * hz * std::f32::consts::TAU).sin() * 0.3 * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    out.into_inner()
}

/// Writes the session into `dir`; returns the script's path.
pub fn therapist_session(dir: &Path) -> PathBuf {
    let write = |rel: &str, bytes: &[u8]| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("calm.toml", SCRIPT.as_bytes());
    write("sounds/stream.wav", &tone_wav(110.0, 1.5));
    write("voice/own.wav", &tone_wav(330.0, 1.0));
    let id = line_id(OWN_LINE);
    write(&format!("calm.voice/{id}.wav"), &tone_wav(220.0, 0.8));
    write("calm.voice/takes/take-1.wav", &tone_wav(225.0, 0.9));
    write("calm.voice/takes/notes.txt", b"first take was rushed");
    let manifest = serde_json::json!({
        "format": 1,
        "lines": { id.clone(): { "file": format!("{id}.wav"), "secs": 0.8, "text_hash": text_hash(OWN_LINE), "text": OWN_LINE } }
    });
    write("calm.voice/manifest.json", serde_json::to_string_pretty(&manifest).unwrap().as_bytes());
    dir.join("calm.toml")
}

/// Every file under `dir`, relative, sorted (hidden ones too).
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}
