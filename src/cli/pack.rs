//! `respite pack SCRIPT -o NAME.respite` and `respite install NAME.respite`:
//! hand a session over as one file, and take one in.

use std::path::PathBuf;
use std::process::ExitCode;

use respite::app::Places;
use respite::package::{self, Clash, Outcome, PackOptions};

#[derive(clap::Args, Debug)]
#[command(after_help = "The package holds the script, every audio file it names and its own voice folder \
                        (NAME.voice/), with a manifest of checksums. Example:\n  \
                        respite pack my-session.toml -o my-session.respite")]
pub struct PackArgs {
    /// The session script to hand over.
    #[arg(value_name = "SCRIPT")]
    script: PathBuf,
    /// Where to write the package (NAME.respite).
    #[arg(short, long, value_name = "NAME.respite")]
    output: PathBuf,
    /// Also pack the original takes (NAME.voice/takes/), left out by default.
    #[arg(long)]
    with_takes: bool,
}

#[derive(clap::Args, Debug)]
#[command(after_help = "A package installs into a folder of its own in your sessions folder, named after \
                        its title, and shows in the library under Your sessions. The same package again \
                        changes nothing; a different session with the same title is kept unless you say \
                        --replace or --keep-both.")]
pub struct InstallArgs {
    /// The package to install (NAME.respite).
    #[arg(value_name = "NAME.respite")]
    package: PathBuf,
    /// Replace a different session already installed under the same title.
    #[arg(long, conflicts_with = "keep_both")]
    replace: bool,
    /// Keep a different session of the same title, and install this one as "Title (2)".
    #[arg(long)]
    keep_both: bool,
}

pub fn pack(args: PackArgs) -> ExitCode {
    if !package::is_package(&args.output) {
        eprintln!(
            "error: the package must end in .{}, so that it opens in Respite: {}",
            package::EXTENSION,
            args.output.display()
        );
        return ExitCode::FAILURE;
    }
    let options = PackOptions { with_takes: args.with_takes };
    match package::pack(&args.script, &args.output, options, |_| {}) {
        Ok(packed) => {
            for skipped in &packed.skipped {
                eprintln!("warning: left out {skipped}: not an audio file");
            }
            eprintln!(
                "packed “{}” into {}: {} files, {:.1} MiB",
                packed.title,
                args.output.display(),
                packed.files.len(),
                packed.bytes() as f64 / f64::from(1 << 20)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn install(args: InstallArgs) -> ExitCode {
    let clash = match (args.replace, args.keep_both) {
        (true, _) => Clash::Replace,
        (_, true) => Clash::KeepBoth,
        _ => Clash::Refuse,
    };
    match install_into_sessions(&args.package, clash) {
        Some(_) => ExitCode::SUCCESS,
        None => ExitCode::FAILURE,
    }
}

/// Installs a package into the user's sessions folder, saying what
/// happened; `None` (and the reason printed) if it was refused. A refusal
/// for a title already taken says how to go on.
pub fn install_into_sessions(package: &std::path::Path, clash: Clash) -> Option<PathBuf> {
    match package::install(package, &Places::platform().sessions_dir(), clash) {
        Ok(installed) => {
            let folder = installed.script.parent().map_or_else(String::new, |d| d.display().to_string());
            match installed.outcome {
                Outcome::New => eprintln!("installed “{}” into {folder}", installed.title),
                Outcome::AlreadyThere => eprintln!("“{}” is installed already, in {folder}", installed.title),
                Outcome::Renamed => {
                    eprintln!("installed as “{}” (another session has its title) into {folder}", installed.title)
                }
                Outcome::Replaced => eprintln!("replaced “{}” in {folder}", installed.title),
            }
            Some(installed.script)
        }
        Err(e) => {
            eprintln!("error: {e}");
            if e.title_taken {
                eprintln!("  = help: add --replace or --keep-both");
            }
            None
        }
    }
}
