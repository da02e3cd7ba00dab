//! The SQLite store behind the journal.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::time::Timestamp;
use crate::script::RateScale;

/// Row id of a practised session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionId(pub i64);

/// One rating given during a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub at: Timestamp,
    /// Index of the script step that asked.
    pub step: usize,
    pub scale: RateScale,
    pub value: u8,
}

/// A practised session with its ratings.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: SessionId,
    pub started: Timestamp,
    /// `started` as "2026-11-28 17:05" in the computer's local time zone.
    pub started_local: String,
    /// `builtin:NAME` or the script's path.
    pub source: String,
    pub title: String,
    /// Seconds of the session actually played.
    pub played_s: f64,
    pub completed: bool,
    pub ratings: Vec<Rating>,
    pub note: Option<String>,
}

impl Entry {
    /// The first and last rating on a scale, when it was asked twice or more.
    pub fn before_after(&self, scale: RateScale) -> Option<(u8, u8)> {
        let mut on = self.ratings.iter().filter(|r| r.scale == scale);
        let first = on.next()?;
        let last = on.next_back()?;
        Some((first.value, last.value))
    }
}

#[derive(Debug)]
pub enum JournalError {
    /// The data folder could not be found or created.
    Folder(String),
    Database(rusqlite::Error),
    /// The file is not a journal, or its contents are corrupt.
    Damaged(String),
    OutOfRange(String),
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Folder(m) | Self::OutOfRange(m) | Self::Damaged(m) => f.write_str(m),
            Self::Database(e) => write!(f, "journal database error: {e}"),
        }
    }
}

impl std::error::Error for JournalError {}

impl From<rusqlite::Error> for JournalError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(NotADatabase | DatabaseCorrupt) => Self::Damaged(format!("the journal file is damaged: {e}")),
            _ => Self::Database(e),
        }
    }
}

/// The practice journal.
pub struct Journal {
    pub(super) conn: Connection,
}

/// A journal that opened, and what happened to a damaged file if there was one.
pub struct Opened {
    pub journal: Journal,
    /// Where a damaged journal was moved to before a fresh one was started.
    pub set_aside: Option<PathBuf>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS session (
    id        INTEGER PRIMARY KEY,
    started   INTEGER NOT NULL,
    source    TEXT NOT NULL,
    title     TEXT NOT NULL,
    played_s  REAL NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    note      TEXT
);
CREATE TABLE IF NOT EXISTS rating (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES session(id),
    at         INTEGER NOT NULL,
    step       INTEGER NOT NULL,
    scale      TEXT NOT NULL,
    value      INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10)
);
";

/// The journal's format, kept in SQLite's `user_version`.
const FORMAT: i64 = 1;

/// Why nothing can be written in `dir`, found by writing (and removing) a
/// one-byte file there; `None` when that works. Creating the file alone
/// would succeed on a full disk, which still has room for a name.
fn folder_problem(dir: &Path) -> Option<FolderProblem> {
    use std::io::{ErrorKind, Write};
    let probe = dir.join(".respite-write-check");
    let written =
        std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(&probe).and_then(|mut file| {
            let wrote = file.write_all(b"0").and_then(|()| file.sync_all());
            let _ = std::fs::remove_file(&probe);
            wrote
        });
    match written {
        Ok(()) => None,
        Err(e) if e.kind() == ErrorKind::StorageFull => Some(FolderProblem::Full),
        Err(e) if e.kind() == ErrorKind::ReadOnlyFilesystem => {
            Some(FolderProblem::Other("the folder is read-only".into()))
        }
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Some(FolderProblem::Other("permission denied".into())),
        Err(e) => Some(FolderProblem::Other(e.to_string())),
    }
}

/// Why a folder cannot be written in.
enum FolderProblem {
    /// The disk has no free space: a journal already there can still be
    /// opened and read.
    Full,
    Other(String),
}

impl std::fmt::Display for FolderProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Full => f.write_str("the disk is full"),
            Self::Other(why) => f.write_str(why),
        }
    }
}

