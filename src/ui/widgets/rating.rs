//! A 0–10 rating step: the question, eleven large buttons with the two
//! anchor words beneath, and Continue. Answerable with the mouse or the
//! number keys (1 then 0 gives 10); Enter continues. The session's last
//! rating waits for its answer, with a Skip beside Continue.

use egui::{Align, Button, Layout, RichText, Ui, Vec2};

use crate::script::RateScale;
use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

/// The rating a number key leads to, given the current choice: digits pick
/// 0–9, and a 0 straight after a 1 makes 10.
pub fn after_key(current: Option<u8>, digit: u8) -> u8 {
    match (current, digit) {
        (Some(1), 0) => 10,
        (_, d) => d.min(9),
    }
}

/// Where the listener is with a rating step.
#[derive(Debug, Clone, Copy, Default)]
pub struct Answering {
    /// The answer given so far.
    pub chosen: Option<u8>,
    /// The session has stopped to wait for this answer.
    pub waiting: bool,
}

pub fn show(ui: &mut Ui, scale: RateScale, question: &str, answering: Answering, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let chosen = answering.chosen;
    let question = if question.is_empty() { scale.default_question() } else { question };
    let (low, high) = scale.anchors();
    let cell = (64.0 * look.scale).min((ui.available_width() - 11.0 * 10.0) / 11.0).max(40.0);
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.12);
        ui.label(RichText::new(question).font(look.font(font::QUESTION)));
        ui.add_space(space::XL);
        let row = 11.0 * cell + 10.0 * 10.0;
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = space::XS;
            ui.add_space(((ui.available_width() - row) * 0.5).max(0.0));
            for n in 0..=10u8 {
                let selected = chosen == Some(n);
                let text = RichText::new(n.to_string()).font(look.font(font::EMPHASIS));
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
        ui.add_space(space::XL);
        let label = RichText::new(Action::Continue.label().replace(" after a rating", "")).font(look.font(font::BODY));
        let label = if chosen.is_some() { label.color(p.on_accent) } else { label };
        let mut b = Button::new(label).min_size(Vec2::new(200.0, 56.0) * look.scale.sqrt());
        if chosen.is_some() {
            b = b.fill(p.accent_strong);
        }
        let skip = Button::new(RichText::new("Skip").font(look.font(font::BODY)))
            .min_size(Vec2::new(140.0, 56.0) * look.scale.sqrt());
        if answering.waiting && chosen.is_none() {
            let width = 200.0 * look.scale.sqrt() + 140.0 * look.scale.sqrt() + space::M;
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - width) * 0.5).max(0.0));
                ui.spacing_mut().item_spacing.x = space::M;
                if ui.add_enabled(false, b).on_disabled_hover_text("Choose a number first").clicked() {
                    out.push(Command::Action(Action::Continue));
                }
                if ui.add(skip).on_hover_text(format!("{} (S)", Action::SkipRating.label())).clicked() {
                    out.push(Command::Action(Action::SkipRating));
                }
            });
            ui.add_space(space::XS);
            ui.label(RichText::new("The session waits for your answer.").color(p.muted));
        } else if ui.add_enabled(chosen.is_some(), b).on_hover_text("Enter").clicked() {
            out.push(Command::Action(Action::Continue));
        }
        ui.add_space(space::XS);
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
