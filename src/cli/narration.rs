//! `respite narration lines`: every line the built-in sessions (or the
//! scripts named) speak, with the id its clip is filed under. The voice
//! generator (`tools/narration/`) and anyone recording a voice of their own
//! work from this list.

use std::process::ExitCode;

use respite::script::builtin;
use respite::timeline::load_any;
use respite::timeline::narration::{line_id, script_lines, text_hash};
use serde::Serialize;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// List the spoken lines, each once, with its clip id.
    Lines {
        /// Scripts (or builtin:NAME); every built-in when none is named.
        #[arg(value_name = "FILE|builtin:NAME")]
        scripts: Vec<String>,
        /// Print JSON for the generator.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct Line {
    id: String,
    text_hash: String,
    text: String,
    /// The sessions that speak it.
    used_in: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let Command::Lines { scripts, json } = args.command;
    let specs: Vec<String> =
        if scripts.is_empty() { builtin::ALL.iter().map(|b| format!("builtin:{}", b.name)).collect() } else { scripts };
    let mut lines: Vec<Line> = Vec::new();
    for spec in &specs {
        let script = match load_any(spec) {
            Ok(loaded) => loaded.script,
            Err(report) => {
                eprint!("{}", report.render());
                return ExitCode::FAILURE;
            }
        };
        for text in script_lines(&script) {
            match lines.iter_mut().find(|l| l.text == text) {
                Some(line) => line.used_in.push(spec.clone()),
                None => lines.push(Line {
                    id: line_id(&text),
                    text_hash: text_hash(&text),
                    text,
                    used_in: vec![spec.clone()],
                }),
            }
        }
    }
    if json {
        return match serde_json::to_string_pretty(&lines) {
            Ok(text) => super::output::print(&format!("{text}\n")),
            Err(e) => {
                eprintln!("error: cannot write the lines as JSON: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut text = String::new();
    for line in &lines {
        text.push_str(&format!("{}\t{}\n", line.id, line.text));
    }
    super::output::print(&text)
}
