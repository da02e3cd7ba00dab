//! The player page: a quiet top bar, the pacer in the middle, and the
//! progress bar and transport at the bottom. In presenter mode only the
//! pacer and a thin progress bar remain, scaled up for a projector.

use egui::{Align, Button, CentralPanel, Frame, Layout, Margin, Panel, RichText, Ui};

use crate::app::session::Session;
use crate::audio::Bus;
use crate::player::{Now, SoundStatus};
use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::pacer;
use crate::ui::widgets::progress;
use crate::ui::widgets::rating;
use crate::ui::widgets::transport;

/// Page-level switches the app keeps.
pub struct Chrome<'a> {
    pub presenter: bool,
    pub sound_open: &'a mut bool,
    /// The note being written on the end screen.
    pub note: &'a mut NoteDraft,
}

/// A note for the session just finished, before and after it is saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteDraft {
    pub text: String,
    /// The journal holds `text` as the session's note.
    pub saved: bool,
    /// Why the journal did not take the note, the last time it was saved.
    pub problem: Option<String>,
}

pub fn show(ui: &mut Ui, session: &Session, now: &Now, look: &Look, chrome: Chrome<'_>, out: &mut Vec<Command>) {
    let p = look.palette;
    let margin = Margin::symmetric(28, 16);
    if !chrome.presenter {
        Panel::top("player-top").frame(Frame::new().inner_margin(margin)).show(ui, |ui| {
            top_bar(ui, session, now, look, out);
        });
    }
    if !session.diagnostics.is_empty() {
        Panel::top("player-diagnostics").frame(Frame::new().fill(p.surface).inner_margin(margin)).show(ui, |ui| {
            ui.label(
                RichText::new("The script on disk has problems; the last good version keeps playing:").color(p.warn),
            );
            for line in &session.diagnostics {
                ui.label(RichText::new(line).monospace().color(p.warn));
            }
        });
    }
    Panel::bottom("player-bottom").frame(Frame::new().inner_margin(Margin::symmetric(40, 18))).show(ui, |ui| {
        progress::show(ui, session.player.timeline(), now.position, look, out);
        if !chrome.presenter {
            let state = transport::State {
                playing: session.player.is_playing(),
                tempo: session.player.tempo(),
                muted: session.player.is_muted(),
                volumes: Bus::ALL.map(|b| (b, session.player.volume(b))),
                sound_open: *chrome.sound_open,
            };
            *chrome.sound_open = transport::show(ui, &state, look, out);
        }
    });
    CentralPanel::default().frame(Frame::new().inner_margin(Margin::symmetric(32, 12))).show(ui, |ui| {
        let area = ui.max_rect();
        if now.finished {
            finished(ui, session, chrome.note, look, out);
        } else {
            let timeline = session.player.timeline();
            let upcoming = now.segment.and_then(|i| timeline.segments.get(i + 1)).and_then(|s| s.kind.group());
            let answering = rating::Answering {
                chosen: session.current_rating(now),
                waiting: session.waiting_for_last_rating(now),
            };
            pacer::show(ui, now, upcoming, answering, look, out);
            if chrome.presenter && !session.player.is_playing() {
                // Painted in the corner, so the pacer does not move.
                let at = area.left_top() + egui::vec2(8.0, 4.0);
                ui.painter().text(at, egui::Align2::LEFT_TOP, PAUSED, look.font(font::BADGE), p.muted);
            }
        }
    });
}

const PAUSED: &str = "Paused";

