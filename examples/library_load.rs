//! The library page with a big sessions folder: writes N scripts (default
//! 1 000, copies of the built-ins under new titles) into a fresh data
//! folder, opens the real app on it (egui_kittest, no window), and prints
//! how long the scan and the first frame took and the mean and worst
//! frame time of the library page while scrolling, next to the same with
//! an empty folder. For scripts/soak-library and docs/reliability.md.
//!
//! `cargo run --example library_load -- [N]`

use std::time::{Duration, Instant};

use egui::Key;
use egui_kittest::Harness;
use respite::app::Places;
use respite::player::{ManualTime, Output};
use respite::script::builtin;
use respite::ui::{App, Config};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    for count in [0, n] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let places = Places::under(dir.path());
        let sessions = places.sessions_dir();
        std::fs::create_dir_all(&sessions).expect("the sessions folder");
        for i in 0..count {
            let b = &builtin::ALL[i % builtin::ALL.len()];
            let text = b.text.replacen("title = \"", &format!("title = \"{i:04} "), 1);
            std::fs::write(sessions.join(format!("{i:04}-{}.toml", b.name)), text).expect("write a script");
        }
        let (open, first, frames) = measure(places);
        let mean = frames.iter().sum::<Duration>() / frames.len() as u32;
        let worst = frames.iter().max().copied().unwrap_or_default();
        println!(
            "library with {count:>5} scripts: app open (scan) {:7.1} ms, first frame {:6.1} ms, \
             scrolling frames mean {:5.2} ms, worst {:6.2} ms",
            ms(open),
            ms(first),
            ms(mean),
            ms(worst)
        );
    }
}

fn measure(places: Places) -> (Duration, Duration, Vec<Duration>) {
    let time = ManualTime::new();
    let started = Instant::now();
    let app = App::new(Config { places, output: Box::new(move || Output::Manual(time.clone())) });
    let open = started.elapsed();
    let mut h = Harness::builder().with_size([1180.0, 820.0]).build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    let started = Instant::now();
    h.run_steps(1);
    let first = started.elapsed();
    let mut frames = Vec::new();
    for i in 0..120 {
        h.key_press(if i % 40 < 30 { Key::PageDown } else { Key::PageUp });
        let started = Instant::now();
        h.run_steps(1);
        frames.push(started.elapsed());
    }
    (open, first, frames)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
