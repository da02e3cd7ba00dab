//! `respite copy builtin:NAME [--title T]`: make my own copy of a built-in
//! in the sessions folder (the script with its comments, under a new
//! title and a file name nothing else has), to change and record.

use std::path::PathBuf;
use std::process::ExitCode;

use respite::app::Places;
use respite::app::studio::copy_builtin;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The built-in to copy: builtin:NAME (or just NAME), from `respite list`.
    #[arg(value_name = "builtin:NAME")]
    builtin: String,
    /// The copy's title (default: "TITLE (my copy)").
    #[arg(long)]
    title: Option<String>,
    /// Where to put it (default: your sessions folder, which the app lists).
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let name = args.builtin.strip_prefix("builtin:").unwrap_or(&args.builtin);
    let dir = args.to.unwrap_or_else(|| Places::platform().sessions_dir());
    match copy_builtin(name, &dir, args.title.as_deref()) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "copied builtin:{name} to {}; lines whose words you keep speak with the built-in voice until you \
                 record them (the studio: \"Record…\" on its card in the library)",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
