//! Clocks that drive the playhead. The `Clock` trait hides where time
//! comes from: the audio device's frame counter (see `audio::live`), the
//! wall clock when there is no sound, or a manual clock that tests advance.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use crate::timeline::Micros;

/// A transport clock: it runs, stops and jumps, and says where the
/// playhead is.
pub trait Clock {
    /// The playhead now.
    fn position(&self) -> Micros;
    /// Whether the playhead is moving (or about to: a started audio clock
    /// may still be waiting for its first callback).
    fn is_running(&self) -> bool;
    /// Starts moving from the current position.
    fn start(&mut self);
    /// Stops; the position stays where it is.
    fn stop(&mut self);
    /// Jumps to `to`, keeping the running state.
    fn seek(&mut self, to: Micros);
}

/// A monotonic source of "now", in microseconds since some fixed start.
pub trait TimeSource: Clone + Send + Sync + 'static {
    fn now(&self) -> Micros;
}

/// Real time, from `std::time::Instant`.
#[derive(Debug, Clone, Copy)]
pub struct SystemTime {
    epoch: Instant,
}

impl SystemTime {
    pub fn new() -> Self {
        Self { epoch: Instant::now() }
    }
}

impl Default for SystemTime {
    fn default() -> Self {
        Self::new()
    }
}

impl TimeSource for SystemTime {
    fn now(&self) -> Micros {
        Micros(self.epoch.elapsed().as_micros().min(u64::MAX as u128) as u64)
    }
}

/// Time that moves only when told to: for tests and UI snapshots. Clones
/// share the same time.
#[derive(Debug, Clone, Default)]
pub struct ManualTime(Arc<AtomicU64>);

impl ManualTime {
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves time forward by `by`.
    pub fn advance(&self, by: Micros) {
        self.0.fetch_add(by.0, Ordering::SeqCst);
    }
}

impl TimeSource for ManualTime {
    fn now(&self) -> Micros {
        Micros(self.0.load(Ordering::SeqCst))
    }
}

/// Either kind of time, chosen at run time.
#[derive(Debug, Clone)]
pub enum AnyTime {
    System(SystemTime),
    Manual(ManualTime),
}

impl TimeSource for AnyTime {
    fn now(&self) -> Micros {
        match self {
            AnyTime::System(t) => t.now(),
            AnyTime::Manual(t) => t.now(),
        }
    }
}

/// A clock driven by a `TimeSource`: the wall clock with `SystemTime`, the
/// manual test clock with `ManualTime`.
#[derive(Debug, Clone)]
pub struct WallClock<T: TimeSource = SystemTime> {
    time: T,
    /// Position when the clock last started, stopped or jumped.
    anchor: Micros,
    /// Time of that moment, while running.
    since: Option<Micros>,
}

impl<T: TimeSource> WallClock<T> {
    /// A stopped clock at `position`.
    pub fn new(time: T, position: Micros) -> Self {
        Self { time, anchor: position, since: None }
    }
}

impl<T: TimeSource> Clock for WallClock<T> {
    fn position(&self) -> Micros {
        match self.since {
            Some(since) => self.anchor + self.time.now().saturating_sub(since),
            None => self.anchor,
        }
    }

    fn is_running(&self) -> bool {
        self.since.is_some()
    }

    fn start(&mut self) {
        if self.since.is_none() {
            self.since = Some(self.time.now());
        }
    }

    fn stop(&mut self) {
        self.anchor = self.position();
        self.since = None;
    }

    fn seek(&mut self, to: Micros) {
        self.anchor = to;
        if self.since.is_some() {
            self.since = Some(self.time.now());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_while_running() {
        let time = ManualTime::new();
        let mut clock = WallClock::new(time.clone(), Micros::ZERO);
        time.advance(Micros::SECOND);
        assert_eq!(clock.position(), Micros::ZERO);
        clock.start();
        time.advance(Micros(2_500_000));
        assert_eq!(clock.position(), Micros(2_500_000));
        clock.stop();
        time.advance(Micros::SECOND);
        assert_eq!(clock.position(), Micros(2_500_000));
        clock.seek(Micros(10_000_000));
        clock.start();
        time.advance(Micros(1));
        assert_eq!(clock.position(), Micros(10_000_001));
    }
}
