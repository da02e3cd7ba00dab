//! The scrolling, centred column that the library and journal pages share.
//! Page Up/Down scroll it, and so do the arrow keys while no control has
//! the focus.

use egui::{Key, ScrollArea, Ui};

/// How far one arrow key scrolls, in points.
const LINE: f32 = 60.0;

/// Lays `add` out in a column at most `max_width` wide, centred, in a
/// vertical scroll area that fills the page.
pub fn column(ui: &mut Ui, max_width: f32, add: impl FnOnce(&mut Ui)) {
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        keyboard_scroll(ui);
        let width = ui.available_width().min(max_width);
        let side = ((ui.available_width() - width) * 0.5).max(0.0);
        ui.horizontal(|ui| {
            ui.add_space(side);
            ui.vertical(|ui| {
                ui.set_width(width);
                add(ui);
            });
        });
    });
}

fn keyboard_scroll(ui: &Ui) {
    let page = ui.clip_rect().height() * 0.8;
    let focused = ui.memory(|m| m.focused().is_some());
    let delta = ui.input(|i| {
        let pressed = |k: Key| if i.key_pressed(k) { 1.0 } else { 0.0 };
        let arrows = if focused { 0.0 } else { (pressed(Key::ArrowUp) - pressed(Key::ArrowDown)) * LINE };
        arrows + (pressed(Key::PageUp) - pressed(Key::PageDown)) * page
    });
    if delta != 0.0 {
        ui.scroll_with_delta(egui::vec2(0.0, delta));
    }
}
