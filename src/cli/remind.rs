//! `respite remind`: show today's practice reminder as a desktop
//! notification (what the installed timer runs), or turn the daily
//! reminder on or off.

use std::process::ExitCode;
use std::time::Duration;

use respite::app::Places;
use respite::app::reminder::{self, Schedule};
use respite::course::Today;
use respite::journal::Journal;
use respite::timeline::CompileOptions;

use super::{Outcome, Start};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Turn the daily reminder on at this time, e.g. 19:30 (Linux: a
    /// systemd user timer).
    #[arg(long, value_name = "HH:MM", conflicts_with = "off")]
    on: Option<String>,
    /// With --on: which days, e.g. daily, weekdays, or mon,wed,fri.
    #[arg(long, value_name = "DAYS", default_value = "daily")]
    days: String,
    /// Turn the daily reminder off, removing what --on installed.
    #[arg(long)]
    off: bool,
    /// How long to wait for the notification to be chosen, in minutes.
    #[arg(long, value_name = "MINUTES", default_value_t = 120)]
    wait: u64,
    /// The journal file. Default: journal.sqlite in Respite's data folder.
    #[arg(long, value_name = "PATH")]
    journal: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    if let Some(time) = &args.on {
        return Outcome::Done(turn_on(time, &args.days));
    }
    if args.off {
        return Outcome::Done(turn_off());
    }
    let path = args.journal.unwrap_or_else(|| Places::platform().journal_file());
    remind(&path, Duration::from_secs(args.wait * 60))
}

/// Shows the notification; when it is chosen, the window opens on
/// today's session.
fn remind(path: &std::path::Path, wait: Duration) -> Outcome {
    let today = match Journal::open(path).map_err(|e| e.to_string()).and_then(|o| Today::load(&o.journal)) {
        Ok(today) => today,
        Err(e) => {
            // Still remind: a reminder that stays silent helps nobody.
            eprintln!("respite: {e}");
            None
        }
    };
    let Some((notice, session)) = reminder::todays_notice(today.as_ref()) else {
        eprintln!("respite: today's practice is done; no reminder shown");
        return Outcome::Done(ExitCode::SUCCESS);
    };
    match reminder::show(&notice, wait) {
        Ok(reminder::Outcome::Chosen) => {
            eprintln!("respite: opening {}", session.as_deref().unwrap_or("Respite"));
            Outcome::Window(Start { script: session, options: CompileOptions::default(), studio: None })
        }
        Ok(outcome) => {
            eprintln!("respite: reminder shown ({outcome:?})");
            Outcome::Done(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("respite: cannot show the reminder: {e}");
            Outcome::Done(ExitCode::FAILURE)
        }
    }
}

fn turn_on(time: &str, days: &str) -> ExitCode {
    let schedule = match Schedule::parse(time, days) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("respite: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !cfg!(target_os = "linux") {
        eprintln!("respite: reminders are only available on Linux for now (see docs/app.md)");
        return ExitCode::FAILURE;
    }
    let (Some(dir), Ok(exe)) = (reminder::unit_dir(), std::env::current_exe()) else {
        eprintln!("respite: cannot find the home folder or Respite's own path to set up a reminder");
        return ExitCode::FAILURE;
    };
    match reminder::install(&dir, &exe, &schedule, reminder::systemctl) {
        Ok(done) => report(&done, &format!("The reminder is on, {}", schedule.describe()), "wrote"),
        Err(e) => {
            eprintln!("respite: {e}");
            ExitCode::FAILURE
        }
    }
}

fn turn_off() -> ExitCode {
    let Some(dir) = reminder::unit_dir() else {
        eprintln!("respite: cannot find the home folder");
        return ExitCode::FAILURE;
    };
    // Read before removing, so the message can say which reminder ended.
    let was = reminder::installed(&dir).map_or_else(String::new, |s| format!(" (it was {})", s.describe()));
    match reminder::remove(&dir, reminder::systemctl) {
        Ok(done) if done.files.is_empty() => {
            eprintln!("respite: no reminder was set up; nothing to remove");
            ExitCode::SUCCESS
        }
        Ok(done) => report(&done, &format!("The reminder is off{was}"), "removed"),
        Err(e) => {
            eprintln!("respite: {e}");
            ExitCode::FAILURE
        }
    }
}

fn report(done: &reminder::Done, what: &str, verb: &str) -> ExitCode {
    eprintln!("respite: {what}.");
    for f in &done.files {
        eprintln!("respite: {verb} `{}`", f.display());
    }
    match &done.systemd {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("respite: but systemd did not take the change: {e}");
            ExitCode::FAILURE
        }
    }
}
