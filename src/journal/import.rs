//! Reading back the CSV that `export_csv` writes, so a journal can move to
//! a new machine. The whole file is checked before anything is written;
//! a session already in the journal (same minute, source and title) is not
//! added again, so importing one file twice adds nothing the second time.

use std::collections::HashSet;

use rusqlite::params;

use super::csv::unprotect;
use super::store::{Journal, JournalError};
use crate::script::{MAX_STEPS, RateScale};

/// The columns `export_csv` writes, in its order; every file must have them.
const COLUMNS: [&str; 9] = ["date", "session", "source", "played_min", "completed", "step", "scale", "rating", "note"];
/// The column that numbers sessions; files exported before it existed, or
/// made by hand, may lack it, and rows are then grouped by their fields.
const SESSION_NO: &str = "session_no";

/// Longest session a row may claim, in minutes (the 12-hour script limit).
const MAX_PLAYED_MIN: f64 = 720.0;

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportSummary {
    /// Sessions added to the journal.
    pub added: usize,
    /// Sessions in the file that the journal already held.
    pub already_there: usize,
}

/// One session read from the file, with the line it started on.
#[derive(Debug, Clone, PartialEq)]
struct Session {
    line: usize,
    date: String,
    title: String,
    source: String,
    played_min: f64,
    completed: bool,
    note: String,
    /// (0-based step, scale, value)
    ratings: Vec<(usize, RateScale, u8)>,
    /// The file's number for this session, when it has the column.
    number: Option<u64>,
}

impl Journal {
    /// Imports exported CSV text. `name` names the file in messages. On any
    /// problem nothing is written and every problem found is returned, one
    /// message per line, each naming the line and the column.
    pub fn import_csv(&self, name: &str, text: &str) -> Result<ImportSummary, Vec<String>> {
        let sessions = read_sessions(name, text)?;
        self.insert(name, &sessions).map_err(|e| vec![format!("{name}: cannot write to the journal: {e}")])?
    }

    /// Writes the sessions in one transaction, or nothing when a date has
    /// no instant in this time zone (the inner error).
    fn insert(&self, name: &str, sessions: &[Session]) -> Result<Result<ImportSummary, Vec<String>>, JournalError> {
        let tx = self.conn.unchecked_transaction()?;
        let mut matched: HashSet<i64> = HashSet::new();
        let mut summary = ImportSummary { added: 0, already_there: 0 };
        let mut bad_dates = Vec::new();
        for s in sessions {
            let mut same = tx.prepare_cached(
                "SELECT id FROM session
                 WHERE strftime('%Y-%m-%d %H:%M', started, 'unixepoch', 'localtime') = ?1
                   AND source = ?2 AND title = ?3
                 ORDER BY id",
            )?;
            let ids = same.query_map(params![s.date, s.source, s.title], |r| r.get::<_, i64>(0))?;
            let mut found = None;
            for id in ids {
                let id = id?;
                if !matched.contains(&id) {
                    found = Some(id);
                    break;
                }
            }
            if let Some(id) = found {
                matched.insert(id);
                summary.already_there += 1;
                continue;
            }
            // The date is local time; SQLite's 'utc' modifier turns it into
            // an instant with the computer's time zone.
            let started: Option<i64> =
                tx.query_row("SELECT CAST(strftime('%s', ?1, 'utc') AS INTEGER)", [&s.date], |r| r.get(0))?;
            let Some(started) = started else {
                bad_dates.push(format!("{name}:{}: `date` {:?} is not a time that exists here", s.line, s.date));
                continue;
            };
            let note = (!s.note.trim().is_empty()).then(|| s.note.trim());
            tx.execute(
                "INSERT INTO session (started, source, title, played_s, completed, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![started, s.source, s.title, s.played_min * 60.0, s.completed, note],
            )?;
            let id = tx.last_insert_rowid();
            matched.insert(id);
            for (step, scale, value) in &s.ratings {
                tx.execute(
                    "INSERT INTO rating (session_id, at, step, scale, value) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, started, *step as i64, scale.name(), value],
                )?;
            }
            summary.added += 1;
        }
        if !bad_dates.is_empty() {
            return Ok(Err(bad_dates));
        }
        tx.commit()?;
        Ok(Ok(summary))
    }
}

