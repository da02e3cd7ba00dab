//! The journal page: the practice so far, newest first, in large calm type;
//! a summary and the days with practice on top, plots of ratings and
//! minutes (each with its text), each session as a card with its before →
//! after ratings and its note (written here too), and an export and a
//! report for a spreadsheet or a therapist.

pub mod plots;
pub mod state;

pub use state::{JournalPage, write_csv};

use egui::{Align, Button, Frame, Label, Layout, Margin, RichText, TextEdit, Ui};

use crate::journal::Entry;
use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::before_after;
use crate::ui::widgets::page;
use state::{NoteEdit, changes, outcome};

/// Widest the column of cards gets, in points: narrower than the library,
/// one card to a row.
const COLUMN: f32 = 860.0;

pub fn show(ui: &mut Ui, page: &mut JournalPage, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    page::column(ui, COLUMN, |ui| {
        ui.add_space(space::XL);
        header(ui, page, look, out);
        match &page.exported {
            Some(Ok(saved)) => {
                ui.add(Label::new(RichText::new(saved).color(p.muted)).wrap());
            }
            Some(Err(failed)) => {
                ui.add(Label::new(RichText::new(failed).color(p.warn)).wrap());
            }
            None => {}
        }
        if let Some(aside) = &page.set_aside {
            let kept = format!("An earlier journal that could not be read is kept safe as {}.", aside.display());
            ui.add(Label::new(RichText::new(kept).color(p.muted)).wrap());
        }
        if let Some(summary) = page.summary() {
            ui.add_space(space::S);
            panel(ui, look, |ui| {
                ui.add(Label::new(RichText::new(summary).font(look.font(font::EMPHASIS))).wrap());
                if let Some(days) = page.days_line() {
                    ui.add(Label::new(RichText::new(days).font(look.font(font::BODY))).wrap());
                }
            });
        }
        if let Some(figures) = &page.figures {
            plots::show(ui, figures, look);
        }
        ui.add_space(space::S);
        match &page.entries {
            Ok(entries) if entries.is_empty() => empty(ui, look),
            Ok(entries) => {
                for e in entries {
                    card(ui, e, &mut page.editing, look, out);
                }
            }
            Err(reason) => unreadable(ui, reason, look),
        }
        ui.add_space(space::XXL);
    });
}

fn header(ui: &mut Ui, page: &JournalPage, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new("Your journal").font(look.font(font::TITLE_L)));
            ui.label(RichText::new("Your practice, newest first.").font(look.font(font::LEAD)).color(p.muted));
        });
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            if ui.button(Action::ShowLibrary.label()).on_hover_text("Back to the library (Esc)").clicked() {
                out.push(Command::Action(Action::ShowLibrary));
            }
            if page.entries.as_ref().is_ok_and(|e| !e.is_empty()) {
                let export = Action::ExportJournal;
                if ui.button(export.label()).on_hover_text("Save every session and rating as a CSV file").clicked() {
                    out.push(export.into());
                }
                let report = Action::SaveReport;
                let hint = "Save a printable summary of the last four weeks for your therapist (HTML)";
                if ui.button(report.label()).on_hover_text(hint).clicked() {
                    out.push(report.into());
                }
            }
        });
    });
}

fn panel(ui: &mut Ui, look: &Look, add: impl FnOnce(&mut Ui)) {
    Frame::new().fill(look.palette.surface_alt).corner_radius(16).inner_margin(Margin::same(18)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui);
    });
}

fn card(ui: &mut Ui, entry: &Entry, editing: &mut Option<NoteEdit>, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.add(Label::new(RichText::new(&entry.title).font(look.font(font::EMPHASIS))).wrap());
        let when = format!("{}  ·  {}", entry.started_local, outcome(entry));
        ui.label(RichText::new(when).color(p.muted));
        let changes = changes(entry);
        if !changes.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for change in &changes {
                    before_after::chip(ui, change, look);
                }
            });
        }
        match editing {
            Some(edit) if edit.id == entry.id => {
                let label = ui.label(RichText::new("Your note").color(p.muted));
                let field = TextEdit::multiline(&mut edit.text).desired_rows(2).desired_width(f32::INFINITY);
                ui.add(field).labelled_by(label.id);
                if let Some(problem) = &edit.problem {
                    ui.add(Label::new(RichText::new(problem).color(p.warn)).wrap());
                }
                let text = edit.text.clone();
                let cancel = ui
                    .horizontal(|ui| {
                        if ui.button("Save note").clicked() {
                            out.push(Command::SaveNote(entry.id, text));
                        }
                        ui.button("Cancel").clicked()
                    })
                    .inner;
                if cancel {
                    *editing = None;
                }
            }
            _ => {
                if let Some(note) = &entry.note {
                    ui.add(Label::new(RichText::new(note).italics().color(p.muted)).wrap());
                }
                let label = if entry.note.is_some() { "Edit note" } else { "Add a note" };
                let button = ui.add(Button::new(label).small());
                let what = format!("{label} for {} on {}", entry.title, entry.started_local);
                button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &what));
                if button.clicked() {
                    let text = entry.note.clone().unwrap_or_default();
                    *editing = Some(NoteEdit { id: entry.id, text, problem: None });
                }
            }
        }
    });
    ui.add_space(space::XXS);
}

fn empty(ui: &mut Ui, look: &Look) {
    panel(ui, look, |ui| {
        ui.add(Label::new(RichText::new("Nothing here yet, and that is fine.").font(look.font(font::EMPHASIS))).wrap());
        let how = "Each session you play is kept here: the day, how long you practised, and the ratings you give \
                   before and after. Nothing leaves this computer unless you export it.";
        ui.add(Label::new(RichText::new(how).color(look.palette.muted)).wrap());
    });
}

fn unreadable(ui: &mut Ui, reason: &str, look: &Look) {
    let p = &look.palette;
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Your journal cannot be shown just now").font(look.font(font::EMPHASIS)).color(p.warn));
        ui.add(Label::new(RichText::new(reason).color(p.text)).wrap());
        let safe = "Nothing in it has been changed or deleted.";
        ui.add(Label::new(RichText::new(safe).color(p.muted)).wrap());
    });
}
