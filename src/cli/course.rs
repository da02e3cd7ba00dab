//! `respite course`: check a course file, show the course and where you
//! are in it, and start, move on or go back a stage.

use std::process::ExitCode;

use respite::course::{DEFAULT, Today, load_any};
use respite::journal::Journal;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// The journal file. Default: journal.sqlite in Respite's data folder.
    #[arg(long, global = true, value_name = "PATH")]
    journal: Option<std::path::PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Validate course files; exits 1 if any has an error.
    Check {
        /// Course files (or builtin:NAME).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
    },
    /// The stages of your course, and where you are in it.
    Show,
    /// Start a course (default builtin:start-here) at its first stage.
    Start {
        #[arg(value_name = "FILE|builtin:NAME", default_value = DEFAULT)]
        course: String,
    },
    /// Move on to the next stage of your course.
    Next,
    /// Go back to the previous stage of your course.
    Back,
}

pub fn run(args: Args) -> ExitCode {
    let path = args.journal.unwrap_or_else(|| respite::app::Places::platform().journal_file());
    match args.action {
        Action::Check { files } => check(&files),
        Action::Show => with_journal(&path, show),
        Action::Start { course } => with_journal(&path, |j| start(j, &course)),
        Action::Next => with_journal(&path, |j| step(j, 1)),
        Action::Back => with_journal(&path, |j| step(j, -1)),
    }
}

fn check(files: &[String]) -> ExitCode {
    let mut failed = 0;
    for spec in files {
        match load_any(spec) {
            Ok(loaded) => {
                eprint!("{}", loaded.report.render());
                eprintln!("ok: {spec}: {} stage(s)", loaded.course.stages.len());
            }
            Err(report) => {
                failed += 1;
                eprint!("{}", report.render());
                eprintln!("failed: {spec}: {} error(s)", report.errors().count());
            }
        }
    }
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn with_journal(path: &std::path::Path, what: impl FnOnce(&Journal) -> Result<String, String>) -> ExitCode {
    let journal = match Journal::open(path) {
        Ok(opened) => opened.journal,
        Err(e) => {
            eprintln!("respite: cannot open the journal `{}`: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    match what(&journal) {
        Ok(text) => super::output::print(&text),
        Err(e) => {
            eprintln!("respite: {e}");
            ExitCode::FAILURE
        }
    }
}

fn show(journal: &Journal) -> Result<String, String> {
    let Some(today) = Today::load(journal)? else {
        return Ok(format!("No course started yet. `respite course start` starts {DEFAULT}.\n"));
    };
    let mut text = format!("{}\n{}\n\n", today.course.title, today.course.summary);
    for (i, stage) in today.course.stages.iter().enumerate() {
        let here = if i == today.step.stage { "→" } else { " " };
        text.push_str(&format!("{here} {}. {}  ({})\n", i + 1, stage.title, stage.session));
    }
    text.push_str(&format!(
        "\n{} (since {})\n{}\n{}\n",
        today.heading(),
        today.step.since_local,
        today.practice_line(),
        today.suggestion()
    ));
    Ok(text)
}

fn start(journal: &Journal, course: &str) -> Result<String, String> {
    let loaded = load_any(course).map_err(|r| {
        eprint!("{}", r.render());
        format!("the course `{course}` has errors; it was not started")
    })?;
    journal.set_course_step(course, 0).map_err(|e| e.to_string())?;
    Ok(format!("Started \"{}\" at stage 1: {}\n", loaded.course.title, loaded.course.stages[0].title))
}

fn step(journal: &Journal, by: isize) -> Result<String, String> {
    let today = Today::load(journal)?.ok_or("no course started yet: `respite course start` starts one")?;
    let last = today.course.stages.len() - 1;
    let stage = today.step.stage.saturating_add_signed(by).min(last);
    if stage == today.step.stage {
        let edge = if by > 0 { "last" } else { "first" };
        return Ok(format!("You are at the {edge} stage already: {}\n", today.heading()));
    }
    journal.set_course_step(&today.step.course, stage).map_err(|e| e.to_string())?;
    Ok(format!("Now at stage {} of {}: {}\n", stage + 1, last + 1, today.course.stages[stage].title))
}
