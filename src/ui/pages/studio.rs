//! The studio page: record a script in your own voice. On top the chosen
//! line, large, with its status, the record and play buttons, the 3-2-1
//! count-in and a live level meter with a clip warning; below, every line
//! a listener hears, each with its status and the steps that speak it.
//! Buttons and keys go through `Action`s (R records or stops, P plays,
//! Up and Down choose the line). **Edit the script…** shows its text to
//! change, checked as it is typed (Ctrl+S saves, Esc goes back).

use egui::{Button, Color32, Frame, Margin, RichText, ScrollArea, Sense, Ui, Vec2};

use crate::app::studio::editor::ScriptEditor;
use crate::app::studio::recorder::Phase;
use crate::app::studio::{Speaker, Studio, StudioLine, overrun_note};
use crate::app::{Notice, Severity};
use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};

/// Widest the page's column gets, in points.
const COLUMN: f32 = 980.0;
/// The level meter's range, in dBFS.
const METER_FLOOR_DB: f32 = -60.0;
/// Over this the meter turns to the warning colour.
const METER_HOT_DB: f32 = -3.0;

pub fn show(ui: &mut Ui, studio: &Studio, look: &Look, out: &mut Vec<Command>) {
    // A centred column the full height of the page, so the list below
    // scrolls in all the room that is left.
    let full = ui.available_rect_before_wrap();
    let column = egui::Rect::from_center_size(full.center(), Vec2::new(full.width().min(COLUMN), full.height()));
    ui.scope_builder(egui::UiBuilder::new().max_rect(column), |ui| {
        ui.add_space(space::L);
        header(ui, studio, look, out);
        notices(ui, &studio.notices, look);
        match (&studio.editor, &studio.import) {
            (Some(editor), _) => edit(ui, editor, look, out),
            (None, Some(_)) => import(ui, studio, look, out),
            (None, None) => {
                current(ui, studio, look, out);
                ui.add_space(space::M);
                list(ui, studio, look, out);
            }
        }
    });
}

fn header(ui: &mut Ui, studio: &Studio, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.horizontal(|ui| {
        if ui.button(Action::ShowLibrary.label()).clicked() {
            out.push(Action::ShowLibrary.into());
        }
        if ui.button("Play the session").on_hover_text("Start the session with these recordings").clicked() {
            out.push(Command::Start(crate::app::SessionSource::File(studio.script_path.clone())));
        }
        let import = ui.add_enabled(!studio.is_recording(), Button::new(Action::ImportRecordings.label()));
        if import.on_hover_text("Match a folder of audio files to the lines, by line number or id").clicked() {
            out.push(Action::ImportRecordings.into());
        }
        let free = !studio.is_recording() && studio.editor.is_none();
        let edit = ui.add_enabled(free, Button::new(Action::EditScript.label()));
        if edit.on_hover_text("Change the script's words and settings, checked as you type").clicked() {
            out.push(Action::EditScript.into());
        }
        let hand_over = ui.add_enabled(free, Button::new(Action::HandOver.label()));
        if hand_over
            .on_hover_text("Pack the script and your recordings into one .respite file for your patient")
            .clicked()
        {
            out.push(Action::HandOver.into());
        }
    });
    ui.add_space(space::XS);
    ui.label(RichText::new(format!("Studio: {}", studio.script.title)).font(look.font(font::TITLE_S)));
    let recorded = studio.lines.iter().filter(|l| matches!(l.speaker, Speaker::Own(_))).count();
    ui.label(
        RichText::new(format!(
            "{recorded} of {} lines in your voice. Recordings are kept in {}",
            studio.lines.len(),
            studio.voice_dir().display()
        ))
        .color(p.muted),
    );
}

fn notices(ui: &mut Ui, notices: &[Notice], look: &Look) {
    // The latest few: older news has been read or acted on.
    for notice in notices.iter().rev().take(3).rev() {
        let colour = match notice.severity {
            Severity::Info => look.palette.muted,
            Severity::Warning => look.palette.text,
            Severity::Error => look.palette.warn,
        };
        ui.add(egui::Label::new(RichText::new(&notice.text).color(colour)).wrap());
    }
}

