//! A rating's change as a quiet chip, "Pain 7 → 5". The arrow is painted,
//! since the bundled fonts have no arrow glyph; screen readers hear the
//! player's words instead: "Pain: 7 before, 5 after".

use egui::{Response, Role, Sense, Stroke, Ui, Vec2, WidgetInfo, pos2};

use crate::ui::pages::journal::state::Change;
use crate::ui::style::theme::Look;
use crate::ui::style::tokens::font;

pub fn chip(ui: &mut Ui, change: &Change, look: &Look) -> Response {
    let p = &look.palette;
    let font = look.font(font::BODY);
    let painter = ui.painter();
    let before = painter.layout_no_wrap(format!("{} {}", change.scale, change.before), font.clone(), p.text);
    let after = painter.layout_no_wrap(change.after.to_string(), font, p.text);
    let height = before.size().y;
    let (pad, gap, arrow) = (Vec2::new(14.0, 6.0), 0.35 * height, 0.8 * height);
    let inner = Vec2::new(before.size().x + gap + arrow + gap + after.size().x, height);
    let (rect, response) = ui.allocate_exact_size(inner + 2.0 * pad, Sense::hover());
    response.widget_info(|| WidgetInfo::labeled(Role::Label, true, change.spoken()));
    let painter = ui.painter();
    painter.rect_filled(rect, 12, p.surface_alt);
    let (mut x, top, cy) = (rect.left() + pad.x, rect.top() + pad.y, rect.center().y);
    let next = x + before.size().x + gap;
    painter.galley(pos2(x, top), before, p.text);
    x = next;
    let (tip, head, stroke) = (x + arrow, 0.22 * height, Stroke::new(2.0, p.muted));
    painter.line_segment([pos2(x, cy), pos2(tip, cy)], stroke);
    painter.line_segment([pos2(tip - head, cy - head), pos2(tip, cy)], stroke);
    painter.line_segment([pos2(tip - head, cy + head), pos2(tip, cy)], stroke);
    painter.galley(pos2(tip + gap, top), after, p.text);
    response
}
