//! Figures from the journal for the plots and the report: days practised,
//! minutes a week, ratings before and after. Pure functions of entries and
//! local calendar dates, worded as facts about the ratings, never as claims
//! about what caused them.

use std::collections::BTreeSet;

use super::store::Entry;
use crate::script::RateScale;

/// A session stopped before its end still counts as practice after this
/// many seconds.
pub const COUNTS_AFTER_S: f64 = 180.0;

impl Entry {
    /// A session played to its end, or for at least `COUNTS_AFTER_S`.
    pub fn counts_as_practice(&self) -> bool {
        self.completed || self.played_s >= COUNTS_AFTER_S
    }

    /// The local calendar day it started on.
    pub fn day(&self) -> Option<Day> {
        Day::parse(self.started_local.get(..10)?)
    }
}

/// A calendar date, as days since 1970-01-01 (no time zone: the journal's
/// dates are already local).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

impl Day {
    /// Reads "YYYY-MM-DD".
    pub fn parse(s: &str) -> Option<Day> {
        let mut parts = s.split('-');
        let y: i32 = parts.next()?.parse().ok()?;
        let m: u32 = parts.next()?.parse().ok()?;
        let d: u32 = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe as u32 * 365 + yoe as u32 / 4 - yoe as u32 / 100 + doy;
        Some(Day(era * 146_097 + doe as i32 - 719_468))
    }

