//! The `respite` command: with no arguments it opens the app; subcommands
//! do the headless jobs. `cli` reads the arguments; `window` opens the app.

mod cli;
mod window;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    respite::audio::pulse_cookie::point_pulse_at_its_cookie();
    match cli::run(cli::Cli::parse()) {
        cli::Outcome::Done(code) => code,
        cli::Outcome::Window(start) => window::run(start),
    }
}
