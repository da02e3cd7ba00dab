//! Practice over weeks from the command line, on real files: moving a
//! journal with export and import, course files and their errors, the
//! course stages, and the therapist's report.

use respite::journal::Journal;
use respite::script::RateScale;

use crate::support::{respite, stderr};

#[test]
fn a_journal_moves_by_export_and_import_once() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.sqlite");
    {
        let j = Journal::open(&old).unwrap().journal;
        let s = j.start_session("builtin:pmr-7-groups", "Muscle relaxation, seven groups").unwrap();
        j.rate(s, 0, RateScale::Tension, 7).unwrap();
        j.rate(s, 9, RateScale::Tension, 4).unwrap();
        j.progress(s, 905.0, true).unwrap();
        j.set_note(s, "shoulders, then \"heavy\" legs").unwrap();
        j.start_session("builtin:beach", "A quiet beach").unwrap();
    }
    let csv = dir.path().join("moved.csv");
    let (old_s, csv_s) = (old.to_str().unwrap(), csv.to_str().unwrap());
    assert!(respite(&["journal", "export", "--journal", old_s, "-o", csv_s]).status.success());

    let new = dir.path().join("new").join("journal.sqlite");
    let new_s = new.to_str().unwrap();
    let out = respite(&["journal", "import", csv_s, "--journal", new_s]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("added 2 session(s)"), "{}", stderr(&out));
    let out = respite(&["journal", "import", csv_s, "--journal", new_s]);
    assert!(stderr(&out).contains("added 0 session(s) from") && stderr(&out).contains("2 were already"));

    let again = dir.path().join("again.csv");
    assert!(respite(&["journal", "export", "--journal", new_s, "-o", again.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read_to_string(&again).unwrap(), std::fs::read_to_string(&csv).unwrap());
}

#[test]
fn a_bad_csv_names_its_lines_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        "date,session,source,played_min,completed,step,scale,rating,note\n\
         2026-11-28 17:05,Box,builtin:box-breathing,1.0,no,1,pain,6,\n\
         2026-11-28 18:05,Box,builtin:box-breathing,1.0,no,1,pain,12,\n",
    )
    .unwrap();
    let j = dir.path().join("j.sqlite");
    let out = respite(&["journal", "import", csv.to_str().unwrap(), "--journal", j.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("bad.csv:3: `rating` should be a whole number from 0 to 10, not \"12\""), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(Journal::open(&j).unwrap().journal.entries().unwrap().is_empty());
}

#[test]
fn a_therapists_course_is_checked_with_places() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("mine.toml");
    std::fs::write(
        &course,
        "format = 1\ntitle = \"Mine\"\nsummary = \"Two stages.\"\n\n[[stage]]\ntitle = \"One\"\nabout = \"a\"\n\
         session = \"builtin:pmr-relese-only\"\nmove_on = { days = 3 }\n\n[[stage]]\ntitle = \"Two\"\nabout = \"b\"\n\
         session = \"builtin:pmr-cue-controlled\"\nmove_on = { days = 3, scale = \"tension\", at_mots = 2 }\n",
    )
    .unwrap();
    let out = respite(&["course", "check", course.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("mine.toml:8:11"), "{err}");
    assert!(err.contains("did you mean `builtin:pmr-release-only`?"), "{err}");
    assert!(err.contains("unknown key `at_mots`") && err.contains("did you mean `at_most`?"), "{err}");
    assert!(respite(&["course", "check", "builtin:start-here"]).status.success());
}

#[test]
fn the_course_moves_on_and_back_and_never_past_its_ends() {
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("j.sqlite");
    let js = j.to_str().unwrap();
    let text = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--journal", js]);
        let out = respite(&all);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(text(&["course", "show"]).contains("No course started yet"));
    assert!(text(&["course", "start"]).starts_with("Started \"Start here"));
    assert!(text(&["course", "back"]).contains("at the first stage already"));
    assert!(text(&["course", "next"]).starts_with("Now at stage 2 of "));
    let shown = text(&["course", "show"]);
    assert!(shown.contains("→ 2. Muscle relaxation, four groups"), "{shown}");
    assert!(shown.contains("Not yet practised today; 0 of 5 days so far"), "{shown}");
    let history: Vec<usize> =
        Journal::open(&j).unwrap().journal.course_history().unwrap().iter().map(|s| s.stage).collect();
    assert_eq!(history, [0, 1]);
}

#[test]
fn the_report_is_one_html_file_with_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("seed.csv");
    std::fs::write(
        &csv,
        "date,session,source,played_min,completed,step,scale,rating,note\n\
         2026-11-02 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,1,tension,7,first time\n\
         2026-11-02 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,9,tension,4,first time\n\
         2026-11-03 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,1,tension,6,\n\
         2026-11-03 08:00,Seven groups,builtin:pmr-7-groups,15.0,yes,9,tension,4,\n",
    )
    .unwrap();
    let j = dir.path().join("j.sqlite");
    let js = j.to_str().unwrap();
    assert!(respite(&["journal", "import", csv.to_str().unwrap(), "--journal", js]).status.success());
    let html = dir.path().join("report.html");
    let hs = html.to_str().unwrap();
    let out = respite(&["journal", "report", "-o", hs, "--from", "2026-11-01", "--to", "2026-11-07", "--journal", js]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<b>2</b> of 7 days with practice"), "{text}");
    assert!(text.contains("was 2.5 lower than before (6.5 before, 4.0 after)"), "{text}");
    assert!(text.contains("first time"));
    assert!(!text.contains("<script") && !text.contains("href=") && !text.contains("src="), "self-contained");

    let bad = respite(&["journal", "report", "-o", hs, "--from", "2026-11-08", "--to", "2026-11-07", "--journal", js]);
    assert!(stderr(&bad).contains("--from 2026-11-08 is after --to 2026-11-07"), "{}", stderr(&bad));
    let bad = respite(&["journal", "report", "-o", hs, "--from", "1 Nov", "--journal", js]);
    assert!(stderr(&bad).contains("\"1 Nov\" is not a date"), "{}", stderr(&bad));
}
