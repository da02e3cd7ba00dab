//! End-to-end flows through the app with egui_kittest and a manual clock:
//! library → start → rating → pause → next step → finish; presenter mode;
//! settings that persist; a broken script that shows its error; and the
//! therapist's hot-reload loop.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use respite::app::SessionSource;
use respite::app::settings::Theme;
use respite::player::ManualTime;
use respite::script::RateScale;
use respite::timeline::{Micros, SegmentKind};
use respite::ui::commands::{Action, Command};
use respite::ui::{App, Screen};

use crate::support::harness;

fn now(h: &mut Harness<'_, App>) -> respite::player::Now {
    h.state_mut().session_mut().expect("a session is open").now()
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(2);
}

#[test]
fn library_to_start_rate_pause_next_and_finish() {
    let dir = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.check_accessibility();

    h.get_by_label("Start Resonance breathing, six a minute").click_accesskit();
    h.run_steps(3);
    assert!(matches!(h.state().screen(), Screen::Player));
    assert!(h.state().session().unwrap().player.is_playing());
    h.check_accessibility();

    // The session opens on a stress rating: answer it with the keyboard.
    assert!(matches!(now(&mut h).kind, SegmentKind::Rate(_)));
    h.get_by_label("How stressed do you feel right now?");
    press(&mut h, Key::Num7);
    let n = now(&mut h);
    assert_eq!(h.state().session().unwrap().current_rating(&n), Some(7));
    press(&mut h, Key::Enter);
    assert_eq!(now(&mut h).kind, SegmentKind::Say, "Enter continues after a rating");

    // Pause: time passes, the playhead does not.
    press(&mut h, Key::Space);
    assert!(!h.state().session().unwrap().player.is_playing());
    let paused_at = now(&mut h).position;
    time.advance(Micros::from_secs(30));
    h.run_steps(2);
    assert_eq!(now(&mut h).position, paused_at);
    h.get_by_label("Play or pause").click();
    h.run_steps(2);
    time.advance(Micros::from_secs(1));
    h.run_steps(1);
    assert!(now(&mut h).position > paused_at);

    // Next step, by key and by button, until the breathing starts.
    let step = now(&mut h).step;
    press(&mut h, Key::ArrowRight);
    assert_eq!(now(&mut h).step, step + 1);
    while !now(&mut h).kind.is_breath() {
        h.get_by_label("Next step").click();
        h.run_steps(2);
    }
    time.advance(Micros::from_secs(1));
    h.run_steps(2);
    h.get_by_label("Breathe in");
    h.get_by_label("Volumes").click();
    h.run_steps(2);
    h.get_by_label("Cue volume");
    h.check_accessibility();

    // On to the closing rating, answered with the mouse, then the end.
    while !matches!(now(&mut h).kind, SegmentKind::Rate(_)) {
        press(&mut h, Key::ArrowRight);
    }
    h.get_by_label("Rate 4").click();
    h.run_steps(2);
    h.get_by_label("Continue").click();
    h.run_steps(2);
    while !now(&mut h).finished {
        press(&mut h, Key::ArrowRight);
    }
    h.get_by_label("Session complete");
    h.get_by_label("Stress: 7 before, 4 after");
    h.check_accessibility();
    // A note for the journal, written on the end screen.
    h.get_by_label("A note for your journal, if you like").focus();
    h.run_steps(1);
    h.get_by_label("A note for your journal, if you like").type_text("Slower felt easier");
    h.run_steps(2);
    assert!(h.query_by_label("Saved in your journal.").is_none());
    h.get_by_label("Save note").click();
    h.run_steps(2);
    h.get_by_label("Saved in your journal.");
    h.get_by_label("Back to library").click();
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));
    assert!(h.state().session().is_none());

    // The practice journal has the session, finished, with both answers.
    let journal = respite::journal::Journal::open(&dir.path().join("data/journal.sqlite")).unwrap().journal;
    let entries = journal.entries().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].source, "builtin:resonance-breathing");
    assert!(entries[0].completed);
    let answers: Vec<(RateScale, u8)> = entries[0].ratings.iter().map(|r| (r.scale, r.value)).collect();
    assert_eq!(answers, [(RateScale::Stress, 7), (RateScale::Stress, 4)]);
    assert_eq!(entries[0].note.as_deref(), Some("Slower felt easier"));

    // The session now leads the library, for one click next time.
    assert_eq!(h.state().settings().recent, ["builtin:resonance-breathing"]);
    h.get_by_label("Recently played");
    assert_eq!(h.query_all_by_label("Start Resonance breathing, six a minute").count(), 2);
}

