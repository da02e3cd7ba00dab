//! The app's side of the practice journal: opening it (a damaged file is
//! set aside by the journal and the user told), writing each session,
//! each rating the moment it is given, and how far a session got, and
//! reading it back for the journal page.

use std::path::{Path, PathBuf};

use super::notice::Notice;
use super::session::{Answer, Session};
use crate::course::Today;
use crate::files::write_bytes_atomic;
use crate::journal::figures::Day;
use crate::journal::{Entry, Journal, JournalError, SessionId};

/// The journal, or why there is none; failures become one notice each.
pub struct Practice {
    journal: Result<Journal, String>,
    /// Where a damaged journal was kept when this one was started afresh.
    pub set_aside: Option<PathBuf>,
    /// Something the user should read, taken by the app once.
    pub notice: Option<Notice>,
}

impl Practice {
    pub fn open(path: &Path) -> Self {
        match Journal::open(path) {
            Ok(opened) => Self {
                notice: opened.set_aside.as_ref().map(|aside| {
                    Notice::warning(format!(
                        "Your practice journal could not be read; it was kept as {} and a new one started.",
                        aside.display()
                    ))
                }),
                set_aside: opened.set_aside,
                journal: Ok(opened.journal),
            },
            Err(e) => Self {
                notice: Some(Notice::error(format!("Your practice will not be recorded: {e}"))),
                set_aside: None,
                journal: Err(format!("Your practice journal could not be opened: {e}")),
            },
        }
    }

    fn write<T>(&mut self, what: impl FnOnce(&Journal) -> Result<T, JournalError>) -> Option<T> {
        let result = what(self.journal.as_ref().ok()?);
        result.map_err(|e| self.notice = Some(Notice::error(format!("Your practice could not be recorded: {e}")))).ok()
    }

    /// Every session, newest first, or why the journal cannot be read.
    pub fn entries(&self) -> Result<Vec<Entry>, String> {
        let journal = self.journal.as_ref().map_err(Clone::clone)?;
        journal.entries().map_err(|e| format!("Your practice journal could not be read: {e}"))
    }

    /// A session begins: it gets its row.
    pub fn started(&mut self, session: &mut Session) {
        let (source, title) = (session.source.spec(), session.script().title.clone());
        session.journal_id = self.write(|j| j.start_session(&source, &title));
    }

    pub fn rated(&mut self, session: &Session, rating: Answer) {
        if let Some(id) = session.journal_id {
            self.write(|j| j.rate(id, rating.step, rating.scale, rating.value));
        }
    }

    /// How far the session got, and whether it reached its end.
    pub fn progress(&mut self, session: &mut Session) {
        let now = session.now();
        if let Some(id) = session.journal_id {
            self.write(|j| j.progress(id, now.position.as_secs_f64(), now.finished));
            session.finish_recorded |= now.finished;
        }
    }

    /// Where the patient is in their course today: `None` before a course
    /// is started; a course file that no longer loads says why.
    pub fn today(&self) -> Result<Option<Today>, String> {
        Today::load(self.journal.as_ref().map_err(Clone::clone)?)
    }

    /// Starts `course` (e.g. `builtin:start-here`) at its first stage.
    pub fn start_course(&mut self, course: &str) {
        self.write(|j| j.set_course_step(course, 0));
    }

    /// Moves to a stage of the current course (clamped by the course).
    pub fn set_stage(&mut self, course: &str, stage: usize) {
        self.write(|j| j.set_course_step(course, stage));
    }

    /// The local calendar day, as the journal reckons it.
    pub fn day(&self) -> Option<Day> {
        let journal = self.journal.as_ref().ok()?;
        journal.today().ok().and_then(|t| Day::parse(&t))
    }

    /// Writes (or, empty, clears) the note of a session.
    pub fn set_note(&mut self, id: SessionId, note: &str) -> bool {
        self.write(|j| j.set_note(id, note.trim())).is_some()
    }

    /// Writes the therapist's report for the last four weeks to `path`;
    /// what to tell the user either way.
    pub fn write_report(&self, path: &Path) -> Result<String, String> {
        let journal = self.journal.as_ref().map_err(Clone::clone)?;
        let entries = journal.entries().map_err(|e| format!("Your practice journal could not be read: {e}"))?;
        let to = self.day().ok_or("The date today could not be read.")?;
        let from = to.plus(1 - super::report::DEFAULT_DAYS);
        let html = super::report::from_journal(journal, &entries, from, to, to);
        write_bytes_atomic(path, html.as_bytes()).map_err(|e| format!("Could not save {}: {e}", path.display()))?;
        Ok(format!("Saved the report for {} to {} to {}", from.long(), to.long(), path.display()))
    }
}
