//! Recovery of lost sound, with a fake device: the player opens it through
//! the same `Connector` seam as the real one, and the test pulls samples as
//! a sound card would, while the device fails at random moments (an error
//! that ends the stream, a stall, attempts to reopen that fail). Sound must
//! come back by itself, resume at the playhead, and never repeat a frame.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use respite::audio::live::Shared;
use respite::audio::output::{BoxedSource, Connection, Connector, DeviceInfo, OutputError};
use respite::player::{ManualTime, Output, Player, SoundStatus};
use respite::timeline::load_str;
use respite::timeline::{CompileOptions, Micros};

const RATE: u32 = 8_000;
/// One tick of the simulation: the device asks for this much audio, and
/// the window draws a frame.
const TICK: Micros = Micros(10_000);
const TICK_FRAMES: usize = 80;

/// A device the test plays from.
struct FakeDevice {
    source: BoxedSource,
    shared: Arc<Shared>,
    /// Disconnected when the player closes the device.
    closed: Receiver<()>,
}

/// Opens fake devices; the next `fail_next` attempts fail.
struct FakeConnector {
    opened: Mutex<Sender<FakeDevice>>,
    fail_next: AtomicUsize,
    attempts: AtomicUsize,
}

impl Connector for FakeConnector {
    fn connect(&self) -> Receiver<Result<Connection, OutputError>> {
        let (tx, rx) = channel();
        self.attempts.fetch_add(1, Ordering::SeqCst);
        let failing = self.fail_next.load(Ordering::SeqCst);
        if failing > 0 {
            self.fail_next.store(failing - 1, Ordering::SeqCst);
            tx.send(Err(OutputError("the fake device is unplugged".into()))).expect("receiver");
            return rx;
        }
        let shared = Arc::new(Shared::default());
        let (close_tx, close_rx) = channel::<()>();
        let opened = self.opened.lock().expect("lock").clone();
        let for_device = shared.clone();
        let attach = Box::new(move |source: BoxedSource| {
            let _ = opened.send(FakeDevice { source, shared: for_device, closed: close_rx });
        });
        let info = DeviceInfo {
            host: "Fake".into(),
            device: "fake".into(),
            sample_rate: RATE,
            latency_us: 0,
            passed_over: Vec::new(),
        };
        tx.send(Ok(Connection::new(info, shared, attach, Box::new(close_tx)))).expect("receiver");
        rx
    }
}

fn clicks(minutes: u32) -> respite::script::Script {
    let text = format!(
        "format = 1\ntitle = \"Clicks\"\nkind = \"breathing\"\nsummary = \"s\"\n[sound]\nambient = \"none\"\ncue = \"click\"\n\
         [[step]]\nkind = \"breathe\"\ninhale = 2\nexhale = 3\nminutes = {minutes}\n"
    );
    load_str("clicks.toml", &text, None).expect("script loads").script
}

/// A small seeded generator, so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

struct Run {
    player: Player,
    time: ManualTime,
    devices: Receiver<FakeDevice>,
    connector: Arc<FakeConnector>,
}

fn start(minutes: u32) -> Run {
    start_failing(minutes, 0)
}

/// A run whose first `failing` attempts to open the device fail.
fn start_failing(minutes: u32, failing: usize) -> Run {
    let (tx, devices) = channel();
    let connector = Arc::new(FakeConnector {
        opened: Mutex::new(tx),
        fail_next: AtomicUsize::new(failing),
        attempts: AtomicUsize::new(0),
    });
    let time = ManualTime::new();
    let player =
        Player::new(clicks(minutes), CompileOptions::default(), Output::Connector(connector.clone(), time.clone()));
    Run { player, time, devices, connector }
}

impl Run {
    /// Ticks the window (no device pulling) until a device is attached;
    /// returns it and how many ticks it took.
    fn wait_for_device(&mut self, limit: u64) -> (FakeDevice, u64) {
        let mut ticks = 0;
        loop {
            self.time.advance(TICK);
            self.player.update();
            ticks += 1;
            if let Ok(d) = self.devices.try_recv() {
                return (d, ticks);
            }
            assert!(ticks < limit, "no device attached within {limit} ticks");
        }
    }
}

/// Pulls one tick of audio from `device`; returns the timeline frame of
/// every frame that moved the clock.
fn pull_tick(device: &mut FakeDevice) -> Vec<u64> {
    let mut heard = Vec::new();
    for _ in 0..TICK_FRAMES {
        let before = device.shared.frame();
        device.source.next();
        device.source.next();
        let after = device.shared.frame();
        if after != before {
            heard.push(after - 1);
        }
    }
    heard
}

#[test]
fn sound_opens_and_the_status_says_so() {
    let mut run = start(1);
    assert_eq!(run.player.sound_status(), &SoundStatus::Sound);
    assert_eq!(run.player.device().map(|d| d.host.as_str()), Some("Fake"));
    let mut device = run.devices.try_recv().expect("the source was attached");
    run.player.play();
    for _ in 0..100 {
        run.time.advance(TICK);
        pull_tick(&mut device);
        run.player.update();
    }
    assert_eq!(run.player.position(), Micros::from_frame(device.shared.frame(), RATE));
}

#[test]
fn a_device_missing_at_the_start_is_picked_up_when_it_appears() {
    let mut run = start_failing(1, 1);
    let status = run.player.sound_status().clone();
    assert!(matches!(&status, SoundStatus::NoSound(r) if r.contains("unplugged")), "{status:?}");
    run.player.play();
    // The pacer runs on the wall clock meanwhile, and the device is looked
    // for again within the slow probe interval.
    let (mut device, ticks) = run.wait_for_device(500);
    assert_eq!(run.player.sound_status(), &SoundStatus::Sound);
    let at = run.player.position();
    assert_eq!(at, Micros(ticks * TICK.0), "the wall clock carried the session");
    let heard = pull_tick(&mut device);
    assert_eq!(heard.first().copied(), Some(at.to_frame(RATE)), "sound starts at the playhead");
}