/// Parses and checks the whole file, grouping rows into sessions.
fn read_sessions(name: &str, text: &str) -> Result<Vec<Session>, Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records = split_records(text)
        .map_err(|line| vec![format!("{name}:{line}: a quoted field is never closed (a `\"` is missing)")])?;
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else {
        return Err(vec![format!("{name}: the file is empty; expected the header line `{}`", COLUMNS.join(","))]);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let missing: Vec<&str> = COLUMNS.iter().copied().filter(|c| !header.iter().any(|h| h == c)).collect();
    if !missing.is_empty() {
        return Err(vec![format!(
            "{name}:1: the header lacks {}; expected the columns `{}` as `respite journal export` writes them",
            missing.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
            COLUMNS.join(",")
        )]);
    }
    let index: Vec<usize> = COLUMNS.iter().map(|c| header.iter().position(|h| h == c).unwrap_or_default()).collect();
    let number_at = header.iter().position(|h| h == SESSION_NO);

    let mut problems = Vec::new();
    let mut sessions: Vec<Session> = Vec::new();
    for (line, fields) in records {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if fields.len() != header.len() {
            problems.push(format!("{name}:{line}: {} fields, but the header has {}", fields.len(), header.len()));
            continue;
        }
        let get = |column: usize| fields[index[column]].as_str();
        let number =
            match number_at.map(|i| fields[i].trim()) {
                None => Ok(None),
                Some(n) => n.parse::<u64>().ok().filter(|n| *n >= 1).map(Some).ok_or_else(|| {
                    format!("{name}:{line}: `{SESSION_NO}` should be a session number from 1, not {n:?}")
                }),
            };
        let number = match number {
            Ok(number) => number,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        match read_row(get) {
            Ok((mut session, rating)) => {
                session.line = line;
                session.number = number;
                let continues = match (sessions.last(), number) {
                    (Some(last), Some(n)) if last.number == Some(n) => {
                        if !same_session(last, &session) {
                            problems.push(format!(
                                "{name}:{line}: session {n} began on line {} with another date, title, source, \
                                 length, completion or note",
                                last.line
                            ));
                            continue;
                        }
                        match rating {
                            Some(r) if continues_ratings(&last.ratings, r) => true,
                            _ => {
                                problems.push(format!(
                                    "{name}:{line}: session {n} has this rating already, or one without a step"
                                ));
                                continue;
                            }
                        }
                    }
                    (_, Some(_)) => false,
                    (last, None) => last.is_some_and(|last| {
                        same_session(last, &session) && rating.is_some_and(|r| continues_ratings(&last.ratings, r))
                    }),
                };
                match (continues, rating) {
                    (true, Some(r)) => {
                        if let Some(last) = sessions.last_mut() {
                            last.ratings.push(r);
                        }
                    }
                    _ => {
                        session.ratings.extend(rating);
                        sessions.push(session);
                    }
                }
            }
            Err(problem) => problems.push(format!("{name}:{line}: {problem}")),
        }
    }
    if problems.is_empty() { Ok(sessions) } else { Err(problems) }
}

/// Export writes a session's ratings in step order, so a step going back,
/// or a scale asked again at the same step, means the next session; two
/// scales may share a step.
fn continues_ratings(ratings: &[(usize, RateScale, u8)], (step, scale, _): (usize, RateScale, u8)) -> bool {
    match ratings.last() {
        Some(&(last, ..)) if step > last => true,
        Some(&(last, ..)) if step == last => !ratings.iter().any(|&(s, k, _)| s == step && k == scale),
        _ => false,
    }
}

fn same_session(a: &Session, b: &Session) -> bool {
    a.date == b.date
        && a.title == b.title
        && a.source == b.source
        && a.played_min == b.played_min
        && a.completed == b.completed
        && a.note == b.note
}

/// One row: the session it belongs to and its rating, if it has one.
#[allow(clippy::type_complexity)]
fn read_row<'a>(get: impl Fn(usize) -> &'a str) -> Result<(Session, Option<(usize, RateScale, u8)>), String> {
    let date = get(0).trim();
    if !is_date_time(date) {
        return Err(format!("`date` should look like 2026-11-28 17:05, not {date:?}"));
    }
    let title = unprotect(get(1)).trim();
    if title.is_empty() {
        return Err("`session` (the title) is empty".into());
    }
    let source = unprotect(get(2)).trim();
    if source.is_empty() {
        return Err("`source` is empty; expected builtin:NAME or a script's path".into());
    }
    let played = get(3).trim();
    let played_min = match played.parse::<f64>() {
        Ok(m) if m.is_finite() && (0.0..=MAX_PLAYED_MIN).contains(&m) => m,
        _ => return Err(format!("`played_min` should be minutes from 0 to {MAX_PLAYED_MIN}, not {played:?}")),
    };
    let completed = match get(4).trim() {
        "yes" => true,
        "no" => false,
        other => return Err(format!("`completed` should be yes or no, not {other:?}")),
    };
    let (step, scale, value) = (get(5).trim(), get(6).trim(), get(7).trim());
    let rating = if step.is_empty() && scale.is_empty() && value.is_empty() {
        None
    } else {
        let step = match step.parse::<usize>() {
            Ok(n) if (1..=MAX_STEPS).contains(&n) => n - 1,
            _ => return Err(format!("`step` should be a step number from 1 to {MAX_STEPS}, not {step:?}")),
        };
        let Some(scale) = RateScale::from_name(scale) else {
            let names: Vec<&str> = RateScale::ALL.iter().map(|s| s.name()).collect();
            return Err(format!("`scale` should be one of {}, not {scale:?}", names.join(", ")));
        };
        let value = match value.parse::<u8>() {
            Ok(v) if v <= 10 => v,
            _ => return Err(format!("`rating` should be a whole number from 0 to 10, not {value:?}")),
        };
        Some((step, scale, value))
    };
    let session = Session {
        line: 0,
        date: date.to_string(),
        title: title.to_string(),
        source: source.to_string(),
        played_min,
        completed,
        note: unprotect(get(8)).to_string(),
        ratings: Vec::new(),
        number: None,
    };
    Ok((session, rating))
}

