//! Clocks that drive the playhead. The `Clock` trait hides where time
//! comes from: the audio device's frame counter (see `audio::live`), the
//! wall clock when there is no sound, or a manual clock that tests advance.

// Re-exported for the transport and the audio clock, which name them from here.
pub(super) use crate::time::{AnyTime, ManualTime, Micros, SystemTime, TimeSource};

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
