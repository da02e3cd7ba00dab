//! The sound of a session: one renderer whose output at frame n is a
//! function of (timeline, n). It feeds rodio live (`live`), writes WAV files
//! (`wav`), and runs in tests with no device at all.

mod beds;
pub mod export;
pub mod live;
pub mod loudness;
mod mix;
mod renderer;
mod synth;
mod voice;
mod wav;

pub use mix::{Bus, CEILING, Volumes};
pub use renderer::{RenderOptions, Renderer};
pub use voice::{ClipCache, Purpose, clip_length};
pub use wav::{to_i16, write_wav};
