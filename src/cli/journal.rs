//! `respite journal`: read the practice journal, or export it as CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use respite::app::Places;
use respite::files::write_bytes_atomic;
use respite::journal::{Journal, export_csv};
use respite::script::RateScale;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
    /// The journal file. Default: journal.sqlite in Respite's data folder.
    #[arg(long, global = true, value_name = "PATH")]
    journal: Option<PathBuf>,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    /// Sessions practised, newest first, with before → after ratings.
    List,
    /// Every session and rating as CSV, for a spreadsheet or a therapist.
    Export {
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> ExitCode {
    let path = args.journal.unwrap_or_else(|| Places::platform().journal_file());
    if !path.exists() {
        eprintln!("respite: no journal yet at `{}`: it is created when you first practise", path.display());
        return match args.action {
            Action::List => ExitCode::SUCCESS,
            Action::Export { .. } => ExitCode::FAILURE,
        };
    }
    let opened = match Journal::open(&path) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("respite: cannot open the journal `{}`: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(aside) = &opened.set_aside {
        eprintln!("respite: the journal was damaged; it was kept as `{}` and a new one started", aside.display());
    }
    let entries = match opened.journal.entries() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("respite: cannot read the journal: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.action {
        Action::List => {
            let mut text = String::new();
            for e in &entries {
                let ratings: Vec<String> = RateScale::ALL
                    .iter()
                    .filter_map(|s| e.before_after(*s).map(|(a, b)| format!("{} {a} → {b}", s.name())))
                    .collect();
                let done = if e.completed { "finished" } else { "stopped" };
                text.push_str(&format!(
                    "{}  {:<40}  {done:<8}  {:>5.1} min  {}\n",
                    e.started_local,
                    e.title,
                    e.played_s / 60.0,
                    ratings.join(", ")
                ));
            }
            super::output::print(&text)
        }
        Action::Export { output: None } => super::output::print(&export_csv(&entries)),
        Action::Export { output: Some(file) } => match write_bytes_atomic(&file, export_csv(&entries).as_bytes()) {
            Ok(()) => {
                eprintln!("respite: wrote {} session(s) to `{}`", entries.len(), file.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("respite: cannot write `{}`: {e}", file.display());
                ExitCode::FAILURE
            }
        },
    }
}
