//! The app's closing question, driven with egui_kittest: closing while
//! the journal cannot take practice asks first, and each choice does
//! what it says.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{App, Config};
use crate::app::Places;
use crate::player::{ManualTime, Output};

fn harness(root: &std::path::Path) -> Harness<'static, App> {
    let time = ManualTime::new();
    let config = Config { places: Places::under(root), output: Box::new(move || Output::Manual(time.clone())) };
    let mut h =
        Harness::builder().with_size([1180.0, 820.0]).build_ui_state(|ui, app: &mut App| app.ui(ui), App::new(config));
    h.run_steps(3);
    h
}

/// Starts a session (its first step asks for a rating).
fn started(h: &mut Harness<'static, App>) {
    h.get_by_label("Start Resonance breathing, six a minute").click_accesskit();
    h.run_steps(3);
}

/// Starts a session, then makes the journal refuse writes and gives a
/// rating it cannot take.
fn rated_on_a_full_disk(h: &mut Harness<'static, App>) {
    started(h);
    h.state().practice.refuse_writes(true);
    h.key_press(Key::Num7);
    h.run_steps(2);
}

#[test]
fn closing_with_nothing_waiting_closes_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    started(&mut h);
    assert!(h.state_mut().may_close());
    assert_eq!(h.state().closing(), None);
}

#[test]
fn closing_with_practice_not_recorded_asks_and_try_again_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    rated_on_a_full_disk(&mut h);

    assert!(!h.state_mut().may_close(), "the window stays open");
    h.run_steps(2);
    assert_eq!(h.state().closing(), Some(1));
    h.get_by_label("Your practice is not recorded yet");
    h.check_accessibility();

    // Still full: trying again keeps the question up.
    h.get_by_label("Try again").click();
    h.run_steps(2);
    assert_eq!(h.state().closing(), Some(1));

    // Esc keeps Respite open, the session still there.
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.state().closing(), None);
    assert!(h.state().session().is_some());

    // Space is freed: trying again writes it all, then closes.
    assert!(!h.state_mut().may_close());
    h.run_steps(2);
    h.state().practice.refuse_writes(false);
    h.get_by_label("Try again").click();
    h.run_steps(2);
    assert_eq!(h.state().closing(), None);
    assert!(h.state_mut().may_close(), "closing now");
    let entries = h.state().practice.entries().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].ratings.iter().map(|r| r.value).collect::<Vec<_>>(), [7]);
}

#[test]
fn a_session_ended_on_a_full_disk_is_still_asked_about_and_close_anyway_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    rated_on_a_full_disk(&mut h);
    h.get_by_label("Library").click();
    h.run_steps(3);
    assert!(h.state().session().is_none(), "the session ended");
    assert!(!h.state_mut().may_close(), "what it left is kept and asked about");
    h.run_steps(2);
    assert_eq!(h.state().closing(), Some(1));
    h.get_by_label("Close anyway").click();
    h.run_steps(2);
    assert_eq!(h.state().closing(), None);
    assert!(h.state_mut().may_close(), "the user chose to close");
}
