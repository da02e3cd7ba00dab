//! The `Player`: one session's transport. It owns the timeline, a clock
//! (audio when there is a device, wall or manual otherwise) and, with
//! sound, the live renderer. Views read `now()`; commands call the methods.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use crate::audio::live::{LiveSource, Shared};
use crate::audio::output::{Connection, Connector, DeviceConnector, DeviceInfo, OutputError};
use crate::audio::{Bus, ClipCache, RenderOptions, Renderer, Volumes};
use crate::script::Script;
use crate::timeline::{CompileOptions, Micros, TEMPO_RANGE, Timeline, compile};

use super::audio_clock::AudioClock;
use super::clock::{AnyTime, Clock, ManualTime, SystemTime, TimeSource, WallClock};
use super::reconnect::{Outlook, Reconnect};
use super::{Now, remap};

/// "Previous step" within this long of a step's start goes to the step
/// before, like a music player.
const PREVIOUS_GRACE: Micros = Micros(2_000_000);

/// Where the sound goes.
#[derive(Clone)]
pub enum Output {
    /// The platform's sound device, best host first; without one, a silent
    /// session on the wall clock that picks the sound up when a device
    /// appears.
    Device,
    /// No sound: the wall clock drives the playhead.
    Silent,
    /// No sound, and time moves only when the test advances it.
    Manual(ManualTime),
    /// Sound through a connector of the caller's (a fake device in tests),
    /// with time that moves only when the test advances it.
    Connector(Arc<dyn Connector>, ManualTime),
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::Device => f.write_str("Device"),
            Output::Silent => f.write_str("Silent"),
            Output::Manual(_) => f.write_str("Manual"),
            Output::Connector(..) => f.write_str("Connector"),
        }
    }
}

/// Whether the session is audible, for the sound notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SoundStatus {
    /// Sound goes to the device.
    Sound,
    /// The device failed moments ago and is being reopened; the pacer goes
    /// on meanwhile. The reason says what happened.
    Reconnecting(String),
    /// Sound was wanted but there is none; the reason says why. Attempts go
    /// on in the background, and `retry_audio` tries at once.
    NoSound(String),
    /// Sound was not asked for (silent or manual output).
    Off,
}

impl SoundStatus {
    /// The notice to show, if any.
    pub fn notice(&self) -> Option<String> {
        match self {
            SoundStatus::Reconnecting(_) => Some("Sound lost, reconnecting…".into()),
            SoundStatus::NoSound(reason) => Some(format!("Playing without sound: {reason}")),
            _ => None,
        }
    }

