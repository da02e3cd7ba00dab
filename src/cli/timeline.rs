//! `respite timeline`: print the compiled timeline, as text or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use respite::app::voice::session_voice;
use respite::script::fields::MAX_MINUTES;
use respite::timeline::narration::Voice;
use respite::timeline::{CompileOptions, Micros, TEMPO_RANGE, compile, to_json};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A script file, a package (NAME.respite), or builtin:NAME.
    #[arg(value_name = "FILE|NAME.respite|builtin:NAME")]
    script: String,
    /// Print JSON for other tools.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    options: SessionOptions,
}

/// Options that shape a session, shared with `render` and `play`.
#[derive(clap::Args, Debug, Clone)]
pub struct SessionOptions {
    /// Speed factor from 0.5 (half speed) to 2.0 (double speed).
    #[arg(long, default_value_t = 1.0, value_parser = parse_tempo)]
    pub tempo: f64,
    /// Stretch or shrink breathing and pauses to about this many minutes.
    #[arg(long, value_name = "MINUTES", value_parser = parse_minutes)]
    pub length: Option<f64>,
    /// Leave out PMR groups or body regions (repeatable), e.g. --skip legs.
    #[arg(long, value_name = "REGION")]
    pub skip: Vec<String>,
    /// No narration: captions only, and steps keep their written length.
    #[arg(long, conflicts_with = "voice_dir")]
    pub no_voice: bool,
    /// Speak with the recordings in this folder (a manifest.json and one
    /// clip per line id, see `respite narration lines`) instead of the
    /// script's own voice (NAME.voice/ beside NAME.toml) and the built-in
    /// voice.
    #[arg(long, value_name = "DIR")]
    pub voice_dir: Option<PathBuf>,
}

impl SessionOptions {
    /// The compile options for the script `spec` (a file or
    /// `builtin:NAME`), or a message if the voice folder asked for cannot
    /// be read. A script file speaks with its own recordings first, then
    /// the built-in voice; a damaged own voice folder is warned about.
    pub fn compile_options(&self, spec: Option<&str>) -> Result<CompileOptions, String> {
        let voice = match (&self.voice_dir, self.no_voice) {
            (_, true) => None,
            (Some(dir), false) => Some(Arc::new(Voice::from_dir(dir)?)),
            (None, false) => {
                let file = spec.filter(|s| !s.starts_with("builtin:")).map(Path::new);
                let (voice, warnings) = session_voice(file, None);
                for warning in warnings {
                    eprintln!("warning: {warning}");
                }
                Some(voice)
            }
        };
        Ok(CompileOptions {
            tempo: self.tempo,
            target_length: self.length.map(|m| Micros::from_secs_f64(m * 60.0)),
            skip: self.skip.clone(),
            voice,
        })
    }
}

fn parse_tempo(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if TEMPO_RANGE.contains(&x) {
        Ok(x)
    } else {
        Err(format!("tempo must be between {} and {}", TEMPO_RANGE.start(), TEMPO_RANGE.end()))
    }
}

fn parse_minutes(s: &str) -> Result<f64, String> {
    let x: f64 = s.parse().map_err(|_| format!("`{s}` is not a number of minutes"))?;
    if x.is_finite() && x > 0.0 && x <= MAX_MINUTES {
        Ok(x)
    } else {
        Err(format!("length must be more than 0 and at most {MAX_MINUTES} minutes (12 hours)"))
    }
}

pub fn run(args: Args) -> ExitCode {
    let Some(spec) = super::ScriptSpec::resolve(&args.script) else {
        return ExitCode::FAILURE;
    };
    let Some(script) = super::load_or_report(&spec.spec) else {
        return ExitCode::FAILURE;
    };
    let options = match args.options.compile_options(Some(&spec.spec)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let timeline = compile(&script, &options);
    if args.json {
        return super::output::print(&format!("{}\n", to_json(&timeline)));
    }
    let mut text = format!("{}  ({})\n", timeline.title, timeline.duration.clock());
    for s in &timeline.segments {
        let cycle = match (s.cycle, s.cycles) {
            (Some(c), Some(n)) => format!(" {c}/{n}"),
            _ => String::new(),
        };
        let caption = if s.text.is_empty() { String::new() } else { format!("  {}", s.text) };
        let spoken =
            s.speech.as_ref().map(|v| format!("  [voice {:.2} s]", v.length.as_secs_f64())).unwrap_or_default();
        text.push_str(&format!(
            "{:>9.3} {:>9.3}  step {:<3} {:<8} {}{cycle}{caption}{spoken}\n",
            s.start.as_secs_f64(),
            s.end.as_secs_f64(),
            s.step + 1,
            s.kind.name(),
            s.label
        ));
    }
    super::output::print(&text)
}
