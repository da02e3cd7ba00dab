//! The help overlay (F1 or ?): every command that has a shortcut, listed
//! from the same `Command` table that handles the keys.

use egui::{Grid, Id, Modal, RichText};

use super::commands::Command;
use super::theme::Look;

pub fn show(ctx: &egui::Context, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    let response = Modal::new(Id::unique("respite-help")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.label(RichText::new("Keyboard shortcuts").font(look.font(30.0)));
        ui.add_space(12.0);
        Grid::new("shortcuts").num_columns(2).spacing([32.0, 12.0]).show(ui, |ui| {
            for command in Command::bound() {
                let Some(b) = command.binding() else { continue };
                ui.label(RichText::new(b.keys).strong().color(p.text));
                ui.label(b.label);
                ui.end_row();
            }
        });
        ui.add_space(16.0);
        if ui.button("Close").clicked() {
            out.push(Command::ToggleHelp);
        }
    });
    if response.should_close() {
        out.push(Command::Escape);
    }
}
