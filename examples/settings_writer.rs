//! Saves the settings file over and over through the app's own
//! `SettingsFile::save`, alternating two versions, for tests/atomic_kill.rs
//! to SIGKILL mid-write: the file must always be one whole version.
//!
//! `settings_writer SETTINGS.toml`; prints `saved N` after each save.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use respite::app::settings::{Settings, SettingsFile};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: settings_writer SETTINGS.toml");
        return ExitCode::from(2);
    };
    let file = SettingsFile::new(PathBuf::from(path));
    for n in 0u64.. {
        if let Err(e) = file.save(&version(n % 2 == 1)) {
            eprintln!("settings_writer: {e}");
            return ExitCode::FAILURE;
        }
        let mut out = std::io::stdout().lock();
        if writeln!(out, "saved {n}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

/// Version A or B: they differ from the first byte to the last, and the
/// long recent-session paths make each write take several blocks.
pub fn version(b: bool) -> Settings {
    let mut s = Settings { reduced_motion: b, latency_offset_ms: if b { 120 } else { -80 }, ..Settings::default() };
    for i in 0..8 {
        let letter = if b { 'b' } else { 'a' };
        s.remember(&format!("/home/someone/sessions/{}/{i}.toml", letter.to_string().repeat(4000)));
    }
    s
}