#[test]
fn presenter_mode_hides_the_chrome_and_esc_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.state_mut().open(SessionSource::Builtin("resonance-breathing"), true);
    h.run_steps(2);
    assert!(h.query_by_label("Library").is_some());

    h.key_press(Key::F11);
    h.run_steps(1);
    assert!(h.state().is_presenting());
    h.run_steps(1);
    assert!(h.query_by_label("Library").is_none(), "chrome is hidden");
    assert!(h.query_by_label("Play or pause").is_none(), "transport is hidden");
    h.query_by_label("Session progress").expect("the progress bar stays");

    press(&mut h, Key::Escape);
    assert!(!h.state().is_presenting());
    h.get_by_label("Library");
}

#[test]
fn opening_another_script_mid_session_stops_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.state_mut().open(SessionSource::Builtin("resonance-breathing"), true);
    h.run_steps(2);
    h.state_mut().open(SessionSource::Builtin("safe-place"), false);
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Setup(_)));
    assert!(h.state().session().is_none(), "nothing plays behind the setup page");
    let journal = respite::journal::Journal::open(&dir.path().join("data/journal.sqlite")).unwrap().journal;
    let entries = journal.entries().unwrap();
    assert_eq!(entries.len(), 1, "the interrupted session is in the journal");
    assert!(!entries[0].completed);
}

#[test]
fn a_focused_button_gets_enter_and_space() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.state_mut().open(SessionSource::Builtin("resonance-breathing"), true);
    h.run_steps(2);
    h.get_by_label("Restart from the beginning").focus();
    h.run_steps(1);
    press(&mut h, Key::Space);
    assert!(h.state().session().unwrap().player.is_playing(), "Space pressed the focused Restart, not pause");
    press(&mut h, Key::Escape);
    press(&mut h, Key::Space);
    assert!(!h.state().session().unwrap().player.is_playing(), "without focus, Space pauses");
}

#[test]
fn help_overlay_lists_every_shortcut() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    press(&mut h, Key::F1);
    assert!(h.state().help_open());
    for command in Action::bound() {
        let b = command.binding().unwrap();
        assert!(h.query_all_by_label(b.label).count() >= 1, "{} is listed", b.label);
        assert!(h.query_all_by_label(b.keys).count() >= 1, "{} is listed", b.keys);
    }
    h.check_accessibility();
    press(&mut h, Key::Escape);
    assert!(!h.state().help_open());
}

#[test]
fn settings_persist_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    {
        let mut h = harness(dir.path(), &time);
        h.get_by_label("Settings").click();
        h.run_steps(2);
        assert!(matches!(h.state().screen(), Screen::Settings));
        h.check_accessibility();
        h.get_by_label("Dark").click();
        h.run_steps(2);
        h.get_by_label("Reduced: a filling bar and a number").click();
        h.run_steps(2);
        h.get_by_label("Larger").click();
        h.run_steps(3);
    }
    assert!(dir.path().join("config/settings.toml").is_file());
    let h = harness(dir.path(), &time);
    let s = h.state().settings();
    assert_eq!(s.theme, Theme::Dark);
    assert!(s.reduced_motion);
    assert_eq!(s.text_size, respite::app::settings::TextSize::Larger);
}

#[test]
fn a_damaged_settings_file_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(dir.path().join("config/settings.toml"), "theme = \"plaid\"").unwrap();
    let h = harness(dir.path(), &ManualTime::new());
    assert_eq!(h.state().settings().theme, Theme::Light);
    assert!(dir.path().join("config/settings.toml.damaged").is_file());
    let text = h.query_all(By::new().label_contains("settings could not be read")).count();
    assert_eq!(text, 1, "the library says what happened");
}

#[test]
fn a_broken_script_shows_its_error_in_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::write(sessions.join("mine.toml"), "format = 1\ntitle = \"Mine\"\nkind = \"breathin\"\n").unwrap();
    let h = harness(dir.path(), &ManualTime::new());
    h.get_by_label("mine.toml could not be opened");
    let located = h
        .query_all(By::new().label_contains("mine.toml:3:"))
        .filter(|n| n.value().is_some_and(|v| v.contains("error")))
        .count();
    assert_eq!(located, 1, "the error names file, line and column");
    h.check_accessibility();
}

