//! `respite check FILE...`: validate scripts (and packages) and report every problem.

use std::path::Path;
use std::process::ExitCode;

use respite::app::studio::{Speaker, overrun_note, studio_lines};
use respite::app::voice::{own_voice_dir, session_voice};
use respite::audio::clip_length;
use respite::script::{Script, StepBody};
use respite::timeline::load_any;
use respite::timeline::narration::{BREATH, ClipRef};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Script files, packages (NAME.respite: checked whole, as opening one
    /// does) or builtin:NAME to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
}

pub fn run(args: Args) -> ExitCode {
    let mut failed = 0;
    for spec in &args.files {
        let Some(resolved) = super::ScriptSpec::resolve(spec) else {
            failed += 1;
            eprintln!("failed: {spec}");
            continue;
        };
        match load_any(&resolved.spec) {
            Ok(loaded) => {
                let mut clips = clip_warnings(spec, &loaded.script);
                clips.extend(own_voice_warnings(&resolved.spec, &loaded.script));
                let warnings = loaded.report.warnings().count() + clips.len();
                eprint!("{}", loaded.report.render());
                for w in &clips {
                    eprintln!("warning: {w}");
                }
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

/// A recording that would run into the next step: a `say` step must last at
/// least as long as its clip and a breath. (Missing or unreadable clips are
/// already reported by the loader.)
fn clip_warnings(spec: &str, script: &Script) -> Vec<String> {
    let mut warnings = Vec::new();
    for step in &script.steps {
        let StepBody::Say { voice: Some(voice), duration, .. } = &step.body else { continue };
        let path = script.base_dir.as_deref().map_or_else(|| voice.clone(), |d| d.join(voice));
        let Ok(length) = clip_length(&ClipRef::File(path)) else { continue };
        let needed = length + BREATH;
        if *duration < needed {
            warnings.push(format!(
                "{spec}:{}: the recording {} lasts {:.1} s, longer than its step ({:.1} s) allows with a breath \
                 after it; set `seconds = {}` so the words do not run into what comes next",
                step.line,
                voice.display(),
                length.as_secs_f64(),
                duration.as_secs_f64(),
                needed.as_secs_f64().ceil(),
            ));
        }
    }
    warnings
}

/// The script's own recordings (`NAME.voice/`) that are too long for
/// where they are spoken, and a voice folder that cannot be read.
fn own_voice_warnings(spec: &str, script: &Script) -> Vec<String> {
    if spec.starts_with("builtin:") {
        return Vec::new();
    }
    let (voice, mut warnings) = session_voice(Some(Path::new(spec)), None);
    let folder = own_voice_dir(Path::new(spec));
    for line in studio_lines(script, &voice, &folder) {
        let (Speaker::Own(_), Some(note)) = (&line.speaker, overrun_note(&line)) else { continue };
        let steps: Vec<String> = line.steps.iter().map(|s| (s + 1).to_string()).collect();
        warnings.push(format!(
            "{}: the recording of \"{}\" (line {}, step {}) is {note}",
            folder.display(),
            line.text,
            line.id,
            steps.join(", "),
        ));
    }
    warnings
}
