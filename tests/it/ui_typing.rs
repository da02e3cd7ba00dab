//! Typing in a text field types: a letter key that is also a shortcut
//! (R restarts, M mutes, ? opens the help, + is faster) goes into the
//! field, not to the shortcut, as a real keyboard sends it (the key press
//! and then its text). Ctrl shortcuts and Esc still work.

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use respite::player::ManualTime;
use respite::ui::App;

use crate::support::harness;

/// Types `text` as a keyboard does: for each character its key goes down,
/// the character arrives as text, and the key comes up.
fn type_on_keyboard(h: &mut Harness<'_, App>, text: &str) {
    for c in text.chars() {
        let key = Key::from_name(&c.to_string());
        if let Some(key) = key {
            h.event(Event::Key { key, physical_key: None, pressed: true, repeat: false, modifiers: Modifiers::NONE });
        }
        h.event(Event::Text(c.to_string()));
        if let Some(key) = key {
            h.event(Event::Key { key, physical_key: None, pressed: false, repeat: false, modifiers: Modifiers::NONE });
        }
        h.run_steps(1);
    }
}

#[test]
fn letters_typed_in_the_search_field_are_words_not_shortcuts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path(), &ManualTime::new());
    h.get_by_label("Find by word").focus();
    h.run_steps(1);
    type_on_keyboard(&mut h, "rm?+");
    h.run_steps(2);
    assert!(!h.state().help_open(), "? went into the field, not to the help");
    assert!(h.query_all_by_value("rm?+").next().is_some(), "the field holds what was typed");

    // Esc still lets go of the field, and then ? opens the help.
    h.key_press(Key::Escape);
    h.run_steps(2);
    type_on_keyboard(&mut h, "?");
    h.run_steps(2);
    assert!(h.state().help_open(), "outside a field, ? opens the help");
}
