//! The journal page through the app with egui_kittest: seeded sessions shown
//! newest first with before → after ratings, the empty and unreadable states,
//! the keys in and out, and the CSV export written safely.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use respite::app::Places;
use respite::journal::{Journal, export_csv};
use respite::player::ManualTime;
use respite::script::RateScale;
use respite::ui::pages::journal::{JournalPage, write_csv};
use respite::ui::{App, Screen};

use crate::support;

fn harness(root: &std::path::Path) -> Harness<'static, App> {
    support::harness(root, &ManualTime::new())
}

/// A journal where the app keeps it: a finished session rated before and
/// after, then a session stopped early without ratings.
fn seed(root: &std::path::Path) -> Journal {
    let journal = Journal::open(&Places::under(root).journal_file()).unwrap().journal;
    let box_breathing = journal.start_session("builtin:box-breathing", "Box breathing").unwrap();
    journal.rate(box_breathing, 0, RateScale::Pain, 7).unwrap();
    journal.rate(box_breathing, 1, RateScale::Stress, 6).unwrap();
    journal.rate(box_breathing, 8, RateScale::Pain, 5).unwrap();
    journal.progress(box_breathing, 600.0, true).unwrap();
    let safe_place = journal.start_session("builtin:safe-place", "A safe place").unwrap();
    journal.progress(safe_place, 130.0, false).unwrap();
    journal
}

fn is_journal(h: &Harness<'_, App>) -> bool {
    matches!(h.state().screen(), Screen::Journal(_))
}

#[test]
fn the_journal_shows_sessions_newest_first_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    drop(seed(dir.path()));
    let mut h = harness(dir.path());
    h.get_by_label("Journal").click();
    h.run_steps(3);
    assert!(is_journal(&h));
    h.check_accessibility();

    h.get_by_label("Your journal");
    h.get_by_label("2 sessions and 12 minutes of practice in the last 30 days.");
    let first = h.get_by_label("A safe place").rect().top();
    let second = h.get_by_label("Box breathing").rect().top();
    assert!(first < second, "newest first");
    h.get_by_label("Pain: 7 before, 5 after");
    assert_eq!(h.query_all(By::new().label_contains("Stress")).count(), 0, "a scale rated once has no before → after");
    assert_eq!(h.query_all(By::new().label_contains("Finished · 10 min")).count(), 1);
    assert_eq!(h.query_all(By::new().label_contains("Stopped after 2 min")).count(), 1);

    h.get_by_label("Export CSV…");
    h.get_by_label("Library").click();
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));

    // The keys: Ctrl+J opens it, Esc goes back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    h.run_steps(2);
    assert!(is_journal(&h));
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(matches!(h.state().screen(), Screen::Library));
}

#[test]
fn a_session_played_in_the_app_appears_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.get_by_label("Start Resonance breathing, six a minute").click_accesskit();
    h.run_steps(3);
    h.key_press(Key::Num7);
    h.run_steps(2);
    h.get_by_label("Library").click();
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    h.run_steps(2);
    assert!(is_journal(&h));
    h.get_by_label("Resonance breathing, six a minute");
    assert_eq!(h.query_all(By::new().label_contains("Stopped in the first minute")).count(), 1);
    h.get_by_label("1 session in the last 30 days.");
}

#[test]
fn an_empty_journal_says_how_it_fills() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.get_by_label("Journal").click();
    h.run_steps(2);
    h.get_by_label("Nothing here yet, and that is fine.");
    assert_eq!(h.query_all(By::new().label_contains("Each session you play is kept here")).count(), 1);
    assert!(h.query_by_label("Export CSV…").is_none(), "nothing to export");
    h.check_accessibility();
}

#[test]
fn a_journal_that_cannot_be_opened_says_why_in_the_view() {
    let dir = tempfile::tempdir().unwrap();
    // The data folder is a file: the journal cannot be created there.
    std::fs::write(dir.path().join("data"), "not a folder").unwrap();
    let mut h = harness(dir.path());
    h.key_press_modifiers(Modifiers::COMMAND, Key::J);
    h.run_steps(2);
    assert!(is_journal(&h));
    h.get_by_label("Your journal cannot be shown just now");
    assert_eq!(h.query_all(By::new().label_contains("could not be opened: cannot create")).count(), 1);
    h.check_accessibility();
    assert_eq!(std::fs::read_to_string(dir.path().join("data")).unwrap(), "not a folder", "nothing was touched");
}

#[test]
fn the_export_is_the_journal_as_csv_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let entries = seed(dir.path()).entries().unwrap();
    let out = dir.path().join("respite-journal.csv");
    std::fs::write(&out, "an older export").unwrap();
    write_csv(&out, &entries).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), export_csv(&entries));
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");

    // A folder that is not there: an error to show, and nothing left behind.
    let mut page = JournalPage::new(Ok(entries), None, respite::journal::Timestamp::now());
    page.export(&dir.path().join("gone/respite-journal.csv"));
    let failed = page.exported.clone().unwrap().unwrap_err();
    assert!(failed.starts_with("Could not save ") && failed.contains("gone"), "{failed}");
    assert!(!dir.path().join("gone").exists());
    page.export(&out);
    assert_eq!(page.exported.unwrap().unwrap(), format!("Saved 2 sessions to {}", out.display()));
}
