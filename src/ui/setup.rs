//! The page before a session starts: what it is, how long it takes, its
//! caution, and the few things worth adjusting first: pace, total length,
//! muscle groups to leave out, and volumes.

use egui::{Align, Button, Frame, Layout, Margin, RichText, Slider, Ui, Vec2};

use super::choice::choice;
use super::commands::{Command, SessionSource};
use super::page;
use super::theme::Look;
use crate::audio::Bus;
use crate::script::{Script, StepBody};
use crate::timeline::{CompileOptions, Micros, TEMPO_RANGE, compile};

/// A session chosen but not yet started, with the user's adjustments.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub source: SessionSource,
    pub script: Script,
    pub tempo: f64,
    /// Fit the session to about `minutes`.
    pub fit: bool,
    pub minutes: f32,
    /// Muscle groups or body regions to leave out.
    pub skip: Vec<String>,
    /// The voice that speaks the session, if narration is on.
    pub voice: Option<std::sync::Arc<crate::narration::Voice>>,
    pub volumes: [(Bus, f32); 3],
    /// Warnings from loading the script (missing audio files), one line each.
    pub warnings: Vec<String>,
}

impl Prepared {
    pub fn new(source: SessionSource, script: Script, volumes: [(Bus, f32); 3], options: &CompileOptions) -> Self {
        let minutes = match options.target_length {
            Some(t) => t.as_secs_f64() / 60.0,
            None => compile(&script, &CompileOptions::default()).duration.as_secs_f64() / 60.0,
        };
        Self {
            source,
            script,
            tempo: options.tempo,
            fit: options.target_length.is_some(),
            minutes: minutes.round().clamp(2.0, 60.0) as f32,
            skip: options.skip.clone(),
            voice: options.voice.clone(),
            volumes,
            warnings: Vec::new(),
        }
    }

    pub fn options(&self) -> CompileOptions {
        CompileOptions {
            tempo: self.tempo,
            target_length: self.fit.then(|| Micros::from_secs_f64(f64::from(self.minutes) * 60.0)),
            skip: self.skip.clone(),
            voice: self.voice.clone(),
        }
    }

    /// The muscle groups the script works through, in order, once each.
    pub fn groups(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for step in &self.script.steps {
            let names: Vec<&'static str> = match &step.body {
                StepBody::Pmr(pmr) => pmr.groups.clone(),
                StepBody::Tense { group, .. } | StepBody::Release { group, .. } => vec![*group],
                _ => Vec::new(),
            };
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }
}

pub fn show(ui: &mut Ui, prepared: &mut Prepared, look: &Look, out: &mut Vec<Command>) {
    page::column(ui, 1080.0, |ui| {
        ui.add_space(32.0);
        if ui.button("Library").clicked() {
            out.push(Command::ShowLibrary);
        }
        ui.add_space(8.0);
        // Side by side when there is room: what the session is and
        // Begin on the left, the adjustments on the right, so Begin
        // never hides below the fold.
        if ui.available_width() >= 820.0 {
            ui.columns(2, |columns| {
                let [left, right] = columns else { return };
                left.with_layout(Layout::top_down(Align::Min), |ui| about(ui, prepared, look, out));
                right.with_layout(Layout::top_down(Align::Min), |ui| adjustments(ui, prepared, look));
            });
        } else {
            about(ui, prepared, look, out);
            adjustments(ui, prepared, look);
        }
        ui.add_space(40.0);
    });
}

fn about(ui: &mut Ui, prepared: &Prepared, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    let length = compile(&prepared.script, &prepared.options()).duration;
    ui.add(egui::Label::new(RichText::new(&prepared.script.title).font(look.font(36.0))).wrap());
    let minutes = (length.as_secs_f64() / 60.0).round().max(1.0);
    ui.label(RichText::new(format!("About {minutes} minutes")).font(look.font(21.0)).color(p.muted));
    ui.add(egui::Label::new(RichText::new(&prepared.script.summary).font(look.font(21.0))).wrap());
    if let Some(caution) = &prepared.script.caution {
        Frame::new().fill(p.surface).corner_radius(16).inner_margin(Margin::same(20)).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Before you begin").font(look.font(21.0)));
            ui.add(egui::Label::new(RichText::new(caution)).wrap());
        });
    }
    ui.add_space(16.0);
    let begin = Button::new(RichText::new("Begin").font(look.font(24.0)).color(p.on_accent))
        .fill(p.accent_strong)
        .min_size(Vec2::new(220.0, 60.0));
    let centred = Layout::centered_and_justified(egui::Direction::TopDown);
    if ui.allocate_ui_with_layout(Vec2::new(220.0, 60.0), centred, |ui| ui.add(begin)).inner.clicked() {
        out.push(Command::Begin);
    }
}

fn adjustments(ui: &mut Ui, prepared: &mut Prepared, look: &Look) {
    let p = look.palette;
    let heading = |ui: &mut Ui, text: &str| {
        ui.add_space(14.0);
        ui.label(RichText::new(text).font(look.font(22.0)).color(p.muted));
    };
    heading(ui, "Pace");
    ui.add(
        Slider::new(&mut prepared.tempo, TEMPO_RANGE)
            .step_by(0.05)
            .custom_formatter(|v, _| format!("{v:.2}×"))
            .text("Speed"),
    )
    .on_hover_text("Below 1 is slower, above 1 faster");
    heading(ui, "Length");
    ui.horizontal(|ui| {
        for (fit, label) in [(false, "As written"), (true, "Fit to a length")] {
            if choice(ui, prepared.fit == fit, label, look).clicked() {
                prepared.fit = fit;
            }
        }
    });
    ui.add_enabled(
        prepared.fit,
        Slider::new(&mut prepared.minutes, 2.0..=60.0).step_by(1.0).suffix(" min").text("Total length"),
    );
    let groups = prepared.groups();
    if !groups.is_empty() {
        heading(ui, "Leave out (painful or injured areas)");
        // Chosen groups are filled: tap again to bring one back.
        ui.horizontal_wrapped(|ui| {
            for g in groups {
                let skip = prepared.skip.iter().any(|s| s == g);
                let title = crate::script::muscles::find(g).map_or_else(|| g.to_string(), |m| m.title());
                if choice(ui, skip, &title, look).clicked() {
                    prepared.skip.retain(|s| s != g);
                    if !skip {
                        prepared.skip.push(g.to_string());
                    }
                }
            }
        });
    }
    heading(ui, "Volumes");
    for (bus, gain) in &mut prepared.volumes {
        ui.add(Slider::new(gain, 0.0..=1.0).show_value(false).text(Command::SetVolume(*bus, 0.0).label()));
    }
}
