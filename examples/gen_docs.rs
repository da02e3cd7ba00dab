//! Writes the man pages and shell completions from the command line's own
//! clap definitions, for `scripts/package`. An example rather than a hidden
//! subcommand, so the app and its normal build do not carry clap_mangen and
//! clap_complete.
//!
//! `cargo run --example gen_docs -- OUT_DIR` writes `OUT_DIR/man/*.1` (one
//! page for `respite`, one per subcommand) and `OUT_DIR/completions/` (bash,
//! zsh, fish, PowerShell).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

// The real definitions, compiled here a second time; only `Cli` is used.
#[allow(dead_code)]
#[path = "../src/cli/mod.rs"]
mod cli;

/// Appended to `respite.1`: where things live, which the definitions do not say.
const FILES_SECTION: &str = r#".SH FILES
.TP
\fI$XDG_DATA_HOME/respite/journal.sqlite\fR (usually \fI~/.local/share/respite/\fR)
The practice journal: every session started and every rating given.
.TP
\fI$XDG_DATA_HOME/respite/sessions/\fR
Your own session scripts: every \fI.toml\fR file here shows in the library.
.TP
\fI$XDG_CONFIG_HOME/respite/settings.toml\fR (usually \fI~/.config/respite/\fR)
The app's settings.
.PP
Uninstalling Respite leaves these files in place; delete the two folders to
remove your journal, sessions and settings too.
.SH SEE ALSO
\fBrespite-play\fR(1), \fBrespite-check\fR(1), \fBrespite-render\fR(1),
\fBrespite-journal\fR(1). The script format is described in
\fI/usr/share/doc/respite/docs/script-format.md\fR.
"#;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: gen_docs OUT_DIR");
        return ExitCode::from(2);
    };
    match generate(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_docs: could not write to {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

fn generate(out: &Path) -> std::io::Result<()> {
    let man = out.join("man");
    std::fs::create_dir_all(&man)?;
    clap_mangen::generate_to(cli::Cli::command(), &man)?;
    let page = man.join("respite.1");
    let mut text = std::fs::read_to_string(&page)?;
    text.push_str(FILES_SECTION);
    std::fs::write(&page, text)?;

    let completions = out.join("completions");
    std::fs::create_dir_all(&completions)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        clap_complete::generate_to(shell, &mut cli::Cli::command(), "respite", &completions)?;
    }
    Ok(())
}
