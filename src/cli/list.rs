//! `respite list`: the built-in sessions, one per line, grouped by kind.

use std::process::ExitCode;

use respite::script::{SessionKind, builtin};
use respite::timeline::narration::Voice;
use respite::timeline::{CompileOptions, compile, load_str};

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    let mut rows = Vec::new();
    for b in builtin::ALL {
        match load_str(&format!("builtin:{}", b.name), b.text, None) {
            Ok(loaded) => {
                let spoken = CompileOptions { voice: Some(Voice::builtin()), ..CompileOptions::default() };
                let length = compile(&loaded.script, &spoken).duration;
                rows.push((loaded.script.kind, b.name, length.clock(), loaded.script.title));
            }
            Err(report) => {
                eprint!("{}", report.render());
                return ExitCode::FAILURE;
            }
        }
    }
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut text = String::new();
    for kind in SessionKind::ALL {
        for (k, name, length, title) in rows.iter().filter(|r| r.0 == kind) {
            text.push_str(&format!("{name:<width$}  {:<11}  {length:>7}  {title}\n", k.name()));
        }
    }
    super::output::print(&text)
}
