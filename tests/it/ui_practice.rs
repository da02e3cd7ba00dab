//! Practice over weeks through the app with egui_kittest: the first screen
//! with a course in progress (and before one), the journal's plots and days
//! from a seeded journal, a note written and found again, and finding a
//! session by kind, length and word.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use respite::app::{Places, SessionSource};
use respite::course::DEFAULT;
use respite::journal::Journal;
use respite::journal::figures::Day;
use respite::player::ManualTime;
use respite::ui::{App, Screen};

use crate::support;

fn harness(root: &std::path::Path) -> Harness<'static, App> {
    support::harness(root, &ManualTime::new())
}

fn journal(root: &std::path::Path) -> Journal {
    Journal::open(&Places::under(root).journal_file()).unwrap().journal
}

fn count(h: &Harness<'_, App>, text: &str) -> usize {
    h.query_all(By::new().label_contains(text)).count()
}

fn playing(h: &Harness<'_, App>) -> Option<SessionSource> {
    matches!(h.state().screen(), Screen::Player).then(|| h.state().session().unwrap().source.clone())
}

#[test]
fn the_first_screen_shows_todays_stage_practice_and_rescue_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    j.set_course_step(DEFAULT, 1).unwrap();
    let s = j.start_session("builtin:pmr-4-groups", "Muscle relaxation, four groups").unwrap();
    j.progress(s, 600.0, true).unwrap();
    drop(j);

    let mut h = harness(dir.path());
    h.check_accessibility();
    let stage = h.get_by_label("Stage 2 of 7: Muscle relaxation, four groups").rect().top();
    assert!(stage < h.get_by_label("Breathing").rect().top(), "today comes before the library");
    assert_eq!(count(&h, "Practised once today; 1 of 5 days so far at this stage."), 1);
    for title in ["Rescue: breathe through a flare", "Rescue: soften and let go", "Rescue: a calm place"] {
        h.get_by_label(&format!("For a hard moment: {title}"));
    }

    h.get_by_label("For a hard moment: Rescue: soften and let go").click();
    h.run_steps(3);
    assert_eq!(playing(&h), Some(SessionSource::Builtin("rescue-flare-soften")));
    h.get_by_label("Library").click();
    h.run_steps(3);

    h.get_by_label("Start today's session: Muscle relaxation, four groups").click();
    h.run_steps(3);
    assert_eq!(playing(&h), Some(SessionSource::Builtin("pmr-4-groups")));
    h.get_by_label("Library").click();
    h.run_steps(3);

    // Moving on and back is the patient's choice, and the journal keeps it.
    h.get_by_label("Move on to the next stage").click();
    h.run_steps(3);
    h.get_by_label("Stage 3 of 7: Release-only relaxation");
    assert_eq!(journal(dir.path()).course_step().unwrap().unwrap().stage, 2);
    assert_eq!(count(&h, "Not yet practised today; 0 of 7 days"), 1, "a new stage counts afresh");
    h.get_by_label("Go back a stage").click();
    h.run_steps(3);
    h.get_by_label("Stage 2 of 7: Muscle relaxation, four groups");
    assert_eq!(journal(dir.path()).course_step().unwrap().unwrap().stage, 1);
}

#[test]
fn before_a_course_the_first_screen_offers_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.get_by_label("Start here: relaxation, one stage at a time");
    assert!(h.query_by_label("Go back a stage").is_none());
    h.get_by_label("For a hard moment: Rescue: a calm place");
    h.get_by_label("Start the course").click();
    h.run_steps(3);
    h.get_by_label("Stage 1 of 7: Muscle relaxation, seven groups");
    assert!(h.query_by_label("Start the course").is_none());
    assert!(h.query_by_label("Go back a stage").is_none(), "the first stage has nothing before it");
    let step = journal(dir.path()).course_step().unwrap().unwrap();
    assert_eq!((step.course.as_str(), step.stage), (DEFAULT, 0));
}

#[test]
fn the_journal_plots_ratings_and_minutes_with_their_figures_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    let today = Day::parse(&j.today().unwrap()).unwrap();
    let long_ago = today.plus(-40);
    let row = |day: Day, time: &str, step: u32, value: u8| {
        format!("{day} {time},Box breathing,builtin:box-breathing,10.0,yes,{step},pain,{value},\n")
    };
    let csv = [
        "date,session,source,played_min,completed,step,scale,rating,note\n".to_string(),
        row(long_ago, "09:00", 1, 5),
        row(long_ago, "09:00", 6, 4),
        row(today, "00:01", 1, 6),
        row(today, "00:01", 6, 4),
        row(today, "00:02", 1, 7),
        row(today, "00:02", 6, 4),
    ]
    .concat();
    j.import_csv("seed.csv", &csv).unwrap();
    drop(j);

    let mut h = harness(dir.path());
    h.get_by_label("Journal").click();
    h.run_steps(3);
    h.check_accessibility();
    // Two days with practice, but only today is in this week and month
    // (40 days ago is in neither): no streaks, just days.
    h.get_by_label("Days with practice: 1 this week, 1 this month.");
    h.get_by_label("Pain: before (open circles) and after (filled)");
    h.get_by_label(
        "Over 3 sessions, your average pain rating after practice was 2.0 lower than before (6.0 before, 4.0 after).",
    );
    assert_eq!(count(&h, "Minutes practised per week, last 12 weeks (30 in all)"), 1);
    assert_eq!(count(&h, &format!("week of {}: 20 min", today.week_start().short())), 1);
    assert_eq!(count(&h, "Tension: before"), 0, "no plot for a scale never rated");
    h.get_by_label("Report…");
}

