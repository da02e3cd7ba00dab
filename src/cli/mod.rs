//! Command-line interface: argument definitions and dispatch.

mod check;
mod copy;
mod course;
mod journal;
mod list;
mod narration;
mod output;
mod pack;
mod remind;
mod render;
mod timeline;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use respite::timeline::CompileOptions;

#[derive(Parser, Debug)]
#[command(
    name = "respite",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("RESPITE_COMMIT"), ")"),
    about = "Guided relaxation: paced breathing, muscle relaxation and imagery, in step with sound.",
    long_about = "Guided relaxation: paced breathing, progressive muscle relaxation and guided imagery, \
                  with an on-screen pacer in step with sound.\n\nRun without a command to open the app."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Task>,
}

#[derive(Subcommand, Debug)]
enum Task {
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
    /// Read the practice journal, export it as CSV, or import such a file.
    Journal(journal::Args),
    /// A course: check one, show yours, start it, move on or go back.
    Course(course::Args),
    /// Show today's practice reminder, or turn the daily reminder on or off.
    Remind(remind::Args),
    /// Open the app straight into playing a session (a package is installed first).
    Play(PlayArgs),
    /// Pack a script, its audio and its voice into one .respite file to hand over.
    Pack(pack::PackArgs),
    /// Install a .respite package into your sessions.
    Install(pack::InstallArgs),
    /// Make your own copy of a built-in session, to change and record.
    Copy(copy::Args),
    /// Open the app's studio on a script file, to record its lines.
    Studio(StudioArgs),
    /// The spoken lines of the sessions, for making or recording a voice.
    Narration(narration::Args),
}

#[derive(clap::Args, Debug)]
struct PlayArgs {
    /// A script file, a package (NAME.respite, installed into your sessions
    /// first), or builtin:NAME; without one, the library opens.
    #[arg(value_name = "FILE|NAME.respite|builtin:NAME")]
    script: Option<String>,
    #[command(flatten)]
    options: timeline::SessionOptions,
}

#[derive(clap::Args, Debug)]
struct StudioArgs {
    /// A script file of your own (`respite copy` makes one from a built-in).
    #[arg(value_name = "FILE")]
    script: std::path::PathBuf,
}

/// What the window opens first: the library, a session playing, or the
/// studio on a script.
pub struct Start {
    /// `builtin:NAME` or a path; `None` opens the library.
    pub script: Option<String>,
    pub options: CompileOptions,
    /// Open the studio on this script file instead.
    pub studio: Option<std::path::PathBuf>,
}

/// What the command asks for: a headless job done, or the window.
pub enum Outcome {
    Done(ExitCode),
    Window(Start),
}

pub fn run(cli: Cli) -> Outcome {
    let code = match cli.command {
        None => return Outcome::Window(Start { script: None, options: CompileOptions::default(), studio: None }),
        Some(Task::Studio(a)) => {
            return Outcome::Window(Start { script: None, options: CompileOptions::default(), studio: Some(a.script) });
        }
        Some(Task::Play(a)) => match play_script(a.script) {
            // A package's own voice is found beside the installed script.
            Ok(script) => match a.options.compile_options(script.as_deref()) {
                Ok(options) => return Outcome::Window(Start { script, options, studio: None }),
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            },
            Err(code) => code,
        },
        Some(Task::Pack(a)) => pack::pack(a),
        Some(Task::Install(a)) => pack::install(a),
        Some(Task::Check(a)) => check::run(a),
        Some(Task::Copy(a)) => copy::run(a),
        Some(Task::List(a)) => list::run(a),
        Some(Task::Timeline(a)) => timeline::run(a),
        Some(Task::Render(a)) => render::run(a),
        Some(Task::Journal(a)) => journal::run(a),
        Some(Task::Narration(a)) => narration::run(a),
        Some(Task::Course(a)) => course::run(a),
        Some(Task::Remind(a)) => return remind::run(a),
        Some(Task::Schema) => output::print(&format!("{}\n", respite::script::json_schema())),
    };
    Outcome::Done(code)
}

/// What `play` opens: a package is installed first (the same package
/// again opens what is installed; a different one with a title already
/// taken is kept beside it as "Title (2)"), and its script is played.
fn play_script(spec: Option<String>) -> Result<Option<String>, ExitCode> {
    match spec {
        Some(s) if respite::package::is_package(std::path::Path::new(&s)) => {
            pack::install_into_sessions(std::path::Path::new(&s), respite::package::Clash::KeepBoth)
                .map(|script| Some(script.display().to_string()))
                .ok_or(ExitCode::FAILURE)
        }
        other => Ok(other),
    }
}

/// A script named on the command line: a package (`NAME.respite`) is
/// opened, checked whole, into a temporary folder that lives as long as
/// this, and its script is used from there.
pub struct ScriptSpec {
    pub spec: String,
    _opened: Option<respite::package::Opened>,
}

impl ScriptSpec {
    /// Opens a package, printing why not; anything else passes through.
    pub fn resolve(spec: &str) -> Option<ScriptSpec> {
        if !respite::package::is_package(std::path::Path::new(spec)) {
            return Some(ScriptSpec { spec: spec.to_string(), _opened: None });
        }
        match respite::package::open(std::path::Path::new(spec)) {
            Ok(opened) => {
                Some(ScriptSpec { spec: opened.unpacked.script.display().to_string(), _opened: Some(opened) })
            }
            Err(e) => {
                eprintln!("error: {e}");
                None
            }
        }
    }
}

/// Loads `builtin:NAME` or a file, printing diagnostics on failure and
/// warnings on success.
pub fn load_or_report(spec: &str) -> Option<respite::script::Script> {
    match respite::timeline::load_any(spec) {
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
