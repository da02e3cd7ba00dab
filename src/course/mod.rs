//! Courses: a plan for practice over weeks, as a plain TOML file (the
//! built-in "Start here", or a therapist's own). A course is a list of
//! stages, each with the session to practise, how often, and when to
//! suggest moving on; the patient can always stay or go back. Loaded with
//! the same located diagnostics as session scripts; no UI here.

mod builtin;
mod fields;
mod parse;
mod progress;
mod today;

use crate::script::RateScale;

pub use builtin::{BUILTIN, DEFAULT};
pub use fields::{HEADER, MOVE_ON, STAGE};
pub use parse::{LoadedCourse, load_any, load_file, load_str};
pub use progress::{StageStatus, counts_for, status};
pub use today::Today;

/// A course: stages in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    pub title: String,
    pub summary: String,
    pub author: Option<String>,
    /// Short sessions for a hard moment, offered on the first screen.
    pub rescue: Vec<String>,
    pub stages: Vec<Stage>,
}

/// One stage of a course.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub title: String,
    /// What this stage is for and how to practise, shown with it.
    pub about: String,
    /// The session to practise: `builtin:NAME` or a script's path.
    pub session: String,
    /// Other sessions that count as practice for this stage.
    pub also: Vec<String>,
    /// How many times a day to practise.
    pub per_day: u32,
    pub move_on: MoveOn,
}

impl Stage {
    /// The stage's own session first, then the others that count.
    pub fn sessions(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.session.as_str()).chain(self.also.iter().map(String::as_str))
    }
}

/// When the next stage is suggested.
#[derive(Debug, Clone, PartialEq)]
pub struct MoveOn {
    /// Days with practice at this stage.
    pub days: u32,
    /// And, optionally, a rating after practice that shows it comes easily.
    pub rating: Option<RatingGoal>,
}

/// "The last `sessions` ratings on `scale` after practice were all at most
/// (or at least) `value`."
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingGoal {
    pub scale: RateScale,
    pub bound: Bound,
    pub value: u8,
    pub sessions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    AtMost,
    AtLeast,
}

impl RatingGoal {
    pub fn met_by(&self, after: u8) -> bool {
        match self.bound {
            Bound::AtMost => after <= self.value,
            Bound::AtLeast => after >= self.value,
        }
    }

    /// "tension after practice at most 3 in the last 3 sessions".
    pub fn describe(&self) -> String {
        let bound = match self.bound {
            Bound::AtMost => "at most",
            Bound::AtLeast => "at least",
        };
        let sessions = match self.sessions {
            1 => "the last session".to_string(),
            n => format!("each of the last {n} sessions"),
        };
        format!("{} after practice {bound} {} in {sessions}", self.scale.name(), self.value)
    }
}
