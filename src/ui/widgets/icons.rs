//! Round, painted icon buttons for the transport. The icons are drawn with
//! shapes rather than font glyphs, so they look the same everywhere; each
//! button carries its command's label for AccessKit and a tooltip.

use egui::{Color32, Pos2, Rect, Response, Role, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo};

use crate::ui::style::theme::Look;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Play,
    Pause,
    Previous,
    Next,
    Restart,
    Sound,
    Muted,
}

/// A circular button of diameter `size`; `primary` fills it with the accent.
pub fn button(ui: &mut Ui, icon: Icon, size: f32, label: &str, primary: bool, look: &Look) -> Response {
    let p = &look.palette;
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(size), Sense::click());
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, label));
    let (fill, ink) = if primary { (p.accent_strong, p.on_accent) } else { (p.surface_alt, p.text) };
    let painter = ui.painter();
    let c = rect.center();
    let fill = if response.hovered() && !primary { p.idle } else { fill };
    painter.circle_filled(c, size * 0.5, fill);
    if response.has_focus() {
        painter.circle_stroke(c, size * 0.5 + 3.0, Stroke::new(3.0, p.focus));
    }
    draw(painter, icon, Rect::from_center_size(c, Vec2::splat(size * 0.42)), ink);
    response.on_hover_text(label)
}

fn draw(painter: &egui::Painter, icon: Icon, r: Rect, ink: Color32) {
    let tri = |a: Pos2, b: Pos2, c: Pos2| Shape::convex_polygon(vec![a, b, c], ink, Stroke::NONE);
    let (x0, x1, y0, y1, cy) = (r.left(), r.right(), r.top(), r.bottom(), r.center().y);
    let w = r.width();
    match icon {
        Icon::Play => {
            painter.add(tri(Pos2::new(x0 + w * 0.12, y0), Pos2::new(x1, cy), Pos2::new(x0 + w * 0.12, y1)));
        }
        Icon::Pause => {
            let bar = Vec2::new(w * 0.3, r.height());
            painter.rect_filled(Rect::from_min_size(Pos2::new(x0 + w * 0.05, y0), bar), 3, ink);
            painter.rect_filled(Rect::from_min_size(Pos2::new(x1 - w * 0.35, y0), bar), 3, ink);
        }
        Icon::Previous => {
            painter.rect_filled(Rect::from_min_max(Pos2::new(x0, y0), Pos2::new(x0 + w * 0.16, y1)), 2, ink);
            painter.add(tri(Pos2::new(x1, y0), Pos2::new(x0 + w * 0.16, cy), Pos2::new(x1, y1)));
        }
        Icon::Next => {
            painter.rect_filled(Rect::from_min_max(Pos2::new(x1 - w * 0.16, y0), Pos2::new(x1, y1)), 2, ink);
            painter.add(tri(Pos2::new(x0, y0), Pos2::new(x1 - w * 0.16, cy), Pos2::new(x0, y1)));
        }
        Icon::Restart => {
            let c = r.center();
            let rad = w * 0.45;
            let arc: Vec<Pos2> = (0..=20)
                .map(|i| {
                    let a = -0.35 + 1.65 * std::f32::consts::PI * i as f32 / 20.0;
                    c + Vec2::angled(a) * rad
                })
                .collect();
            let tip = arc[0];
            painter.add(Shape::line(arc, Stroke::new(w * 0.13, ink)));
            painter.add(tri(
                tip + Vec2::new(-w * 0.25, -w * 0.05),
                tip + Vec2::new(w * 0.18, -w * 0.1),
                tip + Vec2::new(0.0, w * 0.28),
            ));
        }
        Icon::Sound | Icon::Muted => {
            let body = Rect::from_min_max(Pos2::new(x0, cy - w * 0.17), Pos2::new(x0 + w * 0.25, cy + w * 0.17));
            painter.rect_filled(body, 1, ink);
            painter.add(Shape::convex_polygon(
                vec![
                    Pos2::new(x0 + w * 0.2, cy - w * 0.17),
                    Pos2::new(x0 + w * 0.55, y0),
                    Pos2::new(x0 + w * 0.55, y1),
                    Pos2::new(x0 + w * 0.2, cy + w * 0.17),
                ],
                ink,
                Stroke::NONE,
            ));
            let stroke = Stroke::new(w * 0.09, ink);
            if icon == Icon::Muted {
                painter.line_segment([Pos2::new(x0 + w * 0.7, cy - w * 0.18), Pos2::new(x1, cy + w * 0.18)], stroke);
                painter.line_segment([Pos2::new(x0 + w * 0.7, cy + w * 0.18), Pos2::new(x1, cy - w * 0.18)], stroke);
            } else {
                let arc: Vec<Pos2> = (0..=12)
                    .map(|i| Pos2::new(x0 + w * 0.5, cy) + Vec2::angled(-0.8 + 1.6 * i as f32 / 12.0) * w * 0.45)
                    .collect();
                painter.add(Shape::line(arc, stroke));
            }
        }
    }
}
