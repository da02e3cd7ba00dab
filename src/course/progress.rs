//! The progression rules: how many days a stage has been practised since
//! it began, how often today, and whether the ratings after practice meet
//! the stage's goal. Pure functions of the journal's entries, so the first
//! screen, the report and the tests agree.

use std::collections::BTreeSet;

use super::Stage;
use crate::journal::{Entry, Timestamp};

/// Where the patient is in a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageStatus {
    /// Different days with practice of this stage's sessions since it began.
    pub days_practised: u32,
    pub days_needed: u32,
    /// Practice sessions of this stage today.
    pub today: u32,
    /// Whether the rating goal is met; `None` when the stage has none.
    pub rating_met: Option<bool>,
}

impl StageStatus {
    /// The stage's conditions for suggesting the next one are met.
    pub fn ready(&self) -> bool {
        self.days_practised >= self.days_needed && self.rating_met != Some(false)
    }
}

/// Whether a journal entry counts as practice of a stage: one of its
/// sessions, played to the end or for a few minutes.
pub fn counts_for(stage: &Stage, e: &Entry) -> bool {
    stage.sessions().any(|s| s == e.source) && e.counts_as_practice()
}

/// The stage's status from the journal's entries (any order), counting
/// only practice at or after `since`. `today` is the local date,
/// "YYYY-MM-DD", as in `Entry::started_local`.
pub fn status(stage: &Stage, entries: &[Entry], since: Timestamp, today: &str) -> StageStatus {
    let mut practice: Vec<&Entry> = entries.iter().filter(|e| e.started >= since && counts_for(stage, e)).collect();
    practice.sort_by_key(|e| std::cmp::Reverse((e.started, e.id.0)));
    let days: BTreeSet<&str> = practice.iter().map(|e| day_of(e)).collect();
    let today_count = practice.iter().filter(|e| day_of(e) == today).count();
    let rating_met = stage.move_on.rating.map(|goal| {
        let afters: Vec<u8> = practice
            .iter()
            .filter_map(|e| e.before_after(goal.scale).map(|(_, after)| after))
            .take(goal.sessions as usize)
            .collect();
        afters.len() == goal.sessions as usize && afters.iter().all(|a| goal.met_by(*a))
    });
    StageStatus {
        days_practised: days.len() as u32,
        days_needed: stage.move_on.days,
        today: today_count as u32,
        rating_met,
    }
}

