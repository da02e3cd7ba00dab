//! The settings page: theme, reduced motion, text size, spoken guidance
//! and its voice, the studio's microphone, audio latency offset and default volumes. Widgets edit a draft; a changed draft goes
//! to the app as a command, which applies, re-styles and saves.

use egui::{RichText, Slider, Ui};

use crate::app::settings::{LATENCY_RANGE, Settings, TextSize};
use crate::ui::commands::{Action, Command};
use crate::ui::style::theme::{Look, Theme};
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::choice::choice;
use crate::ui::widgets::page;

/// What the page shows beside the settings themselves.
pub struct Shown<'a> {
    /// Where the settings are saved.
    pub file: &'a std::path::Path,
    /// What choosing a voice folder found.
    pub voice_note: Option<&'a str>,
    /// The input devices there are, to record from in the studio.
    pub microphones: &'a [String],
}

pub fn show(ui: &mut Ui, current: &Settings, shown: &Shown<'_>, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    let mut draft = current.clone();
    let settings = &mut draft;
    page::column(ui, 720.0, |ui| {
        ui.add_space(space::XL);
        if ui.button("Back").clicked() {
            out.push(Command::Action(Action::ShowLibrary));
        }
        ui.add_space(space::XS);
        ui.label(RichText::new("Settings").font(look.font(font::TITLE_M)));
        let heading = |ui: &mut Ui, text: &str| {
            ui.add_space(space::M);
            ui.label(RichText::new(text).font(look.font(font::BODY)).color(p.muted));
        };

        heading(ui, "Colours");
        choose(ui, &mut settings.theme, Theme::ALL.map(|t| (t, t.label())), look);

        heading(ui, "Motion");
        choose(
            ui,
            &mut settings.reduced_motion,
            [(false, "A growing orb"), (true, "Reduced: a filling bar and a number")],
            look,
        );

        heading(ui, "Text size");
        choose(ui, &mut settings.text_size, TextSize::ALL.map(|t| (t, t.label())), look);

        heading(ui, "Spoken guidance");
        choose(
            ui,
            &mut settings.narration,
            [(true, "A voice speaks every instruction"), (false, "Captions only")],
            look,
        );
        let voice = match &settings.voice_dir {
            None => "Voice: the built-in voice (a synthetic voice, Piper's \"Joe\")".to_string(),
            Some(dir) => format!("Voice: the recordings in {}", dir.display()),
        };
        ui.label(voice);
        ui.horizontal(|ui| {
            if ui.button(Action::ChooseVoiceFolder.label()).clicked() {
                out.push(Command::Action(Action::ChooseVoiceFolder));
            }
            if settings.voice_dir.is_some() && ui.button("Use the built-in voice").clicked() {
                settings.voice_dir = None;
            }
        });
        if let Some(note) = shown.voice_note {
            ui.label(RichText::new(note).color(p.muted));
        }

        heading(ui, "Microphone, for recording in the studio");
        microphone(ui, &mut settings.microphone, shown.microphones);

        heading(ui, "Sound");
        ui.add(
            Slider::new(&mut settings.latency_offset_ms, LATENCY_RANGE)
                .suffix(" ms")
                .text("Picture delay: raise it if the pacer runs ahead of the sound"),
        );
        let v = &mut settings.volumes;
        ui.add(Slider::new(&mut v.voice, 0.0..=1.0).show_value(false).text("Default voice volume"));
        ui.add(Slider::new(&mut v.cues, 0.0..=1.0).show_value(false).text("Default cue volume"));
        ui.add(Slider::new(&mut v.ambient, 0.0..=1.0).show_value(false).text("Default ambient volume"));

        ui.add_space(space::L);
        ui.label(RichText::new(format!("Saved in {}", shown.file.display())).color(p.muted));
        ui.add_space(space::XL);
    });
    if draft != *current {
        out.push(Command::ChangeSettings(Box::new(draft)));
    }
}

/// A row of large toggle buttons, one per option; the chosen one is lit.
fn choose<T: PartialEq + Copy, const N: usize>(ui: &mut Ui, value: &mut T, options: [(T, &str); N], look: &Look) {
    ui.horizontal(|ui| {
        for (option, label) in options {
            if choice(ui, *value == option, label, look).clicked() {
                *value = option;
            }
        }
    });
}

/// The studio's microphone: the system's default or one by name; a chosen
/// one that is not connected stays chosen, and says so.
fn microphone(ui: &mut Ui, chosen: &mut Option<String>, there: &[String]) {
    let shown = match chosen.as_deref() {
        None => "The system's default input".to_string(),
        Some(name) if there.iter().any(|n| n == name) => name.to_string(),
        Some(name) => format!("{name} (not connected)"),
    };
    let combo = egui::ComboBox::from_id_salt("microphone").selected_text(shown).width(420.0).show_ui(ui, |ui| {
        ui.selectable_value(chosen, None, "The system's default input");
        for name in there {
            ui.selectable_value(chosen, Some(name.clone()), name);
        }
    });
    combo.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Microphone"));
    if there.is_empty() {
        ui.label("No microphone was found when this page opened.");
    }
}