#[test]
fn playing_a_missing_file_lands_in_the_library_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.state_mut().open(SessionSource::File(dir.path().join("gone.toml")), true);
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));
    assert!(h.state().session().is_none());
    h.get_by_label("gone.toml could not be opened");
    assert_eq!(h.query_all(By::new().label_contains("no such file")).count(), 1);
}

#[test]
fn setup_page_adjusts_before_starting() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.get_by_label("Adjust Muscle relaxation, seven groups").click_accesskit();
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Setup(_)));
    h.get_by_label("Before you begin");
    h.check_accessibility();
    h.get_by_label("Dominant leg").click_accesskit();
    h.run_steps(2);
    h.get_by_label("Begin").click_accesskit();
    h.run_steps(2);
    let session = h.state().session().expect("started");
    assert_eq!(session.player.options().skip, vec!["dominant leg".to_string()]);
    assert!(
        session.player.timeline().segments.iter().all(|s| s.kind.group().map(|g| g.name()) != Some("dominant leg"))
    );
}

#[test]
fn an_edited_script_reloads_in_place_and_errors_do_not_stop_playback() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.toml");
    let good = "format = 1\ntitle = \"Demo\"\nkind = \"breathing\"\nsummary = \"A test.\"\n\n[[step]]\nkind = \"say\"\ntext = \"Hello.\"\nseconds = 10\n\n[[step]]\nkind = \"breathe\"\ninhale = 4\nexhale = 6\ncycles = 10\n";
    std::fs::write(&file, good).unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.state_mut().open(SessionSource::File(file.clone()), true);
    h.run_steps(2);
    time.advance(Micros::from_secs(25));
    h.run_steps(2);
    let before = now(&mut h);
    assert_eq!(before.step, 1);

    std::fs::write(&file, good.replace("kind = \"breathe\"", "kind = \"breath\"")).unwrap();
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Action(Action::Reload));
    h.run_steps(2);
    assert!(h.state().session().unwrap().player.is_playing(), "playback goes on");
    let shown = h
        .query_all(By::new().label_contains("demo.toml:"))
        .filter(|n| n.value().is_some_and(|v| v.contains("error")))
        .count();
    assert!(shown >= 1, "the diagnostics are shown");

    std::fs::write(&file, good.replace("Hello.", "Welcome.").replace("cycles = 10", "cycles = 12")).unwrap();
    h.state_mut().apply(&ctx, Command::Action(Action::Reload));
    h.run_steps(2);
    let after = now(&mut h);
    assert_eq!(after.step, 1, "still in the breathing step");
    assert_eq!(after.cycles, Some(12));
    assert!(after.position.0.abs_diff(before.position.0) < 2_000_000);
    assert!(h.state().session().unwrap().diagnostics.is_empty());
    h.get_by_label("Script reloaded");
}

/// A file dropped onto the window, as the windowing backend hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_script_opens_on_the_setup_page_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.toml");
    std::fs::write(&file, respite::script::builtin::find("safe-place").unwrap().text).unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(file.clone())));
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Setup(_)));
    h.get_by_label("Before you begin");
    assert_eq!(h.state().settings().recent, [file.display().to_string()]);

    // A file that is not a script is refused with a note, not opened.
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(dir.path().join("photo.jpg"))));
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));
    assert_eq!(h.query_all(By::new().label_contains("is not a session script")).count(), 1);
    // Listed three times: recently played, the built-in, and under Your sessions.
    assert_eq!(h.query_all_by_label("Start A calm place").count(), 3);
}

#[test]
fn a_damaged_journal_is_set_aside_and_the_user_told() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/journal.sqlite"), vec![0x42u8; 8192]).unwrap();
    let h = harness(dir.path(), &ManualTime::new());
    assert_eq!(h.query_all(By::new().label_contains("practice journal could not be read")).count(), 1);
    let kept = std::fs::read_dir(dir.path().join("data")).unwrap().filter_map(Result::ok);
    assert!(kept.map(|e| e.file_name().to_string_lossy().into_owned()).any(|n| n.starts_with("journal.damaged-")));
}

