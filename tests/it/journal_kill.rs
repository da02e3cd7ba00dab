//! Nothing lost: SIGKILLs a real journal writer (examples/journal_writer.rs)
//! at random moments while it starts sessions, rates and ends sessions, over
//! and over on one journal file. After every kill the journal passes
//! `PRAGMA integrity_check`, opens without being set aside, holds every
//! acknowledged rating and session end, and has no duplicate answers.
//! RESPITE_KILL_ITERATIONS sets the number of kills (scripts/soak-journal
//! runs thousands); build the writer first with
//! `cargo build --examples`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use respite::journal::Journal;

fn writer() -> PathBuf {
    // target/debug/deps/it-… → target/debug/examples/journal_writer
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().unwrap().parent().unwrap().join("examples").join("journal_writer");
    assert!(path.exists(), "{} is missing: run `cargo build --examples`", path.display());
    path
}

/// What the writer acknowledged, and what it had started but not yet
/// acknowledged when it was killed.
#[derive(Default)]
struct Model {
    /// (session, step) → the last acknowledged answer.
    ratings: HashMap<(i64, i64), i64>,
    sessions: Vec<i64>,
    ended: Vec<i64>,
}

#[derive(Debug)]
enum InFlight {
    None,
    Start,
    Rate(i64, i64, i64),
    End(i64),
}

#[test]
fn killed_writers_lose_nothing_acknowledged() {
    let iterations: u64 = std::env::var("RESPITE_KILL_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(60);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite");
    let writer = writer();
    let mut model = Model::default();
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let (mut acknowledged, mut killed_mid_write) = (0u64, 0u64);
    let started = Instant::now();
    for i in 0..iterations {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        // Kill anywhere from before the journal opens to well into the run.
        let delay = Duration::from_micros(rng % 60_000);
        let mut child = Command::new(&writer)
            .args([path.to_str().unwrap(), &i.to_string(), "100000"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader =
            std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<String>>());
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();
        let in_flight = apply(&mut model, &lines, &mut acknowledged);
        if !matches!(in_flight, InFlight::None) {
            killed_mid_write += 1;
        }
        check(&path, &mut model, &in_flight, i);
        if (i + 1) % 100 == 0 {
            eprintln!("journal kill: {} kills, {acknowledged} acknowledged writes, none lost so far", i + 1);
        }
    }
    eprintln!(
        "journal kill: {iterations} kills ({killed_mid_write} mid-write), {acknowledged} acknowledged writes, \
         {} sessions, {} answers kept, 0 lost, {:.1} s",
        model.sessions.len(),
        model.ratings.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(iterations < 20 || killed_mid_write > 0, "the kills never landed during a write");
}

/// Applies the acknowledged lines to the model; returns the operation that
/// was started but not acknowledged.
fn apply(model: &mut Model, lines: &[String], acknowledged: &mut u64) -> InFlight {
    let mut in_flight = InFlight::None;
    for line in lines {
        let words: Vec<&str> = line.split(' ').collect();
        let num = |k: usize| words[k].parse::<i64>().unwrap();
        match words[..] {
            ["open"] => {}
            ["try", "start"] => in_flight = InFlight::Start,
            ["try", "rate", ..] => in_flight = InFlight::Rate(num(2), num(3), num(4)),
            ["try", "end", _] => in_flight = InFlight::End(num(2)),
            ["ok", "start", _] => {
                model.sessions.push(num(2));
                in_flight = InFlight::None;
            }
            ["ok", "rate"] => {
                let InFlight::Rate(s, step, v) = in_flight else { panic!("ok rate without a try: {lines:?}") };
                model.ratings.insert((s, step), v);
                in_flight = InFlight::None;
            }
            ["ok", "end"] => {
                let InFlight::End(s) = in_flight else { panic!("ok end without a try") };
                model.ended.push(s);
                in_flight = InFlight::None;
            }
            _ => panic!("the writer reported a failure: {line}"),
        }
        *acknowledged += u64::from(words[0] == "ok");
    }
    in_flight
}

fn check(path: &Path, model: &mut Model, in_flight: &InFlight, iteration: u64) {
    if !path.exists() {
        assert!(model.sessions.is_empty(), "the journal file vanished");
        return;
    }
    let conn = rusqlite::Connection::open(path).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "after kill {iteration}");
    let duplicates: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT 1 FROM rating GROUP BY session_id, step HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    assert_eq!(duplicates, 0, "an answer was stored twice after kill {iteration}");
    drop(conn);

    // Through the real store, as the app would read it after a crash.
    let opened = Journal::open(path).unwrap();
    assert!(opened.set_aside.is_none(), "the journal was judged damaged after kill {iteration}");
    let entries = opened.journal.entries().unwrap();
    let stored: HashMap<(i64, i64), i64> = entries
        .iter()
        .flat_map(|e| e.ratings.iter().map(move |r| ((e.id.0, r.step as i64), i64::from(r.value))))
        .collect();
    for (key, value) in &model.ratings {
        let allowed = match in_flight {
            InFlight::Rate(s, step, v) if (*s, *step) == *key => vec![*value, *v],
            _ => vec![*value],
        };
        let got = stored.get(key);
        assert!(
            got.is_some_and(|g| allowed.contains(g)),
            "kill {iteration} lost the acknowledged answer {value} to session {} step {}: found {got:?}",
            key.0,
            key.1
        );
    }
    // A write that landed just before the kill is kept: it becomes the model.
    if let InFlight::Rate(s, step, _) = in_flight
        && let Some(v) = stored.get(&(*s, *step))
    {
        model.ratings.insert((*s, *step), *v);
    }
    for id in &model.ended {
        let e = entries.iter().find(|e| e.id.0 == *id).expect("an acknowledged session is there");
        assert!(e.completed, "kill {iteration} lost the end of session {id}");
    }
    for id in &model.sessions {
        assert!(entries.iter().any(|e| e.id.0 == *id), "kill {iteration} lost session {id}");
    }
    let extra = entries.len().saturating_sub(model.sessions.len());
    assert!(
        extra == 0 || (extra == 1 && matches!(in_flight, InFlight::Start)),
        "kill {iteration}: {} sessions stored, {} acknowledged",
        entries.len(),
        model.sessions.len()
    );
    if extra == 1 {
        model.sessions.push(entries.iter().map(|e| e.id.0).max().unwrap());
    }
}
