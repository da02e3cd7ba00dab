//! The library with a big sessions folder: a long section lays out only
//! the rows on screen, and scrolling brings every card in, ready to start.

use egui::Key;
use egui_kittest::kittest::Queryable;
use respite::app::SessionSource;
use respite::player::ManualTime;
use respite::script::builtin;

use crate::support::harness;

#[test]
fn a_long_sessions_folder_shows_the_cards_on_screen_and_scrolls_to_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("data/sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let box_breathing = builtin::ALL.iter().find(|b| b.name == "box-breathing").unwrap();
    for i in 0..120 {
        let text = box_breathing.text.replacen("title = \"", &format!("title = \"Mine {i:03} "), 1);
        std::fs::write(sessions.join(format!("mine-{i:03}.toml")), text).unwrap();
    }
    let mut h = harness(dir.path(), &ManualTime::new());
    let last = |h: &egui_kittest::Harness<'_, respite::ui::App>| {
        h.query_all(egui_kittest::kittest::By::new().label_contains("Start Mine 119")).count()
    };
    assert_eq!(last(&h), 0, "a card far down a long section is not laid out");
    for _ in 0..200 {
        h.key_press(Key::PageDown);
        h.run_steps(1);
        if last(&h) > 0 {
            break;
        }
    }
    assert_eq!(last(&h), 1, "scrolling down brings the last card in");
    for _ in 0..3 {
        h.key_press(Key::PageDown);
        h.run_steps(1);
    }
    assert_eq!(last(&h), 1, "at the end of the page, the last card is still there");
    h.get_by_label_contains("Start Mine 119").click();
    h.run_steps(2);
    let spec = h.state().session().map(|s| s.source.spec());
    assert_eq!(spec, Some(SessionSource::File(sessions.join("mine-119.toml")).spec()));
}
