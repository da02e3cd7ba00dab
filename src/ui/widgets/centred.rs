//! Centring a horizontal row of widgets. egui lays rows out left to right
//! in one pass, so the row's width is remembered from the frame before;
//! when it changes, one more frame is asked for to settle.

use egui::Ui;

pub fn row<R>(ui: &mut Ui, name: &'static str, add: impl FnOnce(&mut Ui) -> R) -> R {
    let id = ui.scope_id().with(("centred-row", name));
    let remembered: Option<f32> = ui.data(|d| d.get_temp(id));
    let inner = ui.horizontal(|ui| {
        let indent = ((ui.available_width() - remembered.unwrap_or(0.0)) * 0.5).max(0.0);
        ui.add_space(indent);
        let start = ui.cursor().left();
        let r = add(ui);
        (r, ui.min_rect().right() - start)
    });
    let (r, width) = inner.inner;
    if remembered.is_none_or(|w| (w - width).abs() > 0.5) {
        ui.data_mut(|d| d.insert_temp(id, width));
        ui.ctx().request_repaint();
    }
    r
}
