//! `respite render` end to end: a WAV of the right length and format,
//! options honoured, and errors that leave nothing behind.

use crate::support::respite_command as respite;

#[test]
fn renders_a_builtin_to_a_wav() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("box.wav");
    let status = respite()
        .args(["render", "builtin:box-breathing", "--sample-rate", "8000", "--cue", "click", "--no-ambient", "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let reader = hound::WavReader::open(&out).expect("a valid WAV");
    let spec = reader.spec();
    assert_eq!((spec.channels, spec.sample_rate, spec.bits_per_sample), (2, 8000, 16));
    let timeline = respite().args(["timeline", "--json", "builtin:box-breathing"]).output().expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&timeline.stdout).expect("json");
    let secs = json["duration_s"].as_f64().expect("duration");
    assert_eq!(u64::from(reader.duration()), (secs * 8000.0).round() as u64);
    // With clicks and no bed, the quiet between cues is true silence.
    let samples: Vec<i16> = reader.into_samples().map(|s| s.expect("sample")).collect();
    let silent = samples.iter().filter(|&&s| s == 0).count();
    assert!(silent > samples.len() / 2, "mostly silence between clicks");
}

#[test]
fn a_bad_destination_fails_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("no-such-folder").join("x.wav");
    let result = respite()
        .args(["render", "builtin:box-breathing", "--sample-rate", "8000", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(!result.status.success());
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("no-such-folder"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}

#[test]
fn a_bad_cue_name_is_refused_with_the_choices() {
    let result =
        respite().args(["render", "builtin:box-breathing", "-o", "x.wav", "--cue", "gong"]).output().expect("runs");
    assert!(!result.status.success());
    let err = String::from_utf8_lossy(&result.stderr);
    assert!(err.contains("glide, bowl, chime, click, none"), "{err}");
}