/// The chosen line, its controls, the count-in and the meter.
fn current(ui: &mut Ui, studio: &Studio, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let Some(line) = studio.lines.get(studio.selected) else {
        ui.label("This script has no spoken lines to record.");
        return;
    };
    Frame::new().fill(p.surface).corner_radius(18).inner_margin(Margin::same(22)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("Line {} of {}", studio.selected + 1, studio.lines.len())).color(p.muted));
        ui.add(egui::Label::new(RichText::new(&line.text).font(look.font(font::CAPTION))).wrap());
        ui.label(RichText::new(status(line)).color(p.muted));
        ui.add_space(space::S);
        ui.horizontal(|ui| {
            let recording = studio.is_recording();
            let (text, hover) = if recording {
                ("Stop", "Stop and save the take (R)")
            } else {
                ("Record", "Record this line after a 3-2-1 count-in (R)")
            };
            let record = Button::new(RichText::new(text).font(look.font(font::BODY)).color(p.on_accent))
                .fill(if recording { p.warn } else { p.accent_strong })
                .min_size(Vec2::new(160.0, 52.0));
            let record = ui.add(record).on_hover_text(hover);
            record.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{text} line {}", studio.selected + 1))
            });
            if record.clicked() {
                out.push(Action::RecordOrStop.into());
            }
            let play_text = if studio.is_playing() { "Stop playing" } else { "Play" };
            let play = ui.add_enabled(!recording, Button::new(play_text).min_size(Vec2::new(120.0, 52.0)));
            play.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    !recording,
                    format!("{play_text} line {}", studio.selected + 1),
                )
            });
            if play.on_hover_text("Hear the line as the session will say it (P)").clicked() {
                out.push(Action::PlayLine.into());
            }
            ui.add_space(space::M);
            match studio.recorder.phase() {
                Phase::Idle => {}
                Phase::Opening => {
                    ui.label(RichText::new("Opening the microphone…").font(look.font(font::BODY)));
                }
                Phase::CountIn(n) => {
                    let count =
                        ui.label(RichText::new(n.to_string()).font(look.font(font::DISPLAY)).color(p.accent_strong));
                    count.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Recording starts in {n}"))
                    });
                }
                Phase::Recording => {
                    let secs = studio.recorder.secs();
                    ui.label(
                        RichText::new(format!("Recording…  {secs:.1} s")).font(look.font(font::BODY)).color(p.warn),
                    );
                }
            }
        });
        if studio.is_recording() {
            ui.add_space(space::S);
            meter(ui, studio, look);
        }
    });
}

/// The input level as a bar, and a warning once the take has clipped.
fn meter(ui: &mut Ui, studio: &Studio, look: &Look) {
    let p = &look.palette;
    let db = studio.recorder.level_db();
    let fill = ((db - METER_FLOOR_DB) / -METER_FLOOR_DB).clamp(0.0, 1.0);
    let width = ui.available_width().min(520.0);
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, 18.0), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 9.0, p.surface_alt);
    let mut bar = rect;
    bar.set_width(rect.width() * fill);
    let colour: Color32 = if db > METER_HOT_DB { p.warn } else { p.accent };
    painter.rect_filled(bar, 9.0, colour);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, format!("Input level {db:.0} dB"))
    });
    let device = studio.recorder.device.as_deref().unwrap_or("the microphone");
    ui.label(RichText::new(format!("Listening to {device}")).color(p.muted));
    if studio.recorder.clipped() {
        ui.label(
            RichText::new("Too loud: the sound reached full scale (clipping). Move back a little or turn the input down, then record again.")
                .color(p.warn),
        );
    }
}

/// Every line, one row each; a click chooses it.
fn list(ui: &mut Ui, studio: &Studio, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for (i, line) in studio.lines.iter().enumerate() {
            let chosen = i == studio.selected;
            let steps: Vec<String> = line.steps.iter().map(|s| (s + 1).to_string()).collect();
            let steps = format!("{} {}", if steps.len() == 1 { "step" } else { "steps" }, steps.join(", "));
            let text = format!("{}. {}", i + 1, line.text);
            // The chosen row is filled with the strong accent (the theme's
            // selection colour): its text takes the colour made for it.
            let ink = if chosen { p.on_accent } else { p.text };
            let row = ui.add(
                egui::Button::selectable(chosen, RichText::new(text).font(look.font(font::BODY)).color(ink)).wrap(),
            );
            row.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::Button,
                    true,
                    chosen,
                    format!("Line {}: {}. {}. {steps}", i + 1, line.text, status(line)),
                )
            });
            if row.clicked() {
                out.push(Command::SelectLine(i));
            }
            let colour = if line.overrun.is_some() { p.warn } else { p.muted };
            ui.label(RichText::new(format!("    {}  ·  {steps}", status(line))).color(colour));
            ui.add_space(space::XXS);
        }
    });
}

