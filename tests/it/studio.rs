//! The therapist's studio end to end, without a device: make my own copy
//! of a built-in from its library card, record a line from a file that
//! stands in for the microphone (the same thread and channel as a real
//! one), stop, and see the line recorded; the copy speaks with the
//! built-in voice until then, and with the recording after, in the app and
//! on the command line; `respite check` warns about a recording too long
//! for its step.

use std::path::{Path, PathBuf};

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use respite::app::studio::{Speaker, Studio, save_take};
use respite::app::voice::own_voice_dir;
use respite::audio::mic::MicSource;
use respite::player::ManualTime;
use respite::timeline::narration::ClipRef;
use respite::ui::{App, Screen};

use crate::support::{harness, respite, stderr, stdout};

/// A mono 16 kHz WAV: `quiet` s of silence, then `speech` s of a voice-like
/// warble, then half a second of silence.
fn fake_take(path: &Path, quiet: f64, speech: f64) {
    let rate = 16_000u32;
    let spec =
        hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    let n = |s: f64| (s * f64::from(rate)) as usize;
    for _ in 0..n(quiet) {
        w.write_sample(0i16).unwrap();
    }
    for i in 0..n(speech) {
        let t = i as f32 / rate as f32;
        let v =
            0.05 * (std::f32::consts::TAU * 190.0 * t).sin() * (0.6 + 0.4 * (std::f32::consts::TAU * 3.0 * t).sin());
        w.write_sample((v * 32767.0) as i16).unwrap();
    }
    for _ in 0..n(0.5) {
        w.write_sample(0i16).unwrap();
    }
    w.finalize().unwrap();
}

fn studio<'a>(h: &'a Harness<'_, App>) -> &'a Studio {
    match h.state().screen() {
        Screen::Studio(studio) => studio,
        other => panic!("the studio is not showing: {other:?}"),
    }
}

