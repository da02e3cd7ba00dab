//! The app's side of the practice journal: opening it (a damaged file is
//! set aside by the journal and the user told), writing each session,
//! each rating the moment it is given, and how far a session got, and
//! reading it back for the journal page. What the journal cannot take at
//! once (a full disk) is kept with the session and written at the next
//! write that works, so freeing space mid-session loses nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::notice::Notice;
use super::session::{Answer, Session};
use crate::course::Today;
use crate::files::write_bytes_atomic;
use crate::journal::figures::Day;
use crate::journal::{Entry, Journal, JournalError, SessionId, Timestamp};

/// Practice the journal could not take yet (the disk was full): kept with
/// the session and written, in order, at the next write.
#[derive(Debug, Default)]
pub struct Unsaved {
    /// When the session started, until its row is written.
    pub start: Option<Timestamp>,
    /// Ratings not yet written, each with when it was given.
    pub ratings: Vec<(Timestamp, Answer)>,
    /// When a write last failed, until everything is written.
    last_failure: Option<Instant>,
}

/// How often the end page tries again a journal that cannot take writes.
const RETRY_EVERY: Duration = Duration::from_secs(5);

fn write_unsaved(journal: &Journal, session: &mut Session) -> Result<(), JournalError> {
    if let Some(started) = session.unsaved.start {
        let id = journal.start_session_at(started, &session.source.spec(), &session.script().title)?;
        session.journal_id = Some(id);
        session.unsaved.start = None;
    }
    // Without a row there is nothing to attach ratings to (no journal).
    let Some(id) = session.journal_id else { return Ok(()) };
    while let Some(&(at, rating)) = session.unsaved.ratings.first() {
        journal.rate_at(at, id, rating.step, rating.scale, rating.value)?;
        session.unsaved.ratings.remove(0);
    }
    Ok(())
}

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
        session.unsaved.start = Some(Timestamp::now());
        self.catch_up(session);
    }

    pub fn rated(&mut self, session: &mut Session, rating: Answer) {
        session.unsaved.ratings.push((Timestamp::now(), rating));
        self.catch_up(session);
    }

    /// How far the session got, and whether it reached its end. Called
    /// every frame on the end page until it is written, so a journal that
    /// cannot take writes is tried again only every few seconds.
    pub fn progress(&mut self, session: &mut Session) {
        if session.unsaved.last_failure.is_some_and(|at| at.elapsed() < RETRY_EVERY) {
            return;
        }
        let now = session.now();
        if !self.catch_up(session) {
            return;
        }
        if let Some(id) = session.journal_id {
            self.write(|j| j.progress(id, now.position.as_secs_f64(), now.finished));
            session.finish_recorded |= now.finished;
        }
    }

    /// Writes, in order, what the journal has not taken yet: the session's
    /// start, then its ratings, each with the time it happened, and stops
    /// at the first write that fails. Says so when writing first fails and
    /// when it works again, not at every try; true when nothing is left.
    fn catch_up(&mut self, session: &mut Session) -> bool {
        let Ok(journal) = self.journal.as_ref() else { return false };
        match write_unsaved(journal, session) {
            Ok(()) => {
                if session.unsaved.last_failure.take().is_some() {
                    self.notice = Some(Notice::info(
                        "Your practice is being recorded again; nothing from this session was lost.",
                    ));
                }
                true
            }
            Err(e) => {
                if session.unsaved.last_failure.replace(Instant::now()).is_none() {
                    self.notice = Some(Notice::error(format!(
                        "Your practice could not be recorded yet: {e}. It is kept, and written as soon as the \
                         journal can take it, while this session is open."
                    )));
                }
                false
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::session::test_session as session;
    use crate::script::RateScale;

    fn refuse(practice: &Practice, refuse: bool) {
        practice.journal.as_ref().expect("the journal opened").refuse_writes(refuse);
    }

    #[test]
    fn practice_the_journal_could_not_take_is_written_when_it_can() {
        let dir = tempfile::tempdir().unwrap();
        let mut practice = Practice::open(&dir.path().join("journal.sqlite"));
        let mut session = session();
        let answer = |step, value| Answer { step, scale: RateScale::Tension, value };

        refuse(&practice, true);
        practice.started(&mut session);
        practice.rated(&mut session, answer(0, 7));
        practice.rated(&mut session, answer(0, 6));
        practice.rated(&mut session, answer(3, 5));
        assert!(session.journal_id.is_none(), "the start could not be written");
        let told = practice.notice.take().expect("the failure is told");
        assert!(told.text.contains("could not be recorded"), "{}", told.text);
        assert!(practice.entries().unwrap().is_empty());

        refuse(&practice, false);
        practice.rated(&mut session, answer(5, 2));
        let entries = practice.entries().unwrap();
        assert_eq!(entries.len(), 1, "one session row, written late");
        let values: Vec<(usize, u8)> = entries[0].ratings.iter().map(|r| (r.step, r.value)).collect();
        assert_eq!(values, [(0, 6), (3, 5), (5, 2)], "every answer kept, a changed one replaced");
        let told = practice.notice.take().expect("catching up is told");
        assert!(told.text.contains("recorded again"), "{}", told.text);
        assert!(session.unsaved.ratings.is_empty() && session.unsaved.start.is_none());

        // Once caught up, a write says nothing more.
        practice.rated(&mut session, answer(6, 1));
        assert!(practice.notice.is_none());
    }

    #[test]
    fn the_end_page_tries_again_every_few_seconds_then_records_how_far_it_got() {
        let dir = tempfile::tempdir().unwrap();
        let mut practice = Practice::open(&dir.path().join("journal.sqlite"));
        let mut session = session();
        refuse(&practice, true);
        practice.started(&mut session);
        practice.rated(&mut session, Answer { step: 0, scale: RateScale::Tension, value: 4 });
        assert!(practice.notice.take().is_some(), "the first failure is told");
        practice.progress(&mut session);
        assert!(practice.notice.is_none(), "a failure is told once, not at every try");
        refuse(&practice, false);
        practice.progress(&mut session);
        assert!(practice.entries().unwrap().is_empty(), "tried again too soon");
        session.unsaved.last_failure = Some(Instant::now() - RETRY_EVERY);
        practice.progress(&mut session);
        let entries = practice.entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].ratings.len(), 1);
        assert!(practice.notice.take().is_some_and(|n| n.text.contains("recorded again")));
    }
}