/// Not recorded, recorded (length), using the built-in voice, too long.
fn status(line: &StudioLine) -> String {
    let base = match line.speaker {
        Speaker::Nobody => "Not recorded (caption only)".to_string(),
        Speaker::Builtin(l) => format!("Using the built-in voice ({:.1} s)", l.as_secs_f64()),
        Speaker::Folder(l) => format!("Using the chosen voice folder ({:.1} s)", l.as_secs_f64()),
        Speaker::Own(l) => format!("Recorded ({:.1} s)", l.as_secs_f64()),
    };
    match overrun_note(line) {
        Some(note) => format!("{base}: {note}"),
        None => base,
    }
}

/// The matches of an import, for confirmation.
fn import(ui: &mut Ui, studio: &Studio, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let matches = studio.import.as_deref().unwrap_or_default();
    let matched = matches.iter().filter(|m| m.line.is_some()).count();
    ui.add_space(space::S);
    ui.label(RichText::new(format!("Import {matched} of {} files?", matches.len())).font(look.font(font::EMPHASIS)));
    ui.label(
        RichText::new("Each is trimmed and levelled like a take; the files themselves are kept in the takes folder.")
            .color(p.muted),
    );
    ui.horizontal(|ui| {
        let confirm = ui.add_enabled(matched > 0, Button::new(Action::ConfirmImport.label()));
        if confirm.clicked() {
            out.push(Action::ConfirmImport.into());
        }
        if ui.button(Action::CancelImport.label()).clicked() {
            out.push(Action::CancelImport.into());
        }
    });
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for m in matches {
            let name = m.file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let (text, colour) = match m.line.and_then(|i| studio.lines.get(i).map(|l| (i, l))) {
                Some((i, line)) => {
                    let replaces =
                        if matches!(line.speaker, Speaker::Own(_)) { " (replaces your recording)" } else { "" };
                    (format!("{name}  →  line {}: {}{replaces}", i + 1, line.text), p.text)
                }
                None => (format!("{name}  →  no line (name it by the line's number or id)"), p.warn),
            };
            ui.add(egui::Label::new(RichText::new(text).color(colour)).wrap());
        }
    });
}

/// The script's text, editable, with what the check says about it.
fn edit(ui: &mut Ui, editor: &ScriptEditor, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    ui.add_space(space::S);
    ui.label(RichText::new("Edit the script").font(look.font(font::LEAD)));
    ui.add(
        egui::Label::new(
            RichText::new(
                "Change the words inside the quotes, or any setting (the format is in Help). It is checked as you \
                 type and saved only when it plays. Lines whose words change need recording again.",
            )
            .color(p.muted),
        )
        .wrap(),
    );
    ui.add_space(space::XS);
    ui.horizontal(|ui| {
        let save =
            ui.add_enabled(editor.is_changed() && editor.loads, Button::new("Save").min_size(Vec2::new(120.0, 40.0)));
        if save.on_hover_text("Save the script (Ctrl+S)").clicked() {
            out.push(Action::SaveScript.into());
        }
        if editor.is_changed() {
            if ui.button(Action::DiscardEdits.label()).clicked() {
                out.push(Action::DiscardEdits.into());
            }
        } else if ui.button("Close").on_hover_text("Back to the lines (Esc)").clicked() {
            out.push(Action::Escape.into());
        }
        let state = match (editor.is_changed(), editor.loads) {
            (false, _) => "Saved.",
            (true, true) => "Changed, not saved yet.",
            (true, false) => "Changed; mend the problems below to save.",
        };
        ui.label(RichText::new(state).color(p.muted));
    });
    for problem in editor.problems.iter().take(6) {
        let colour = if problem.contains(": error: ") { p.warn } else { p.text };
        ui.add(egui::Label::new(RichText::new(problem).color(colour)).wrap());
    }
    ui.add_space(space::XS);
    let mut text = editor.text.clone();
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        let field = egui::TextEdit::multiline(&mut text)
            .code_editor()
            .font(egui::FontId::monospace(look.font(font::BODY).size))
            .desired_width(f32::INFINITY)
            .desired_rows(20);
        let response = ui.add(field);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Script text"));
    });
    if text != editor.text {
        out.push(Command::ScriptText(text));
    }
}