/// The local date of an entry, "YYYY-MM-DD".
fn day_of(e: &Entry) -> &str {
    e.started_local.get(..10).unwrap_or(&e.started_local)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::course::{Bound, MoveOn, RatingGoal};
    use crate::journal::figures::COUNTS_AFTER_S;
    use crate::journal::{Rating, SessionId};
    use crate::script::RateScale;

    const SOURCES: [&str; 3] = ["builtin:pmr-release-only", "builtin:pmr-4-groups", "builtin:beach"];

    fn stage(days: u32, rating: Option<RatingGoal>) -> Stage {
        Stage {
            title: "Release".into(),
            about: "Let go.".into(),
            session: SOURCES[0].into(),
            also: vec![SOURCES[1].into()],
            per_day: 2,
            move_on: MoveOn { days, rating },
        }
    }

    fn goal(value: u8, sessions: u32) -> RatingGoal {
        RatingGoal { scale: RateScale::Tension, bound: Bound::AtMost, value, sessions }
    }

    /// A session on day `day` (0 = 2026-11-01) at `hour`.
    fn entry(
        id: i64,
        day: u32,
        hour: u32,
        source: usize,
        played_s: f64,
        completed: bool,
        tension: Option<(u8, u8)>,
    ) -> Entry {
        let started = Timestamp(1_790_000_000 + i64::from(day) * 86_400 + i64::from(hour) * 3600);
        let ratings = tension
            .map(|(b, a)| {
                vec![
                    Rating { at: started, step: 0, scale: RateScale::Tension, value: b },
                    Rating { at: started, step: 9, scale: RateScale::Tension, value: a },
                ]
            })
            .unwrap_or_default();
        Entry {
            id: SessionId(id),
            started,
            started_local: format!("2026-11-{:02} {hour:02}:00", day + 1),
            source: SOURCES[source].into(),
            title: "t".into(),
            played_s,
            completed,
            ratings,
            note: None,
        }
    }

    fn arb_entries() -> impl Strategy<Value = Vec<Entry>> {
        prop::collection::vec(
            (0u32..20, 0u32..24, 0usize..3, 0.0f64..1200.0, any::<bool>(), prop::option::of((0u8..=10, 0u8..=10))),
            0..40,
        )
        .prop_map(|rows| {
            rows.into_iter().enumerate().map(|(i, (d, h, s, p, c, t))| entry(i as i64 + 1, d, h, s, p, c, t)).collect()
        })
    }

    #[test]
    fn a_week_of_daily_practice_with_easy_relaxing_is_ready() {
        let s = stage(7, Some(goal(3, 3)));
        let since = Timestamp(0);
        let mut week: Vec<Entry> = (0..7).map(|d| entry(d as i64 + 1, d, 9, 0, 600.0, true, Some((6, 3)))).collect();
        let st = status(&s, &week, since, "2026-11-07");
        assert_eq!(st, StageStatus { days_practised: 7, days_needed: 7, today: 1, rating_met: Some(true) });
        assert!(st.ready());
        // The latest session was not easy: not yet.
        week.push(entry(8, 6, 20, 1, 600.0, true, Some((6, 5))));
        let st = status(&s, &week, since, "2026-11-07");
        assert_eq!((st.today, st.rating_met, st.ready()), (2, Some(false), false));
        // A short stop and another session do not count.
        week.push(entry(9, 7, 9, 0, COUNTS_AFTER_S - 1.0, false, Some((6, 1))));
        week.push(entry(10, 7, 10, 2, 600.0, true, Some((6, 1))));
        assert_eq!(status(&s, &week, since, "2026-11-08").days_practised, 7);
    }

    proptest! {
        #[test]
        fn days_never_exceed_the_distinct_days_and_only_count_since_the_start(
            entries in arb_entries(), since_day in 0u32..20
        ) {
            let s = stage(5, None);
            let since = entry(0, since_day, 0, 0, 0.0, false, None).started;
            let st = status(&s, &entries, since, "2026-11-10");
            let days: BTreeSet<&str> = entries.iter().map(|e| &e.started_local[..10]).collect();
            prop_assert!(st.days_practised as usize <= days.len());
            prop_assert!(st.days_practised <= 20 - since_day);
            // Without a rating goal, ready means enough days.
            prop_assert_eq!(st.ready(), st.days_practised >= 5);
            prop_assert_eq!(st.rating_met, None);
        }

        #[test]
        fn other_sessions_and_repeats_on_one_day_change_no_day_count(entries in arb_entries()) {
            let s = stage(5, Some(goal(3, 2)));
            let base = status(&s, &entries, Timestamp(0), "2026-11-03");
            let mut more = entries.clone();
            // Another kind of session, and a copy of each counted one an hour later.
            more.extend(entries.iter().map(|e| Entry { source: SOURCES[2].into(), ..e.clone() }));
            let with_other = status(&s, &more, Timestamp(0), "2026-11-03");
            prop_assert_eq!(with_other, base);
            let mut repeated = entries.clone();
            repeated.extend(entries.iter().map(|e| Entry {
                id: SessionId(e.id.0 + 1000),
                started: Timestamp(e.started.0 + 1),
                ..e.clone()
            }));
            prop_assert_eq!(status(&s, &repeated, Timestamp(0), "2026-11-03").days_practised, base.days_practised);
        }

        #[test]
        fn the_rating_goal_follows_the_latest_sessions(entries in arb_entries(), n in 1u32..4, value in 0u8..=10) {
            let s = stage(1, Some(goal(value, n)));
            // n easy sessions after everything else meet the goal...
            let mut easy = entries.clone();
            easy.extend((0..n).map(|i| entry(500 + i64::from(i), 25, i, 0, 600.0, true, Some((9, value)))));
            let st = status(&s, &easy, Timestamp(0), "2026-11-26");
            prop_assert_eq!(st.rating_met, Some(true));
            prop_assert!(st.ready());
            // ...and one hard session after them does not, if there is a harder value.
            if value < 10 {
                easy.push(entry(600, 26, 0, 1, 600.0, true, Some((9, value + 1))));
                prop_assert_eq!(status(&s, &easy, Timestamp(0), "2026-11-27").rating_met, Some(false));
            }
        }

        #[test]
        fn ready_needs_the_days(entries in arb_entries(), days in 1u32..25) {
            let st = status(&stage(days, Some(goal(10, 1))), &entries, Timestamp(0), "2026-11-01");
            prop_assert!(!st.ready() || st.days_practised >= days);
        }
    }
}
