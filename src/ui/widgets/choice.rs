//! A button that stays pressed while its option is chosen: for themes,
//! text sizes and the volume panel. Chosen, it is filled with the strong
//! accent and its text switches colour, so it stays readable (4.5:1).

use egui::{Button, Response, RichText, Role, Ui, WidgetInfo};

use crate::ui::style::theme::Look;

pub fn choice(ui: &mut Ui, selected: bool, label: &str, look: &Look) -> Response {
    let p = &look.palette;
    let (text, fill) = if selected { (p.on_accent, p.accent_strong) } else { (p.text, p.surface_alt) };
    let response = ui.add(Button::new(RichText::new(label).color(text)).fill(fill).min_size(egui::vec2(0.0, 44.0)));
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, label));
    response
}
