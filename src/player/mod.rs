//! The transport and its clocks: play, pause, seek, step, tempo, and the
//! playhead that every view reads.

mod now;

pub use now::Now;
