//! A printable summary of practice for a date range, for a patient to hand
//! their therapist: days practised, the course stage reached, ratings
//! before and after each session and minutes a week as inline SVG plots
//! (each with its text beside it), and a table of the sessions with their
//! notes. One self-contained HTML file: no scripts, no links out.

mod svg;

use std::fmt::Write;

use crate::course::Course;
use crate::journal::figures::{Day, averages, before_after, days_practised, minutes_per_week};
use crate::journal::{CourseStep, Entry, Journal};
use crate::script::RateScale;

/// What the report covers.
pub struct ReportInput<'a> {
    /// The journal's entries (any range; the report picks its own).
    pub entries: &'a [Entry],
    /// First and last day covered, inclusive.
    pub from: Day,
    pub to: Day,
    /// The day the report is made.
    pub made: Day,
    /// The course moves, oldest first, and the course itself when it loads.
    pub course: Option<(&'a [CourseStep], Option<&'a Course>)>,
}

/// Days a report covers when no range is given: four weeks to today.
pub const DEFAULT_DAYS: i32 = 28;

/// The report for `from..=to` from a journal: its entries and its course
/// moves, with the course loaded from its file when it still loads.
pub fn from_journal(journal: &Journal, entries: &[Entry], from: Day, to: Day, made: Day) -> String {
    let history = journal.course_history().unwrap_or_default();
    let course = history.last().and_then(|step| crate::course::load_any(&step.course).ok()).map(|l| l.course);
    html(&ReportInput {
        entries,
        from,
        to,
        made,
        course: (!history.is_empty()).then_some((history.as_slice(), course.as_ref())),
    })
}

/// The report as one HTML page.
pub fn html(input: &ReportInput<'_>) -> String {
    let (from, to) = (input.from, input.to);
    let in_range: Vec<&Entry> =
        input.entries.iter().filter(|e| e.day().is_some_and(|d| (from..=to).contains(&d))).collect();
    let owned: Vec<Entry> = in_range.iter().copied().cloned().collect();
    let days = days_practised(&owned, from, to);
    let span = (to.0 - from.0 + 1).max(0);
    let minutes: f64 = owned.iter().map(|e| e.played_s / 60.0).sum();

    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Practice report, {} to {}</title>\
         <style>{CSS}</style></head><body>\n<h1>Practice report</h1>\n<p class=\"range\">{} to {} · made on {} with Respite</p>\n",
        from.long(),
        to.long(),
        from.long(),
        to.long(),
        input.made.long()
    );
    h.push_str("<ul class=\"facts\">\n");
    let _ = writeln!(h, "<li id=\"days\"><b>{days}</b> of {span} days with practice</li>");
    let _ = writeln!(h, "<li id=\"sessions\"><b>{}</b> sessions, <b>{minutes:.0}</b> minutes in all</li>", owned.len());
    if let Some(line) = input.course.and_then(|(history, course)| course_line(history, course, to)) {
        let _ = writeln!(h, "<li id=\"course\">{line}</li>");
    }
    h.push_str("</ul>\n<div class=\"plots\">\n");

    for scale in RateScale::ALL {
        let points = before_after(&owned, scale, from, to);
        let Some(avg) = averages(&points) else { continue };
        let sentence = avg.sentence(scale);
        let alt = format!("{} rating before (open circles) and after (filled) each session. {sentence}", scale.title());
        let _ = writeln!(
            h,
            "<figure id=\"rating-{}\">{}<figcaption><b>{}</b>, 0–10: ○ before, ● after. {}</figcaption></figure>",
            scale.name(),
            svg::ratings(&points, from, to, &alt),
            scale.title(),
            escape(&sentence)
        );
    }
    let weeks = minutes_per_week(&owned, from, to);
    let week_text: Vec<String> = weeks.iter().map(|(w, m)| format!("week of {}: {m:.0}", w.short())).collect();
    let alt = format!("Minutes practised a week. {}.", week_text.join("; "));
    let _ = writeln!(
        h,
        "<figure id=\"minutes\">{}<figcaption><b>Minutes a week</b>: {}.</figcaption></figure>\n</div>",
        svg::weekly_minutes(&weeks, &alt),
        escape(&week_text.join("; "))
    );

    h.push_str(
        "<table><thead><tr><th>Date</th><th>Session</th><th>Min</th><th>Ratings (before → after)</th><th>Note</th></tr></thead><tbody>\n",
    );
    let mut rows: Vec<&&Entry> = in_range.iter().collect();
    rows.sort_by_key(|e| (e.started, e.id.0));
    for e in rows {
        let ratings: Vec<String> = RateScale::ALL
            .iter()
            .filter_map(|s| {
                let on: Vec<u8> = e.ratings.iter().filter(|r| r.scale == *s).map(|r| r.value).collect();
                match on.as_slice() {
                    [] => None,
                    [only] => Some(format!("{} {only}", s.name())),
                    [first, .., last] => Some(format!("{} {first} → {last}", s.name())),
                }
            })
            .collect();
        let stopped = if e.completed { "" } else { " <span class=\"stopped\">(stopped)</span>" };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}{stopped}</td><td class=\"num\">{:.0}</td><td>{}</td><td>{}</td></tr>",
            escape(&e.started_local),
            escape(&e.title),
            e.played_s / 60.0,
            escape(&ratings.join(", ")),
            escape(e.note.as_deref().unwrap_or(""))
        );
    }
    h.push_str("</tbody></table>\n");
    h.push_str(
        "<p class=\"about\">Ratings are the person's own answers, 0 to 10, at the start and end of a session. \
         This report shows what was recorded; it makes no claim about what caused any change.</p>\n</body></html>\n",
    );
    h
}