/// A finished session in the journal, its note box opened on the journal
/// page and `text` typed in it; the harness, and the session's date as
/// the page shows it.
fn note_typed(root: &std::path::Path, text: &str) -> (Harness<'static, App>, String) {
    let j = journal(root);
    let s = j.start_session("builtin:safe-place", "A safe place").unwrap();
    j.progress(s, 700.0, true).unwrap();
    let when = j.entries().unwrap()[0].started_local.clone();
    drop(j);

    let mut h = harness(root);
    h.get_by_label("Journal").click();
    h.run_steps(3);
    h.get_by_label(&format!("Add a note for A safe place on {when}")).click();
    h.run_steps(2);
    h.get_by_label("Your note").focus();
    h.run_steps(1);
    h.get_by_label("Your note").type_text(text);
    h.run_steps(2);
    (h, when)
}

#[test]
fn a_note_written_in_the_journal_is_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, when) = note_typed(dir.path(), "Warm hands; the beach again");
    h.get_by_label("Save note").click();
    h.run_steps(3);
    h.get_by_label("Warm hands; the beach again");
    h.get_by_label(&format!("Edit note for A safe place on {when}"));
    assert_eq!(journal(dir.path()).entries().unwrap()[0].note.as_deref(), Some("Warm hands; the beach again"));

    // Found again after leaving the journal and coming back.
    h.get_by_label("Library").click();
    h.run_steps(2);
    h.get_by_label("Journal").click();
    h.run_steps(3);
    h.get_by_label("Warm hands; the beach again");
}

#[test]
fn a_note_the_journal_cannot_take_stays_in_its_box_to_save_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = note_typed(dir.path(), "Slept after the body scan");

    // Another program holds the journal for writing: the note is refused.
    let holder = rusqlite::Connection::open(Places::under(dir.path()).journal_file()).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    h.get_by_label("Save note").click();
    h.run_steps(3);
    assert_eq!(count(&h, "Your note could not be saved"), 1, "the refusal is told");
    assert_eq!(h.get_by_label("Your note").value().as_deref(), Some("Slept after the body scan"), "the words are kept");

    // Once the journal is free, the same box saves it.
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    h.get_by_label("Save note").click();
    h.run_steps(3);
    h.get_by_label("Slept after the body scan");
    assert!(h.query_by_label("Your note").is_none(), "the box is closed once saved");
    assert_eq!(journal(dir.path()).entries().unwrap()[0].note.as_deref(), Some("Slept after the body scan"));
}

/// The session cards shown: one "Adjust" button each.
fn cards(h: &Harness<'_, App>) -> usize {
    h.query_all(By::new().role(Role::Button).label_contains("Adjust ")).count()
}

#[test]
fn the_library_filters_by_kind_and_length_and_finds_by_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    let all = cards(&h);
    assert!(all >= 30, "{all} sessions");

    h.get_by_label("Kind: Muscle relaxation").click();
    h.run_steps(3);
    let pmr = cards(&h);
    assert!(pmr > 3 && pmr < all, "{pmr} of {all}");
    let builtin_pmr = respite::app::library::Library::scan(std::path::Path::new("/nonexistent"), &[])
        .builtins
        .iter()
        .filter(|e| e.kind == respite::script::SessionKind::Pmr)
        .count();
    h.get_by_label(&format!("{builtin_pmr} sessions match"));
    assert_eq!(cards(&h), builtin_pmr, "one card per muscle relaxation session");
    h.get_by_label("Adjust Muscle relaxation, seven groups");
    assert!(h.query_by_label("Adjust A quiet beach").is_none());

    h.get_by_label("Length: Up to 10 min").click();
    h.run_steps(3);
    let short_pmr = cards(&h);
    assert!(short_pmr < pmr, "{short_pmr} of {pmr}");
    h.get_by_label("Kind: all").click();
    h.get_by_label("Length: Any length").click();
    h.run_steps(3);
    assert_eq!(cards(&h), all, "clearing the filter shows everything again");

    h.get_by_label("Find by word").focus();
    h.run_steps(1);
    h.get_by_label("Find by word").type_text("BEACH");
    h.run_steps(3);
    h.get_by_label("Adjust A quiet beach");
    assert!(h.query_by_label("Adjust Muscle relaxation, seven groups").is_none());
    let found = cards(&h);
    assert!((1..all).contains(&found), "{found}");
}
