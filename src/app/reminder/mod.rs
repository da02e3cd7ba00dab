//! The daily reminder: off until the person turns it on. On Linux a systemd
//! user timer runs `respite remind` at the chosen time and days (even with
//! the app closed); that shows a desktop notification whose action opens
//! today's session. Other systems have no reminder yet (see docs/app.md).

mod install;
mod notify;
mod schedule;

pub use install::{Done, UNIT, install, installed, remove, systemctl, unit_dir};
pub use notify::{Notice, Outcome, show};
pub use schedule::Schedule;

use crate::course::Today;

/// What today's reminder says, and the session its action opens (`None`:
/// the app's first screen). `None` overall when today's practice is done.
pub fn todays_notice(today: Option<&Today>) -> Option<(Notice, Option<String>)> {
    let Some(t) = today else {
        let notice = Notice {
            summary: "A few minutes for relaxation?".into(),
            body: "Respite is ready when you are.".into(),
            action: "Open Respite".into(),
        };
        return Some((notice, None));
    };
    if t.status.today >= t.stage().per_day {
        return None;
    }
    let notice = Notice {
        summary: format!("Time to practise: {}", t.stage().title),
        body: format!("{}. {}", t.heading(), t.practice_line()),
        action: "Open today's session".into(),
    };
    Some((notice, Some(t.stage().session.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    #[test]
    fn the_notice_names_todays_session_until_it_is_done() {
        let j = Journal::in_memory().unwrap();
        let (notice, open) = todays_notice(None).unwrap();
        assert_eq!((notice.action.as_str(), open), ("Open Respite", None));
        j.set_course_step(crate::course::DEFAULT, 2).unwrap();
        let t = Today::load(&j).unwrap().unwrap();
        let (notice, open) = todays_notice(Some(&t)).unwrap();
        assert_eq!(notice.summary, format!("Time to practise: {}", t.stage().title));
        assert!(notice.body.starts_with("Stage 3 of "), "{}", notice.body);
        assert_eq!(open.as_deref(), Some(t.stage().session.as_str()));
        for _ in 0..t.stage().per_day {
            let s = j.start_session(&t.stage().session, "x").unwrap();
            j.progress(s, 600.0, true).unwrap();
        }
        let t = Today::load(&j).unwrap().unwrap();
        assert_eq!(todays_notice(Some(&t)), None, "no reminder once today's practice is done");
    }
}
