//! "Where am I in my course today?": the journal's current course step,
//! the course loaded from its file, and the stage's status, in one value
//! for the first screen, `respite course show`, `respite remind` and the
//! report.

use super::{Course, Stage, StageStatus, load_any, status};
use crate::journal::{CourseStep, Journal};

/// The patient's place in their course today.
#[derive(Debug, Clone)]
pub struct Today {
    pub course: Course,
    pub step: CourseStep,
    pub status: StageStatus,
}

impl Today {
    /// The patient's place, or `None` when they have not started a course.
    /// A course file that no longer loads is an error naming its problems.
    pub fn load(journal: &Journal) -> Result<Option<Today>, String> {
        let Some(step) = journal.course_step().map_err(|e| e.to_string())? else { return Ok(None) };
        let course = load_any(&step.course)
            .map_err(|report| format!("the course `{}` cannot be read: {}", step.course, report.summary().join("; ")))?
            .course;
        let entries = journal.entries().map_err(|e| e.to_string())?;
        let today = journal.today().map_err(|e| e.to_string())?;
        Ok(Some(Self::at(course, step, &entries, &today)))
    }

    /// The status of `step` in `course` from the given entries.
    pub fn at(course: Course, mut step: CourseStep, entries: &[crate::journal::Entry], today: &str) -> Today {
        // A course edited to have fewer stages keeps the patient at its last.
        step.stage = step.stage.min(course.stages.len().saturating_sub(1));
        let status = status(&course.stages[step.stage], entries, step.since, today);
        Today { course, step, status }
    }

    pub fn stage(&self) -> &Stage {
        &self.course.stages[self.step.stage]
    }

    pub fn is_last(&self) -> bool {
        self.step.stage + 1 >= self.course.stages.len()
    }

    /// "Stage 2 of 4: Muscle relaxation, four groups".
    pub fn heading(&self) -> String {
        format!("Stage {} of {}: {}", self.step.stage + 1, self.course.stages.len(), self.stage().title)
    }

    /// One factual line on practice so far, with no judgement.
    pub fn practice_line(&self) -> String {
        let s = &self.status;
        let per_day = match self.stage().per_day {
            1 => "once a day".to_string(),
            2 => "twice a day".to_string(),
            n => format!("{n} times a day"),
        };
        let today = match s.today {
            0 => "not yet practised today".to_string(),
            1 => "practised once today".to_string(),
            n => format!("practised {n} times today"),
        };
        format!(
            "Suggested: {per_day}. {}; {} of {} days so far at this stage.",
            capital(&today),
            s.days_practised,
            s.days_needed
        )
    }

    /// What the course suggests next, always leaving the choice open.
    pub fn suggestion(&self) -> String {
        if self.is_last() {
            return "This is the last stage: keep practising it for as long as it helps.".into();
        }
        if self.status.ready() {
            return "You could move on to the next stage when you feel ready, or stay here longer.".into();
        }
        let mut needs = Vec::new();
        if self.status.days_practised < self.status.days_needed {
            needs.push(format!("{} days of practice", self.status.days_needed));
        }
        if let (Some(false), Some(goal)) = (self.status.rating_met, self.stage().move_on.rating) {
            needs.push(goal.describe());
        }
        format!(
            "The next stage is suggested after {}. You can stay longer or go back at any time.",
            needs.join(" and ")
        )
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::DEFAULT;
    use crate::script::RateScale;

    #[test]
    fn today_follows_the_journal() {
        let j = Journal::in_memory().unwrap();
        assert!(Today::load(&j).unwrap().is_none());
        j.set_course_step(DEFAULT, 0).unwrap();
        let t = Today::load(&j).unwrap().unwrap();
        assert_eq!(t.step.stage, 0);
        assert!(t.heading().starts_with("Stage 1 of "), "{}", t.heading());
        assert!(t.practice_line().contains("Not yet practised today; 0 of 7 days"), "{}", t.practice_line());
        let s = j.start_session(&t.stage().session, "x").unwrap();
        j.rate(s, 0, RateScale::Tension, 6).unwrap();
        j.rate(s, 9, RateScale::Tension, 5).unwrap();
        j.progress(s, 900.0, true).unwrap();
        let t = Today::load(&j).unwrap().unwrap();
        assert!(t.practice_line().contains("Practised once today; 1 of 7 days"), "{}", t.practice_line());
        assert_eq!(
            t.suggestion(),
            "The next stage is suggested after 7 days of practice and tension after practice at most 3 in each of \
             the last 3 sessions. You can stay longer or go back at any time."
        );
    }

    #[test]
    fn a_course_that_no_longer_loads_is_named() {
        let j = Journal::in_memory().unwrap();
        j.set_course_step("/nowhere/course.toml", 0).unwrap();
        let e = Today::load(&j).unwrap_err();
        assert!(e.starts_with("the course `/nowhere/course.toml` cannot be read"), "{e}");
    }
}
