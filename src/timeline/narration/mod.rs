//! Narration: the spoken words of a session. `line` decides what is said on
//! each segment and names each line; `voice` holds the clips that say them
//! (the built-in voice embedded in the binary, or a folder of recordings).

mod line;
mod voice;

pub use line::{BREATH, SPOKEN_BREATHS, attach, line_id, script_lines, spoken_text, text_hash};
pub use voice::{ClipRef, Entry, Manifest, ManifestLine, Voice};
