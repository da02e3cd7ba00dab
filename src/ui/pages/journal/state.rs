//! What the journal page shows, worked out once when it opens: the entries
//! (or why they cannot be read), the words for each one, the summary at the
//! top, and writing the CSV export safely (a temporary file, then a rename).

use std::path::{Path, PathBuf};

use super::plots::Figures;
use crate::files::write_bytes_atomic;
use crate::journal::figures::{Day, days_practised};
use crate::journal::{Entry, SessionId, Timestamp, export_csv};
use crate::script::RateScale;

/// How far back the summary looks.
const RECENT_DAYS: i64 = 30;

/// The journal page's state: a snapshot of the journal and the last export.
#[derive(Debug, Clone)]
pub struct JournalPage {
    pub entries: Result<Vec<Entry>, String>,
    /// Where a damaged journal was kept, so the user knows it is not lost.
    pub set_aside: Option<PathBuf>,
    /// When the page opened, for "in the last 30 days".
    pub now: Timestamp,
    /// The outcome of the last export or report: where it went, or why it failed.
    pub exported: Option<Result<String, String>>,
    /// Today's date, for the days practised and the plots.
    pub today: Option<Day>,
    /// The plots' figures, when there is a date to count back from.
    pub figures: Option<Figures>,
    /// The note being written, and for which session.
    pub editing: Option<NoteEdit>,
}

/// A note being written on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteEdit {
    pub id: SessionId,
    pub text: String,
    /// Why the journal did not take it, the last time it was saved.
    pub problem: Option<String>,
}

impl JournalPage {
    pub fn new(entries: Result<Vec<Entry>, String>, set_aside: Option<PathBuf>, now: Timestamp) -> Self {
        Self { entries, set_aside, now, exported: None, today: None, figures: None, editing: None }
    }

    /// Counts days and draws plots back from `today`.
    pub fn on(mut self, today: Option<Day>) -> Self {
        self.today = today;
        self.figures = match (&self.entries, today) {
            (Ok(entries), Some(day)) if !entries.is_empty() => Some(Figures::new(entries, day)),
            _ => None,
        };
        self
    }

    /// "Days with practice: 3 this week, 11 this month." No streaks: a
    /// day missed is not counted against anyone.
    pub fn days_line(&self) -> Option<String> {
        let (entries, today) = (self.entries.as_ref().ok()?, self.today?);
        if entries.is_empty() {
            return None;
        }
        let week = days_practised(entries, today.week_start(), today);
        let month = days_practised(entries, today.month_start(), today);
        Some(format!("Days with practice: {week} this week, {month} this month."))
    }

    /// One encouraging line about recent practice, without claims.
    pub fn summary(&self) -> Option<String> {
        let entries = self.entries.as_ref().ok()?;
        let newest = entries.first()?;
        let since = Timestamp(self.now.0 - RECENT_DAYS * 86_400);
        let recent: Vec<&Entry> = entries.iter().filter(|e| e.started >= since).collect();
        if recent.is_empty() {
            let last = newest.started_local.clone();
            let day = last.split(' ').next().unwrap_or(&last);
            return Some(format!("Welcome back. Your last session was on {day}."));
        }
        let sessions = plural(recent.len(), "session");
        let minutes = (recent.iter().map(|e| e.played_s).sum::<f64>() / 60.0).round() as usize;
        Some(if minutes == 0 {
            format!("{sessions} in the last {RECENT_DAYS} days.")
        } else {
            format!("{sessions} and {} of practice in the last {RECENT_DAYS} days.", plural(minutes, "minute"))
        })
    }

    /// Writes the export to `path` and remembers how it went.
    pub fn export(&mut self, path: &Path) {
        let Ok(entries) = &self.entries else { return };
        self.exported = Some(match write_csv(path, entries) {
            Ok(()) => Ok(format!("Saved {} to {}", plural(entries.len(), "session"), path.display())),
            Err(e) => Err(format!("Could not save {}: {e}", path.display())),
        });
    }
}

/// Writes the journal as CSV to `path` atomically, so a failed write never
/// leaves half a file in its place.
pub fn write_csv(path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    write_bytes_atomic(path, export_csv(entries).as_bytes())
}

/// "Finished · 12 min" or "Stopped after 3 min".
pub fn outcome(entry: &Entry) -> String {
    let minutes = (entry.played_s / 60.0).round() as usize;
    match (entry.completed, minutes) {
        (true, 0) => "Finished · under a minute".into(),
        (true, m) => format!("Finished · {m} min"),
        (false, 0) => "Stopped in the first minute".into(),
        (false, m) => format!("Stopped after {m} min"),
    }
}

/// A scale rated at the start and again at the end of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The scale's name, capitalised: "Pain".
    pub scale: String,
    pub before: u8,
    pub after: u8,
}

impl Change {
    /// What a screen reader says, in the player's words: "Pain: 7 before, 5 after".
    pub fn spoken(&self) -> String {
        format!("{}: {} before, {} after", self.scale, self.before, self.after)
    }
}

/// Each scale rated before and after, in the order of `RateScale::ALL`.
pub fn changes(entry: &Entry) -> Vec<Change> {
    RateScale::ALL
        .into_iter()
        .filter_map(|scale| {
            let (before, after) = entry.before_after(scale)?;
            Some(Change { scale: scale.title().to_string(), before, after })
        })
        .collect()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}
