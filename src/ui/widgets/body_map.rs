//! The PMR body map: a calm pictogram of the body, front view, with the
//! current muscle group lit (warm while tensing, cool while releasing).
//! The dominant side is drawn on the viewer's right, as the catalogue says.

use egui::{Pos2, Rect, Ui, Vec2};

use crate::script::muscles::{GroupId, Region};
use crate::timeline::SegmentKind;
use crate::ui::style::theme::Look;

/// Parts of the figure in a 1 × 2 unit box: a region and its rounded rect.
const PARTS: &[(Region, [f32; 4])] = &[
    (Region::Neck, [0.44, 0.285, 0.56, 0.345]),
    (Region::Chest, [0.29, 0.355, 0.71, 0.62]),
    (Region::Abdomen, [0.31, 0.63, 0.69, 0.87]),
    (Region::RightUpperArm, [0.73, 0.36, 0.83, 0.62]),
    (Region::RightForearm, [0.75, 0.635, 0.85, 0.96]),
    (Region::LeftUpperArm, [0.17, 0.36, 0.27, 0.62]),
    (Region::LeftForearm, [0.15, 0.635, 0.25, 0.96]),
    (Region::RightThigh, [0.52, 0.885, 0.67, 1.32]),
    (Region::RightCalf, [0.535, 1.335, 0.655, 1.74]),
    (Region::RightFoot, [0.535, 1.755, 0.72, 1.84]),
    (Region::LeftThigh, [0.33, 0.885, 0.48, 1.32]),
    (Region::LeftCalf, [0.345, 1.335, 0.465, 1.74]),
    (Region::LeftFoot, [0.28, 1.755, 0.465, 1.84]),
];

/// The head is a circle cut into three bands: forehead, eyes, jaw.
const HEAD_CENTRE: [f32; 2] = [0.5, 0.155];
const HEAD_RADIUS: f32 = 0.115;
const HEAD_BANDS: [(Region, f32, f32); 3] =
    [(Region::Forehead, 0.0, 0.36), (Region::Eyes, 0.375, 0.615), (Region::Jaw, 0.63, 1.0)];

/// Draws the body in `rect`, lighting the regions of `group`: warm while
/// tensing, cool while releasing, muted while getting ready.
pub fn paint(ui: &Ui, rect: Rect, group: Option<GroupId>, kind: SegmentKind, look: &Look) {
    let p = &look.palette;
    let lit: &[Region] = group.map_or(&[], |g| g.group().regions);
    let on = match kind {
        SegmentKind::Tense(_) => p.tense,
        SegmentKind::Release(_) => p.accent,
        // Shown ahead, before tensing: quieter than either.
        _ => p.muted,
    };
    let colour = |r: Region| if lit.contains(&r) { on } else { p.idle };

    // Fit the 1 × 2 figure into the rect, centred.
    let unit = (rect.height() / 1.9).min(rect.width());
    let origin = Pos2::new(rect.center().x - unit * 0.5, rect.center().y - unit * 0.95);
    let at = |x: f32, y: f32| origin + Vec2::new(x, y) * unit;
    let painter = ui.painter_at(rect);

    for &(region, [x0, y0, x1, y1]) in PARTS {
        let r = Rect::from_min_max(at(x0, y0), at(x1, y1));
        let radius = (r.width().min(r.height()) * 0.5).min(255.0) as u8;
        painter.rect_filled(r, radius, colour(region));
    }
    let centre = at(HEAD_CENTRE[0], HEAD_CENTRE[1]);
    let radius = HEAD_RADIUS * unit;
    for (region, top, bottom) in HEAD_BANDS {
        let band = Rect::from_min_max(
            Pos2::new(centre.x - radius, centre.y - radius + 2.0 * radius * top),
            Pos2::new(centre.x + radius, centre.y - radius + 2.0 * radius * bottom),
        );
        painter.with_clip_rect(band.intersect(rect)).circle_filled(centre, radius, colour(region));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::muscles;

    #[test]
    fn every_catalogue_region_is_drawn() {
        for g in muscles::all() {
            for r in g.regions {
                let drawn = PARTS.iter().any(|(p, _)| p == r) || HEAD_BANDS.iter().any(|(p, ..)| p == r);
                assert!(drawn, "{:?} of {} has no shape", r, g.name);
            }
        }
    }

    #[test]
    fn parts_stay_inside_the_figure_box() {
        for (r, [x0, y0, x1, y1]) in PARTS {
            assert!(0.0 <= *x0 && x0 < x1 && *x1 <= 1.0 && 0.0 <= *y0 && y0 < y1 && *y1 <= 1.9, "{r:?}");
        }
    }
}
