//! Command-line interface: argument definitions and dispatch.

mod app;
mod check;
mod damage;
mod journal;
mod list;
mod output;
mod render;
mod timeline;
mod window;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "respite",
    version,
    about = "Guided relaxation: paced breathing, muscle relaxation and imagery, in step with sound.",
    long_about = "Guided relaxation: paced breathing, progressive muscle relaxation and guided imagery, \
                  with an on-screen pacer in step with sound.\n\nRun without a command to open the app."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate session scripts; exits 1 if any has an error.
    Check(check::Args),
    /// List the built-in sessions: name, kind, length and title.
    List(list::Args),
    /// Print the timeline a script compiles to.
    Timeline(timeline::Args),
    /// Print a JSON Schema of the script format, for editors.
    Schema,
    /// Render a session to a WAV file.
    Render(render::Args),
    /// Read the practice journal, or export it as CSV.
    Journal(journal::Args),
    /// Open the app straight into playing a session.
    Play(app::PlayArgs),
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => app::run(app::Start::Library),
        Some(Command::Play(a)) => app::run(app::Start::Play(a)),
        Some(Command::Check(a)) => check::run(a),
        Some(Command::List(a)) => list::run(a),
        Some(Command::Timeline(a)) => timeline::run(a),
        Some(Command::Render(a)) => render::run(a),
        Some(Command::Journal(a)) => journal::run(a),
        Some(Command::Schema) => output::print(&format!("{}\n", respite::script::json_schema())),
    }
}

/// Loads `builtin:NAME` or a file, printing diagnostics on failure and
/// warnings on success.
pub fn load_or_report(spec: &str) -> Option<respite::script::Script> {
    match respite::script::load_any(spec) {
        Ok(loaded) => {
            if loaded.report.warnings().next().is_some() {
                eprint!("{}", loaded.report.render());
            }
            Some(loaded.script)
        }
        Err(report) => {
            eprint!("{}", report.render());
            None
        }
    }
}
