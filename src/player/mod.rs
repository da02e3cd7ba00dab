//! The transport and its clocks: play, pause, seek, step, tempo, and the
//! playhead that every view reads. The audio clock is the master; a wall
//! clock stands in when there is no sound device, and a manual clock drives
//! tests.

mod audio_clock;
mod clock;
mod now;
mod reconnect;
mod remap;
mod transport;

pub use crate::time::{AnyTime, ManualTime, SystemTime, TimeSource};
pub use audio_clock::AudioClock;
pub use clock::{Clock, WallClock};
pub use now::Now;
pub use remap::remap;
pub use transport::{Output, Player, SoundStatus, Update, player_with_source};
