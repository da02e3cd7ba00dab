//! The `Player`: one session's transport. It owns the timeline, a clock
//! (audio when there is a device, wall or manual otherwise) and, with
//! sound, the live renderer. Views read `now()`; commands call the methods.

use std::sync::Arc;

use crate::audio::live::{LiveSource, Shared};
use crate::audio::{Bus, ClipCache, RenderOptions, Renderer, Volumes};
use crate::script::Script;
use crate::timeline::{CompileOptions, Micros, TEMPO_RANGE, Timeline, compile};

use super::audio_clock::AudioClock;
use super::clock::{AnyTime, Clock, ManualTime, SystemTime, WallClock};
use super::{Now, remap};

/// "Previous step" within this long of a step's start goes to the step
/// before, like a music player.
const PREVIOUS_GRACE: Micros = Micros(2_000_000);

/// Where the sound goes.
#[derive(Debug, Clone)]
pub enum Output {
    /// The default sound device; without one, a silent session on the
    /// wall clock.
    Device,
    /// No sound: the wall clock drives the playhead.
    Silent,
    /// No sound, and time moves only when the test advances it.
    Manual(ManualTime),
}

/// Whether the session is audible, for the "playing without sound" notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundStatus {
    /// Sound goes to the device.
    Sound,
    /// Sound was wanted but there is none; the reason says why.
    NoSound(String),
    /// Sound was not asked for (silent or manual output).
    Off,
}

impl SoundStatus {
    /// The notice to show, if any.
    pub fn notice(&self) -> Option<String> {
        match self {
            SoundStatus::NoSound(reason) => Some(format!("Playing without sound: {reason}")),
            _ => None,
        }
    }
}

/// What one frame's `Player::update` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// What to show.
    pub now: Now,
    /// The session reached its end on this update, and paused.
    pub ended: bool,
    /// The sound device failed on this update; the session goes on silently.
    pub lost_sound: bool,
}

/// Live sound: the clock that follows the source, and the device.
struct Live {
    clock: AudioClock<AnyTime>,
    // Dropping the sink stops the stream, so it lives as long as the clock.
    _sink: Option<rodio::MixerDeviceSink>,
    /// Output latency of the device's buffer, in microseconds.
    latency: i64,
}

/// One session's transport.
pub struct Player {
    script: Script,
    options: CompileOptions,
    timeline: Timeline,
    output: Output,
    clock: Box<dyn Clock>,
    /// The audio clock, when sound is live; it then replaces `clock`.
    live: Option<Live>,
    status: SoundStatus,
    volumes: Volumes,
    /// User offset added to the output latency, in microseconds.
    user_delay: i64,
    clips: ClipCache,
    warnings: Vec<String>,
    /// The time every clock of this player runs on.
    time: AnyTime,
}

impl Player {
    /// A paused player at the start of `script`. With `Output::Device` it
    /// tries the sound device; any failure means a silent session on the
    /// wall clock, reported by `sound_status()`.
    pub fn new(script: Script, options: CompileOptions, output: Output) -> Player {
        let timeline = compile(&script, &options);
        let volumes = Volumes::from_settings(&timeline.sound);
        let time = match &output {
            Output::Manual(t) => AnyTime::Manual(t.clone()),
            _ => AnyTime::System(SystemTime::new()),
        };
        let clock = Box::new(WallClock::new(time.clone(), Micros::ZERO));
        let mut player = Player {
            script,
            options,
            timeline,
            output,
            clock,
            live: None,
            status: SoundStatus::Off,
            volumes,
            user_delay: 0,
            clips: ClipCache::new(),
            warnings: Vec::new(),
            time,
        };
        if matches!(player.output, Output::Device) {
            player.retry_audio();
        }
        player
    }

    /// The playhead (clamped to the session).
    pub fn position(&self) -> Micros {
        let p = match &self.live {
            Some(live) => live.clock.position(),
            None => self.clock.position(),
        };
        p.min(self.timeline.duration)
    }

    /// Once per frame: notices a sound device that has failed (and goes
    /// on silently) and the end of the session (and pauses there), and
    /// says what to show.
    pub fn update(&mut self) -> Update {
        let lost_sound = self.check_device();
        let position = self.position();
        let ended = position >= self.timeline.duration && self.is_running();
        if ended {
            self.pause();
        }
        Update { now: Now::at(&self.timeline, position), ended, lost_sound }
    }

