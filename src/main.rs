//! The `respite` command: with no arguments it opens the app; subcommands
//! do the headless jobs.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    respite::audio::pulse_cookie::point_pulse_at_its_cookie();
    let args = cli::Cli::parse();
    cli::run(args)
}
