//! The breathing pacer: a soft orb that grows on the in-breath and shrinks
//! on the out-breath, with the countdown inside. With reduced motion it is
//! a filling bar and a number instead. Both are drawn purely from `Now`.

use std::f32::consts::{PI, TAU};

use egui::{Align2, Color32, Mesh, Pos2, Rect, Shape, Stroke, Ui, Vec2};

use crate::player::Now;
use crate::timeline::SegmentKind;
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::font;

/// How full the lungs are, 0 (empty) to 1 (full), eased like a breath.
pub fn fullness(now: &Now) -> f32 {
    let eased = 0.5 - 0.5 * (PI * now.progress.clamp(0.0, 1.0)).cos();
    match now.kind {
        SegmentKind::Inhale => eased,
        SegmentKind::HoldIn => 1.0,
        SegmentKind::Exhale => 1.0 - eased,
        _ => 0.0,
    }
}

/// Draws the pacer into `rect`.
pub fn paint(ui: &Ui, rect: Rect, now: &Now, look: &Look) {
    if look.reduced_motion {
        paint_bar(ui, rect, now, look);
    } else {
        paint_orb(ui, rect, now, look);
    }
}

/// Radii of the empty and the full orb in a square of side `side`.
pub fn radii(side: f32) -> (f32, f32) {
    (side * 0.2, side * 0.42)
}

fn paint_orb(ui: &Ui, rect: Rect, now: &Now, look: &Look) {
    let p = &look.palette;
    let painter = ui.painter().with_clip_rect(rect.expand(24.0));
    let c = rect.center();
    let (r_min, r_max) = radii(rect.width().min(rect.height()));
    let r = r_min + (r_max - r_min) * fullness(now);

    // A faint ring shows how far the breath will go.
    painter.circle_stroke(c, r_max, Stroke::new(1.5, p.idle));
    // The orb and its halo are one mesh of smooth gradients: no layers
    // painted over each other, which keeps software rendering cheap.
    let light = lerp_colour(p.accent, Color32::WHITE, if p.dark { 0.18 } else { 0.38 });
    let mut mesh = Mesh::default();
    let centre = mesh.vertices.len() as u32;
    mesh.colored_vertex(c - Vec2::splat(r * 0.28), light);
    let ring = |mesh: &mut Mesh, radius: f32, colour: Color32| -> u32 {
        let first = mesh.vertices.len() as u32;
        for k in 0..SEGMENTS {
            mesh.colored_vertex(c + Vec2::angled(k as f32 * TAU / SEGMENTS as f32) * radius, colour);
        }
        first
    };
    let rim = ring(&mut mesh, r, p.accent);
    let edge = ring(&mut mesh, r + 1.0, with_alpha(p.accent, 0.22));
    let halo = ring(&mut mesh, r * 1.2, with_alpha(p.accent, 0.0));
    for k in 0..SEGMENTS {
        let next = (k + 1) % SEGMENTS;
        mesh.add_triangle(centre, rim + k, rim + next);
        for (inner, outer) in [(rim, edge), (edge, halo)] {
            mesh.add_triangle(inner + k, outer + k, outer + next);
            mesh.add_triangle(inner + k, outer + next, inner + next);
        }
    }
    painter.add(Shape::mesh(mesh));

    let text = if p.dark { p.on_accent } else { p.text };
    painter.text(c, Align2::CENTER_CENTER, now.countdown().to_string(), look.font(font::COUNT), text);
}

/// How far the orb's edge may move between frames.
const PIXELS_PER_FRAME: f32 = 2.0;

/// Points around the orb's edge: smooth at any size on screen.
const SEGMENTS: u32 = 128;

fn lerp_colour(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

fn paint_bar(ui: &Ui, rect: Rect, now: &Now, look: &Look) {
    let p = &look.palette;
    let painter = ui.painter_at(rect);
    let h = rect.height() * 0.86;
    let w = (h * 0.22).clamp(48.0, 140.0);
    let track = Rect::from_center_size(rect.center() - Vec2::new(w, 0.0), Vec2::new(w, h));
    let radius = (w * 0.5) as u8;
    painter.rect_filled(track, radius, p.surface_alt);
    let level = fullness(now);
    if level > 0.0 {
        let fill = Rect::from_min_max(Pos2::new(track.left(), track.bottom() - h * level), track.max);
        painter.rect_filled(fill, radius, p.accent);
    }
    let number_at = Pos2::new(track.right() + w * 1.6, rect.center().y);
    painter.text(number_at, Align2::CENTER_CENTER, now.countdown().to_string(), look.font(font::COUNT_L), p.text);
}

fn with_alpha(c: Color32, alpha: f32) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), (alpha.clamp(0.0, 1.0) * 255.0) as u8)
}

/// How long until the orb (or bar) has visibly moved: about one pixel of
/// its fastest motion, or `None` while it stands still.
pub fn motion_interval(now: &Now, side: f32, reduced_motion: bool) -> Option<f32> {
    if !matches!(now.kind, SegmentKind::Inhale | SegmentKind::Exhale) {
        return None;
    }
    let (r_min, r_max) = radii(side);
    let seconds = now.segment_left.as_secs_f64() as f32 / (1.0 - now.progress).max(0.01);
    if reduced_motion {
        // The filling bar steps quietly, a tenth of a second at a time.
        return Some(0.1);
    }
    // Eased motion peaks at pi/2 times its average speed. A new frame for
    // every two pixels of edge travel still looks smooth at breathing pace
    // (about 20 frames a second at the fastest point of a 4 s in-breath)
    // and keeps software rendering within budget.
    Some(PIXELS_PER_FRAME * seconds / ((r_max - r_min).max(1.0) * PI / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Micros;

    fn now(kind: SegmentKind, progress: f32) -> Now {
        Now {
            position: Micros::ZERO,
            duration: Micros::from_secs(60),
            segment: Some(0),
            step: 0,
            kind,
            label: String::new(),
            text: String::new(),
            progress,
            segment_left: Micros::from_secs_f64(4.0 * f64::from(1.0 - progress)),
            cycle: None,
            cycles: None,
            next: None,
            finished: false,
        }
    }

    #[test]
    fn fullness_follows_the_breath() {
        assert_eq!(fullness(&now(SegmentKind::Inhale, 0.0)), 0.0);
        assert!((fullness(&now(SegmentKind::Inhale, 0.5)) - 0.5).abs() < 1e-6);
        assert!((fullness(&now(SegmentKind::Inhale, 1.0)) - 1.0).abs() < 1e-6);
        assert_eq!(fullness(&now(SegmentKind::HoldIn, 0.3)), 1.0);
        assert!((fullness(&now(SegmentKind::Exhale, 1.0))).abs() < 1e-6);
        assert_eq!(fullness(&now(SegmentKind::HoldOut, 0.3)), 0.0);
    }

    #[test]
    fn only_moving_phases_ask_for_frames() {
        assert!(motion_interval(&now(SegmentKind::HoldIn, 0.5), 500.0, false).is_none());
        let dt = motion_interval(&now(SegmentKind::Inhale, 0.5), 500.0, false).unwrap();
        // A 4 s in-breath over a 110 px travel: a frame every ~46 ms.
        assert!(dt > 0.03 && dt < 0.06, "{dt}");
    }
}
