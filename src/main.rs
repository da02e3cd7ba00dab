//! The `respite` command: with no arguments it opens the app; subcommands
//! do the headless jobs.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
