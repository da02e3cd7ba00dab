//! The sound of a session: one renderer whose output at frame n is a
//! function of (timeline, n). It feeds rodio live (`live`), writes WAV files
//! (`wav`), and runs in tests with no device at all.

mod beds;
mod error;
pub mod export;
mod limiter;
pub mod live;
pub mod loudness;
pub mod mic;
mod mix;
pub mod output;
pub mod preview;
#[cfg(target_os = "linux")]
pub mod pulse_cookie;
mod renderer;
mod synth;
pub mod take;
mod voice;
mod wav;

pub use error::{ClipError, RenderError};
pub use mix::{Bus, CEILING, Volumes};
pub use renderer::{RenderOptions, Renderer};
pub use synth::ring_secs;
pub use voice::{ClipCache, Purpose, builtin_clip, clip_length};
pub use wav::{to_i16, write_wav};