    /// What to show now. Changes nothing: `update` is what moves state on.
    pub fn now(&self) -> Now {
        Now::at(&self.timeline, self.position())
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn script(&self) -> &Script {
        &self.script
    }

    /// True while the playhead moves.
    pub fn is_playing(&self) -> bool {
        self.is_running() && self.position() < self.timeline.duration
    }

    /// Starts or resumes; at the end, starts again from the beginning.
    pub fn play(&mut self) {
        if self.position() >= self.timeline.duration {
            self.seek(Micros::ZERO);
        }
        self.clock_mut().start();
    }

    pub fn pause(&mut self) {
        self.clock_mut().stop();
    }

    pub fn toggle(&mut self) {
        if self.is_playing() { self.pause() } else { self.play() }
    }

    /// Jumps to `to` (clamped to the session), keeping play or pause.
    pub fn seek(&mut self, to: Micros) {
        let to = to.min(self.timeline.duration);
        self.clock_mut().seek(to);
    }

    /// To the start of the next step, or the end.
    pub fn next_step(&mut self) {
        let to = self.timeline.next_step_start(self.position()).unwrap_or(self.timeline.duration);
        self.seek(to);
    }

    /// To the start of this step, or of the previous one when near the
    /// start of this one.
    pub fn previous_step(&mut self) {
        let to = self.timeline.previous_step_start(self.position(), PREVIOUS_GRACE);
        self.seek(to);
    }

    /// Back to the start, playing.
    pub fn restart(&mut self) {
        self.seek(Micros::ZERO);
        self.clock_mut().start();
    }

    pub fn tempo(&self) -> f64 {
        self.options.tempo
    }

    /// Changes the tempo live (clamped to `TEMPO_RANGE`), keeping the
    /// place within the current segment.
    pub fn set_tempo(&mut self, tempo: f64) {
        let tempo = if tempo.is_finite() { tempo.clamp(*TEMPO_RANGE.start(), *TEMPO_RANGE.end()) } else { 1.0 };
        let options = CompileOptions { tempo, ..self.options.clone() };
        self.set_options(options);
    }

    pub fn options(&self) -> &CompileOptions {
        &self.options
    }

    /// New tempo, length or skip list: recompiles and keeps the place.
    pub fn set_options(&mut self, options: CompileOptions) {
        self.options = options;
        self.recompile();
    }

    /// A reloaded script (the file changed on disk). The playhead stays in
    /// the same step and segment where those still exist.
    pub fn set_script(&mut self, script: Script) {
        self.script = script;
        self.recompile();
    }

    pub fn volume(&self, bus: Bus) -> f32 {
        self.volumes.get(bus)
    }

    /// Sets a bus volume (0.0–1.0); the change is smoothed.
    pub fn set_volume(&mut self, bus: Bus, gain: f32) {
        self.volumes.set(bus, gain);
        self.send_volumes();
    }

    pub fn is_muted(&self) -> bool {
        self.volumes.muted
    }

    pub fn set_muted(&mut self, muted: bool) {
        self.volumes.muted = muted;
        self.send_volumes();
    }

    /// Extra delay between sound and picture, in milliseconds, on top of
    /// the measured output latency. Positive shows the picture later.
    pub fn set_audio_delay_ms(&mut self, ms: i32) {
        self.user_delay = i64::from(ms.clamp(-1000, 1000)) * 1000;
        if let Some(live) = &mut self.live {
            live.clock.set_delay(live.latency + self.user_delay);
        }
    }

    pub fn sound_status(&self) -> &SoundStatus {
        &self.status
    }

    /// Problems with audio files (each names its file); the session plays
    /// on without them.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Tries (again) to open the sound device, keeping the place and the
    /// play state. Does nothing unless the output is `Output::Device`.
    pub fn retry_audio(&mut self) {
        if !matches!(self.output, Output::Device) || self.live.is_some() {
            return;
        }
        let position = self.position();
        let running = self.is_running();
        match self.open_device() {
            Ok(mut live) => {
                live.clock.seek(position);
                if running {
                    live.clock.start();
                }
                self.live = Some(live);
                self.status = SoundStatus::Sound;
            }
            Err(reason) => self.status = SoundStatus::NoSound(reason),
        }
    }

    fn is_running(&self) -> bool {
        match &self.live {
            Some(live) => live.clock.is_running(),
            None => self.clock.is_running(),
        }
    }

    fn clock_mut(&mut self) -> &mut dyn Clock {
        match &mut self.live {
            Some(live) => &mut live.clock,
            None => self.clock.as_mut(),
        }
    }

    fn send_volumes(&mut self) {
        if let Some(live) = &mut self.live {
            live.clock.control().set_volumes(self.volumes);
        }
    }

    /// A renderer for the current timeline at `sample_rate`; its clip
    /// warnings become the player's.
    fn renderer(&mut self, sample_rate: u32) -> Renderer {
        let options = RenderOptions { sample_rate, ..RenderOptions::default() };
        let base = self.script.base_dir.clone();
        let renderer = Renderer::new(&self.timeline, base.as_deref(), &options, self.volumes, &mut self.clips);
        self.warnings = renderer.warnings().to_vec();
        renderer
    }

    /// Opens the default device and starts a paused live source on it.
    /// Any error, of any kind, is a reason to play without sound.
    fn open_device(&mut self) -> Result<Live, String> {
        let shared = Arc::new(Shared::default());
        let errors = shared.clone();
        let builder = rodio::DeviceSinkBuilder::from_default_device()
            .map_err(|e| format!("no sound device ({e})"))?
            .with_error_callback(move |e: rodio::CpalError| {
                let lost = matches!(e.kind(), rodio::CpalErrorKind::DeviceNotAvailable);
                errors.report_error(e.to_string(), lost);
            });
        let mut sink = builder.open_sink_or_fallback().map_err(|e| format!("the sound device did not open ({e})"))?;
        sink.log_on_drop(false);
        let config = *sink.config();
        let sr = config.sample_rate().get();
        // cpal asks ALSA for two periods of the requested size: when the
        // source is asked for a period, the one before it is still playing.
        let period = match config.buffer_size() {
            rodio::cpal::BufferSize::Fixed(n) => i64::from(*n),
            rodio::cpal::BufferSize::Default => i64::from(sr / 20),
        };
        let latency = 2 * period * 1_000_000 / i64::from(sr);
        let time = self.time.clone();
        let (source, control) = LiveSource::new(self.renderer(sr), shared, time.clone());
        sink.mixer().add(source);
        let clock = AudioClock::new(control, time, latency + self.user_delay);
        Ok(Live { clock, _sink: Some(sink), latency })
    }

    /// Falls back to the wall clock when the device fails mid-session;
    /// true when it did so now.
    fn check_device(&mut self) -> bool {
        let Some(live) = &self.live else { return false };
        if !live.clock.failed() {
            return false;
        }
        let position = self.position();
        let running = self.is_running();
        let (errors, last) = live.clock.errors();
        self.live = None;
        self.clock = Box::new(WallClock::new(self.time.clone(), position));
        if running {
            self.clock.start();
        }
        let detail = if errors > 0 { format!(" ({last})") } else { String::new() };
        self.status = SoundStatus::NoSound(format!("the sound device stopped{detail}"));
        true
    }

    fn recompile(&mut self) {
        let position = self.position();
        let timeline = compile(&self.script, &self.options);
        let to = remap(&self.timeline, &timeline, position);
        self.timeline = timeline;
        if let Some(sr) = self.live.as_mut().map(|l| l.clock.control().sample_rate()) {
            let renderer = self.renderer(sr);
            if let Some(live) = &mut self.live {
                let seq = live.clock.control().replace(renderer, to.to_frame(sr));
                live.clock.note_jump(seq, to);
            }
        } else {
            self.clock.seek(to);
        }
    }
}

/// A player over a live source with no device, for tests of the audio
/// path: the test pulls samples from the returned source as a device
/// would, and time moves only through `time`.
pub fn player_with_source(
    script: Script,
    options: CompileOptions,
    sample_rate: u32,
    time: ManualTime,
) -> (Player, LiveSource<AnyTime>) {
    let mut player = Player::new(script, options, Output::Manual(time));
    let time = player.time.clone();
    let (source, control) = LiveSource::new(player.renderer(sample_rate), Arc::new(Shared::default()), time.clone());
    player.live = Some(Live { clock: AudioClock::new(control, time, 0), _sink: None, latency: 0 });
    player.status = SoundStatus::Sound;
    (player, source)
}
