//! The audio clock: the playhead is the live source's frame count, less
//! the output latency, extrapolated between audio callbacks. It can never
//! run ahead of the frames actually produced, so picture and sound cannot
//! drift apart.

use crate::audio::live::LiveControl;
use crate::timeline::Micros;

use super::clock::{Clock, TimeSource};

/// If the device has not asked for audio for this long, it has stalled (a
/// device period is about 40 ms, so this is many missed callbacks).
const STALL: Micros = Micros(750_000);
/// A new stream may take longer to ask for its first audio (a sound server
/// sets it up first); until then, this long.
const FIRST_PULL: Micros = Micros(3_000_000);

/// A `Clock` that follows a `LiveSource` through its control.
pub struct AudioClock<T: TimeSource> {
    control: LiveControl,
    time: T,
    playing: bool,
    /// Output latency plus the user's offset, in frames.
    delay_frames: i64,
    /// A jump not yet carried out by the audio thread: (sequence, target).
    pending: Option<(u64, Micros)>,
}

impl<T: TimeSource> AudioClock<T> {
    /// A stopped clock over `control`. `delay` is the output latency plus
    /// any user offset (positive shows the picture later).
    pub fn new(control: LiveControl, time: T, delay: i64) -> Self {
        let mut clock = AudioClock { control, time, playing: false, delay_frames: 0, pending: None };
        clock.set_delay(delay);
        clock
    }

    /// Sets the total output delay in microseconds.
    pub fn set_delay(&mut self, micros: i64) {
        self.delay_frames = micros * i64::from(self.control.sample_rate()) / 1_000_000;
    }

    pub fn control(&mut self) -> &mut LiveControl {
        &mut self.control
    }

    /// Stream errors so far, and the last one's message.
    pub fn errors(&self) -> (u64, String) {
        self.control.errors()
    }

    /// Jumps as part of swapping in a new renderer (see `LiveControl::replace`).
    pub fn note_jump(&mut self, seq: u64, to: Micros) {
        self.pending = Some((seq, to));
    }

    /// True when the device has stopped pulling audio or reported itself
    /// gone.
    pub fn failed(&self) -> bool {
        let limit = if self.control.pulled() { STALL } else { FIRST_PULL };
        self.control.lost() || self.time.now().saturating_sub(self.control.published().alive) > limit
    }
}

impl<T: TimeSource> Clock for AudioClock<T> {
    fn position(&self) -> Micros {
        let p = self.control.published();
        if let Some((seq, to)) = self.pending
            && p.jumped < seq
        {
            return to;
        }
        let sr = self.control.sample_rate();
        let elapsed = self.time.now().saturating_sub(p.stamp).to_frame(sr) as i64;
        // Never before the start of this run, never past what was produced.
        let frame = (p.frame as i64 - self.delay_frames + elapsed).min(p.frame as i64).max(p.run_start as i64);
        Micros::from_frame(frame.max(0) as u64, sr)
    }

    fn is_running(&self) -> bool {
        self.playing
    }

    fn start(&mut self) {
        self.playing = true;
        self.control.play();
    }

    fn stop(&mut self) {
        self.playing = false;
        self.control.pause();
    }

    fn seek(&mut self, to: Micros) {
        let seq = self.control.seek(to.to_frame(self.control.sample_rate()));
        self.pending = Some((seq, to));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::audio::live::{LiveSource, Shared};
    use crate::audio::{ClipCache, RenderOptions, Renderer, Volumes};
    use crate::player::ManualTime;
    use crate::timeline::{CompileOptions, compile, load_any};

    fn clock() -> (AudioClock<ManualTime>, Arc<Shared>, ManualTime) {
        let (clock, shared, time, _source) = clock_and_source();
        (clock, shared, time)
    }

    fn clock_and_source() -> (AudioClock<ManualTime>, Arc<Shared>, ManualTime, LiveSource<ManualTime>) {
        let script = load_any("builtin:box-breathing").expect("built-in").script;
        let t = compile(&script, &CompileOptions::default());
        let options = RenderOptions { sample_rate: 8_000, ..RenderOptions::default() };
        let renderer = Renderer::new(&t, None, &options, Volumes::from_settings(&t.sound), &mut ClipCache::new());
        let (shared, time) = (Arc::new(Shared::default()), ManualTime::new());
        let (source, control) = LiveSource::new(renderer, shared.clone(), time.clone());
        (AudioClock::new(control, time.clone(), 0), shared, time, source)
    }

    #[test]
    fn transient_stream_errors_are_ridden_through() {
        let (clock, shared, _) = clock();
        shared.report_error("snd_pcm_avail_delay: Input/output error".into(), false);
        shared.report_error("snd_pcm_avail_delay: Input/output error".into(), false);
        assert!(!clock.failed());
        assert_eq!(clock.errors(), (2, "snd_pcm_avail_delay: Input/output error".into()));
    }

    #[test]
    fn a_lost_device_or_a_silent_moment_is_a_failure() {
        let (clock, _shared, time, mut source) = clock_and_source();
        time.advance(Micros(2_900_000));
        assert!(!clock.failed(), "a new stream may take a while to start");
        source.next();
        time.advance(Micros(700_000));
        assert!(!clock.failed(), "a callback may be late");
        time.advance(Micros(100_000));
        assert!(clock.failed(), "no callback for most of a second");
        let (clock, shared, _) = self::clock();
        shared.report_error("device not available".into(), true);
        assert!(clock.failed());
    }
}
