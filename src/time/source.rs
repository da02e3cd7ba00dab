//! Sources of "now": real time for the app, and a manual time that tests
//! advance. The audio source and the player's clocks both read one, so it
//! sits below them.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use super::Micros;

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
