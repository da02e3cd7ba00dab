//! The help overlay (F1 or ?): every command that has a shortcut, listed
//! from the same `Command` table that handles the keys.

use egui::{Frame, Grid, Id, Margin, Modal, RichText, ScrollArea};

use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

pub fn show(ctx: &egui::Context, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    let frame = Frame::popup(&ctx.global_style()).inner_margin(Margin::same(32)).corner_radius(20);
    let response = Modal::new(Id::unique("respite-help")).frame(frame).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.label(RichText::new("Keyboard shortcuts").font(look.font(font::HEADING)));
        ui.add_space(space::XS);
        let height = (ctx.content_rect().height() - 220.0).max(160.0);
        ScrollArea::vertical().max_height(height).show(ui, |ui| {
            Grid::new("shortcuts").num_columns(2).spacing([36.0, 10.0]).show(ui, |ui| {
                for command in Action::bound() {
                    let Some(b) = command.binding() else { continue };
                    ui.label(RichText::new(b.keys).color(p.muted));
                    ui.label(b.label);
                    ui.end_row();
                }
            });
        });
        ui.add_space(space::M);
        if ui.button("Close").clicked() {
            out.push(Command::Action(Action::ToggleHelp));
        }
    });
    if response.should_close() {
        out.push(Command::Action(Action::Escape));
    }
}
