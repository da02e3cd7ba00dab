//! Live playback: a rodio `Source` that runs the renderer and counts the
//! frames it hands out. That count is the audio clock. Transport commands
//! arrive over a channel and take effect with 10 ms fades, so play, pause
//! and seek never click and never skip or repeat a frame.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use crate::time::{Micros, TimeSource};

use super::{Renderer, Volumes};

/// Frames rendered per refill; also how often the clock is published.
const SUB_BLOCK: usize = 64;
/// Transport fades (pause, resume, seek), in seconds.
const FADE_SECS: f32 = 0.010;

/// A transport request, tagged with a sequence number when sent.
enum Request {
    Play,
    Pause,
    Seek(u64),
    Replace(Box<Renderer>, u64),
    Volumes(Volumes),
}

/// State the audio thread publishes for the clock.
#[derive(Debug, Default)]
pub struct Shared {
    /// Next frame to be handed out: all frames before it have been produced.
    frame: AtomicU64,
    /// When `frame` last moved (the clock's `TimeSource`).
    stamp: AtomicU64,
    /// When the device last asked for audio, moving or not.
    alive: AtomicU64,
    /// The frame the current run of playback started from.
    run_start: AtomicU64,
    /// Sequence number of the last jump (seek or replace) carried out.
    jumped: AtomicU64,
    /// Stream errors reported by the device.
    errors: AtomicU64,
    last_error: Mutex<String>,
    /// The device reported that it is gone.
    lost: AtomicBool,
    /// The device has asked for audio at least once.
    pulled: AtomicBool,
}

impl Shared {
    /// Whether the device has asked for audio yet: a stream may take a
    /// while to start.
    pub fn pulled(&self) -> bool {
        self.pulled.load(Ordering::Relaxed)
    }

    /// Frames handed to the device so far, on the timeline: the audio
    /// clock as the device sees it.
    pub fn frame(&self) -> u64 {
        self.frame.load(Ordering::Acquire)
    }

    /// Records a stream error from the device's error callback. Playback
    /// rides through transient errors; `lost` ends sound for this device.
    pub fn report_error(&self, message: String, lost: bool) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut last) = self.last_error.lock() {
            *last = message;
        }
        if lost {
            self.lost.store(true, Ordering::Relaxed);
        }
    }
}

/// A snapshot of the audio clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub frame: u64,
    pub stamp: Micros,
    pub alive: Micros,
    pub run_start: u64,
    pub jumped: u64,
}

/// The UI side of a live source: sends commands, reads the clock.
pub struct LiveControl {
    tx: Sender<(u64, Request)>,
    shared: Arc<Shared>,
    sent: u64,
    sample_rate: u32,
}

impl LiveControl {
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    pub fn play(&mut self) {
        self.send(Request::Play);
    }

    pub fn pause(&mut self) {
        self.send(Request::Pause);
    }

    /// Jumps to `frame`; returns the command's sequence number.
    pub fn seek(&mut self, frame: u64) -> u64 {
        self.send(Request::Seek(frame))
    }

    /// Swaps in a new renderer (a recompiled timeline) at `frame`; returns
    /// the command's sequence number.
    pub fn replace(&mut self, renderer: Renderer, frame: u64) -> u64 {
        self.send(Request::Replace(Box::new(renderer), frame))
    }

    pub fn set_volumes(&mut self, volumes: Volumes) {
        self.send(Request::Volumes(volumes));
    }

    pub fn published(&self) -> Published {
        Published {
            frame: self.shared.frame.load(Ordering::Acquire),
            stamp: Micros(self.shared.stamp.load(Ordering::Acquire)),
            alive: Micros(self.shared.alive.load(Ordering::Acquire)),
            run_start: self.shared.run_start.load(Ordering::Acquire),
            jumped: self.shared.jumped.load(Ordering::Acquire),
        }
    }

    /// Stream errors so far, and the last one's message.
    pub fn errors(&self) -> (u64, String) {
        let last = self.shared.last_error.lock().map(|s| s.clone()).unwrap_or_default();
        (self.shared.errors.load(Ordering::Relaxed), last)
    }

    /// Whether the device has asked for audio yet.
    pub fn pulled(&self) -> bool {
        self.shared.pulled()
    }

    /// Whether the device said it is gone.
    pub fn lost(&self) -> bool {
        self.shared.lost.load(Ordering::Relaxed)
    }

    fn send(&mut self, command: Request) -> u64 {
        self.sent += 1;
        // A closed channel means the device dropped the source; the clock
        // notices by itself, so there is nothing to do here.
        let _ = self.tx.send((self.sent, command));
        self.sent
    }
}

/// The rodio source: stereo frames from the renderer, at its rate.
pub struct LiveSource<T: TimeSource> {
    renderer: Box<Renderer>,
    rx: Receiver<(u64, Request)>,
    shared: Arc<Shared>,
    time: T,
    buf: Vec<f32>,
    pos: usize,
    /// The first frame in `buf`, if `buf` moves the clock (else silence).
    buf_start: Option<u64>,
    /// Frames rendered so far (the end of `buf`).
    rendered: u64,
    /// Frames handed out so far: the audio clock.
    handed: u64,
    /// Transport gain, in steps of the 10 ms fade (0 silent, `fade_len` full).
    fade: u32,
    fade_len: u32,
    want_playing: bool,
    /// A jump waiting for the fade-out: (sequence, frame, new renderer).
    jump: Option<(u64, u64, Option<Box<Renderer>>)>,
}

