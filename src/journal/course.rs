//! Where the patient is in a course, kept in the journal beside their
//! practice: each move to a stage (starting, moving on, going back) is a
//! row, so the latest row is the current stage and the rows are the
//! history a report shows.

use rusqlite::{OptionalExtension, params};

use super::store::{Journal, JournalError};
use super::time::Timestamp;

/// A stage of a course, from when it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseStep {
    /// `builtin:NAME` or the course file's path.
    pub course: String,
    /// 0-based stage index.
    pub stage: usize,
    pub since: Timestamp,
    /// `since` as "2026-11-28 17:05", local time.
    pub since_local: String,
}

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS course_step (
    id     INTEGER PRIMARY KEY,
    course TEXT NOT NULL,
    stage  INTEGER NOT NULL CHECK (stage >= 0),
    at     INTEGER NOT NULL
);
";

const SELECT: &str =
    "SELECT course, stage, at, strftime('%Y-%m-%d %H:%M', at, 'unixepoch', 'localtime') FROM course_step";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CourseStep> {
    Ok(CourseStep {
        course: r.get(0)?,
        stage: r.get::<_, i64>(1)? as usize,
        since: Timestamp(r.get(2)?),
        since_local: r.get(3)?,
    })
}

impl Journal {
    /// The course stage the patient is at now, if they started a course.
    pub fn course_step(&self) -> Result<Option<CourseStep>, JournalError> {
        Ok(self.conn.query_row(&format!("{SELECT} ORDER BY id DESC LIMIT 1"), [], row).optional()?)
    }

    /// Every move, oldest first.
    pub fn course_history(&self) -> Result<Vec<CourseStep>, JournalError> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY id"))?;
        Ok(stmt.query_map([], row)?.collect::<Result<Vec<_>, _>>()?)
    }

    /// Records that the patient is now at `stage` of `course`, from now.
    pub fn set_course_step(&self, course: &str, stage: usize) -> Result<CourseStep, JournalError> {
        self.conn.execute(
            "INSERT INTO course_step (course, stage, at) VALUES (?1, ?2, ?3)",
            params![course, stage as i64, Timestamp::now().0],
        )?;
        self.course_step()?.ok_or_else(|| JournalError::Damaged("the course step just written is missing".into()))
    }

    /// Today's local date, "YYYY-MM-DD", as the journal's dates are written.
    pub fn today(&self) -> Result<String, JournalError> {
        Ok(self.conn.query_row("SELECT date('now', 'localtime')", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_move_is_the_current_stage_and_all_are_kept() {
        let j = Journal::in_memory().unwrap();
        assert_eq!(j.course_step().unwrap(), None);
        j.set_course_step("builtin:start-here", 0).unwrap();
        j.set_course_step("builtin:start-here", 1).unwrap();
        let back = j.set_course_step("builtin:start-here", 0).unwrap();
        assert_eq!((back.course.as_str(), back.stage), ("builtin:start-here", 0));
        assert_eq!(j.course_step().unwrap(), Some(back));
        let stages: Vec<usize> = j.course_history().unwrap().iter().map(|s| s.stage).collect();
        assert_eq!(stages, [0, 1, 0]);
        assert_eq!(j.today().unwrap().len(), 10);
    }
}
