//! The library page: today's practice on top, then a filter by kind and
//! length and a search by word; then the built-in sessions grouped by
//! kind (or, while filtering, the matching ones), each a calm card with its
//! length, summary and caution and a one-click Start; then the user's own
//! scripts, including the ones that failed to load.

use egui::{Align, Button, Frame, Layout, Margin, RichText, TextEdit, Ui, Vec2};

use crate::app::filter::{Filter, Length};
use crate::app::library::{Invalid, Library, LibraryEntry};
use crate::app::{Notice, SessionSource, Severity};
use crate::script::SessionKind;
use crate::ui::commands::{Action, Command};
use crate::ui::pages::today::{self, TodayView};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::page;

/// Widest the column of cards gets, in points.
const COLUMN: f32 = 980.0;

/// How many recent sessions lead the library: one row of cards.
const RECENT_SHOWN: usize = 2;

pub struct Page<'a> {
    pub library: &'a Library,
    pub sessions_dir: &'a std::path::Path,
    pub notices: &'a [Notice],
    /// Files are being dragged over the window.
    pub dropping: bool,
    pub today: &'a TodayView,
}

pub fn show(ui: &mut Ui, page: &Page<'_>, filter: &mut Filter, look: &Look, out: &mut Vec<Command>) {
    page::column(ui, COLUMN, |ui| {
        ui.add_space(space::XL);
        header(ui, look, out);
        for (i, notice) in page.notices.iter().enumerate() {
            notice_row(ui, notice, look, || out.push(Command::DismissNotice(i)));
        }
        if page.dropping {
            banner(ui, look, "Drop the script or package to open it");
        }
        ui.add_space(space::S);
        today::show(ui, page.today, page.library, look, out);
        filter_bar(ui, filter, look);
        if !filter.is_empty() {
            matching(ui, page.library, filter, look, out);
            ui.add_space(space::XXL);
            return;
        }
        if !page.library.recent.is_empty() {
            section(ui, "Recently played", look);
            cards(ui, page.library.recent.iter().take(RECENT_SHOWN), look, out);
        }
        for kind in SessionKind::ALL {
            let mut entries = page.library.of_kind(kind).peekable();
            if entries.peek().is_none() {
                continue;
            }
            section(ui, kind.heading(), look);
            cards(ui, entries, look, out);
        }
        section(ui, "Your sessions", look);
        cards(ui, page.library.mine.iter(), look, out);
        for invalid in &page.library.invalid {
            broken(ui, invalid, look);
        }
        mine_actions(ui, page, look, out);
        ui.add_space(space::XXL);
    });
}

fn header(ui: &mut Ui, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new("Respite").font(look.font(font::TITLE_L)));
            ui.label(
                RichText::new("Choose a session. Make yourself comfortable.")
                    .font(look.font(font::LEAD))
                    .color(p.muted),
            );
        });
        ui.with_layout(Layout::right_to_left(Align::Min), |ui| {
            if ui.button("Help").on_hover_text("Keyboard shortcuts (F1)").clicked() {
                out.push(Command::Action(Action::ToggleHelp));
            }
            if ui.button("Settings").clicked() {
                out.push(Command::Action(Action::ShowSettings));
            }
            if ui.button("Journal").on_hover_text("Your practice so far (Ctrl+J)").clicked() {
                out.push(Command::Action(Action::OpenJournal));
            }
        });
    });
}

/// Kind and length as rows of choices, and a search field.
fn filter_bar(ui: &mut Ui, filter: &mut Filter, look: &Look) {
    ui.add_space(space::S);
    ui.horizontal_wrapped(|ui| {
        choice(ui, look, &mut filter.kind, None, "All kinds", "Kind: all");
        for kind in SessionKind::ALL {
            choice(ui, look, &mut filter.kind, Some(kind), kind.heading(), &format!("Kind: {}", kind.heading()));
        }
    });
    ui.horizontal_wrapped(|ui| {
        for length in Length::ALL {
            choice(ui, look, &mut filter.length, length, length.label(), &format!("Length: {}", length.label()));
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("Find by word").color(look.palette.muted));
        let search = TextEdit::singleline(&mut filter.words)
            .hint_text("e.g. sleep, breath, beach")
            .font(look.font(font::BODY))
            .desired_width(ui.available_width().min(420.0));
        ui.add(search).labelled_by(label.id);
    });
}

