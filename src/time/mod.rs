//! Time, the lowest layer: integer microseconds (`Micros`) and the sources
//! of "now" that clocks run on. Everything else may use it; it uses nothing
//! of Respite's.

mod micros;
mod source;

pub use micros::Micros;
pub use source::{AnyTime, ManualTime, SystemTime, TimeSource};
