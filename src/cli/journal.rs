//! `respite journal`: read the practice journal, export it as CSV, or
//! import such a file (from another computer) into it, or write a
//! printable report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use respite::app::{Places, report};
use respite::files::write_bytes_atomic;
use respite::journal::figures::Day;
use respite::journal::{Entry, Journal, Opened, export_csv};
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
    /// A printable one-page HTML summary for your therapist: days practised,
    /// the course stage, plots of ratings and minutes, the sessions and notes.
    Report {
        /// The HTML file to write.
        #[arg(short, long, value_name = "FILE.html")]
        output: PathBuf,
        /// First day covered, YYYY-MM-DD. Default: 27 days before --to.
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day covered, YYYY-MM-DD. Default: today.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
    /// Add the sessions in a CSV file that `export` wrote (on this or
    /// another computer). Sessions already in the journal are not added again.
    Import {
        /// The CSV file.
        #[arg(value_name = "FILE.csv")]
        file: PathBuf,
    },
}

pub fn run(args: Args) -> ExitCode {
    let path = args.journal.unwrap_or_else(|| Places::platform().journal_file());
    match args.action {
        Action::List => match entries(&path) {
            Ok(Some(entries)) => list(&entries),
            Ok(None) => ExitCode::SUCCESS,
            Err(code) => code,
        },
        Action::Export { output } => match entries(&path) {
            Ok(Some(entries)) => export(&entries, output.as_deref()),
            Ok(None) => ExitCode::FAILURE,
            Err(code) => code,
        },
        Action::Import { file } => import(&path, &file),
        Action::Report { output, from, to } => report(&path, &output, from.as_deref(), to.as_deref()),
    }
}

fn report(path: &Path, output: &Path, from: Option<&str>, to: Option<&str>) -> ExitCode {
    let (journal, entries) = match existing(path) {
        Ok(Some(found)) => found,
        Ok(None) => return ExitCode::FAILURE,
        Err(code) => return code,
    };
    let made = match journal.today().map(|t| Day::parse(&t)) {
        Ok(Some(day)) => day,
        _ => {
            eprintln!("respite: cannot read today's date from the journal");
            return ExitCode::FAILURE;
        }
    };
    let day = |arg: Option<&str>, name: &str, default: Day| match arg {
        None => Ok(default),
        Some(s) => Day::parse(s).ok_or_else(|| format!("--{name} {s:?} is not a date like 2026-11-28")),
    };
    let range = day(to, "to", made).and_then(|to| Ok((day(from, "from", to.plus(1 - report::DEFAULT_DAYS))?, to)));
    let (from, to) = match range {
        Ok((from, to)) if from <= to => (from, to),
        Ok((from, to)) => {
            eprintln!("respite: --from {from} is after --to {to}");
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("respite: {e}");
            return ExitCode::FAILURE;
        }
    };
    let html = report::from_journal(&journal, &entries, from, to, made);
    match write_bytes_atomic(output, html.as_bytes()) {
        Ok(()) => {
            eprintln!("respite: wrote the report for {} to {} to `{}`", from.long(), to.long(), output.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("respite: cannot write `{}`: {e}", output.display());
            ExitCode::FAILURE
        }
    }
}

/// Every entry, or `None` when there is no journal yet (reading never
/// creates one).
fn entries(path: &Path) -> Result<Option<Vec<Entry>>, ExitCode> {
    Ok(existing(path)?.map(|(_, entries)| entries))
}

/// The journal and its entries, or `None` when there is no journal yet.
fn existing(path: &Path) -> Result<Option<(Journal, Vec<Entry>)>, ExitCode> {
    if !path.exists() {
        eprintln!("respite: no journal yet at `{}`: it is created when you first practise", path.display());
        return Ok(None);
    }
    let journal = Journal::open_to_read(path).map_err(|e| {
        eprintln!("respite: cannot read the journal `{}`: {e}", path.display());
        ExitCode::FAILURE
    })?;
    match journal.entries() {
        Ok(e) => Ok(Some((journal, e))),
        Err(e) => {
            eprintln!("respite: cannot read the journal: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

fn list(entries: &[Entry]) -> ExitCode {
    let mut text = String::new();
    for e in entries {
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

fn export(entries: &[Entry], output: Option<&Path>) -> ExitCode {
    let Some(file) = output else { return super::output::print(&export_csv(entries)) };
    match write_bytes_atomic(file, export_csv(entries).as_bytes()) {
        Ok(()) => {
            eprintln!("respite: wrote {} session(s) to `{}`", entries.len(), file.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("respite: cannot write `{}`: {e}", file.display());
            ExitCode::FAILURE
        }
    }
}

/// Largest CSV file accepted: ten years of daily practice with notes is
/// well under this.
const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

fn import(path: &Path, file: &Path) -> ExitCode {
    let name = file.display().to_string();
    let text = match read_text(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("respite: cannot import `{name}`: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(opened) = open(path) else { return ExitCode::FAILURE };
    match opened.journal.import_csv(&name, &text) {
        Ok(s) => {
            eprintln!(
                "respite: added {} session(s) from `{name}`; {} were already in the journal",
                s.added, s.already_there
            );
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            eprintln!("respite: nothing was imported; the journal is unchanged");
            ExitCode::FAILURE
        }
    }
}

fn read_text(file: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(file).map_err(|e| e.to_string())?;
    if meta.len() > MAX_IMPORT_BYTES {
        return Err(format!("it is {} MiB, more than the 64 MiB accepted", meta.len() >> 20));
    }
    let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
    String::from_utf8(bytes)
        .map_err(|e| format!("it is not UTF-8 text (bad byte at offset {})", e.utf8_error().valid_up_to()))
}

/// Opens (or creates) the journal, saying so when a damaged one was set aside.
fn open(path: &Path) -> Option<Opened> {
    match Journal::open(path) {
        Ok(opened) => {
            if let Some(aside) = &opened.set_aside {
                eprintln!(
                    "respite: the journal was damaged; it was kept as `{}` and a new one started",
                    aside.display()
                );
            }
            Some(opened)
        }
        Err(e) => {
            eprintln!("respite: cannot open the journal `{}`: {e}", path.display());
            None
        }
    }
}
