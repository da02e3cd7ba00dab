//! The app's side of the practice journal: opening it (a damaged file is
//! set aside by the journal and the user told), writing each session,
//! each rating the moment it is given, and how far a session got, and
//! reading it back for the journal page. What the journal cannot take at
//! once (a full disk) is kept, with the session while it is open and here
//! after it closes, and written at the next write that works, so freeing
//! space at any time before Respite closes loses nothing.

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
    /// How far the session got, until it is written.
    reached: Option<Reached>,
    /// When a write last failed, until everything is written.
    last_failure: Option<Instant>,
}

/// How far a session got, as the journal keeps it.
#[derive(Debug, Clone, Copy)]
struct Reached {
    seconds: f64,
    finished: bool,
}

/// A closed session whose practice the journal has not taken yet.
#[derive(Debug)]
struct Leftover {
    source: String,
    title: String,
    journal_id: Option<SessionId>,
    unsaved: Unsaved,
}

/// How often the journal is tried again while it cannot take writes.
pub const RETRY_EVERY: Duration = Duration::from_secs(5);

/// Writes what `unsaved` holds, oldest first: the session's row, its
/// ratings, then how far it got; stops at the first write that fails.
fn write_unsaved(
    journal: &Journal,
    (source, title): (&str, &str),
    journal_id: &mut Option<SessionId>,
    unsaved: &mut Unsaved,
) -> Result<(), JournalError> {
    if let Some(started) = unsaved.start {
        *journal_id = Some(journal.start_session_at(started, source, title)?);
        unsaved.start = None;
    }
    // Without a row there is nothing to attach ratings to (no journal).
    let Some(id) = *journal_id else { return Ok(()) };
    while let Some(&(at, rating)) = unsaved.ratings.first() {
        journal.rate_at(at, id, rating.step, rating.scale, rating.value)?;
        unsaved.ratings.remove(0);
    }
    if let Some(reached) = unsaved.reached {
        journal.progress(id, reached.seconds, reached.finished)?;
        unsaved.reached = None;
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
    /// Closed sessions the journal has not taken yet, oldest first.
    leftovers: Vec<Leftover>,
    /// When the leftovers were last tried.
    leftovers_tried: Option<Instant>,
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
                leftovers: Vec::new(),
                leftovers_tried: None,
            },
            Err(e) => Self {
                notice: Some(Notice::error(format!("Your practice will not be recorded: {e}"))),
                set_aside: None,
                journal: Err(format!("Your practice journal could not be opened: {e}")),
                leftovers: Vec::new(),
                leftovers_tried: None,
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

    /// A session begins: it gets its row (after any earlier session's
    /// practice still waiting, so rows stay in the order played).
    pub fn started(&mut self, session: &mut Session) {
        self.retry_leftovers(true);
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
        self.progress_now(session);
    }

    /// Writes how far the session got now, and whatever else is waiting;
    /// true when the journal has everything.
    fn progress_now(&mut self, session: &mut Session) -> bool {
        let now = session.now();
        session.unsaved.reached = Some(Reached { seconds: now.position.as_secs_f64(), finished: now.finished });
        let written = self.catch_up(session);
        session.finish_recorded |= written && now.finished;
        written
    }

    /// The session closes: how far it got is written, and what the journal
    /// cannot take is kept here and tried again every few seconds.
    pub fn closed(&mut self, mut session: Session) {
        if self.progress_now(&mut session) || self.journal.is_err() {
            return;
        }
        let title = session.script().title.clone();
        self.leftovers.push(Leftover {
            source: session.source.spec(),
            title,
            journal_id: session.journal_id,
            unsaved: std::mem::take(&mut session.unsaved),
        });
        self.leftovers_tried = Some(Instant::now());
        self.notice = Some(Notice::error(
            "Your practice from that session is not recorded yet: the journal cannot take it just now (is the disk \
             full?). Respite keeps it and tries again every few seconds; it is lost only if Respite is closed first.",
        ));
    }

    /// Tries the closed sessions' practice again: at once when `now`,
    /// else when the last try is a few seconds old. Says so when all of it
    /// is written.
    pub fn retry_leftovers(&mut self, now: bool) {
        if self.leftovers.is_empty() || (!now && self.leftovers_tried.is_some_and(|at| at.elapsed() < RETRY_EVERY)) {
            return;
        }
        let Ok(journal) = self.journal.as_ref() else { return };
        self.leftovers_tried = Some(Instant::now());
        self.leftovers
            .retain_mut(|l| write_unsaved(journal, (&l.source, &l.title), &mut l.journal_id, &mut l.unsaved).is_err());
        if self.leftovers.is_empty() {
            self.notice =
                Some(Notice::info("The practice kept from earlier is now in your journal; nothing was lost."));
        }
    }

    /// Sessions whose practice the journal has not taken: the closed ones
    /// kept here, and the open one, after trying once more to write it
    /// all (how far it has got too).
    pub fn not_recorded(&mut self, session: Option<&mut Session>) -> usize {
        self.retry_leftovers(true);
        let open = session.is_some_and(|s| self.journal.is_ok() && !self.progress_now(s));
        self.leftovers.len() + usize::from(open)
    }

    /// Makes every journal write fail (as on a full disk) or work again.
    #[cfg(test)]
    pub(crate) fn refuse_writes(&self, refuse: bool) {
        self.journal.as_ref().expect("the journal opened").refuse_writes(refuse);
    }

    /// Closed sessions still waiting for the journal.
    pub fn has_leftovers(&self) -> bool {
        !self.leftovers.is_empty()
    }

    /// Writes, in order, what the journal has not taken yet: the session's
    /// start, then its ratings, each with the time it happened, then how
    /// far it got, and stops at the first write that fails. Says so when
    /// writing first fails and when it works again, not at every try; true
    /// when nothing is left.
    fn catch_up(&mut self, session: &mut Session) -> bool {
        let Ok(journal) = self.journal.as_ref() else { return false };
        let (source, title) = (session.source.spec(), session.script().title.clone());
        match write_unsaved(journal, (&source, &title), &mut session.journal_id, &mut session.unsaved) {
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
                         journal can take it."
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

    /// Writes (or, empty, clears) the note of a session; why not, to show
    /// beside the note (which stays where it was written).
    pub fn set_note(&mut self, id: SessionId, note: &str) -> Result<(), String> {
        let journal = self.journal.as_ref().map_err(Clone::clone)?;
        journal
            .set_note(id, note.trim())
            .map_err(|e| format!("Your note could not be saved: {e}. It is kept here; save it again later."))
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
        practice.refuse_writes(refuse);
    }

    /// A journal that refuses writes, and a session started on it (its row
    /// not written yet).
    fn started_on_a_full_disk() -> (tempfile::TempDir, Practice, Session) {
        let dir = tempfile::tempdir().unwrap();
        let mut practice = Practice::open(&dir.path().join("journal.sqlite"));
        let mut session = session();
        refuse(&practice, true);
        practice.started(&mut session);
        (dir, practice, session)
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
        let (_dir, mut practice, mut session) = started_on_a_full_disk();
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

    #[test]
    fn a_session_closed_while_the_journal_cannot_take_it_is_kept_and_written_later() {
        let (_dir, mut practice, mut first) = started_on_a_full_disk();
        practice.rated(&mut first, Answer { step: 0, scale: RateScale::Tension, value: 6 });
        first.player.seek(crate::timeline::Micros(30_000_000));
        practice.closed(first);
        let told = practice.notice.take().expect("keeping it is told");
        assert!(told.text.contains("lost only if Respite is closed first"), "{}", told.text);
        assert_eq!(practice.not_recorded(None), 1);

        // Space comes back: the next try, a few seconds on, writes it.
        refuse(&practice, false);
        practice.retry_leftovers(false);
        assert!(practice.has_leftovers(), "tried again too soon");
        practice.leftovers_tried = Some(Instant::now() - RETRY_EVERY);
        practice.retry_leftovers(false);
        assert!(!practice.has_leftovers());
        assert!(practice.notice.take().is_some_and(|n| n.text.contains("nothing was lost")));
        let entries = practice.entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].ratings.iter().map(|r| r.value).collect::<Vec<_>>(), [6]);
        assert_eq!(entries[0].played_s, 30.0, "how far it got is written too");
        assert_eq!(practice.not_recorded(None), 0);
    }

    #[test]
    fn the_next_session_writes_the_one_kept_before_its_own() {
        let (_dir, mut practice, first) = started_on_a_full_disk();
        practice.closed(first);
        refuse(&practice, false);
        let mut second = session();
        practice.started(&mut second);
        assert!(!practice.has_leftovers());
        let entries = practice.entries().unwrap();
        assert_eq!(entries.len(), 2, "both sessions have their rows");
        assert!(entries[1].id.0 < entries[0].id.0, "in the order they were played");
        assert_eq!(Some(entries[0].id), second.journal_id);
    }

    #[test]
    fn an_open_session_counts_as_not_recorded_until_how_far_it_got_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut practice = Practice::open(&dir.path().join("journal.sqlite"));
        let mut session = session();
        practice.started(&mut session);
        assert_eq!(practice.not_recorded(Some(&mut session)), 0);
        refuse(&practice, true);
        assert_eq!(practice.not_recorded(Some(&mut session)), 1);
        refuse(&practice, false);
        assert_eq!(practice.not_recorded(Some(&mut session)), 0);
    }
}