/// One choice of a row; `spoken` names the row too, for a screen reader.
fn choice<T: PartialEq + Copy>(ui: &mut Ui, look: &Look, current: &mut T, value: T, text: &str, spoken: &str) {
    let selected = *current == value;
    // The selected chip is filled with the accent: its text must be readable on it.
    let text = if selected { RichText::new(text).color(look.palette.on_accent) } else { RichText::new(text) };
    let response = ui.selectable_label(selected, text);
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, spoken));
    if response.clicked() {
        *current = value;
    }
}

/// Every session the filter lets through, built-in and the user's own.
fn matching(ui: &mut Ui, library: &Library, filter: &Filter, look: &Look, out: &mut Vec<Command>) {
    let found: Vec<&LibraryEntry> =
        library.builtins.iter().chain(&library.mine).filter(|e| filter.matches(e)).collect();
    let heading = match found.len() {
        0 => "No session matches; try fewer words or another length".to_string(),
        1 => "1 session matches".to_string(),
        n => format!("{n} sessions match"),
    };
    section(ui, &heading, look);
    cards(ui, found.into_iter(), look, out);
}

/// A notice with its dismiss button; errors in the warning colour.
fn notice_row(ui: &mut Ui, notice: &Notice, look: &Look, dismiss: impl FnOnce()) {
    let colour = match notice.severity {
        Severity::Info => look.palette.muted,
        Severity::Warning => look.palette.text,
        Severity::Error => look.palette.warn,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&notice.text).color(colour));
        if ui.small_button(Action::Dismiss.label()).clicked() {
            dismiss();
        }
    });
}

fn section(ui: &mut Ui, title: &str, look: &Look) {
    ui.add_space(space::L);
    ui.label(RichText::new(title).font(look.font(font::EMPHASIS)).color(look.palette.muted));
}

fn banner(ui: &mut Ui, look: &Look, text: &str) {
    Frame::new().fill(look.palette.surface_alt).corner_radius(16).inner_margin(Margin::same(18)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(text).font(look.font(font::BODY)));
    });
}

/// A section longer than this (a sessions folder of hundreds of scripts)
/// lays out only the rows on screen; shorter ones are laid out whole, so
/// every card is in the screen reader's tree and reachable with Tab.
const LAY_OUT_ALL_UP_TO: usize = 40;

/// The height an off-screen row is given before it was ever measured.
const ROW_ESTIMATE: f32 = 230.0;

/// Cards two to a row when there is room, one otherwise. In a long section,
/// a row off screen is empty space of its last measured height.
fn cards<'a>(ui: &mut Ui, entries: impl Iterator<Item = &'a LibraryEntry>, look: &Look, out: &mut Vec<Command>) {
    let entries: Vec<&LibraryEntry> = entries.collect();
    let per_row = if ui.available_width() >= 760.0 { 2 } else { 1 };
    let cull = entries.len() > LAY_OUT_ALL_UP_TO;
    for row in entries.chunks(per_row) {
        let width = ui.available_width();
        let id = ui.scope_id().with(("card row", row[0].source.spec(), per_row, look.scale.to_bits()));
        if cull {
            let height = ui.data(|d| d.get_temp::<f32>(id)).unwrap_or(ROW_ESTIMATE);
            if !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, Vec2::new(width, height))) {
                ui.allocate_space(Vec2::new(width, height));
                continue;
            }
        }
        let top = ui.cursor().min.y;
        ui.columns(per_row, |columns| {
            for (column, entry) in columns.iter_mut().zip(row) {
                // Columns justify their contents; cards read better ragged.
                column.with_layout(Layout::top_down(Align::Min), |ui| card(ui, entry, look, out));
            }
        });
        if cull {
            let height = ui.cursor().min.y - top;
            ui.data_mut(|d| d.insert_temp(id, height));
        }
    }
}

