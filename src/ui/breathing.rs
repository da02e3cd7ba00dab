//! The breathing pacer: a soft orb that grows on the in-breath and shrinks
//! on the out-breath, with the countdown inside. With reduced motion it is
//! a filling bar and a number instead. Both are drawn purely from `Now`.

use std::f32::consts::PI;

use egui::{Align2, Color32, Pos2, Rect, Stroke, Ui, Vec2};

use super::theme::Look;
use crate::player::Now;
use crate::timeline::SegmentKind;

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
    (side * 0.2, side * 0.46)
}

fn paint_orb(ui: &Ui, rect: Rect, now: &Now, look: &Look) {
    let p = &look.palette;
    let painter = ui.painter_at(rect);
    let c = rect.center();
    let (r_min, r_max) = radii(rect.width().min(rect.height()));
    let r = r_min + (r_max - r_min) * fullness(now);

    // A faint ring shows how far the breath will go.
    painter.circle_stroke(c, r_max, Stroke::new(1.5, p.idle));
    // A soft halo: a few wide, faint rings outside the orb.
    for k in (1..=5).rev() {
        let grow = 1.0 + 0.055 * k as f32;
        painter.circle_filled(c, r * grow, with_alpha(p.accent, 0.10 - 0.016 * k as f32));
    }
    painter.circle_filled(c, r, p.accent);
    // Soft light from the upper left: a few faint, nested discs.
    let light = with_alpha(Color32::WHITE, if p.dark { 0.035 } else { 0.09 });
    for k in 1..=4 {
        let f = k as f32 / 4.0;
        painter.circle_filled(c - Vec2::splat(r * 0.18 * f), r * (1.0 - 0.2 * k as f32), light);
    }

    let text = if p.dark { p.on_accent } else { p.text };
    painter.text(c, Align2::CENTER_CENTER, now.countdown().to_string(), look.font(64.0), text);
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
    painter.text(number_at, Align2::CENTER_CENTER, now.countdown().to_string(), look.font(72.0), p.text);
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
    let travel = if reduced_motion { side * 0.86 } else { r_max - r_min };
    let seconds = now.segment_left.as_secs_f64() as f32 / (1.0 - now.progress).max(0.01);
    // Eased motion peaks at pi/2 times its average speed.
    Some(seconds / (travel.max(1.0) * PI / 2.0))
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
            group: None,
            scale: None,
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
        // A 4 s in-breath over a 130 px travel: a frame every ~20 ms.
        assert!(dt > 0.01 && dt < 0.03, "{dt}");
    }
}