/// An SQLite URI that opens `path` as a file nothing changes.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            '\\' if cfg!(windows) => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

impl Journal {
    /// Opens or creates a journal file. A file that is not a readable
    /// journal is renamed to `journal.damaged-<time>.sqlite` beside it, kept
    /// for recovery, and a fresh journal is started.
    pub fn open(path: &Path) -> Result<Opened, JournalError> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| JournalError::Folder(format!("cannot create `{}`: {e}", dir.display())))?;
        }
        match Self::open_checked(path) {
            Ok(journal) => Ok(Opened { journal, set_aside: None }),
            // Only damage sets a file aside: a busy or read-only journal is
            // an error to report, not a reason to start afresh.
            Err(JournalError::Damaged(_)) if path.exists() => {
                let aside = path.with_file_name(format!("journal.damaged-{}.sqlite", Timestamp::now().0));
                std::fs::rename(path, &aside)
                    .map_err(|e| JournalError::Folder(format!("cannot set aside damaged `{}`: {e}", path.display())))?;
                Ok(Opened { journal: Self::open_checked(path)?, set_aside: Some(aside) })
            }
            // SQLite says only "unable to open database file" or "disk I/O
            // error" for a folder it cannot write in (read-only, full, no
            // permission): say which.
            Err(JournalError::Database(e)) => match path.parent().and_then(folder_problem) {
                // A journal on a full disk is opened all the same, so that
                // the practice recorded so far can be seen and the session
                // goes on; each write then says the disk is full, and works
                // again once space is freed.
                Some(FolderProblem::Full) if path.exists() => {
                    Ok(Opened { journal: Self::open_alone(path)?, set_aside: None })
                }
                Some(why) => Err(JournalError::Folder(format!(
                    "cannot write the journal in `{}`: {why}",
                    path.parent().map_or_else(String::new, |d| d.display().to_string())
                ))),
                None => Err(JournalError::Database(e)),
            },
            Err(e) => Err(e),
        }
    }

    /// Opens an existing journal only to read it (list, export, report):
    /// nothing is created, changed or set aside, so a journal in a folder
    /// that cannot be written (a read-only disk, a backup) can still be
    /// read and exported.
    pub fn open_to_read(path: &Path) -> Result<Journal, JournalError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        match Connection::open_with_flags(path, flags).map_err(JournalError::from).and_then(Self::integrity_checked) {
            // SQLite cannot make a WAL journal's shared-memory index in a
            // folder it cannot write in.
            Err(JournalError::Database(e)) => match path.parent().and_then(folder_problem) {
                // On a full disk a writer may still be there (waiting for
                // space): the journal is read as the only connection to it,
                // with the index in memory.
                Some(FolderProblem::Full) => {
                    let conn = Connection::open_with_flags(path, flags)?;
                    conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
                    Self::integrity_checked(conn)
                }
                // Nothing can be writing a journal in a folder nobody can
                // write in, so it is read as a file that does not change,
                // unless changes not yet merged into it wait beside it.
                Some(FolderProblem::Other(_)) => {
                    let wal = path.with_file_name(format!(
                        "{}-wal",
                        path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ));
                    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                        return Err(JournalError::Folder(format!(
                            "the journal's latest changes are in `{}`, which cannot be merged because its folder \
                             cannot be written ({e}); copy the folder somewhere writable and read it there",
                            wal.display()
                        )));
                    }
                    Self::integrity_checked(Connection::open_with_flags(immutable_uri(path), flags)?)
                }
                None => Err(JournalError::Database(e)),
            },
            other => other,
        }
    }

    /// The journal on `conn`, once SQLite's quick check finds it whole.
    fn integrity_checked(conn: Connection) -> Result<Journal, JournalError> {
        let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(JournalError::Damaged(format!("the journal file failed its integrity check: {check}")));
        }
        Ok(Journal { conn })
    }

    /// A journal that lives only in memory, for tests and "don't record".
    pub fn in_memory() -> Result<Journal, JournalError> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(super::course::SCHEMA)?;
        Ok(Journal { conn })
    }

    fn open_checked(path: &Path) -> Result<Journal, JournalError> {
        Self::prepared(Connection::open(path)?)
    }

    /// Opens the journal as the only connection to it. A WAL journal's
    /// shared-memory index is then kept in memory rather than in a
    /// `-shm` file beside it, which a full disk has no room to create.
    /// Other processes cannot read the journal while this one has it.
    fn open_alone(path: &Path) -> Result<Journal, JournalError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        Self::prepared(conn)
    }

    /// The journal on `conn`, checked and ready to write: WAL, every
    /// commit synced, its tables there.
    fn prepared(conn: Connection) -> Result<Journal, JournalError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let Journal { conn } = Self::integrity_checked(conn)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(super::course::SCHEMA)?;
        // Written only when it differs: opening a journal must not write,
        // so that one on a full disk still opens.
        let format: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if format != FORMAT {
            conn.pragma_update(None, "user_version", FORMAT)?;
        }
        Ok(Journal { conn })
    }

    /// Makes every write fail (as on a full disk) or work again, for tests
    /// of what the app does when the journal cannot take a write.
    #[cfg(test)]
    pub(crate) fn refuse_writes(&self, refuse: bool) {
        self.conn.pragma_update(None, "query_only", refuse).expect("query_only is a plain pragma");
    }

    /// Records that a session started; returns its id for later updates.
    pub fn start_session(&self, source: &str, title: &str) -> Result<SessionId, JournalError> {
        self.start_session_at(Timestamp::now(), source, title)
    }

    /// Records a session that started at `started` (a start written late,
    /// when the journal could not take it at once).
    pub fn start_session_at(&self, started: Timestamp, source: &str, title: &str) -> Result<SessionId, JournalError> {
        self.conn.execute(
            "INSERT INTO session (started, source, title) VALUES (?1, ?2, ?3)",
            params![started.0, source, title],
        )?;
        Ok(SessionId(self.conn.last_insert_rowid()))
    }

    /// Records a rating at once, so it survives a crash a second later.
    pub fn rate(&self, session: SessionId, step: usize, scale: RateScale, value: u8) -> Result<(), JournalError> {
        self.rate_at(Timestamp::now(), session, step, scale, value)
    }

    /// Records a rating given at `at`.
    pub fn rate_at(
        &self,
        at: Timestamp,
        session: SessionId,
        step: usize,
        scale: RateScale,
        value: u8,
    ) -> Result<(), JournalError> {
        if value > 10 {
            return Err(JournalError::OutOfRange(format!("a rating is 0 to 10, not {value}")));
        }
        // Answering the same question again replaces the earlier answer, in
        // one transaction: a crash between the two must not lose both.
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM rating WHERE session_id = ?1 AND step = ?2", params![session.0, step as i64])?;
        tx.execute(
            "INSERT INTO rating (session_id, at, step, scale, value) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![session.0, at.0, step as i64, scale.name(), value],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Updates how much was played and whether the session reached its end.
    pub fn progress(&self, session: SessionId, played_s: f64, completed: bool) -> Result<(), JournalError> {
        self.conn.execute(
            "UPDATE session SET played_s = ?2, completed = ?3 WHERE id = ?1",
            params![session.0, played_s, completed],
        )?;
        Ok(())
    }

    pub fn set_note(&self, session: SessionId, note: &str) -> Result<(), JournalError> {
        let note = note.trim();
        let note = (!note.is_empty()).then_some(note);
        self.conn.execute("UPDATE session SET note = ?2 WHERE id = ?1", params![session.0, note])?;
        Ok(())
    }

    /// Every session, newest first, with its ratings in the order given.
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, started, source, title, played_s, completed, note,
                    strftime('%Y-%m-%d %H:%M', started, 'unixepoch', 'localtime')
             FROM session ORDER BY started DESC, id DESC",
        )?;
        let mut entries = stmt
            .query_map([], |r| {
                Ok(Entry {
                    id: SessionId(r.get(0)?),
                    started: Timestamp(r.get(1)?),
                    source: r.get(2)?,
                    title: r.get(3)?,
                    played_s: r.get(4)?,
                    completed: r.get(5)?,
                    note: r.get(6)?,
                    started_local: r.get(7)?,
                    ratings: Vec::new(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt =
            self.conn.prepare("SELECT at, step, scale, value FROM rating WHERE session_id = ?1 ORDER BY step, id")?;
        for e in &mut entries {
            e.ratings = stmt
                .query_map([e.id.0], |r| {
                    let scale: String = r.get(2)?;
                    Ok((Timestamp(r.get(0)?), r.get::<_, i64>(1)? as usize, scale, r.get::<_, u8>(3)?))
                })?
                .filter_map(|row| match row {
                    Ok((at, step, scale, value)) => {
                        RateScale::from_name(&scale).map(|scale| Ok(Rating { at, step, scale, value }))
                    }
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<Vec<_>, _>>()?;
        }
        Ok(entries)
    }

    /// The session row, if it exists.
    pub fn entry(&self, id: SessionId) -> Result<Option<Entry>, JournalError> {
        let exists: Option<i64> =
            self.conn.query_row("SELECT id FROM session WHERE id = ?1", [id.0], |r| r.get(0)).optional()?;
        Ok(match exists {
            Some(_) => self.entries()?.into_iter().find(|e| e.id == id),
            None => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_kept_per_session_and_replace_a_changed_answer() {
        let j = Journal::in_memory().unwrap();
        let s = j.start_session("builtin:safe-place", "A safe place").unwrap();
        j.rate(s, 0, RateScale::Pain, 7).unwrap();
        j.rate(s, 0, RateScale::Pain, 6).unwrap();
        j.rate(s, 9, RateScale::Pain, 4).unwrap();
        j.progress(s, 600.0, true).unwrap();
        let e = j.entry(s).unwrap().unwrap();
        assert_eq!(e.ratings.len(), 2);
        assert_eq!(e.before_after(RateScale::Pain), Some((6, 4)));
        assert!(e.completed);
        let shape: Vec<usize> = e.started_local.split([' ', '-', ':']).map(str::len).collect();
        assert_eq!(shape, [4, 2, 2, 2, 2], "local date and time: {}", e.started_local);
        assert!(j.rate(s, 1, RateScale::Mood, 11).is_err());
    }

    #[test]
    fn reading_changes_nothing_and_finds_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd ?#% name.sqlite");
        let opened = Journal::open(&path).unwrap();
        let s = opened.journal.start_session("builtin:x", "X").unwrap();
        opened.journal.rate(s, 0, RateScale::Stress, 3).unwrap();
        drop(opened);
        let before = std::fs::read(&path).unwrap();
        let reader = Journal::open_to_read(&path).unwrap();
        assert_eq!(reader.entries().unwrap().len(), 1);
        assert!(reader.start_session("builtin:y", "Y").is_err(), "a reader cannot write");
        drop(reader);
        assert_eq!(std::fs::read(&path).unwrap(), before);
        // The immutable way in reads the same, whatever the name holds.
        let conn = Connection::open_with_flags(immutable_uri(&path), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let n: i64 = conn.query_row("SELECT count(*) FROM rating", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 1);
        // Nothing is created for a journal that is not there.
        let missing = dir.path().join("none.sqlite");
        assert!(Journal::open_to_read(&missing).is_err());
        assert!(!missing.exists());
    }

    #[test]
    fn a_damaged_file_is_set_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite");
        std::fs::write(&path, b"this is not a database, but it may be someone's only copy").unwrap();
        let opened = Journal::open(&path).unwrap();
        let aside = opened.set_aside.clone().expect("the damaged file was moved");
        assert_eq!(std::fs::read(&aside).unwrap(), b"this is not a database, but it may be someone's only copy");
        let s = opened.journal.start_session("builtin:x", "X").unwrap();
        opened.journal.rate(s, 0, RateScale::Stress, 3).unwrap();
        drop(opened);
        let again = Journal::open(&path).unwrap();
        assert!(again.set_aside.is_none());
        assert_eq!(again.journal.entries().unwrap().len(), 1);
    }
}
