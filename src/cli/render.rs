//! `respite render`: the whole session to a WAV, FLAC or Ogg Vorbis file,
//! to take to a phone, optionally normalised for headphones. Progress goes
//! to stderr; the file appears only once it is complete.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use respite::audio::export::{self, Format, Mastering};
use respite::audio::{ClipCache, RenderOptions, Renderer, Volumes};
use respite::script::CueSound;
use respite::timeline::compile;

use super::timeline::SessionOptions;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  respite render builtin:safe-place -o safe-place.ogg --normalize\n  \
                        respite render builtin:resonance-breathing -o breathing.flac\n  \
                        respite render my-session.toml -o metronome.wav --cue click --no-ambient")]
pub struct Args {
    /// A script file, or builtin:NAME.
    #[arg(value_name = "FILE|builtin:NAME")]
    script: String,
    /// Where to write: .wav (16-bit stereo), .flac (lossless) or .ogg (Ogg
    /// Vorbis, small; phones play it).
    #[arg(short, long, value_name = "OUT.wav|OUT.flac|OUT.ogg")]
    output: PathBuf,
    /// Bring the whole file to about -16 LUFS, true peak under -1 dBTP
    /// (a level suited to headphones).
    #[arg(long, visible_alias = "normalise")]
    normalize: bool,
    /// Output sample rate in hertz.
    #[arg(long, default_value_t = 48_000, value_name = "N", value_parser = clap::value_parser!(u32).range(8_000..=192_000))]
    sample_rate: u32,
    /// Replace every cue sound: glide, bowl, chime, click or none.
    #[arg(long, value_name = "SOUND", value_parser = parse_cue)]
    cue: Option<CueSound>,
    /// Leave out the ambient bed.
    #[arg(long)]
    no_ambient: bool,
    #[command(flatten)]
    session: SessionOptions,
}

fn parse_cue(s: &str) -> Result<CueSound, String> {
    CueSound::from_name(s).ok_or_else(|| {
        let names: Vec<_> = CueSound::ALL.iter().map(|c| c.name()).collect();
        format!("`{s}` is not a cue sound; use one of {}", names.join(", "))
    })
}

pub fn run(args: Args) -> ExitCode {
    let format = match Format::from_path(&args.output) {
        Ok(format) => format,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(script) = super::load_or_report(&args.script) else {
        return ExitCode::FAILURE;
    };
    let compile_options = match args.session.compile_options(Some(&args.script)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let timeline = compile(&script, &compile_options);
    let options = RenderOptions {
        sample_rate: args.sample_rate,
        cue: args.cue,
        ambient: !args.no_ambient,
        voice: !args.session.no_voice,
    };
    let volumes = Volumes::from_settings(&timeline.sound);
    let mut renderer = Renderer::new(&timeline, script.base_dir.as_deref(), &options, volumes, &mut ClipCache::new());
    for w in renderer.warnings() {
        eprintln!("warning: {w}");
    }
    // Report progress in tenths, and only when it takes a while.
    let long = timeline.duration.as_secs_f64() > 120.0;
    let mut shown = 0;
    let progress = |done: f64| {
        let tenth = (done * 10.0).floor() as i32;
        if long && tenth > shown {
            shown = tenth;
            eprint!("\rrendering {}: {:>3}%", timeline.title, tenth * 10);
            let _ = std::io::stderr().flush();
        }
    };
    let mastering = if args.normalize {
        match Mastering::normalising(&mut renderer) {
            Ok(mastering) => {
                eprintln!(
                    "normalising to {} LUFS: gain {:+.1} dB{}",
                    export::TARGET_LUFS,
                    20.0 * mastering.gain.log10(),
                    if mastering.limit { ", the loudest peaks limited" } else { "" }
                );
                mastering
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        Mastering::PLAIN
    };
    let result = export::write_audio(&mut renderer, &args.output, format, mastering, progress);
    if long {
        eprintln!();
    }
    match result {
        Ok(()) => {
            eprintln!("wrote {} ({}, {} Hz)", args.output.display(), timeline.duration.clock(), renderer.sample_rate());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