    /// Why, for a tooltip.
    pub fn reason(&self) -> Option<&str> {
        match self {
            SoundStatus::Reconnecting(reason) | SoundStatus::NoSound(reason) => Some(reason),
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
    /// The open device, held only so that it stays open: dropping it
    /// closes the stream. None in tests that pull from the source themselves.
    _connection: Option<Connection>,
    /// Output latency of the device's buffer, in microseconds.
    latency: i64,
    /// When this connection opened.
    opened_at: Micros,
    /// The retry schedule that led here, while the connection is young.
    recovered: Option<Reconnect>,
}

/// Sound that is wanted but down: the retry schedule and an attempt under
/// way.
struct Down {
    schedule: Reconnect,
    reason: String,
    attempt: Option<Receiver<Result<Connection, OutputError>>>,
}

/// How long the first attempt at a device may take before the session
/// starts without sound (and keeps trying in the background).
const FIRST_OPEN_WAIT: Duration = Duration::from_secs(5);
/// How often an attempt under way is looked at.
const ATTEMPT_POLL: Duration = Duration::from_millis(100);

/// One session's transport.
pub struct Player {
    script: Script,
    options: CompileOptions,
    timeline: Timeline,
    clock: Box<dyn Clock>,
    /// The audio clock, when sound is live; it then replaces `clock`.
    live: Option<Live>,
    /// Opens the sound device, when sound is wanted.
    connector: Option<Arc<dyn Connector>>,
    /// Sound that is wanted but down, and when to try again.
    down: Option<Down>,
    /// The device sound goes to, while it does.
    device: Option<DeviceInfo>,
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
    /// opens the sound device (waiting a few seconds at most); any failure
    /// means a silent session on the wall clock, reported by
    /// `sound_status()`, that picks the sound up when a device appears.
    pub fn new(script: Script, options: CompileOptions, output: Output) -> Player {
        let timeline = compile(&script, &options);
        let volumes = Volumes::from_settings(&timeline.sound);
        let (time, connector): (AnyTime, Option<Arc<dyn Connector>>) = match &output {
            Output::Device => (AnyTime::System(SystemTime::new()), Some(Arc::new(DeviceConnector))),
            Output::Silent => (AnyTime::System(SystemTime::new()), None),
            Output::Manual(t) => (AnyTime::Manual(t.clone()), None),
            Output::Connector(c, t) => (AnyTime::Manual(t.clone()), Some(c.clone())),
        };
        let clock = Box::new(WallClock::new(time.clone(), Micros::ZERO));
        let mut player = Player {
            script,
            options,
            timeline,
            clock,
            live: None,
            connector,
            down: None,
            device: None,
            status: SoundStatus::Off,
            volumes,
            user_delay: 0,
            clips: ClipCache::new(),
            warnings: Vec::new(),
            time,
        };
        if let Some(connector) = player.connector.clone() {
            let first = connector.connect().recv_timeout(FIRST_OPEN_WAIT);
            let now = player.time.now();
            match first {
                Ok(Ok(connection)) => player.go_live(connection, None),
                Ok(Err(e)) => player.sound_down(Reconnect::never_opened(now), e.0),
                Err(_) => player.sound_down(Reconnect::never_opened(now), "the sound device did not answer".into()),
            }
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

    /// Once per frame: notices a sound device that has failed (and starts
    /// reconnecting, or goes on silently), one that is back, and the end of
    /// the session (and pauses there), and says what to show.
    pub fn update(&mut self) -> Update {
        let lost_sound = self.check_device();
        self.poll_reconnect();
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

    /// The device sound goes to, while it does.
    pub fn device(&self) -> Option<&DeviceInfo> {
        self.device.as_ref()
    }

    /// Tries to open the sound device again at once, keeping the place and
    /// the play state. Does nothing while sound plays or is not wanted.
    pub fn retry_audio(&mut self) {
        let now = self.time.now();
        if let Some(down) = &mut self.down {
            down.schedule.try_now(now);
            self.status = SoundStatus::Reconnecting(down.reason.clone());
        }
        self.poll_reconnect();
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

    /// Starts a live source on a freshly opened device, at the current
    /// place and play state.
    fn go_live(&mut self, mut connection: Connection, recovered: Option<Reconnect>) {
        let position = self.position();
        let running = self.is_running();
        let info = connection.info.clone();
        let time = self.time.clone();
        let (source, control) =
            LiveSource::new(self.renderer(info.sample_rate), connection.shared.clone(), time.clone());
        (connection.take_attach())(Box::new(source));
        let mut clock = AudioClock::new(control, time, info.latency_us + self.user_delay);
        clock.seek(position);
        if running {
            clock.start();
        }
        let opened_at = self.time.now();
        for skipped in &info.passed_over {
            log_sound(&format!("passed over {skipped}"));
        }
        log_sound(&format!(
            "playing through {} ({}, {} Hz, latency {} ms) from {:.3} s",
            info.host,
            info.device,
            info.sample_rate,
            info.latency_us / 1000,
            position.as_secs_f64()
        ));
        self.live = Some(Live { clock, _connection: Some(connection), latency: info.latency_us, opened_at, recovered });
        self.device = Some(info);
        self.down = None;
        self.status = SoundStatus::Sound;
    }

    /// Sound is wanted but not there: the wall clock carries the session.
    fn sound_down(&mut self, schedule: Reconnect, reason: String) {
        let outlook = schedule.outlook(self.time.now());
        self.status = match outlook {
            Outlook::Reconnecting => SoundStatus::Reconnecting(reason.clone()),
            Outlook::Gone => SoundStatus::NoSound(reason.clone()),
        };
        self.device = None;
        self.down = Some(Down { schedule, reason, attempt: None });
    }

    /// When the live device fails mid-session, the wall clock takes over
    /// from the same place, and reconnecting begins (or, with no way to
    /// reconnect, the session goes on silently).
    /// True when it failed on this call.
    fn check_device(&mut self) -> bool {
        let Some(live) = &self.live else { return false };
        if !live.clock.failed() {
            return false;
        }
        let position = self.position();
        let running = self.is_running();
        let (errors, last) = live.clock.errors();
        let (opened_at, recovered) = (live.opened_at, live.recovered.clone());
        // Dropping the live sound closes the stream (and its thread).
        self.live = None;
        self.clock = Box::new(WallClock::new(self.time.clone(), position));
        if running {
            self.clock.start();
        }
        let detail = if errors > 0 { format!(" ({last})") } else { String::new() };
        let reason = format!("the sound device stopped{detail}");
        log_sound(&format!("lost at {:.3} s: {reason}", position.as_secs_f64()));
        if self.connector.is_some() {
            let schedule = Reconnect::lost(self.time.now(), opened_at, recovered.as_ref());
            self.sound_down(schedule, reason);
        } else {
            self.device = None;
            self.status = SoundStatus::NoSound(reason);
        }
        true
    }

    /// While sound is down: starts an attempt when one is due, and goes
    /// live when one succeeds. Never blocks.
    fn poll_reconnect(&mut self) {
        let (Some(connector), Some(mut down)) = (self.connector.clone(), self.down.take()) else { return };
        let now = self.time.now();
        if down.attempt.is_none() && down.schedule.due(now) {
            down.attempt = Some(connector.connect());
        }
        if let Some(attempt) = &down.attempt {
            match attempt.try_recv() {
                Ok(Ok(connection)) => {
                    self.go_live(connection, Some(down.schedule));
                    return;
                }
                Ok(Err(e)) => {
                    log_sound(&format!("attempt failed: {e}"));
                    down.reason = e.0;
                    down.schedule.failed(now);
                    down.attempt = None;
                }
                Err(TryRecvError::Disconnected) => {
                    down.schedule.failed(now);
                    down.attempt = None;
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        let (schedule, reason) = (down.schedule.clone(), down.reason.clone());
        self.sound_down(schedule, reason);
        if let Some(d) = &mut self.down {
            d.attempt = down.attempt;
        }
    }

    /// While sound is down, how soon the window should update again for
    /// the sound to come back (or its notice to change) on time: at the
    /// next attempt, or soon while one is under way. Paused without a
    /// device, this is every few seconds rather than every frame.
    pub fn next_sound_check(&self) -> Option<Duration> {
        let down = self.down.as_ref()?;
        if down.attempt.is_some() {
            return Some(ATTEMPT_POLL);
        }
        let wait = down.schedule.next_change(self.time.now());
        Some(Duration::from_micros(wait.0).max(ATTEMPT_POLL))
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

/// Set this to have sound connections, losses and attempts printed on
/// stderr (with the wall-clock time), for the end-to-end audio checks.
const AUDIO_LOG_ENV: &str = "RESPITE_AUDIO_LOG";

fn log_sound(message: &str) {
    if std::env::var_os(AUDIO_LOG_ENV).is_some() {
        let unix = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        eprintln!("respite: sound: {:.3} {message}", unix.as_secs_f64());
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
    let opened_at = time.now();
    player.live = Some(Live {
        clock: AudioClock::new(control, time, 0),
        _connection: None,
        latency: 0,
        opened_at,
        recovered: None,
    });
    player.status = SoundStatus::Sound;
    (player, source)
}
