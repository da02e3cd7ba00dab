//! The session progress bar: a soft track with a mark at each step, the
//! elapsed and remaining time beneath it. Clicking the bar seeks.

use egui::{Align, Layout, Pos2, Rect, RichText, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

use crate::timeline::{Micros, Timeline};
use crate::ui::commands::Command;
use crate::ui::style::theme::Look;

pub fn show(ui: &mut Ui, timeline: &Timeline, position: Micros, look: &Look, out: &mut Vec<Command>) {
    let p = &look.palette;
    let total = timeline.duration.0.max(1) as f32;
    let fraction = (position.0 as f32 / total).clamp(0.0, 1.0);
    let height = 26.0 * look.scale.sqrt();
    let (rect, response) = ui.allocate_exact_size(Vec2::new(ui.available_width(), height), Sense::click());
    response.widget_info(|| WidgetInfo {
        value: Some(f64::from(fraction) * 100.0),
        ..WidgetInfo::labeled(Role::Slider, true, "Session progress")
    });

    let painter = ui.painter_at(rect.expand(12.0));
    let track = Rect::from_center_size(rect.center(), Vec2::new(rect.width(), 8.0));
    painter.rect_filled(track, 4, p.surface_alt);
    // Whole pixels: the fill then changes only when it visibly moves, so
    // most frames of a session leave the bar alone, and the window repaints
    // only what changed.
    let ppp = ui.ctx().pixels_per_point();
    let fill = (track.width() * fraction * ppp).round() / ppp;
    let filled = Rect::from_min_max(track.min, Pos2::new(track.left() + fill, track.bottom()));
    painter.rect_filled(filled, 4, p.accent);
    for step in timeline.steps.iter().filter(|s| s.start > Micros::ZERO && s.start < timeline.duration) {
        let x = track.left() + track.width() * (step.start.0 as f32 / total);
        // A small dot under the track marks where each step begins.
        painter.circle_filled(Pos2::new(x, track.bottom() + 7.0), 2.5, p.muted);
    }
    let knob = Pos2::new(filled.right(), track.center().y);
    painter.circle_filled(knob, 9.0, p.accent_strong);
    if response.has_focus() {
        painter.rect_stroke(rect, 6, Stroke::new(2.0, p.focus), egui::StrokeKind::Outside);
    }

    if let Some(pos) = response.hover_pos() {
        let at = Micros((((pos.x - track.left()) / track.width()).clamp(0.0, 1.0) * total) as u64);
        if let Some(step) = timeline.step_at(at).and_then(|i| timeline.steps.get(i)) {
            response.clone().on_hover_text(format!("{} · {}", step.label, at.clock()));
        }
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        out.push(Command::Seek(((pos.x - track.left()) / track.width()).clamp(0.0, 1.0)));
    }

    let remaining = timeline.duration.saturating_sub(position);
    ui.horizontal(|ui| {
        ui.label(RichText::new(position.clock()).color(p.muted));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(RichText::new(format!("{} left", remaining.clock())).color(p.muted));
        });
    });
}
