//! Plays a session through the real live path (Player, LiveSource, rodio,
//! the default sound device) with no window, for the end-to-end audio check
//! (`scripts/e2e-audio`). Prints the sound status and how far it got.
//!
//! `cargo run --release --example play_headless -- SCRIPT [SECONDS] [--voice]`
//! (`--voice`: with the built-in narration, as the app plays by default).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use respite::narration::Voice;
use respite::player::{Output, Player, SoundStatus};
use respite::script::load_any;
use respite::timeline::CompileOptions;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let voice = args.iter().any(|a| a == "--voice");
    args.retain(|a| a != "--voice");
    let Some(spec) = args.first() else {
        eprintln!("usage: play_headless FILE|builtin:NAME [SECONDS] [--voice]");
        return ExitCode::from(2);
    };
    let seconds: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20.0);
    let script = match load_any(spec) {
        Ok(loaded) => loaded.script,
        Err(report) => {
            eprint!("{}", report.render());
            return ExitCode::FAILURE;
        }
    };
    let options = CompileOptions { voice: voice.then(Voice::builtin), ..CompileOptions::default() };
    let mut player = Player::new(script, options, Output::Device);
    if let SoundStatus::NoSound(reason) = player.sound_status() {
        eprintln!("play_headless: no sound: {reason}");
        return ExitCode::from(3);
    }
    player.play();
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < seconds {
        let now = player.now();
        if now.finished {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Let the last buffer play out before the stream closes.
    player.pause();
    std::thread::sleep(Duration::from_millis(300));
    let status = player.sound_status().notice().unwrap_or_else(|| "sound".into());
    println!("played {:.3} s of {} ({status})", player.position().as_secs_f64(), player.timeline().title);
    ExitCode::SUCCESS
}
