//! Asked when the window is closed while the journal has not taken some
//! practice (a full disk): closing would lose it, so the user chooses to
//! try again, keep Respite open, or close anyway. "Nothing lost" unless
//! they say so.

use egui::{Frame, Id, Label, Margin, Modal, RichText};

use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

/// `sessions`: how many sessions' practice is not recorded yet.
pub fn show(ctx: &egui::Context, sessions: usize, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    // Shown in the last pass too, or just opened (then "Try again" takes
    // the keyboard, so Enter is the safe choice whatever had it before).
    let shown_id = Id::unique("respite-closing-shown");
    let pass = ctx.cumulative_pass_nr();
    let opened = ctx.data(|d| d.get_temp::<u64>(shown_id)) != Some(pass.saturating_sub(1));
    ctx.data_mut(|d| d.insert_temp(shown_id, pass));
    let frame = Frame::popup(&ctx.global_style()).inner_margin(Margin::same(32)).corner_radius(20);
    let response = Modal::new(Id::unique("respite-closing")).frame(frame).show(ctx, |ui| {
        ui.set_max_width(560.0);
        ui.label(RichText::new("Your practice is not recorded yet").font(look.font(font::HEADING)));
        ui.add_space(space::XS);
        let what =
            if sessions == 1 { "One session's practice".to_owned() } else { format!("{sessions} sessions' practice") };
        let why = format!(
            "{what} is waiting: the journal cannot take it just now (the disk may be full). Free some space and \
             try again. If Respite closes now, it is lost."
        );
        ui.add(Label::new(RichText::new(why).color(p.text)).wrap());
        ui.add_space(space::M);
        ui.horizontal_wrapped(|ui| {
            let again = ui.button(Action::RecordAgain.label());
            if again.clicked() {
                out.push(Action::RecordAgain.into());
            }
            if ui.button(Action::KeepOpen.label()).clicked() {
                out.push(Action::KeepOpen.into());
            }
            if ui.button(RichText::new(Action::CloseAnyway.label()).color(p.warn)).clicked() {
                out.push(Action::CloseAnyway.into());
            }
            if opened {
                again.request_focus();
            }
        });
    });
    if response.should_close() {
        out.push(Action::KeepOpen.into());
    }
}