/// `YYYY-MM-DD HH:MM` with plausible numbers (SQLite checks the rest).
fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|d| d.parse::<u32>().ok()).unwrap_or(99);
    b.len() == 16
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b' '
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && (1..=12).contains(&num(5..7))
        && (1..=days_in_month(num(0..4), num(5..7))).contains(&num(8..10))
        && num(11..13) < 24
        && num(14..16) < 60
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Splits RFC 4180 text into records of fields, each with its 1-based
/// starting line. Quoted fields may hold commas, quotes and line breaks.
/// On an unclosed quote, returns the line where the field began.
fn split_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, usize> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut quoted_from = None;
    while let Some(c) = chars.next() {
        if quoted_from.is_some() {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted_from = None,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted_from = Some(line),
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((record_line, std::mem::take(&mut fields)));
                line += 1;
                record_line = line;
            }
            _ => field.push(c),
        }
    }
    if let Some(start) = quoted_from {
        return Err(start);
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((record_line, fields));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::export_csv;

    fn seeded() -> Journal {
        let j = Journal::in_memory().unwrap();
        let s = j.start_session("builtin:box-breathing", "Box, four by four").unwrap();
        j.rate(s, 0, RateScale::Pain, 6).unwrap();
        j.rate(s, 5, RateScale::Pain, 4).unwrap();
        j.rate(s, 6, RateScale::Mood, 7).unwrap();
        j.progress(s, 331.0, true).unwrap();
        j.set_note(s, "felt \"lighter\",\nthen tired").unwrap();
        j.start_session("/home/a/my, session.toml", "Mine").unwrap();
        let s = j.start_session("builtin:safe-place", "A safe place").unwrap();
        j.rate(s, 0, RateScale::Stress, 8).unwrap();
        j.rate(s, 0, RateScale::Tension, 5).unwrap();
        j.rate(s, 4, RateScale::Stress, 3).unwrap();
        j.rate(s, 4, RateScale::Tension, 2).unwrap();
        j
    }

    #[test]
    fn export_import_export_is_equal_and_a_second_import_adds_nothing() {
        let csv = export_csv(&seeded().entries().unwrap());
        let fresh = Journal::in_memory().unwrap();
        assert_eq!(fresh.import_csv("j.csv", &csv), Ok(ImportSummary { added: 3, already_there: 0 }));
        assert_eq!(export_csv(&fresh.entries().unwrap()), csv);
        assert_eq!(fresh.import_csv("j.csv", &csv), Ok(ImportSummary { added: 0, already_there: 3 }));
        assert_eq!(export_csv(&fresh.entries().unwrap()), csv);
    }

    #[test]
    fn importing_into_the_journal_it_came_from_adds_nothing() {
        let j = seeded();
        let csv = export_csv(&j.entries().unwrap());
        assert_eq!(j.import_csv("j.csv", &csv), Ok(ImportSummary { added: 0, already_there: 3 }));
        assert_eq!(j.entries().unwrap().len(), 3);
    }

    /// Found by the fuzzer: two sessions of the same minute whose lengths
    /// differ by less than the export's 0.1 minute, the second with ratings
    /// only later in the session, once came back as one.
    #[test]
    fn sessions_that_export_alike_stay_apart() {
        let j = Journal::in_memory().unwrap();
        for (played, step) in [(312.0, 0), (313.5, 5)] {
            let s = j.start_session("builtin:box-breathing", "Box").unwrap();
            j.rate(s, step, RateScale::Pain, 5).unwrap();
            j.progress(s, played, true).unwrap();
        }
        let csv = export_csv(&j.entries().unwrap());
        let fresh = Journal::in_memory().unwrap();
        assert_eq!(fresh.import_csv("j.csv", &csv), Ok(ImportSummary { added: 2, already_there: 0 }));
        assert_eq!(export_csv(&fresh.entries().unwrap()), csv);
        let old_format: String = csv.lines().map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n").collect();
        assert_eq!(Journal::in_memory().unwrap().import_csv("old.csv", &old_format).unwrap().added, 1, "{old_format}");
    }

    /// Found by the fuzzer: a step number past any script's last step was
    /// stored, wrapped round, and exported as another number.
    #[test]
    fn a_step_past_any_script_is_refused() {
        let csv = format!(
            "date,session,source,played_min,completed,step,scale,rating,note\n\
             2026-11-28 17:05,Box,builtin:box,1.0,no,{},pain,6,\n",
            MAX_STEPS + 1
        );
        let problems = Journal::in_memory().unwrap().import_csv("j.csv", &csv).unwrap_err();
        assert_eq!(
            problems,
            [format!("j.csv:2: `step` should be a step number from 1 to {MAX_STEPS}, not \"{}\"", MAX_STEPS + 1)]
        );
    }

    #[test]
    fn a_session_number_that_disagrees_is_named() {
        let csv = "date,session,source,played_min,completed,step,scale,rating,note,session_no\n\
                   2026-11-28 17:05,Box,builtin:box,1.0,no,1,pain,6,,1\n\
                   2026-11-28 17:06,Box,builtin:box,1.0,no,6,pain,5,,1\n\
                   2026-11-28 17:07,Box,builtin:box,1.0,no,,,,,x\n";
        let problems = Journal::in_memory().unwrap().import_csv("j.csv", csv).unwrap_err();
        assert_eq!(
            problems,
            [
                "j.csv:3: session 1 began on line 2 with another date, title, source, length, completion or note",
                "j.csv:4: `session_no` should be a session number from 1, not \"x\"",
            ]
        );
    }

    #[test]
    fn two_sessions_in_one_minute_stay_two() {
        let csv = "date,session,source,played_min,completed,step,scale,rating,note\n\
                   2026-11-28 17:05,Box,builtin:box,1.0,no,1,pain,6,\n\
                   2026-11-28 17:05,Box,builtin:box,1.0,no,1,pain,5,\n\
                   2026-11-28 17:05,Box,builtin:box,1.0,no,,,,\n";
        let j = Journal::in_memory().unwrap();
        assert_eq!(j.import_csv("j.csv", csv), Ok(ImportSummary { added: 3, already_there: 0 }));
        assert_eq!(j.import_csv("j.csv", csv), Ok(ImportSummary { added: 0, already_there: 3 }));
        let values: Vec<Vec<u8>> =
            j.entries().unwrap().iter().rev().map(|e| e.ratings.iter().map(|r| r.value).collect()).collect();
        assert_eq!(values, [vec![6], vec![5], vec![]]);
    }

    #[test]
    fn bad_rows_are_named_by_line_and_column_and_nothing_is_written() {
        let csv = "date,session,source,played_min,completed,step,scale,rating,note\n\
                   2026-11-28 17:05,Box,builtin:box,1.0,no,1,pain,6,\n\
                   28/11/2026,Box,builtin:box,1.0,no,,,,\n\
                   2026-11-29 08:00,Box,builtin:box,1.0,maybe,,,,\n\
                   2026-11-29 09:00,Box,builtin:box,1.0,no,2,pian,6,\n\
                   2026-11-29 10:00,Box,builtin:box,1.0,no,2,pain,11,\n\
                   2026-11-29 11:00,Box,builtin:box,1.0\n\
                   2026-02-29 11:00,Box,builtin:box,1.0,no,,,,\n";
        let j = Journal::in_memory().unwrap();
        let problems = j.import_csv("old.csv", csv).unwrap_err();
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert!(problems[0].starts_with("old.csv:3: `date`"), "{problems:#?}");
        assert!(problems[1].starts_with("old.csv:4: `completed`"), "{problems:#?}");
        assert!(problems[2].starts_with("old.csv:5: `scale`"), "{problems:#?}");
        assert!(problems[3].starts_with("old.csv:6: `rating`"), "{problems:#?}");
        assert!(problems[4].starts_with("old.csv:7: 4 fields"), "{problems:#?}");
        assert!(problems[5].starts_with("old.csv:8: `date`"), "not a leap year: {problems:#?}");
        assert!(j.entries().unwrap().is_empty());
    }

    #[test]
    fn a_wrong_header_or_an_open_quote_is_explained() {
        let j = Journal::in_memory().unwrap();
        let e = j.import_csv("a.csv", "name,value\nx,1\n").unwrap_err();
        assert!(e[0].starts_with("a.csv:1: the header lacks `date`"), "{e:?}");
        let e = j.import_csv("a.csv", "").unwrap_err();
        assert!(e[0].contains("the file is empty"), "{e:?}");
        let e = j.import_csv("a.csv", &format!("{}\n2026-11-28 17:05,\"Box,x", COLUMNS.join(","))).unwrap_err();
        assert_eq!(e, ["a.csv:2: a quoted field is never closed (a `\"` is missing)"]);
    }

    #[test]
    fn a_spreadsheet_resave_with_bom_crlf_and_reordered_columns_reads_the_same() {
        let csv = "\u{feff}note,date,session,source,played_min,completed,step,scale,rating\r\n\
                   \"ok\",2026-11-28 17:05,Box,builtin:box,2.5,yes,1,pain,6\r\n";
        let j = Journal::in_memory().unwrap();
        assert_eq!(j.import_csv("j.csv", csv), Ok(ImportSummary { added: 1, already_there: 0 }));
        let e = &j.entries().unwrap()[0];
        assert_eq!(
            (e.started_local.as_str(), e.played_s, e.completed, e.note.as_deref()),
            ("2026-11-28 17:05", 150.0, true, Some("ok"))
        );
        assert_eq!(e.ratings[0].value, 6);
    }
}
