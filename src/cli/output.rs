//! Writing results to stdout so that a closed pipe (`respite list | head`)
//! ends the command quietly instead of panicking.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// Writes `text` to stdout. A reader that went away is not an error; any
/// other write failure is reported and exits 1.
pub fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("respite: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}
