//! The probe of the picture-against-sound check: with `RESPITE_SYNC_LOG`
//! set, every frame that draws a segment other than the last frame's prints
//! the wall-clock time it was made, the segment's start on the timeline and
//! the playhead it was drawn at. `scripts/soak-sync` sets each line beside
//! the moment the same cue was heard from the sound server. Off (the
//! default), it costs one comparison a frame.

use crate::player::Now;
use crate::timeline::Timeline;

const SYNC_LOG_ENV: &str = "RESPITE_SYNC_LOG";

pub struct SyncProbe {
    on: bool,
    last: Option<usize>,
}

impl SyncProbe {
    pub fn from_env() -> Self {
        Self { on: std::env::var_os(SYNC_LOG_ENV).is_some(), last: None }
    }

    /// Called with what this frame draws.
    pub fn drawn(&mut self, timeline: &Timeline, now: &Now) {
        if !self.on || now.segment == self.last {
            return;
        }
        self.last = now.segment;
        if let Some(start) = now.segment.and_then(|i| timeline.segments.get(i)).map(|s| s.start) {
            let unix = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            eprintln!(
                "respite: drawn: {:.6} segment starting {:.6} at {:.6}",
                unix.as_secs_f64(),
                start.as_secs_f64(),
                now.position.as_secs_f64()
            );
        }
    }
}