#[test]
fn copy_a_builtin_record_a_line_and_it_speaks_with_the_recording() {
    let dir = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.get_by_label("Make my own copy of A calm place").click_accesskit();
    h.run_steps(3);
    let copy: PathBuf = studio(&h).script_path.clone();
    assert_eq!(copy, dir.path().join("data/sessions/a-calm-place-my-copy.toml"));
    assert!(studio(&h).lines.iter().all(|l| matches!(l.speaker, Speaker::Builtin(_))), "the copy speaks as before");
    h.check_accessibility();

    // The second line, recorded from a file playing in real time: count-in,
    // then the words; stopped by the key while it still plays.
    let take = dir.path().join("take.wav");
    fake_take(&take, 3.2, 20.0);
    h.state_mut().set_mic_source(MicSource::File { path: take, real_time: true });
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(studio(&h).selected, 1);
    h.key_press(Key::R);
    h.run_steps(2);
    assert!(studio(&h).is_recording());
    let mut counted = Vec::new();
    while studio(&h).recorder.secs() < 1.0 {
        if let respite::app::studio::recorder::Phase::CountIn(n) = studio(&h).recorder.phase()
            && counted.last() != Some(&n)
        {
            counted.push(n);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    assert!(counted.contains(&3) && counted.contains(&1), "3-2-1 shown: {counted:?}");
    assert!(h.query_by_label_contains("Input level").is_some(), "the meter says its level");
    h.key_press(Key::R);
    h.run_steps(2);
    assert!(!studio(&h).is_recording());
    let line = &studio(&h).lines[1];
    let Speaker::Own(length) = line.speaker else { panic!("recorded: {line:?}") };
    assert!(length.as_secs_f64() > 0.5, "{length:?}");
    let status = format!("Recorded ({:.1} s)", length.as_secs_f64());
    assert!(h.query_all_by_label_contains(&status).next().is_some(), "the list says {status}");
    let takes = std::fs::read_dir(own_voice_dir(&copy).join("takes")).unwrap().count();
    assert_eq!(takes, 1, "the original take is kept");
    h.check_accessibility();

    // Playing the copy: the recorded line speaks with the recording, the
    // others with the built-in voice.
    let text = line.text.clone();
    h.get_by_label("Play the session").click();
    h.run_steps(3);
    let session = h.state().session().expect("playing");
    let speech: Vec<&ClipRef> =
        session.player.timeline().segments.iter().filter_map(|s| s.speech.as_ref()).map(|s| &s.clip).collect();
    let own =
        ClipRef::File(own_voice_dir(&copy).join(format!("{}.flac", respite::timeline::narration::line_id(&text))));
    assert!(speech.contains(&&own), "{speech:?}");
    assert!(speech.iter().any(|c| matches!(c, ClipRef::Builtin(_))));
}

#[test]
fn the_command_line_copies_and_speaks_with_the_scripts_own_voice() {
    let dir = tempfile::tempdir().unwrap();
    let out = respite(&["copy", "builtin:safe-place", "--title", "For Sam", "--to", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = dir.path().join("for-sam.toml");
    assert_eq!(stdout(&out).trim(), copy.display().to_string());
    let json = |o: &std::process::Output| -> serde_json::Value { serde_json::from_str(&stdout(o)).unwrap() };
    let before = json(&respite(&["timeline", "--json", copy.to_str().unwrap()]));
    let builtin = json(&respite(&["timeline", "--json", "builtin:safe-place"]));
    assert_eq!(before["segments"], builtin["segments"], "the copy speaks as the built-in does");

    // A recording of the first spoken line, far too long for its step.
    let script = respite::script::parse_file(&copy).unwrap().script;
    let lines = respite::app::studio::studio_lines(
        &script,
        &respite::timeline::narration::Voice::builtin(),
        &own_voice_dir(&copy),
    );
    let first = lines.iter().find(|l| !l.breath).unwrap();
    let mut words = vec![0.0f32; 8_000];
    words.extend((0..16_000 * 40).map(|i| 0.1 * (i as f32 * 0.07).sin()));
    save_take(&copy, &first.text, &words, 16_000, 0).unwrap();
    let after = json(&respite(&["timeline", "--json", copy.to_str().unwrap()]));
    let spoken_for = |timeline: &serde_json::Value| -> f64 {
        let segments = timeline["segments"].as_array().unwrap();
        let segment = segments.iter().find(|s| s["voice"].as_str() == Some(first.id.as_str())).unwrap();
        segment["voice_s"].as_f64().unwrap()
    };
    assert!(spoken_for(&before) < 30.0, "the built-in clip: {}", spoken_for(&before));
    assert!((spoken_for(&after) - 40.15).abs() < 0.1, "the recording, trimmed to the words: {}", spoken_for(&after));
    let check = respite(&["check", copy.to_str().unwrap()]);
    assert!(check.status.success(), "a warning, not an error: {}", stderr(&check));
    let err = stderr(&check);
    assert!(err.contains("warning") && err.contains("for-sam.voice") && err.contains(&first.id), "{err}");
    assert!(err.contains("too long"), "{err}");
    let silent = json(&respite(&["timeline", "--json", "--no-voice", copy.to_str().unwrap()]));
    assert!(silent["segments"].as_array().unwrap().iter().all(|s| s["voice"].is_null()), "--no-voice still wins");
}

#[test]
fn the_studio_hands_over_one_file_that_speaks_in_the_therapists_voice_elsewhere() {
    // The therapist's machine: a copy of a built-in, one line recorded.
    let therapist = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    let mut h = harness(therapist.path(), &time);
    h.get_by_label("Make my own copy of A calm place").click_accesskit();
    h.run_steps(3);
    let copy = studio(&h).script_path.clone();
    let line = studio(&h).lines.iter().find(|l| !l.breath).unwrap().clone();
    let mut words = vec![0.0f32; 8_000];
    words.extend((0..16_000 * 3).map(|i| 0.1 * (i as f32 * 0.07).sin()));
    save_take(&copy, &line.text, &words, 16_000, 0).unwrap();
    h.state_mut().open_studio(&copy);
    h.run_steps(2);
    let total = studio(&h).lines.len();
    h.get_by_label("Hand over as one file…");

    // The save dialog's answer, without the extension: it is added.
    h.state_mut().hand_over_to(&therapist.path().join("for-sam"));
    h.run_steps(2);
    let package = therapist.path().join("for-sam.respite");
    assert!(package.is_file());
    let told = format!("{} of {total} lines are not recorded", total - 1);
    assert!(h.query_all_by_label_contains("Packed “A calm place (my copy)”").next().is_some(), "the studio says so");
    assert!(h.query_all_by_label_contains(&told).next().is_some(), "and which lines are not in the voice: {told}");

    // The patient's machine: the one file dropped on the window, begun.
    let patient = tempfile::tempdir().unwrap();
    let mut p = harness(patient.path(), &ManualTime::new());
    p.input_mut().dropped_files.push(std::sync::Arc::new(crate::support::Dropped(package)));
    p.run_steps(2);
    assert!(matches!(p.state().screen(), Screen::Setup(_)));
    let installed = patient.path().join("data/sessions/A calm place (my copy)").join(copy.file_name().unwrap());
    let clip = |script: &Path| own_voice_dir(script).join(format!("{}.flac", line.id));
    assert_eq!(std::fs::read(clip(&installed)).unwrap(), std::fs::read(clip(&copy)).unwrap(), "the recording arrived");
    p.get_by_label("Begin").click_accesskit();
    p.run_steps(3);
    let session = p.state().session().expect("playing");
    let speech: Vec<&ClipRef> =
        session.player.timeline().segments.iter().filter_map(|s| s.speech.as_ref()).map(|s| &s.clip).collect();
    assert!(speech.contains(&&ClipRef::File(clip(&installed))), "spoken in the therapist's voice: {speech:?}");
}

#[test]
fn the_studio_edits_the_script_checks_it_as_typed_and_saves_only_what_plays() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.get_by_label("Make my own copy of A calm place").click_accesskit();
    h.run_steps(3);
    let copy = studio(&h).script_path.clone();
    h.get_by_label("Edit the script…").click_accesskit();
    h.run_steps(2);
    assert!(studio(&h).editor.is_some());
    h.get_by_label("Saved.");

    // Typed into the field (R types, it does not record), saved with Ctrl+S.
    h.get_by_label("Script text").focus();
    h.run_steps(1);
    h.get_by_label("Script text").type_text("# for Sam, recorded by me\n");
    h.run_steps(2);
    h.get_by_label("Changed, not saved yet.");
    assert!(!studio(&h).is_recording());
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    let saved = std::fs::read_to_string(&copy).unwrap();
    assert!(saved.contains("# for Sam, recorded by me\n"), "{saved}");
    h.get_by_label("Saved.");

    // A slip: shown with its line and column, and Ctrl+S leaves the file be.
    let broken = saved.replacen("kind = \"imagery\"", "kind = \"imagry\"", 1);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, respite::ui::commands::Command::ScriptText(broken));
    h.run_steps(2);
    let name = copy.file_name().unwrap().to_string_lossy().to_string();
    let problem = h.query_all_by_label_contains(&format!("{name}:")).next().and_then(|n| n.accesskit_node().value());
    assert!(problem.as_deref().is_some_and(|p| p.contains("error") && p.contains("imagry")), "{problem:?}");
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
    h.run_steps(2);
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), saved, "not saved while it does not load");
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(studio(&h).editor.is_some(), "Esc keeps unsaved changes on screen");
    h.get_by_label("Discard changes").click();
    h.run_steps(2);
    assert!(studio(&h).editor.is_none());
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), saved);
    h.check_accessibility();
}
