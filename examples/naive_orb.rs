//! The baseline `scripts/measure-ui --compare` measures the app against:
//! a plain egui window (800 × 600, default panel and clear) with a filled
//! circle that breathes 4 s in and 6 s out and a countdown, repainted at
//! up to 60 frames a second, as a first attempt would do it. With
//! `RESPITE_REPORT_FRAMES=1` it prints the same frame report as the app.
//!
//! `cargo run --release --example naive_orb`

use std::f32::consts::PI;
use std::time::{Duration, Instant};

use respite::ui::frame_report::{self, FrameReport};

fn main() -> eframe::Result {
    let viewport = egui::ViewportBuilder::default().with_title("Naive orb").with_inner_size([800.0, 600.0]);
    let options = eframe::NativeOptions { viewport, ..Default::default() };
    let started = Instant::now();
    let mut report = FrameReport::from_env("naive-orb");
    eframe::run_ui_native("Naive orb", options, move |ui, _frame| {
        let drawn = Instant::now();
        let t = started.elapsed().as_secs_f32() % 10.0;
        let (fullness, left) = if t < 4.0 {
            (0.5 - 0.5 * (PI * t / 4.0).cos(), 4.0 - t)
        } else {
            (0.5 + 0.5 * (PI * (t - 4.0) / 6.0).cos(), 10.0 - t)
        };
        egui::CentralPanel::default().show(ui, |ui| {
            let rect = ui.max_rect();
            let side = rect.width().min(rect.height());
            let radius = side * (0.2 + 0.22 * fullness);
            frame_report::orb_drawn(ui.ctx(), radius, side);
            let painter = ui.painter();
            painter.circle_filled(rect.center(), radius, egui::Color32::from_rgb(0x86, 0xB8, 0xB0));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("{}", left.ceil()),
                egui::FontId::proportional(64.0),
                egui::Color32::WHITE,
            );
        });
        ui.ctx().request_repaint_after(Duration::from_secs_f32(1.0 / 60.0));
        if let Some(report) = report.as_mut() {
            report.frame(ui.ctx(), drawn.elapsed());
        }
    })
}