#[test]
fn the_retry_button_tries_at_once() {
    let mut run = start_failing(1, 1);
    assert!(matches!(run.player.sound_status(), SoundStatus::NoSound(_)));
    run.player.retry_audio();
    assert_eq!(run.connector.attempts.load(Ordering::SeqCst), 2);
    assert_eq!(run.player.sound_status(), &SoundStatus::Sound);
}

#[test]
fn a_lost_stream_says_reconnecting_then_comes_back_at_the_playhead() {
    let mut run = start(2);
    let mut device = run.devices.try_recv().expect("attached");
    run.player.play();
    for _ in 0..300 {
        run.time.advance(TICK);
        pull_tick(&mut device);
        run.player.update();
    }
    // The stream ends with an error (the ALSA pulse plugin's EIO) and the
    // next two attempts to reopen fail.
    device.shared.report_error("snd_pcm_avail_delay: I/O error".into(), true);
    run.connector.fail_next.store(2, Ordering::SeqCst);
    run.time.advance(TICK);
    run.player.update();
    assert_eq!(run.player.sound_status().notice().as_deref(), Some("Sound lost, reconnecting…"));
    assert!(run.player.sound_status().reason().expect("a reason").contains("snd_pcm_avail_delay"));
    assert!(matches!(device.closed.try_recv(), Err(TryRecvError::Disconnected)), "the dead stream was closed");
    let lost_at = run.player.position();
    let (mut device, ticks) = run.wait_for_device(300);
    assert_eq!(run.player.sound_status(), &SoundStatus::Sound);
    // Reopen attempts at 100 ms, +250 ms, +500 ms: back in under a second.
    assert!(ticks <= 90, "took {ticks} ticks");
    let at = run.player.position();
    assert_eq!(at, lost_at + Micros(ticks * TICK.0), "the pacer went on meanwhile");
    let heard = pull_tick(&mut device);
    assert_eq!(heard.first().copied(), Some(at.to_frame(RATE)), "resumes at the playhead");
}

#[test]
fn sound_that_cannot_come_back_says_so_and_keeps_looking() {
    let mut run = start(2);
    let device = run.devices.try_recv().expect("attached");
    run.player.play();
    run.connector.fail_next.store(usize::MAX, Ordering::SeqCst);
    device.shared.report_error("device gone".into(), true);
    run.player.update();
    assert!(matches!(run.player.sound_status(), SoundStatus::Reconnecting(_)));
    for _ in 0..900 {
        run.time.advance(TICK);
        run.player.update();
    }
    let status = run.player.sound_status().clone();
    assert!(matches!(status, SoundStatus::NoSound(_)), "{status:?}");
    assert_eq!(status.notice().expect("a notice"), "Playing without sound: the fake device is unplugged");
    let tried = run.connector.attempts.load(Ordering::SeqCst);
    run.connector.fail_next.store(0, Ordering::SeqCst);
    // A device that appears later is picked up within the 4 s probe interval.
    run.wait_for_device(400);
    assert!(run.connector.attempts.load(Ordering::SeqCst) > tried, "still looking after giving up");
    assert_eq!(run.player.sound_status(), &SoundStatus::Sound);
}

/// Many random failures over a long session: the playhead never goes
/// back, sound always comes back, and no frame is ever heard twice or out
/// of order.
#[test]
fn random_failures_never_repeat_a_frame_and_sound_always_returns() {
    for seed in 1..=8u64 {
        let mut rng = Lcg(seed);
        let mut run = start(10);
        let mut device = Some(run.devices.try_recv().expect("attached"));
        run.player.play();
        let mut last_heard: Option<u64> = None;
        let mut last_position = Micros::ZERO;
        let mut stalled_for = 0u64;
        let (mut failures, mut recoveries, mut silent_ticks) = (0, 0, 0u64);
        let total = 9 * 60 * 100; // nine minutes of ticks
        for tick in 0..total {
            run.time.advance(TICK);
            if let Some(d) = &mut device {
                if matches!(d.closed.try_recv(), Err(TryRecvError::Disconnected)) {
                    device = None;
                } else if stalled_for > 0 {
                    stalled_for -= 1;
                } else {
                    for frame in pull_tick(d) {
                        if let Some(last) = last_heard {
                            assert!(frame > last, "seed {seed} tick {tick}: frame {frame} heard after {last}");
                        }
                        last_heard = Some(frame);
                    }
                    match rng.below(3000) {
                        0 => {
                            d.shared.report_error("random stream error".into(), true);
                            failures += 1;
                        }
                        1 => {
                            stalled_for = 100 + rng.below(150);
                            failures += 1;
                        }
                        2 => run.connector.fail_next.store(rng.below(4) as usize, Ordering::SeqCst),
                        _ => {}
                    }
                }
            } else {
                silent_ticks += 1;
            }
            if let Ok(d) = run.devices.try_recv() {
                device = Some(d);
                stalled_for = 0;
                recoveries += 1;
            }
            let now = run.player.update().now;
            assert!(now.position >= last_position, "seed {seed}: the playhead went back");
            last_position = now.position;
        }
        assert!(failures >= 3, "seed {seed}: only {failures} failures were injected");
        assert!(recoveries >= failures - 1, "seed {seed}: {failures} failures, {recoveries} recoveries");
        assert!(silent_ticks < total / 4, "seed {seed}: silent for {silent_ticks} of {total} ticks");
        assert!(last_position > Micros::from_secs(8 * 60), "seed {seed}: only reached {last_position:?}");
    }
}