    /// (year, month, day).
    pub fn civil(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097) as u32;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe as i32 + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The Monday of this day's week.
    pub fn week_start(self) -> Day {
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
        Day(self.0 - (self.0 + 3).rem_euclid(7))
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Day {
        let (_, _, d) = self.civil();
        Day(self.0 - d as i32 + 1)
    }

    pub fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// "28 Nov 2026".
    pub fn long(self) -> String {
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let (y, m, d) = self.civil();
        format!("{d} {} {y}", MONTHS[m as usize - 1])
    }

    /// "28 Nov".
    pub fn short(self) -> String {
        let long = self.long();
        long.rsplit_once(' ').map_or(long.clone(), |(dm, _)| dm.to_string())
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.civil();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Different days in `from..=to` with practice.
pub fn days_practised(entries: &[Entry], from: Day, to: Day) -> usize {
    entries
        .iter()
        .filter(|e| e.counts_as_practice())
        .filter_map(Entry::day)
        .filter(|d| (from..=to).contains(d))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Minutes played in each week (from its Monday) from the week of `from`
/// to the week of `to`, empty weeks included.
pub fn minutes_per_week(entries: &[Entry], from: Day, to: Day) -> Vec<(Day, f64)> {
    let mut weeks: Vec<(Day, f64)> = Vec::new();
    let mut week = from.week_start();
    while week <= to {
        weeks.push((week, 0.0));
        week = week.plus(7);
    }
    for e in entries {
        if let Some(day) = e.day().filter(|d| (from..=to).contains(d))
            && let Some(slot) = weeks.iter_mut().find(|(w, _)| *w == day.week_start())
        {
            slot.1 += e.played_s / 60.0;
        }
    }
    weeks
}

/// A session's first and last rating on one scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeforeAfter {
    pub day: Day,
    /// Hours into the day, for spreading sessions on one day along a plot.
    pub hour: f64,
    pub before: u8,
    pub after: u8,
}

/// Every session in `from..=to` rated twice or more on `scale`, oldest first.
pub fn before_after(entries: &[Entry], scale: RateScale, from: Day, to: Day) -> Vec<BeforeAfter> {
    let mut points: Vec<BeforeAfter> = entries
        .iter()
        .filter_map(|e| {
            let day = e.day().filter(|d| (from..=to).contains(d))?;
            let (before, after) = e.before_after(scale)?;
            let hour = e.started_local.get(11..13)?.parse::<f64>().ok()?
                + e.started_local.get(14..16)?.parse::<f64>().ok()? / 60.0;
            Some(BeforeAfter { day, hour, before, after })
        })
        .collect();
    points.sort_by(|a, b| (a.day, a.hour).partial_cmp(&(b.day, b.hour)).unwrap_or(std::cmp::Ordering::Equal));
    points
}

/// Averages of the before and after ratings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Averages {
    pub sessions: usize,
    pub before: f64,
    pub after: f64,
}

pub fn averages(points: &[BeforeAfter]) -> Option<Averages> {
    if points.is_empty() {
        return None;
    }
    let n = points.len() as f64;
    Some(Averages {
        sessions: points.len(),
        before: points.iter().map(|p| f64::from(p.before)).sum::<f64>() / n,
        after: points.iter().map(|p| f64::from(p.after)).sum::<f64>() / n,
    })
}

impl Averages {
    /// A factual sentence: "Over 12 sessions, your average tension rating
    /// after practice was 1.8 lower than before (5.2 before, 3.4 after)."
    pub fn sentence(&self, scale: RateScale) -> String {
        let diff = self.after - self.before;
        let sessions = if self.sessions == 1 { "1 session".to_string() } else { format!("{} sessions", self.sessions) };
        let change = if diff.abs() < 0.05 {
            "the same as before".to_string()
        } else if diff < 0.0 {
            format!("{:.1} lower than before", -diff)
        } else {
            format!("{diff:.1} higher than before")
        };
        format!(
            "Over {sessions}, your average {} rating after practice was {change} ({:.1} before, {:.1} after).",
            scale.name(),
            self.before,
            self.after
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    #[test]
    fn days_round_trip_and_know_their_week_and_month() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-30", "2024-12-31", "1969-12-31"] {
            assert_eq!(Day::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Day::parse("1970-01-01"), Some(Day(0)));
        assert_eq!(Day::parse("2026-02-29"), None);
        assert_eq!(Day::parse("2026-13-01"), None);
        // 2026-11-30 is a Monday; 2026-12-06 the Sunday of that week.
        let monday = Day::parse("2026-11-30").unwrap();
        assert_eq!(Day::parse("2026-12-06").unwrap().week_start(), monday);
        assert_eq!(monday.week_start(), monday);
        assert_eq!(Day::parse("2026-11-29").unwrap().week_start().to_string(), "2026-11-23");
        assert_eq!(Day::parse("2026-11-30").unwrap().month_start().to_string(), "2026-11-01");
        assert_eq!(monday.long(), "30 Nov 2026");
        assert_eq!(monday.short(), "30 Nov");
    }

    #[test]
    fn figures_from_a_journal() {
        let csv = "date,session,source,played_min,completed,step,scale,rating,note\n\
                   2026-11-23 08:00,A,builtin:a,10.0,yes,1,tension,6,\n\
                   2026-11-23 08:00,A,builtin:a,10.0,yes,9,tension,3,\n\
                   2026-11-23 20:00,A,builtin:a,2.0,no,1,tension,7,\n\
                   2026-11-25 08:00,A,builtin:a,5.0,no,1,tension,5,\n\
                   2026-11-25 08:00,A,builtin:a,5.0,no,9,tension,4,\n\
                   2026-11-30 08:00,A,builtin:a,12.5,yes,,,,\n";
        let j = Journal::in_memory().unwrap();
        j.import_csv("j.csv", csv).unwrap();
        let e = j.entries().unwrap();
        let (from, to) = (Day::parse("2026-11-23").unwrap(), Day::parse("2026-11-30").unwrap());
        assert_eq!(days_practised(&e, from, to), 3);
        assert_eq!(days_practised(&e, from, from.plus(1)), 1, "the 2-minute stop does not count");
        let weeks = minutes_per_week(&e, from, to);
        assert_eq!(weeks, [(from, 17.0), (to, 12.5)]);
        let points = before_after(&e, RateScale::Tension, from, to);
        assert_eq!(points.iter().map(|p| (p.before, p.after)).collect::<Vec<_>>(), [(6, 3), (5, 4)]);
        let avg = averages(&points).unwrap();
        assert_eq!(
            avg.sentence(RateScale::Tension),
            "Over 2 sessions, your average tension rating after practice was 2.0 lower than before (5.5 before, 3.5 after)."
        );
        assert_eq!(averages(&before_after(&e, RateScale::Pain, from, to)), None);
    }
}