#[test]
fn a_missing_voice_clip_is_noticed_and_the_session_plays_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("voiced.toml");
    std::fs::write(
        &file,
        "format = 1\ntitle = \"Voiced\"\nkind = \"imagery\"\nsummary = \"S.\"\n\n[[step]]\nkind = \"say\"\ntext = \"Hello there.\"\nvoice = \"voice/hello.ogg\"\nseconds = 5\n",
    )
    .unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.state_mut().open(SessionSource::File(file), true);
    h.run_steps(3);
    assert!(matches!(h.state().screen(), Screen::Player));
    h.get_by_label("Some sounds are missing");
    let warnings = h.state().session().unwrap().sound_warnings().join(" ");
    assert!(warnings.contains("voice/hello.ogg"), "{warnings}");
    // The caption still shows, and time moves on.
    h.get_by_label("Hello there.");
    time.advance(Micros::from_secs(2));
    h.run_steps(2);
    assert!(now(&mut h).position >= Micros::from_secs(2));
}

/// Lets the clock run, a second a frame, until the session ends (at most
/// ten minutes).
fn play_to_the_end(h: &mut Harness<'_, App>, time: &ManualTime) {
    for _ in 0..600 {
        if now(h).finished {
            return;
        }
        time.advance(Micros::from_secs(1));
        h.run_steps(1);
    }
}

/// Plays on to the session's last rating by the clock (not by jumping), so
/// the session meets it as a drowsy listener would.
fn play_into_last_rating(h: &mut Harness<'_, App>, time: &ManualTime) -> Micros {
    let last = {
        let t = h.state().session().unwrap().player.timeline();
        let s = t.segments.iter().rev().find(|s| matches!(s.kind, SegmentKind::Rate(_))).unwrap();
        (s.start, s.end)
    };
    // Jump to just before the last rating, then let time run past its end.
    let to = (last.0.0 as f64 - 1e6) / h.state().session().unwrap().player.timeline().duration.0 as f64;
    h.state_mut().apply(&egui::Context::default(), Command::Seek(to as f32));
    h.run_steps(2);
    for _ in 0..((last.1 - last.0).0 / 500_000 + 6) {
        time.advance(Micros(500_000));
        h.run_steps(1);
    }
    last.1
}

#[test]
fn the_last_rating_waits_for_an_answer_or_a_skip() {
    let dir = tempfile::tempdir().unwrap();
    let time = ManualTime::new();
    let mut h = harness(dir.path(), &time);
    h.get_by_label("Start Resonance breathing, six a minute").click_accesskit();
    h.run_steps(3);
    press(&mut h, Key::Num6);
    press(&mut h, Key::Enter);

    // Time runs on past the last rating's end: the session waits in it.
    let end = play_into_last_rating(&mut h, &time);
    let n = now(&mut h);
    assert!(matches!(n.kind, SegmentKind::Rate(_)), "still on the question: {:?}", n.kind);
    assert!(n.position < end && !n.finished);
    assert!(!h.state().session().unwrap().player.is_playing(), "stopped to wait");
    h.get_by_label("The session waits for your answer.");
    h.get_by_label("Waiting for your answer  ·");
    h.check_accessibility();
    time.advance(Micros::from_secs(120));
    h.run_steps(2);
    assert_eq!(now(&mut h).position, n.position, "it keeps waiting");

    // S skips: the session goes on (here the rating is its last step, so
    // to its end) with no answer.
    press(&mut h, Key::S);
    play_to_the_end(&mut h, &time);
    let n = now(&mut h);
    assert!(
        n.finished,
        "skipped, so the session ends: {:?} {:?} {:?} playing {}",
        n.kind,
        n.position,
        n.duration,
        h.state().session().unwrap().player.is_playing()
    );
    assert_eq!(h.state().session().unwrap().ratings.len(), 1);

    // Play again: the last rating is asked, and waits, again; answered with
    // the mouse, Continue plays on.
    h.get_by_label("Play again").click();
    h.run_steps(2);
    play_into_last_rating(&mut h, &time);
    assert!(!h.state().session().unwrap().player.is_playing(), "waits again after a restart");
    h.get_by_label("Skip").click();
    h.run_steps(1);
    assert!(now(&mut h).finished, "the Skip button goes on too");
    h.run_steps(2);
    h.get_by_label("Play again").click_accesskit();
    h.run_steps(2);
    play_into_last_rating(&mut h, &time);
    h.get_by_label("Rate 3").click();
    h.run_steps(2);
    h.get_by_label("Continue").click();
    h.run_steps(2);
    assert!(now(&mut h).finished, "Continue goes on after the wait");
    h.get_by_label("Stress: 6 before, 3 after");
}
