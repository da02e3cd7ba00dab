//! The breathing pacer: a soft orb that grows on the in-breath and shrinks
//! on the out-breath, with the countdown inside. With reduced motion it is
//! a filling bar and a number instead. Both are drawn purely from `Now`.

use std::f32::consts::{PI, TAU};

use egui::{Align2, Color32, Id, Mesh, Pos2, Rect, Shape, Stroke, Ui, Vec2};

use crate::player::Now;
use crate::timeline::SegmentKind;
use crate::ui::frame_report;
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
    let side = rect.width().min(rect.height());
    ui.data_mut(|d| d.insert_temp(side_id(), side));
    let (r_min, r_max) = radii(side);
    let r = r_min + (r_max - r_min) * fullness(now);
    frame_report::orb_drawn(ui.ctx(), r, side);

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

/// How long until the orb (or bar) has visibly moved, in seconds, or
/// `None` while it stands still. `side` is the side of the square the orb
/// is drawn in (`drawn_side`).
///
/// The orb's edge eases in and out, so it crawls at the turns of a breath
/// and moves fastest halfway through. The next frame is due when the edge
/// has travelled `PIXELS_PER_FRAME` from where it is now (found by
/// inverting the easing), or at the end of the segment if it gets no
/// further: about `travel / PIXELS_PER_FRAME` frames a breath phase,
/// whatever its length, instead of a fixed rate for the fastest point.
pub fn motion_interval(now: &Now, side: f32, reduced_motion: bool) -> Option<f32> {
    if !matches!(now.kind, SegmentKind::Inhale | SegmentKind::Exhale) {
        return None;
    }
    if reduced_motion {
        // The filling bar steps quietly, a tenth of a second at a time.
        return Some(0.1);
    }
    let (r_min, r_max) = radii(side);
    let left = now.segment_left.as_secs_f64() as f32;
    let p = now.progress.clamp(0.0, 1.0);
    if p >= 1.0 {
        return Some(left);
    }
    // Inhale and exhale move the edge by the same eased amount.
    let eased = 0.5 - 0.5 * (PI * p).cos();
    let target = (eased + PIXELS_PER_FRAME / (r_max - r_min).max(1.0)).min(1.0);
    let p_next = (1.0 - 2.0 * target).clamp(-1.0, 1.0).acos() / PI;
    Some(left * (p_next - p).max(0.0) / (1.0 - p))
}

/// Where the orb remembers the side of the square it was last drawn in.
fn side_id() -> Id {
    Id::unique("orb-drawn-side")
}

/// The side of the square the orb was last drawn in, for `motion_interval`.
pub fn drawn_side(ctx: &egui::Context) -> Option<f32> {
    ctx.data(|d| d.get_temp(side_id()))
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
        assert!(motion_interval(&now(SegmentKind::HoldOut, 0.5), 500.0, false).is_none());
        let dt = motion_interval(&now(SegmentKind::Inhale, 0.5), 500.0, false).unwrap();
        // Halfway through a 4 s in-breath over a 110 px travel the edge
        // moves 110 * pi / 2 / 4 = 43 px/s: two pixels take ~46 ms.
        assert!(dt > 0.04 && dt < 0.05, "{dt}");
    }

    /// Steps through a 4 s phase the way the app does (a frame whenever
    /// `motion_interval` says), returning the radius at each frame.
    fn radii_drawn(kind: SegmentKind, side: f32) -> Vec<f32> {
        let (r_min, r_max) = radii(side);
        let mut t = 0.0f32;
        let mut drawn = Vec::new();
        while t < 4.0 {
            let n = now(kind, t / 4.0);
            drawn.push(r_min + (r_max - r_min) * fullness(&n));
            t += motion_interval(&n, side, false).unwrap().max(1e-4);
        }
        drawn.push(r_min + (r_max - r_min) * fullness(&now(kind, 1.0)));
        drawn
    }

    #[test]
    fn each_frame_moves_the_edge_by_the_step_and_no_more() {
        for kind in [SegmentKind::Inhale, SegmentKind::Exhale] {
            let drawn = radii_drawn(kind, 500.0);
            let steps: Vec<f32> = drawn.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
            let (last, rest) = steps.split_last().unwrap();
            for step in rest {
                assert!((step - PIXELS_PER_FRAME).abs() < 0.05, "{kind:?}: {steps:?}");
            }
            assert!(*last <= PIXELS_PER_FRAME + 0.05, "{kind:?}: {steps:?}");
            // A 110 px travel in 2 px steps: 55 frames, not the ~86 a
            // fixed rate for the fastest point would draw.
            assert!((55..=57).contains(&drawn.len()), "{kind:?}: {} frames", drawn.len());
        }
    }

    #[test]
    fn the_turns_of_a_breath_wait_longer_than_its_middle() {
        let start = motion_interval(&now(SegmentKind::Inhale, 0.0), 500.0, false).unwrap();
        let middle = motion_interval(&now(SegmentKind::Inhale, 0.5), 500.0, false).unwrap();
        let near_end = motion_interval(&now(SegmentKind::Exhale, 0.98), 500.0, false).unwrap();
        assert!(start > 5.0 * middle, "{start} vs {middle}");
        // Near the end the next frame is the end of the segment itself.
        assert!((near_end - 0.08).abs() < 1e-3, "{near_end}");
    }
}
