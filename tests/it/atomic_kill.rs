//! Files replaced whole or not at all: the settings file (saved by the
//! app's own code, examples/settings_writer.rs) and a CSV export (by the
//! real `respite journal export -o`) are SIGKILLed mid-write at random
//! moments; each time the file on disk is one complete version, the old
//! or the new, never a mix or a torn half. RESPITE_KILL_ITERATIONS sets
//! the number of kills (scripts/soak-journal runs more); build the writer
//! first with `cargo build --examples`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use respite::app::settings::SettingsFile;
use respite::journal::Journal;
use respite::script::RateScale;

#[path = "../../examples/settings_writer.rs"]
#[allow(dead_code)]
mod settings_writer;

fn iterations() -> u64 {
    std::env::var("RESPITE_KILL_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(40)
}

fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().unwrap().parent().unwrap().join("examples").join(name);
    assert!(path.exists(), "{} is missing: run `cargo build --examples`", path.display());
    path
}

struct Rng(u64);

impl Rng {
    fn delay(&mut self, max_us: u64) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Duration::from_micros(self.0 % max_us)
    }
}

#[test]
fn a_killed_settings_save_leaves_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.toml");
    let versions = [settings_writer::version(false), settings_writer::version(true)];
    let writer = example("settings_writer");
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut saves = 0;
    for i in 0..iterations() {
        let mut child = Command::new(&writer).arg(&path).stdout(Stdio::piped()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || BufReader::new(stdout).lines().count());
        std::thread::sleep(rng.delay(30_000));
        child.kill().unwrap();
        child.wait().unwrap();
        saves += reader.join().unwrap();
        if !path.exists() {
            assert_eq!(saves, 0, "the settings file vanished after kill {i}");
            continue;
        }
        let loaded = SettingsFile::new(path.clone()).load();
        assert_eq!(loaded.notice, None, "kill {i} left a damaged settings file");
        assert!(versions.contains(&loaded.settings), "kill {i} left a mix of two versions");
    }
    eprintln!("settings kill: {} kills, {saves} saves acknowledged, the file was whole every time", iterations());
    assert!(saves > 0, "the writer never got a save done");
}

#[test]
fn a_killed_export_leaves_the_old_file_or_the_new() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.sqlite");
    let out = dir.path().join("journal.csv");
    fill(&journal, 400);
    let old = "the previous export, kept until the new one is complete\n";
    std::fs::write(&out, old).unwrap();
    let timed = Instant::now();
    let new = export(&journal, &dir.path().join("reference.csv"));
    // Kills spread over the whole export and past it, so some
    // land mid-write and some after the rename.
    let span_us = (timed.elapsed().as_micros() as u64 * 3).max(1_000);
    let mut rng = Rng(0x0fed_cba9_8765_4321);
    let (mut old_seen, mut new_seen) = (0, 0);
    for i in 0..iterations() {
        std::fs::write(&out, old).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_respite"))
            .args(["journal", "export", "--journal", journal.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(rng.delay(span_us));
        child.kill().unwrap();
        child.wait().unwrap();
        let now = std::fs::read_to_string(&out).unwrap();
        if now == old {
            old_seen += 1;
        } else {
            assert_eq!(now.len(), new.len(), "kill {i} left a torn export");
            assert!(now == new, "kill {i} left a mixed export");
            new_seen += 1;
        }
    }
    eprintln!("export kill: {} kills: {old_seen} left the old file, {new_seen} the new one", iterations());
}

/// A journal with many sessions, so an export takes a while to write.
/// Built in memory-backed /dev/shm when there is one (each write is synced).
fn fill(path: &Path, sessions: usize) {
    let shm = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).unwrap();
    let built = shm.path().join("journal.sqlite");
    let j = Journal::open(&built).unwrap().journal;
    for i in 0..sessions {
        let s = j.start_session(&format!("/home/someone/sessions/{i}.toml"), "Box breathing, \"slow\"").unwrap();
        j.rate(s, 0, RateScale::Pain, (i % 11) as u8).unwrap();
        j.rate(s, 5, RateScale::Pain, (i % 7) as u8).unwrap();
        j.progress(s, 300.0, true).unwrap();
    }
    drop(j);
    std::fs::copy(&built, path).unwrap();
}

fn export(journal: &Path, to: &Path) -> String {
    let status = Command::new(env!("CARGO_BIN_EXE_respite"))
        .args(["journal", "export", "--journal", journal.to_str().unwrap(), "-o", to.to_str().unwrap()])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read_to_string(to).unwrap()
}