impl<T: TimeSource> LiveSource<T> {
    /// A paused source at frame 0 and its control. `shared` may already be
    /// wired to a device's error callback.
    pub fn new(renderer: Renderer, shared: Arc<Shared>, time: T) -> (LiveSource<T>, LiveControl) {
        let (tx, rx) = channel();
        shared.stamp.store(time.now().0, Ordering::Release);
        shared.alive.store(time.now().0, Ordering::Release);
        let sample_rate = renderer.sample_rate();
        let control = LiveControl { tx, shared: shared.clone(), sent: 0, sample_rate };
        let fade_len = (FADE_SECS * sample_rate as f32).round().max(1.0) as u32;
        let source = LiveSource {
            renderer: Box::new(renderer),
            rx,
            shared,
            time,
            buf: Vec::with_capacity(SUB_BLOCK * 2),
            pos: 0,
            buf_start: None,
            rendered: 0,
            handed: 0,
            fade: 0,
            fade_len,
            want_playing: false,
            jump: None,
        };
        (source, control)
    }

    /// Frames handed out so far: the audio clock. After a seek it counts
    /// from the seek target.
    pub fn frame(&self) -> u64 {
        self.handed
    }

    fn apply(&mut self, seq: u64, command: Request) {
        match command {
            Request::Play => self.want_playing = true,
            Request::Pause => self.want_playing = false,
            Request::Seek(frame) => {
                let renderer = self.jump.take().and_then(|j| j.2);
                self.jump = Some((seq, frame, renderer));
            }
            Request::Replace(renderer, frame) => self.jump = Some((seq, frame, Some(renderer))),
            Request::Volumes(v) => self.renderer.set_volumes(v),
        }
    }

    /// Renders the next few frames into `buf`, following the transport.
    fn refill(&mut self) {
        self.shared.pulled.store(true, Ordering::Relaxed);
        while let Ok((seq, command)) = self.rx.try_recv() {
            self.apply(seq, command);
        }
        if self.fade == 0
            && let Some((seq, frame, renderer)) = self.jump.take()
        {
            if let Some(r) = renderer {
                self.renderer = r;
            }
            self.rendered = frame.min(self.renderer.frames());
            self.handed = self.rendered;
            self.shared.run_start.store(self.rendered, Ordering::Release);
            self.publish();
            self.shared.jumped.store(seq, Ordering::Release);
        }
        let rising = self.want_playing && self.jump.is_none();
        let left = self.renderer.frames().saturating_sub(self.rendered) as usize;
        self.buf.clear();
        if (self.fade == 0 && !rising) || left == 0 {
            // Silent and not moving: paused, or past the end.
            self.buf.resize(SUB_BLOCK * 2, 0.0);
            self.fade = 0;
            self.buf_start = None;
            self.shared.alive.store(self.time.now().0, Ordering::Release);
            return;
        }
        if self.fade == 0 {
            self.shared.run_start.store(self.rendered, Ordering::Release);
        }
        let mut count = SUB_BLOCK.min(left);
        if !rising {
            // Stop exactly where the fade-out reaches silence.
            count = count.min(self.fade as usize);
        }
        self.buf.resize(count * 2, 0.0);
        self.renderer.render(self.rendered, &mut self.buf);
        for frame in self.buf.chunks_exact_mut(2) {
            self.fade = if rising { (self.fade + 1).min(self.fade_len) } else { self.fade - 1 };
            if self.fade < self.fade_len {
                let gain = self.fade as f32 / self.fade_len as f32;
                frame[0] *= gain;
                frame[1] *= gain;
            }
        }
        self.buf_start = Some(self.rendered);
        self.rendered += count as u64;
        self.publish();
    }

    /// Publishes the clock: frames handed out, and when.
    fn publish(&self) {
        let now = self.time.now().0;
        self.shared.stamp.store(now, Ordering::Release);
        self.shared.alive.store(now, Ordering::Release);
        self.shared.frame.store(self.handed, Ordering::Release);
    }
}

impl<T: TimeSource> Iterator for LiveSource<T> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.pos >= self.buf.len() {
            self.refill();
            self.pos = 0;
        }
        let sample = self.buf.get(self.pos).copied().unwrap_or(0.0);
        self.pos += 1;
        if let Some(start) = self.buf_start
            && self.pos.is_multiple_of(2)
        {
            self.handed = start + self.pos as u64 / 2;
            self.shared.frame.store(self.handed, Ordering::Release);
        }
        Some(sample)
    }
}

impl<T: TimeSource> Source for LiveSource<T> {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::new(2).unwrap_or(ChannelCount::MIN)
    }

    fn sample_rate(&self) -> SampleRate {
        SampleRate::new(self.renderer.sample_rate()).unwrap_or(SampleRate::MIN)
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}
