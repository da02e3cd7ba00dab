//! Which part of the window a frame changed, found by comparing egui's
//! shapes with the last frame's. Under software GL every pixel cleared,
//! shaded and presented costs CPU, so a frame in which only the orb moved
//! repaints and presents only the orb's rectangle, and a frame in which
//! nothing changed paints nothing at all.

use egui::Rect;
use egui::epaint::ClippedShape;

/// What the next frame has to repaint.
#[derive(Debug, Clone, PartialEq)]
pub enum Damage {
    /// Nothing visible changed.
    Nothing,
    /// These rectangles (in points, apart, inside the screen).
    Regions(Vec<Rect>),
    Full,
}

/// Above this share of the screen, a partial repaint saves too little to be worth it.
const MOST_OF_THE_SCREEN: f32 = 0.5;

/// Rectangles painted and presented one by one, at most.
const MAX_REGIONS: usize = 4;

/// Anti-aliasing feathers a shape by up to a pixel beyond its bounds.
const FEATHER: f32 = 2.0;

/// Remembers the last frame's shapes.
pub struct Tracker {
    previous: Vec<ClippedShape>,
    /// The next frame repaints everything, whatever its shapes.
    stale: bool,
}

impl Tracker {
    pub fn new() -> Self {
        Self { previous: Vec::new(), stale: true }
    }

    /// The window's pixels can no longer be trusted (resized, exposed,
    /// textures changed): the next frame repaints everything.
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    /// What changed between the last frame's shapes and `shapes`, on a
    /// screen of `screen` points. Remembers `shapes` for the next frame.
    pub fn damage(&mut self, shapes: &[ClippedShape], screen: Rect) -> Damage {
        let full = std::mem::take(&mut self.stale) || shapes.len() != self.previous.len();
        let mut regions = Vec::new();
        if !full {
            for (old, new) in self.previous.iter().zip(shapes).filter(|(old, new)| old != new) {
                for rect in [bounds(old), bounds(new)] {
                    let rect = rect.expand(FEATHER).intersect(screen);
                    if rect.is_positive() {
                        add(&mut regions, rect);
                    }
                }
            }
        }
        self.previous.clear();
        self.previous.extend_from_slice(shapes);
        let area: f32 = regions.iter().map(|r| r.area()).sum();
        if full || area > MOST_OF_THE_SCREEN * screen.area() {
            Damage::Full
        } else if regions.is_empty() {
            Damage::Nothing
        } else {
            Damage::Regions(regions)
        }
    }
}

/// Adds `rect` to `regions`, merging rectangles that overlap, and the two
/// nearest when there would be too many.
fn add(regions: &mut Vec<Rect>, rect: Rect) {
    let mut rect = rect;
    while let Some(i) = regions.iter().position(|r| r.intersects(rect)) {
        rect = rect.union(regions.swap_remove(i));
    }
    regions.push(rect);
    if regions.len() > MAX_REGIONS {
        let waste = |a: Rect, b: Rect| a.union(b).area() - a.area() - b.area();
        let mut best = (0, 1);
        for i in 0..regions.len() {
            for j in i + 1..regions.len() {
                if waste(regions[i], regions[j]) < waste(regions[best.0], regions[best.1]) {
                    best = (i, j);
                }
            }
        }
        let merged = regions.swap_remove(best.1).union(regions.swap_remove(best.0));
        add(regions, merged);
    }
}

/// Where a shape can leave pixels: its painted bounds (moved by its
/// transform, if any), inside its clip.
fn bounds(shape: &ClippedShape) -> Rect {
    (shape.transform_after_tessellation * shape.shape.visual_bounding_rect()).intersect(shape.clip_rect)
}

/// `region` (points) grown to whole pixels, and those pixels as a GL
/// rectangle (x, y from the bottom, width, height) inside a window of
/// `size` pixels. The region is cleared by the pixel rectangle and painted
/// by clipping to the grown region, which egui_glow turns into a scissor
/// by rounding: the two must cover exactly the same pixels, or a line of
/// cleared but unpainted pixels is left wherever a shape crosses the edge.
pub fn on_pixels(region: Rect, ppp: f32, size: [u32; 2]) -> (Rect, [i32; 4]) {
    let (w, h) = (size[0] as f32, size[1] as f32);
    let x0 = (region.min.x * ppp).floor().clamp(0.0, w);
    let y0 = (region.min.y * ppp).floor().clamp(0.0, h);
    let x1 = (region.max.x * ppp).ceil().clamp(x0, w);
    let y1 = (region.max.y * ppp).ceil().clamp(y0, h);
    let grown = Rect::from_min_max(egui::pos2(x0, y0) / ppp, egui::pos2(x1, y1) / ppp);
    (grown, [x0 as i32, (h - y1) as i32, (x1 - x0) as i32, (y1 - y0) as i32])
}

/// The shapes that reach into `region`, clipped to it, for painting only that region.
pub fn within(shapes: Vec<ClippedShape>, region: Rect) -> Vec<ClippedShape> {
    shapes
        .into_iter()
        .filter(|s| bounds(s).intersects(region))
        .map(|s| ClippedShape { clip_rect: s.clip_rect.intersect(region), ..s })
        .collect()
}

#[cfg(test)]
mod tests {
    use egui::{Color32, Pos2, Shape, Stroke, pos2, vec2};

    use super::*;

    const SCREEN: Rect = Rect { min: Pos2::ZERO, max: pos2(1000.0, 800.0) };

    fn circle(x: f32, r: f32) -> ClippedShape {
        ClippedShape::new(SCREEN, Shape::circle_filled(pos2(x, 400.0), r, Color32::RED))
    }

