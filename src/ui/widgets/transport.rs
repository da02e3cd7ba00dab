//! The transport row under the pacer: restart, previous, play/pause, next,
//! pace slower/faster, mute, and a volume for each bus. It only reads the
//! session's state and emits commands.

use egui::{Button, RichText, Slider, Ui, Vec2};

use crate::audio::Bus;
use crate::ui::commands::{Action, Command, volume_label};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::space;
use crate::ui::widgets::centred;
use crate::ui::widgets::choice::choice;
use crate::ui::widgets::icons::{self, Icon};

/// What the transport shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    pub playing: bool,
    pub tempo: f64,
    pub muted: bool,
    pub volumes: [(Bus, f32); 3],
    /// The volume sliders are open.
    pub sound_open: bool,
}

/// Draws the transport; returns whether the volume sliders should be open.
pub fn show(ui: &mut Ui, state: &State, look: &Look, out: &mut Vec<Command>) -> bool {
    let mut sound_open = state.sound_open;
    let big = 76.0 * look.scale.sqrt();
    let small = 52.0 * look.scale.sqrt();
    centred::row(ui, "transport", |ui| {
        ui.spacing_mut().item_spacing.x = space::M;
        let icon = |ui: &mut Ui, icon: Icon, size: f32, action: Action, primary: bool, out: &mut Vec<Command>| {
            if icons::button(ui, icon, size, action.label(), primary, look).clicked() {
                out.push(action.into());
            }
        };
        icon(ui, Icon::Restart, small, Action::Restart, false, out);
        icon(ui, Icon::Previous, small, Action::PreviousStep, false, out);
        let play = if state.playing { Icon::Pause } else { Icon::Play };
        icon(ui, play, big, Action::TogglePlay, true, out);
        icon(ui, Icon::Next, small, Action::NextStep, false, out);

        ui.add_space(space::L);
        let slower = ui.add(Button::new(RichText::new("−").size(24.0)).min_size(Vec2::splat(44.0)));
        if slower.on_hover_text(Action::TempoDown.label()).clicked() {
            out.push(Command::Action(Action::TempoDown));
        }
        ui.label(RichText::new(format!("Pace {:.2}×", state.tempo)).color(look.palette.muted))
            .on_hover_text("Session speed: below 1 is slower, above 1 faster");
        let faster = ui.add(Button::new(RichText::new("+").size(24.0)).min_size(Vec2::splat(44.0)));
        if faster.on_hover_text(Action::TempoUp.label()).clicked() {
            out.push(Command::Action(Action::TempoUp));
        }
        ui.add_space(space::S);
        let mute = if state.muted { Icon::Muted } else { Icon::Sound };
        icon(ui, mute, small, Action::ToggleMute, false, out);
        if choice(ui, sound_open, "Volumes", look).clicked() {
            sound_open = !sound_open;
        }
    });
    if sound_open {
        ui.add_space(space::XXS);
        centred::row(ui, "volumes", |ui| {
            for (bus, gain) in state.volumes {
                let mut g = gain;
                let label = volume_label(bus);
                if ui.add(Slider::new(&mut g, 0.0..=1.0).show_value(false).text(label)).changed() {
                    out.push(Command::SetVolume(bus, g));
                }
                ui.add_space(space::M);
            }
        });
    }
    sound_open
}
