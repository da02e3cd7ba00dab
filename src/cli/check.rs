//! `respite check FILE...`: validate scripts and report every problem.

use std::process::ExitCode;

use respite::timeline::load_any;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Script files (or builtin:NAME) to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let mut failed = 0;
    for spec in &args.files {
        match load_any(spec) {
            Ok(loaded) => {
                let warnings = loaded.report.warnings().count();
                eprint!("{}", loaded.report.render());
                let note = if warnings > 0 { format!(" ({warnings} warning(s))") } else { String::new() };
                eprintln!("ok: {spec}{note}");
            }
            Err(report) => {
                failed += 1;
                eprint!("{}", report.render());
                eprintln!("failed: {spec}: {} error(s)", report.errors().count());
            }
        }
    }
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