fn top_bar(ui: &mut Ui, session: &Session, now: &Now, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.horizontal(|ui| {
        if ui.button("Library").on_hover_text("End the session and go back to the library").clicked() {
            out.push(Command::Action(Action::EndSession));
        }
        ui.add_space(space::S);
        // The right-hand controls are laid out first; the title takes what
        // is left and is shortened with an ellipsis rather than overlap.
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.button("?").on_hover_text("Keyboard shortcuts (F1)").clicked() {
                out.push(Command::Action(Action::ToggleHelp));
            }
            if ui.button("Full screen").on_hover_text(Action::TogglePresenter.label()).clicked() {
                out.push(Command::Action(Action::TogglePresenter));
            }
            if matches!(session.source, crate::app::SessionSource::Builtin(_))
                && ui
                    .button(Action::CopySession.label())
                    .on_hover_text(
                        "Copy this session into your sessions folder, to change it and record it in your voice",
                    )
                    .clicked()
            {
                out.push(Command::Action(Action::CopySession));
            }
            let status = session.player.sound_status();
            if let Some(notice) = status.notice() {
                if matches!(status, SoundStatus::NoSound(_))
                    && ui.button(Action::RetrySound.label()).on_hover_text("Look for a sound device again").clicked()
                {
                    out.push(Command::Action(Action::RetrySound));
                }
                let pill = egui::Frame::new()
                    .stroke(egui::Stroke::new(1.5, p.muted))
                    .corner_radius(14)
                    .inner_margin(Margin::symmetric(14, 5));
                let headline = match status {
                    SoundStatus::NoSound(_) => "Playing without sound".to_string(),
                    _ => notice.clone(),
                };
                let reason = match status.reason() {
                    Some(r) => format!("{notice}\n({r})"),
                    None => notice,
                };
                pill.show(ui, |ui| ui.label(headline)).response.on_hover_text(reason);
            }
            let warnings = session.sound_warnings();
            if !warnings.is_empty() {
                let pill = egui::Frame::new()
                    .stroke(egui::Stroke::new(1.5, p.muted))
                    .corner_radius(14)
                    .inner_margin(Margin::symmetric(14, 5));
                pill.show(ui, |ui| ui.label("Some sounds are missing")).response.on_hover_text(warnings.join("\n"));
            }
            if session.reloaded && session.diagnostics.is_empty() {
                ui.label(RichText::new("Script reloaded").color(p.muted));
            }
            ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                // Paused comes first, so a long title cannot push it out of sight.
                if session.waiting_for_last_rating(now) {
                    ui.label(RichText::new("Waiting for your answer  ·").color(p.muted));
                } else if !session.player.is_playing() && !now.finished {
                    ui.label(RichText::new(format!("{PAUSED}  ·")).color(p.muted));
                }
                ui.add(egui::Label::new(RichText::new(&session.script().title).font(look.font(font::BODY))).truncate());
            });
        });
    });
}

fn finished(ui: &mut Ui, session: &Session, note: &mut NoteDraft, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    // With a note field the page is taller: less space on top, and it
    // scrolls rather than run under the transport bar at large text sizes.
    let top = if session.journal_id.is_some() { space::M } else { ui.available_height() * 0.18 };
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(top);
            ui.label(RichText::new("Session complete").font(look.font(font::DISPLAY)));
            ui.add_space(space::XS);
            ui.label(RichText::new(&session.script().ending).font(look.font(font::BODY)).color(p.muted));
            ui.add_space(space::L);
            for (scale, values) in session.changes() {
                ui.label(RichText::new(Session::change_line(scale, &values)).font(look.font(font::EMPHASIS)));
            }
            ui.add_space(space::XL);
            ui.horizontal(|ui| {
                ui.add_space((ui.available_width() - 420.0).max(0.0) * 0.5);
                if ui.add(Button::new("Play again").min_size(egui::vec2(180.0, 52.0))).clicked() {
                    out.push(Command::Action(Action::Restart));
                }
                let back = Button::new(RichText::new("Back to library").color(p.on_accent))
                    .fill(p.accent_strong)
                    .min_size(egui::vec2(200.0, 52.0));
                if ui.add(back).clicked() {
                    out.push(Command::Action(Action::EndSession));
                }
            });
            // Below the buttons, so finishing stays one click where it was.
            if let Some(id) = session.journal_id {
                ui.add_space(space::L);
                note_field(ui, id, note, look, out);
            }
        })
    });
}

/// "A note for your journal", optional, saved when asked.
fn note_field(ui: &mut Ui, id: crate::journal::SessionId, note: &mut NoteDraft, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let label = ui.label(RichText::new("A note for your journal, if you like").color(p.muted));
    let field = egui::TextEdit::multiline(&mut note.text).desired_rows(2).desired_width(420.0);
    let response = ui.add(field).labelled_by(label.id);
    if response.changed() {
        note.saved = false;
    }
    ui.horizontal(|ui| {
        ui.add_space((ui.available_width() - 420.0).max(0.0) * 0.5);
        if ui.button("Save note").clicked() {
            out.push(Command::SaveNote(id, note.text.clone()));
        }
        if note.saved {
            ui.label(RichText::new("Saved in your journal.").color(p.muted));
        }
    });
    if let Some(problem) = &note.problem {
        ui.add(egui::Label::new(RichText::new(problem).color(p.warn)).wrap());
    }
}
