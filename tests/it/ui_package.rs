//! A package dropped onto the window (as a file manager or a double-click
//! hands it over): installed into the sessions folder and opened on the
//! setup page, listed under Your sessions; a hostile one refused with a
//! notice that says why, and nothing installed.

use egui::Key;
use egui_kittest::kittest::{By, Queryable};
use respite::player::ManualTime;
use respite::ui::Screen;

use crate::support::package::therapist_session;
use crate::support::{Dropped, harness};

#[test]
fn a_dropped_package_is_installed_and_opens_ready_to_begin() {
    let made = tempfile::tempdir().unwrap();
    let script = therapist_session(made.path());
    let package = made.path().join("calm.respite");
    respite::package::pack(&script, &package, Default::default(), |_| {}).unwrap();

    let home = tempfile::tempdir().unwrap();
    let mut h = harness(home.path(), &ManualTime::new());
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(package.clone())));
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Setup(_)));
    // The setup page of the installed session, ready to begin.
    h.get_by_label("Calm at home");
    h.get_by_label("Begin");
    let installed = home.path().join("data/sessions/Calm at home/calm.toml");
    assert_eq!(std::fs::read(&installed).unwrap(), std::fs::read(&script).unwrap());

    h.key_press(Key::Escape);
    h.run_steps(2);
    assert_eq!(h.query_all(By::new().label_contains("Installed “Calm at home” into your sessions.")).count(), 1);
    // Under Your sessions and, as it was opened, Recently played.
    assert_eq!(h.query_all_by_label("Start Calm at home").count(), 2);

    // Dropped again: the same package opens what is there, no copy.
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(package)));
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Setup(_)));
    let folders = std::fs::read_dir(home.path().join("data/sessions")).unwrap().count();
    assert_eq!(folders, 1);
}

#[test]
fn a_hostile_package_is_refused_with_its_reason() {
    let made = tempfile::tempdir().unwrap();
    let package = made.path().join("gift.respite");
    std::fs::write(&package, b"MZ\x90\0 this is a program, not a package").unwrap();
    let home = tempfile::tempdir().unwrap();
    let mut h = harness(home.path(), &ManualTime::new());
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(package)));
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));
    let refusal = "cannot open gift.respite: it is not a Respite package";
    assert_eq!(h.query_all(By::new().label_contains(refusal)).count(), 1);
    let sessions = home.path().join("data/sessions");
    assert_eq!(std::fs::read_dir(&sessions).map(Iterator::count).unwrap_or(0), 0, "nothing installed");
}
