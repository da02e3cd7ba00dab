//! A journal writer to kill: starts sessions, rates (sometimes answering a
//! question again) and ends sessions through the real journal store, the way
//! the app does, announcing each operation before it and acknowledging it
//! after. tests/journal_kill.rs and scripts/soak-journal SIGKILL it at random
//! moments and check that nothing acknowledged was lost; scripts/e2e-journal-faults
//! runs it on a full disk and a read-only folder. Like the app, a failed
//! write is reported and the session goes on.
//!
//! `journal_writer JOURNAL SEED OPERATIONS [--wait]`; with `--wait` it reads
//! one line from standard input once its first session has started, so a
//! test can fill the disk mid-session. Prints one line per event:
//! `open`, `try start`, `ok start ID`, `try rate ID STEP VALUE`, `ok rate`,
//! `try end ID`, `ok end`, `error WHAT: WHY`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use respite::journal::{Journal, SessionId};
use respite::script::RateScale;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(seed), Some(ops)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: journal_writer JOURNAL SEED OPERATIONS");
        return ExitCode::from(2);
    };
    let (Ok(seed), Ok(ops)) = (seed.parse::<u64>(), ops.parse::<u64>()) else {
        eprintln!("journal_writer: SEED and OPERATIONS are whole numbers");
        return ExitCode::from(2);
    };
    let journal = match Journal::open(&PathBuf::from(path)) {
        Ok(opened) => opened.journal,
        Err(e) => {
            say(&format!("error open: {e}"));
            return ExitCode::FAILURE;
        }
    };
    say("open");
    let mut wait = args.get(3).is_some_and(|a| a == "--wait");
    let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut session: Option<SessionId> = None;
    for _ in 0..ops {
        match session {
            Some(id) if next() % 8 != 0 => {
                let (step, value) = ((next() % 6) as usize, (next() % 11) as u8);
                let scale = RateScale::ALL[step % RateScale::ALL.len()];
                say(&format!("try rate {} {step} {value}", id.0));
                match journal.rate(id, step, scale, value) {
                    Ok(()) => say("ok rate"),
                    Err(e) => say(&format!("error rate: {e}")),
                }
            }
            Some(id) => {
                say(&format!("try end {}", id.0));
                match journal.progress(id, 600.0, true) {
                    Ok(()) => say("ok end"),
                    Err(e) => say(&format!("error end: {e}")),
                }
                session = None;
            }
            None => {
                say("try start");
                match journal.start_session("builtin:box-breathing", "Box breathing") {
                    Ok(id) => {
                        say(&format!("ok start {}", id.0));
                        session = Some(id);
                        if std::mem::take(&mut wait) {
                            let _ = std::io::stdin().read_line(&mut String::new());
                        }
                    }
                    Err(e) => say(&format!("error start: {e}")),
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// One line, flushed at once: the harness reads it as an acknowledgement.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe means the harness is gone; nothing to tell.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
