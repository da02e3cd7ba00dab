//! `respite` with no arguments opens the app's library; `respite play
//! FILE|builtin:NAME` opens straight into playing. This is the window
//! (`window::run`) around `respite::ui::App`.

use std::process::ExitCode;
use std::time::Instant;

use respite::player::Output;
use respite::ui::commands::SessionSource;
use respite::ui::frame_report::FrameReport;
use respite::ui::places::Places;
use respite::ui::{App, Config};

use super::timeline::SessionOptions;
use super::window::{self, WindowApp};

#[derive(clap::Args, Debug)]
pub struct PlayArgs {
    /// A script file, or builtin:NAME; without one, the library opens.
    #[arg(value_name = "FILE|builtin:NAME")]
    script: Option<String>,
    #[command(flatten)]
    options: SessionOptions,
}

/// What to open first.
pub enum Start {
    Library,
    Play(PlayArgs),
}

/// Set this to print how long the first frame took, for `scripts/measure-ui`.
const FIRST_FRAME_ENV: &str = "RESPITE_REPORT_FIRST_FRAME";

pub fn run(start: Start) -> ExitCode {
    let launched = Instant::now();
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/respite.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Respite")
        .with_app_id("respite")
        .with_inner_size([1180.0, 820.0])
        .with_min_inner_size([640.0, 520.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let result = window::run(viewport, move |renderer| {
        let mut app = App::new(Config { places: Places::platform(), output: Box::new(|| Output::Device) });
        if let Start::Play(PlayArgs { script: Some(script), options }) = start {
            app.open_with(source(&script), &options.compile_options(), true);
        }
        Window {
            app,
            launched,
            reported: std::env::var_os(FIRST_FRAME_ENV).is_none(),
            frames: FrameReport::from_env("respite"),
            renderer: renderer.name.clone(),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("respite: could not open a window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `builtin:NAME` or a path, as the app names sessions.
fn source(spec: &str) -> SessionSource {
    match spec.strip_prefix("builtin:").and_then(respite::script::builtin::find) {
        Some(b) => SessionSource::Builtin(b.name),
        None => SessionSource::File(spec.into()),
    }
}

struct Window {
    app: App,
    launched: Instant,
    /// The first-frame time has been printed (or was not asked for).
    reported: bool,
    /// Where frame time goes, when `RESPITE_REPORT_FRAMES` is set.
    frames: Option<FrameReport>,
    /// The GL renderer, named in the first-frame report.
    renderer: String,
}

impl WindowApp for Window {
    fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        self.app.ui(ui);
        if let Some(report) = self.frames.as_mut() {
            report.frame(started.elapsed());
        }
        if !self.reported {
            self.reported = true;
            eprintln!("respite: first frame after {} ms (GL: {})", self.launched.elapsed().as_millis(), self.renderer);
        }
    }

    fn background(&self) -> egui::Color32 {
        self.app.settings().theme.palette().bg
    }

    fn on_exit(&mut self) {
        self.app.close();
    }
}
