//! A 0–10 rating step: the question, eleven large buttons with the two
//! anchor words beneath, and Continue. Answerable with the mouse or the
//! number keys (1 then 0 gives 10); Enter continues.

use egui::{Align, Button, Layout, RichText, Ui, Vec2};

use super::commands::Command;
use super::theme::Look;
use crate::script::RateScale;

/// The rating a number key leads to, given the current choice: digits pick
/// 0–9, and a 0 straight after a 1 makes 10.
pub fn after_key(current: Option<u8>, digit: u8) -> u8 {
    match (current, digit) {
        (Some(1), 0) => 10,
        (_, d) => d.min(9),
    }
}

pub fn show(
    ui: &mut Ui,
    scale: Option<RateScale>,
    question: &str,
    chosen: Option<u8>,
    look: &Look,
    out: &mut Vec<Command>,
) {
    let p = &look.palette;
    let question = if question.is_empty() {
        scale.map_or("How do you feel right now?", |s| s.default_question())
    } else {
        question
    };
    let (low, high) = scale.map_or(("lowest", "highest"), |s| s.anchors());
    let cell = (64.0 * look.scale).min((ui.available_width() - 11.0 * 10.0) / 11.0).max(40.0);
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.12);
        ui.label(RichText::new(question).font(look.font(32.0)));
        ui.add_space(28.0);
        let row = 11.0 * cell + 10.0 * 10.0;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            ui.add_space(((ui.available_width() - row) * 0.5).max(0.0));
            for n in 0..=10u8 {
                let selected = chosen == Some(n);
                let text = RichText::new(n.to_string()).font(look.font(24.0));
                let text = if selected { text.color(p.on_accent) } else { text };
                let mut b = Button::new(text).min_size(Vec2::splat(cell)).corner_radius(cell * 0.5);
                if selected {
                    b = b.fill(p.accent_strong);
                }
                let r = ui.add(b).on_hover_text(format!("{n} out of 10"));
                r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, format!("Rate {n}")));
                if r.clicked() {
                    out.push(Command::Rate(n));
                }
            }
        });
        ui.horizontal(|ui| {
            let indent = ((ui.available_width() - row) * 0.5).max(0.0);
            ui.add_space(indent);
            ui.allocate_ui_with_layout(Vec2::new(row, 24.0), Layout::left_to_right(Align::Center), |ui| {
                ui.label(RichText::new(format!("0 · {low}")).color(p.muted));
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(RichText::new(format!("{high} · 10")).color(p.muted));
                });
            });
        });
        ui.add_space(32.0);
        let label = RichText::new(Command::Continue.label().replace(" after a rating", "")).font(look.font(22.0));
        let label = if chosen.is_some() { label.color(p.on_accent) } else { label };
        let mut b = Button::new(label).min_size(Vec2::new(200.0, 56.0) * look.scale.sqrt());
        if chosen.is_some() {
            b = b.fill(p.accent_strong);
        }
        if ui.add_enabled(chosen.is_some(), b).on_hover_text("Enter").clicked() {
            out.push(Command::Continue);
        }
        ui.add_space(10.0);
        ui.label(RichText::new("Press a number key, or click. 1 then 0 gives 10.").color(p.muted));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_keys_reach_every_value() {
        assert_eq!(after_key(None, 7), 7);
        assert_eq!(after_key(Some(1), 0), 10);
        assert_eq!(after_key(Some(10), 0), 0);
        assert_eq!(after_key(Some(3), 0), 0);
        assert_eq!(after_key(Some(10), 4), 4);
    }
}
