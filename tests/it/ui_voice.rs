//! Choosing a voice folder in the app: a clinic's or a therapist's
//! recordings of the built-in lines speak instead of the built-in voice,
//! the built-in voice fills in what the folder lacks, and the settings page
//! says which voice speaks and can go back to the built-in one.

use std::path::{Path, PathBuf};

use egui_kittest::kittest::Queryable;
use respite::app::SessionSource;
use respite::player::ManualTime;
use respite::timeline::narration::{ClipRef, Manifest, ManifestLine, line_id, spoken_text, text_hash};

use crate::support::{builtin_timeline, harness};

/// A voice folder with one recording: `text`, a second of quiet tone.
fn folder_saying(dir: &Path, text: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let id = line_id(text);
    let clip = dir.join(format!("{id}.wav"));
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 22050,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(&clip, spec).unwrap();
    for i in 0..22050 {
        w.write_sample(((i as f32 * 0.05).sin() * 3000.0) as i16).unwrap();
    }
    w.finalize().unwrap();
    let mut manifest = Manifest::new();
    let line = ManifestLine { file: format!("{id}.wav"), secs: 1.0, text_hash: text_hash(text), text: None };
    manifest.lines.insert(id, line);
    std::fs::write(dir.join("manifest.json"), manifest.to_json()).unwrap();
    clip
}

#[test]
fn a_chosen_voice_folder_speaks_its_lines_and_the_builtin_voice_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<String> = builtin_timeline("box-breathing").segments.iter().filter_map(spoken_text).collect();
    let first = lines.first().expect("box breathing speaks").clone();
    let clip = folder_saying(&dir.path().join("clinic voice"), &first);
    let mut h = harness(dir.path(), &ManualTime::new());
    h.state_mut().use_voice_folder(dir.path().join("clinic voice"));
    h.state_mut().open(SessionSource::Builtin("box-breathing"), true);
    h.run_steps(2);
    let session = h.state().session().expect("a session is open");
    let clips: Vec<&ClipRef> =
        session.player.timeline().segments.iter().filter_map(|s| s.speech.as_ref().map(|sp| &sp.clip)).collect();
    assert!(clips.contains(&&ClipRef::File(clip)), "the folder's recording speaks its line: {clips:?}");
    assert!(clips.iter().any(|c| matches!(c, ClipRef::Builtin(_))), "the built-in voice speaks the rest");
}

#[test]
fn the_settings_page_names_the_voice_and_goes_back_to_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    folder_saying(&dir.path().join("clinic"), "Settle in.");
    let mut h = harness(dir.path(), &ManualTime::new());
    h.get_by_label("Settings").click();
    h.run_steps(2);
    h.get_by_label_contains("Voice: the built-in voice");
    h.state_mut().use_voice_folder(dir.path().join("nowhere"));
    h.run_steps(2);
    h.get_by_label_contains("Not used:");
    assert_eq!(h.state().settings().voice_dir, None, "a folder that is not a voice changes nothing");
    h.state_mut().use_voice_folder(dir.path().join("clinic"));
    h.run_steps(2);
    h.get_by_label_contains("Voice: the recordings in");
    h.get_by_label_contains("1 recording in this folder;");
    h.get_by_label("Use the built-in voice").click();
    h.run_steps(2);
    assert_eq!(h.state().settings().voice_dir, None);
    h.get_by_label_contains("Voice: the built-in voice");
    h.check_accessibility();
}
