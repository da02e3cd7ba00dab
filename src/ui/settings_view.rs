//! The settings page: theme, reduced motion, text size, audio latency
//! offset and default volumes. Widgets edit the settings directly; the app
//! notices the change, re-styles and saves.

use egui::{RichText, Slider, Ui};

use super::choice::choice;
use super::commands::Command;
use super::page;
use super::settings::{LATENCY_RANGE, Settings, TextSize};
use super::theme::{Look, Theme};

pub fn show(ui: &mut Ui, settings: &mut Settings, file: &std::path::Path, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    page::column(ui, 720.0, |ui| {
        ui.add_space(32.0);
        if ui.button("Back").clicked() {
            out.push(Command::ShowLibrary);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Settings").font(look.font(38.0)));
        let heading = |ui: &mut Ui, text: &str| {
            ui.add_space(18.0);
            ui.label(RichText::new(text).font(look.font(22.0)).color(p.muted));
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

        ui.add_space(24.0);
        ui.label(RichText::new(format!("Saved in {}", file.display())).color(p.muted));
        ui.add_space(32.0);
    });
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