/// "Course: Start here … stage 3 of 4 (Release-only relaxation), since 28 Nov 2026."
fn course_line(history: &[CourseStep], course: Option<&Course>, to: Day) -> Option<String> {
    let step = history.iter().rev().find(|s| s.since_local.get(..10).and_then(Day::parse).is_some_and(|d| d <= to))?;
    let since = Day::parse(step.since_local.get(..10)?)?.long();
    Some(match course {
        Some(c) if step.stage < c.stages.len() => format!(
            "Course <i>{}</i>: stage <b>{}</b> of {} ({}), since {since}",
            escape(&c.title),
            step.stage + 1,
            c.stages.len(),
            escape(&c.stages[step.stage].title)
        ),
        _ => format!("Course <i>{}</i>: stage <b>{}</b>, since {since}", escape(&step.course), step.stage + 1),
    })
}

/// Text made safe inside HTML elements and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Calm, printable: A4 with small margins, no colour needed to read it.
const CSS: &str = "
@page { size: A4; margin: 12mm; }
body { font: 10pt/1.35 system-ui, 'DejaVu Sans', sans-serif; color: #1d2630; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
.range { margin: 0 0 6pt; color: #44525f; }
.facts { margin: 0 0 6pt; padding-left: 14pt; }
.plots { display: grid; grid-template-columns: 1fr 1fr; gap: 4pt 12pt; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #2f3b47; }
svg { width: 100%; height: auto; display: block; }
svg .grid { stroke: #d5dbe1; stroke-width: 0.6; }
svg .axis { stroke: #8a96a3; stroke-width: 0.8; }
svg .tick, svg .value { font: 8px system-ui, 'DejaVu Sans', sans-serif; fill: #44525f; }
svg .pair { stroke: #7d8fa3; stroke-width: 1.2; }
svg .before { fill: #fff; stroke: #2b5d8a; stroke-width: 1.4; }
svg .after { fill: #2b5d8a; }
svg .bar { fill: #6f98bd; }
table { border-collapse: collapse; width: 100%; margin-top: 6pt; font-size: 8.5pt; }
th, td { border-bottom: 0.5pt solid #c9d1d9; padding: 1.5pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.num { text-align: right; }
.stopped { color: #5b6875; }
.about { font-size: 8pt; color: #44525f; margin-top: 6pt; }
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Journal;

    const CSV: &str = "date,session,source,played_min,completed,step,scale,rating,note\n\
        2026-11-20 08:00,Old,builtin:a,10.0,yes,1,tension,9,\n\
        2026-11-20 08:00,Old,builtin:a,10.0,yes,9,tension,9,\n\
        2026-11-23 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,1,tension,6,\"calmer <b>after</b> & warm\"\n\
        2026-11-23 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,9,tension,3,\"calmer <b>after</b> & warm\"\n\
        2026-11-24 20:00,Seven groups,builtin:pmr-7-groups,15.0,yes,1,tension,5,\n\
        2026-11-24 20:00,Seven groups,builtin:pmr-7-groups,15.0,yes,2,pain,4,\n\
        2026-11-24 20:00,Seven groups,builtin:pmr-7-groups,15.0,yes,9,tension,4,\n\
        2026-11-24 20:00,Seven groups,builtin:pmr-7-groups,15.0,yes,10,pain,4,\n\
        2026-11-25 21:00,Beach,builtin:beach,1.0,no,,,,\n\
        2026-12-01 09:30,Seven groups,builtin:pmr-7-groups,6.6,no,,,,\n";

    fn report(from: &str, to: &str) -> String {
        let j = Journal::in_memory().unwrap();
        j.import_csv("seed.csv", CSV).unwrap();
        let entries = j.entries().unwrap();
        html(&ReportInput {
            entries: &entries,
            from: Day::parse(from).unwrap(),
            to: Day::parse(to).unwrap(),
            made: Day::parse("2026-12-02").unwrap(),
            course: None,
        })
    }

    #[test]
    fn the_figures_match_the_seeded_journal() {
        let h = report("2026-11-23", "2026-12-06");
        // 23, 24 Nov and 1 Dec count (the 1-minute stop on the 25th does not); 14 days.
        assert!(h.contains("<li id=\"days\"><b>3</b> of 14 days with practice</li>"), "{h}");
        assert!(h.contains("<b>4</b> sessions, <b>38</b> minutes in all"), "{h}");
        assert!(h.contains(
            "Over 2 sessions, your average tension rating after practice was 2.0 lower than before (5.5 before, 3.5 after)."
        ));
        assert!(h.contains("Over 1 session, your average pain rating after practice was the same as before"));
        assert!(!h.contains("id=\"rating-mood\""), "no mood ratings, no mood plot");
        assert!(h.contains("week of 23 Nov: 31; week of 30 Nov: 7"), "{h}");
        // One row per session in the range, oldest first; nothing from before it.
        assert_eq!(h.matches("<tr><td>").count(), 4);
        assert!(!h.contains("Old"));
        assert!(h.find("2026-11-23 08:00").unwrap() < h.find("2026-12-01 09:30").unwrap());
        assert!(h.contains("<td>pain 4 → 4, tension 5 → 4</td>"), "{h}");
        // Notes are escaped, never markup.
        assert!(h.contains("calmer &lt;b&gt;after&lt;/b&gt; &amp; warm"));
        // Each session rated on a scale is one before and one after circle.
        let tension = &h[h.find("id=\"rating-tension\"").unwrap()..];
        let tension = &tension[..tension.find("</figure>").unwrap()];
        assert_eq!((tension.matches("class=\"before\"").count(), tension.matches("class=\"after\"").count()), (2, 2));
    }

    #[test]
    fn the_course_stage_reached_by_the_end_of_the_range() {
        let course = crate::course::load_any(crate::course::DEFAULT).unwrap().course;
        let step = |stage, since: &str| CourseStep {
            course: crate::course::DEFAULT.into(),
            stage,
            since: crate::journal::Timestamp(0),
            since_local: since.into(),
        };
        let history = [step(0, "2026-11-20 10:00"), step(1, "2026-11-27 10:00"), step(2, "2026-12-10 10:00")];
        let line = course_line(&history, Some(&course), Day::parse("2026-12-06").unwrap()).unwrap();
        assert!(line.contains("stage <b>2</b> of "), "{line}");
        assert!(line.contains(&course.stages[1].title) && line.ends_with("since 27 Nov 2026"), "{line}");
        assert_eq!(course_line(&history, Some(&course), Day::parse("2026-11-19").unwrap()), None);
    }
}
