//! The page before a session starts: what it is, how long it takes, its
//! caution, and the few things worth adjusting first: pace, total length,
//! muscle groups to leave out, and volumes.

use egui::{Align, Button, Frame, Layout, Margin, RichText, Slider, Ui, Vec2};

use crate::app::SessionSource;
use crate::audio::Bus;
use crate::script::muscles::GroupId;
use crate::script::{Script, StepBody};
use crate::timeline::{CompileOptions, Micros, TEMPO_RANGE, compile};
use crate::ui::commands::{Action, Command, volume_label};
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::choice::choice;
use crate::ui::widgets::page;

/// What the user may change before starting. The page edits a copy and
/// sends it back as a command.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustments {
    pub tempo: f64,
    /// Fit the session to about `minutes`.
    pub fit: bool,
    pub minutes: f32,
    /// Muscle groups or body regions to leave out.
    pub skip: Vec<String>,
    /// The voice that speaks the session, if narration is on.
    pub voice: Option<std::sync::Arc<crate::timeline::narration::Voice>>,
    pub volumes: [(Bus, f32); 3],
}

/// A session chosen but not yet started, with the user's adjustments.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub source: SessionSource,
    pub script: Script,
    pub adjustments: Adjustments,
    /// Warnings from loading the script (missing audio files), one line each.
    pub warnings: Vec<String>,
    /// The length at the current adjustments, compiled when they change.
    length: Micros,
}

impl Prepared {
    pub fn new(source: SessionSource, script: Script, volumes: [(Bus, f32); 3], options: &CompileOptions) -> Self {
        let written = compile(&script, &CompileOptions::default()).duration;
        let minutes = options.target_length.unwrap_or(written).as_secs_f64() / 60.0;
        let adjustments = Adjustments {
            tempo: options.tempo,
            fit: options.target_length.is_some(),
            minutes: minutes.round().clamp(2.0, 60.0) as f32,
            skip: options.skip.clone(),
            voice: options.voice.clone(),
            volumes,
        };
        let mut prepared = Self { source, script, adjustments, warnings: Vec::new(), length: written };
        let options = prepared.options();
        if options != CompileOptions::default() {
            prepared.length = compile(&prepared.script, &options).duration;
        }
        prepared
    }

    pub fn options(&self) -> CompileOptions {
        let a = &self.adjustments;
        CompileOptions {
            tempo: a.tempo,
            target_length: a.fit.then(|| Micros::from_secs_f64(f64::from(a.minutes) * 60.0)),
            skip: a.skip.clone(),
            voice: a.voice.clone(),
        }
    }

    /// Takes new adjustments, compiling again only if they change the session.
    pub fn adjust(&mut self, adjustments: Adjustments) {
        let before = self.options();
        self.adjustments = adjustments;
        if self.options() != before {
            self.length = compile(&self.script, &self.options()).duration;
        }
    }

    /// How long the session lasts at the current adjustments.
    pub fn length(&self) -> Micros {
        self.length
    }

    /// The muscle groups the script works through, in order, once each.
    pub fn groups(&self) -> Vec<GroupId> {
        let mut out: Vec<GroupId> = Vec::new();
        for step in &self.script.steps {
            let names: Vec<GroupId> = match &step.body {
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

pub fn show(ui: &mut Ui, prepared: &Prepared, look: &Look, out: &mut Vec<Command>) {
    let mut draft = prepared.adjustments.clone();
    page::column(ui, 1080.0, |ui| {
        ui.add_space(space::XL);
        if ui.button("Library").clicked() {
            out.push(Command::Action(Action::ShowLibrary));
        }
        ui.add_space(space::XS);
        // Side by side when there is room: what the session is and
        // Begin on the left, the adjustments on the right, so Begin
        // never hides below the fold.
        if ui.available_width() >= 820.0 {
            ui.columns(2, |columns| {
                let [left, right] = columns else { return };
                left.with_layout(Layout::top_down(Align::Min), |ui| about(ui, prepared, look, out));
                right.with_layout(Layout::top_down(Align::Min), |ui| adjustments(ui, prepared, &mut draft, look));
            });
        } else {
            about(ui, prepared, look, out);
            adjustments(ui, prepared, &mut draft, look);
        }
        ui.add_space(space::XXL);
    });
    if draft != prepared.adjustments {
        out.push(Command::Adjust(Box::new(draft)));
    }
}

fn about(ui: &mut Ui, prepared: &Prepared, look: &Look, out: &mut Vec<Command>) {
    let p = look.palette;
    let length = prepared.length();
    ui.add(egui::Label::new(RichText::new(&prepared.script.title).font(look.font(font::TITLE_S))).wrap());
    let minutes = (length.as_secs_f64() / 60.0).round().max(1.0);
    ui.label(RichText::new(format!("About {minutes} minutes")).font(look.font(font::LEAD)).color(p.muted));
    ui.add(egui::Label::new(RichText::new(&prepared.script.summary).font(look.font(font::LEAD))).wrap());
    if let Some(caution) = &prepared.script.caution {
        Frame::new().fill(p.surface).corner_radius(16).inner_margin(Margin::same(20)).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Before you begin").font(look.font(font::LEAD)));
            ui.add(egui::Label::new(RichText::new(caution)).wrap());
        });
    }
    ui.add_space(space::M);
    let begin = Button::new(RichText::new("Begin").font(look.font(font::EMPHASIS)).color(p.on_accent))
        .fill(p.accent_strong)
        .min_size(Vec2::new(220.0, 60.0));
    let centred = Layout::centered_and_justified(egui::Direction::TopDown);
    if ui.allocate_ui_with_layout(Vec2::new(220.0, 60.0), centred, |ui| ui.add(begin)).inner.clicked() {
        out.push(Command::Action(Action::Begin));
    }
}

fn adjustments(ui: &mut Ui, prepared: &Prepared, draft: &mut Adjustments, look: &Look) {
    let p = look.palette;
    let heading = |ui: &mut Ui, text: &str| {
        ui.add_space(space::S);
        ui.label(RichText::new(text).font(look.font(font::BODY)).color(p.muted));
    };
    heading(ui, "Pace");
    ui.add(
        Slider::new(&mut draft.tempo, TEMPO_RANGE)
            .step_by(0.05)
            .custom_formatter(|v, _| format!("{v:.2}×"))
            .text("Speed"),
    )
    .on_hover_text("Below 1 is slower, above 1 faster");
    heading(ui, "Length");
    ui.horizontal(|ui| {
        for (fit, label) in [(false, "As written"), (true, "Fit to a length")] {
            if choice(ui, draft.fit == fit, label, look).clicked() {
                draft.fit = fit;
            }
        }
    });
    ui.add_enabled(
        draft.fit,
        Slider::new(&mut draft.minutes, 2.0..=60.0).step_by(1.0).suffix(" min").text("Total length"),
    );
    let groups = prepared.groups();
    if !groups.is_empty() {
        heading(ui, "Leave out (painful or injured areas)");
        // Chosen groups are filled: tap again to bring one back.
        ui.horizontal_wrapped(|ui| {
            for g in groups {
                let skip = draft.skip.iter().any(|s| s == g.name());
                if choice(ui, skip, &g.group().title(), look).clicked() {
                    draft.skip.retain(|s| s != g.name());
                    if !skip {
                        draft.skip.push(g.name().to_string());
                    }
                }
            }
        });
    }
    heading(ui, "Volumes");
    for (bus, gain) in &mut draft.volumes {
        ui.add(Slider::new(gain, 0.0..=1.0).show_value(false).text(volume_label(*bus)));
    }
}
