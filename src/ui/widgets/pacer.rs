//! The heart of the player view: what to show for the segment playing now.
//! Breathing gets the orb, PMR the body map, narration a large calm
//! caption, pauses a quiet visual, and rating steps the 0–10 scale.

use egui::{Color32, Rect, RichText, Ui, Vec2};

use crate::player::Now;
use crate::script::muscles::GroupId;
use crate::timeline::SegmentKind;
use crate::ui::commands::Command;
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::{font, space};
use crate::ui::widgets::body_map;
use crate::ui::widgets::orb;
use crate::ui::widgets::rating;

/// Draws the pacer for `now` in the space left in `ui`. `upcoming` is the
/// muscle group tensed next, when a pause leads into one: the body map
/// then shows it ahead, so the patient can get ready.
pub fn show(
    ui: &mut Ui,
    now: &Now,
    upcoming: Option<GroupId>,
    answering: rating::Answering,
    look: &Look,
    out: &mut Vec<Command>,
) {
    match now.kind {
        k if k.is_breath() => breath(ui, now, look),
        SegmentKind::Tense(group) | SegmentKind::Release(group) => muscles(ui, now, Some(group), look),
        SegmentKind::Pause | SegmentKind::GetReady if upcoming.is_some() => muscles(ui, now, upcoming, look),
        SegmentKind::Say => caption(ui, now, look),
        SegmentKind::Pause | SegmentKind::GetReady => pause(ui, now, look),
        SegmentKind::Rate(scale) => rating::show(ui, scale, &now.text, answering, look, out),
        _ => {}
    }
}

/// The side of the square the orb or body map may fill, leaving `text` for the words.
fn visual_side(ui: &Ui, text: f32) -> f32 {
    (ui.available_height() - text).min(ui.available_width()).clamp(120.0, 900.0)
}

fn breath(ui: &mut Ui, now: &Now, look: &Look) {
    let p = &look.palette;
    let side = visual_side(ui, 190.0 * look.scale);
    ui.vertical_centered(|ui| {
        if let (Some(cycle), Some(cycles)) = (now.cycle, now.cycles) {
            ui.label(RichText::new(format!("Breath {cycle} of {cycles}")).font(look.font(font::HINT)).color(p.muted));
        }
        let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, format!("{}, {}", now.label, now.countdown()))
        });
        orb::paint(ui, rect, now, look);
        ui.label(RichText::new(&now.label).font(look.font(font::DISPLAY)));
        if !now.text.is_empty() {
            ui.label(RichText::new(&now.text).font(look.font(font::BODY)).color(p.muted));
        }
        next_up(ui, now, look);
    });
}

fn muscles(ui: &mut Ui, now: &Now, group: Option<GroupId>, look: &Look) {
    let p = &look.palette;
    let (state, colour) = match now.kind {
        SegmentKind::Tense(_) => ("Tense", p.tense),
        SegmentKind::Release(_) => ("Release", p.accent_strong),
        _ => ("Get ready", p.muted),
    };
    let height = ui.available_height();
    let figure = Vec2::new((height * 0.52).min(ui.available_width() * 0.4), height);
    ui.horizontal(|ui| {
        ui.add_space(((ui.available_width() - figure.x - 620.0 * look.scale.sqrt()) * 0.5).max(0.0));
        let (rect, response) = ui.allocate_exact_size(figure, egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Body map"));
        body_map::paint(ui, rect.shrink(12.0), group, now.kind, look);
        ui.add_space(space::XL);
        ui.vertical(|ui| {
            ui.set_max_width(560.0 * look.scale.sqrt());
            ui.add_space((height * 0.5 - 150.0 * look.scale).max(0.0));
            let group = group.map_or_else(|| now.label.clone(), |g| g.group().title());
            ui.label(RichText::new(group).font(look.font(font::HEADING)));
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(state.to_uppercase()).font(look.font(font::DISPLAY)).color(readable(colour, look)),
                );
                ui.label(RichText::new(now.countdown().to_string()).font(look.font(font::DISPLAY)).color(p.muted));
            });
            if let (Some(cycle), Some(cycles @ 2..)) = (now.cycle, now.cycles) {
                ui.label(RichText::new(format!("Round {cycle} of {cycles}")).color(p.muted));
            }
            ui.add_space(space::S);
            if !now.text.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(&now.text).font(look.font(font::CAPTION)).line_height(Some(34.0 * look.scale)),
                    )
                    .wrap(),
                );
            }
            ui.add_space(space::XS);
            next_up(ui, now, look);
        });
    });
}

/// The tense colour is for shapes; as text it falls back to the body colour
/// where it would not reach 4.5:1.
fn readable(colour: Color32, look: &Look) -> Color32 {
    if crate::ui::style::theme::contrast(colour, look.palette.bg) >= 4.5 { colour } else { look.palette.text }
}

fn caption(ui: &mut Ui, now: &Now, look: &Look) {
    let width = (760.0 * look.scale).min(ui.available_width());
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.28 - 40.0).max(0.0));
        ui.allocate_ui(Vec2::new(width, ui.available_height()), |ui| {
            ui.vertical_centered(|ui| {
                ui.add(
                    egui::Label::new(
                        RichText::new(&now.text).font(look.font(font::QUESTION)).line_height(Some(46.0 * look.scale)),
                    )
                    .wrap(),
                );
                ui.add_space(space::L);
                next_up(ui, now, look);
            });
        });
    });
}

fn pause(ui: &mut Ui, now: &Now, look: &Look) {
    let p = &look.palette;
    let side = visual_side(ui, 160.0 * look.scale) * 0.7;
    ui.vertical_centered(|ui| {
        ui.add_space(space::L);
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(side), egui::Sense::hover());
        quiet(ui, rect, look);
        let words = if now.text.is_empty() { &now.label } else { &now.text };
        ui.label(RichText::new(words).font(look.font(font::WORD)));
        ui.label(RichText::new(format!("{}", now.countdown())).font(look.font(font::BODY)).color(p.muted));
    });
}

/// A still, soft disc with a few rings, like ripples that have settled.
fn quiet(ui: &Ui, rect: Rect, look: &Look) {
    let p = &look.palette;
    let painter = ui.painter_at(rect);
    let c = rect.center();
    let r = rect.width() * 0.45;
    for k in 0..4 {
        let f = 1.0 - 0.2 * k as f32;
        painter.circle_stroke(c, r * f, egui::Stroke::new(1.5, p.idle));
    }
    painter.circle_filled(c, r * 0.3, p.idle);
}

fn next_up(ui: &mut Ui, now: &Now, look: &Look) {
    let Some((kind, label)) = now.next.as_ref().filter(|(_, l)| !l.is_empty()) else { return };
    let next = match kind {
        SegmentKind::Release(_) => "Next: let go".to_string(),
        SegmentKind::Tense(_) => format!("Next: tense, {}", label.to_lowercase()),
        SegmentKind::GetReady => label.clone(),
        _ => format!("Next: {label}"),
    };
    ui.label(RichText::new(next).font(look.font(font::HINT)).color(look.palette.muted));
}