fn card(ui: &mut Ui, entry: &LibraryEntry, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.add(egui::Label::new(RichText::new(&entry.title).font(look.font(font::EMPHASIS))).wrap());
        let minutes = (entry.length.as_secs_f64() / 60.0).round().max(1.0);
        let place = match &entry.source {
            SessionSource::Builtin(_) => entry.kind.heading().to_string(),
            SessionSource::File(path) => {
                path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            }
        };
        ui.label(RichText::new(format!("{minutes:.0} min  ·  {place}")).color(p.muted));
        ui.add(egui::Label::new(RichText::new(&entry.summary)).wrap());
        if let Some(caution) = &entry.caution {
            let note = RichText::new(format!("Please note: {caution}")).color(p.muted).size(16.0 * look.scale);
            ui.add(egui::Label::new(note).wrap());
        }
        ui.add_space(space::XXS);
        ui.horizontal(|ui| {
            let start = Button::new(RichText::new("Start").font(look.font(font::BODY)).color(p.on_accent))
                .fill(p.accent_strong)
                .min_size(Vec2::new(140.0, 52.0));
            let start = ui.add(start).on_hover_text(format!("Start “{}” now", entry.title));
            start.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Start {}", entry.title)));
            if start.clicked() {
                out.push(Command::Start(entry.source.clone()));
            }
            let adjust = ui.add(Button::new("Adjust first").min_size(Vec2::new(0.0, 52.0)));
            adjust
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Adjust {}", entry.title)));
            if adjust.on_hover_text("Change the pace, length, muscle groups or volumes before starting").clicked() {
                out.push(Command::Prepare(entry.source.clone()));
            }
            studio_button(ui, entry, out);
        });
    });
    ui.add_space(space::XXS);
}

/// "Make my own copy" on a built-in; "Record…" on one of the user's own.
fn studio_button(ui: &mut Ui, entry: &LibraryEntry, out: &mut Vec<Command>) {
    let (text, spoken, hover, command) = match &entry.source {
        SessionSource::Builtin(name) => (
            Action::CopySession.label(),
            format!("Make my own copy of {}", entry.title),
            "Copy this session into your sessions folder, to change its words and record it in your voice",
            Command::CopyBuiltin(name),
        ),
        SessionSource::File(path) => (
            "Record…",
            format!("Record {} in your voice", entry.title),
            "Open the studio: record each line in your own voice",
            Command::OpenStudio(path.clone()),
        ),
    };
    let button = ui.add(Button::new(text).min_size(Vec2::new(0.0, 52.0)));
    button.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, spoken.clone()));
    if button.on_hover_text(hover).clicked() {
        out.push(command);
    }
}

fn broken(ui: &mut Ui, invalid: &Invalid, look: &Look) {
    let p = &look.palette;
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let name = invalid
            .path
            .file_name()
            .map_or_else(|| invalid.path.display().to_string(), |n| n.to_string_lossy().into_owned());
        ui.label(RichText::new(format!("{name} could not be opened")).font(look.font(font::BODY)).color(p.warn));
        for line in &invalid.errors {
            ui.add(egui::Label::new(RichText::new(line).monospace().color(p.text)).wrap());
        }
        ui.label(
            RichText::new("Fix the file and it will appear here when you come back to the library.").color(p.muted),
        );
    });
}

fn mine_actions(ui: &mut Ui, page: &Page<'_>, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    if page.library.mine.is_empty() && page.library.invalid.is_empty() {
        ui.label(
            RichText::new(format!("Scripts you put in {} appear here.", page.sessions_dir.display())).color(p.muted),
        );
    }
    ui.horizontal(|ui| {
        if ui.button(Action::OpenScript.label()).on_hover_text("Ctrl+O").clicked() {
            out.push(Command::Action(Action::OpenScript));
        }
        if ui.button(Action::OpenSessionsFolder.label()).clicked() {
            out.push(Command::Action(Action::OpenSessionsFolder));
        }
    });
    ui.label(RichText::new("You can also drop a .toml script onto this window.").color(p.muted));
}
