//! The window around `respite::ui::App`: `respite` with no arguments opens
//! the library, `respite play FILE|builtin:NAME` opens straight into
//! playing. It sits above both front ends: the CLI decides that a window is
//! wanted, and this opens it. `runner` is the event loop (in place of
//! eframe's, so that a frame presents only what changed), `damage` says
//! what changed, `choice` picks the renderer: `gl` (OpenGL) where there is
//! a GPU, `cpu` (`raster` and softbuffer) where there is none.

mod choice;
mod cpu;
mod damage;
mod gl;
mod paint;
mod raster;
mod runner;

use std::process::ExitCode;
use std::time::Instant;

use respite::app::{Places, SessionSource};
use respite::player::Output;
use respite::script::builtin;
use respite::ui::frame_report::FrameReport;
use respite::ui::{App, Config};

use crate::cli::Start;
use runner::WindowApp;

/// Set this to print how long the first frame took, for `scripts/measure-ui`.
const FIRST_FRAME_ENV: &str = "RESPITE_REPORT_FIRST_FRAME";

pub fn run(start: Start) -> ExitCode {
    if let Some(name) = start.script.as_deref().and_then(|s| s.strip_prefix("builtin:"))
        && let Err(report) = builtin::parse(name)
    {
        eprint!("{}", report.render());
        return ExitCode::FAILURE;
    }
    let launched = Instant::now();
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../assets/respite.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Respite")
        .with_app_id("respite")
        .with_inner_size([1180.0, 820.0])
        .with_min_inner_size([640.0, 520.0]);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    let places = Places::platform();
    make_folders(&places);
    let result = runner::run(viewport, move |renderer| {
        let mut app = App::new(Config { places, output: Box::new(|| Output::Device) });
        if let Some(script) = &start.script {
            app.open_with(SessionSource::from_spec(script), &start.options, true);
        }
        if let Some(script) = &start.studio {
            app.open_studio(script);
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

/// On a first run, makes the config folder and the user's sessions folder
/// (the journal makes the data folder itself), so both exist for the user to
/// find. A folder that cannot be made is reported and the app opens anyway.
fn make_folders(places: &Places) {
    for dir in [places.config_dir.clone(), places.sessions_dir()] {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("respite: could not create the folder {}: {e}", dir.display());
        }
    }
}

struct Window {
    app: App,
    launched: Instant,
    /// The first-frame time has been printed (or was not asked for).
    reported: bool,
    /// Where frame time goes, when `RESPITE_REPORT_FRAMES` is set.
    frames: Option<FrameReport>,
    /// The renderer, named in the first-frame report.
    renderer: String,
}

impl WindowApp for Window {
    fn ui(&mut self, ui: &mut egui::Ui) {
        let started = Instant::now();
        self.app.ui(ui);
        if let Some(report) = self.frames.as_mut() {
            report.frame(ui.ctx(), started.elapsed());
        }
        if !self.reported {
            self.reported = true;
            eprintln!(
                "respite: first frame after {} ms (renderer: {})",
                self.launched.elapsed().as_millis(),
                self.renderer
            );
        }
    }

    fn background(&self) -> egui::Color32 {
        self.app.settings().theme.palette().bg
    }

    fn painted(&mut self, pixels: u64) {
        if let Some(report) = self.frames.as_mut() {
            report.painted(pixels);
        }
    }

    fn may_close(&mut self) -> bool {
        self.app.may_close()
    }

    fn on_exit(&mut self) {
        self.app.close();
    }
}