    fn line(y: f32) -> ClippedShape {
        ClippedShape::new(SCREEN, Shape::line_segment([pos2(10.0, y), pos2(90.0, y)], Stroke::new(1.0, Color32::BLUE)))
    }

    #[test]
    fn the_first_frame_and_a_stale_window_repaint_everything() {
        let mut tracker = Tracker::new();
        let shapes = vec![circle(500.0, 100.0), line(20.0)];
        assert_eq!(tracker.damage(&shapes, SCREEN), Damage::Full);
        assert_eq!(tracker.damage(&shapes, SCREEN), Damage::Nothing);
        tracker.invalidate();
        assert_eq!(tracker.damage(&shapes, SCREEN), Damage::Full);
    }

    #[test]
    fn a_growing_circle_damages_its_new_bounds_only() {
        let mut tracker = Tracker::new();
        tracker.damage(&[circle(500.0, 100.0), line(20.0)], SCREEN);
        let Damage::Regions(regions) = tracker.damage(&[circle(500.0, 110.0), line(20.0)], SCREEN) else {
            panic!("expected a region");
        };
        let [region] = regions[..] else { panic!("expected one region: {regions:?}") };
        // The bigger circle's bounds, feathered; the unchanged line is not in it.
        assert!(region.contains_rect(Rect::from_center_size(pos2(500.0, 400.0), vec2(220.0, 220.0))));
        assert!(region.width() < 240.0 && region.height() < 240.0, "{region:?}");
        assert!(!region.contains(pos2(50.0, 20.0)));
    }

    #[test]
    fn a_moved_shape_damages_where_it_was_and_where_it_is() {
        let mut tracker = Tracker::new();
        tracker.damage(&[line(20.0), circle(100.0, 20.0)], SCREEN);
        let Damage::Regions(regions) = tracker.damage(&[line(20.0), circle(300.0, 20.0)], SCREEN) else {
            panic!("expected regions");
        };
        // Two apart rectangles, not one spanning both.
        assert_eq!(regions.len(), 2, "{regions:?}");
        assert!(regions.iter().any(|r| r.contains(pos2(100.0, 400.0))), "{regions:?}");
        assert!(regions.iter().any(|r| r.contains(pos2(300.0, 400.0))), "{regions:?}");
        assert!(!regions.iter().any(|r| r.contains(pos2(200.0, 400.0))), "{regions:?}");
    }

    #[test]
    fn a_new_shape_or_a_change_over_most_of_the_screen_repaints_everything() {
        let mut tracker = Tracker::new();
        tracker.damage(&[circle(500.0, 100.0)], SCREEN);
        assert_eq!(tracker.damage(&[circle(500.0, 100.0), line(20.0)], SCREEN), Damage::Full);
        assert_eq!(tracker.damage(&[circle(500.0, 390.0), line(20.0)], SCREEN), Damage::Full);
    }

    #[test]
    fn many_changes_merge_into_a_few_rectangles_covering_them_all() {
        let mut tracker = Tracker::new();
        let before: Vec<_> = (0..8).map(|k| circle(60.0 + 110.0 * k as f32, 10.0)).collect();
        let after: Vec<_> = (0..8).map(|k| circle(60.0 + 110.0 * k as f32, 12.0)).collect();
        tracker.damage(&before, SCREEN);
        let Damage::Regions(regions) = tracker.damage(&after, SCREEN) else { panic!("expected regions") };
        assert!(regions.len() <= MAX_REGIONS, "{regions:?}");
        for k in 0..8 {
            let centre = pos2(60.0 + 110.0 * k as f32, 400.0);
            assert!(regions.iter().any(|r| r.contains_rect(Rect::from_center_size(centre, vec2(24.0, 24.0)))));
        }
    }

    /// egui_glow's scissor for a clip rectangle: its corners in pixels, rounded.
    fn scissor(clip: Rect, ppp: f32, height: i32) -> [i32; 4] {
        let [x0, y0, x1, y1] = [clip.min.x, clip.min.y, clip.max.x, clip.max.y].map(|v| (v * ppp).round() as i32);
        [x0, height - y1, x1 - x0, y1 - y0]
    }

    #[test]
    fn a_region_is_cleared_and_painted_on_the_same_pixels() {
        for ppp in [1.0, 1.25, 1.5, 2.0] {
            for region in [
                Rect::from_min_max(pos2(10.3, 20.7), pos2(200.4, 180.5)),
                Rect::from_min_max(pos2(0.49, 0.51), pos2(33.33, 66.67)),
            ] {
                let (grown, px) = on_pixels(region, ppp, [1000, 800]);
                assert!(grown.contains_rect(region), "{ppp}: {grown:?} vs {region:?}");
                assert_eq!(scissor(grown, ppp, 800), px, "{ppp}: {region:?}");
            }
        }
    }

    #[test]
    fn a_region_stays_inside_the_window() {
        let (grown, px) = on_pixels(Rect::from_min_max(pos2(-5.0, 790.2), pos2(40.0, 900.0)), 1.0, [1000, 800]);
        assert_eq!(px, [0, 0, 40, 10]);
        assert_eq!(grown, Rect::from_min_max(pos2(0.0, 790.0), pos2(40.0, 800.0)));
    }

    #[test]
    fn within_keeps_the_shapes_that_reach_the_region_clipped_to_it() {
        let region = Rect::from_min_max(pos2(0.0, 0.0), pos2(200.0, 200.0));
        let kept = within(vec![line(20.0), circle(500.0, 50.0)], region);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].clip_rect, region);
    }
}
