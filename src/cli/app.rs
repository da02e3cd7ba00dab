//! `respite` with no arguments opens the app's library; `respite play
//! FILE|builtin:NAME` opens straight into playing. This is the eframe
//! window around `respite::ui::App`.

use std::process::ExitCode;
use std::time::Instant;

use respite::player::Output;
use respite::ui::commands::SessionSource;
use respite::ui::places::Places;
use respite::ui::{App, Config};

use super::timeline::SessionOptions;

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
    let play = match start {
        Start::Play(PlayArgs { script: Some(script), options }) => match options.compile_options() {
            Ok(options) => Some((script, options)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };
    let options = eframe::NativeOptions { viewport, ..Default::default() };
    let result = eframe::run_native(
        "Respite",
        options,
        Box::new(move |_cc| {
            let mut app = App::new(Config { places: Places::platform(), output: Box::new(|| Output::Device) });
            if let Some((script, options)) = play {
                app.open_with(source(&script), &options, true);
            }
            Ok(Box::new(Window { app, launched, reported: std::env::var_os(FIRST_FRAME_ENV).is_none() }))
        }),
    );
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
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
        if !self.reported {
            self.reported = true;
            eprintln!("respite: first frame after {} ms", self.launched.elapsed().as_millis());
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        self.app.settings().theme.palette().bg.to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.close();
    }
}
