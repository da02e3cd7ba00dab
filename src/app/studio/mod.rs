//! The therapist's studio, below its page: the lines a script speaks and
//! how each is voiced (`lines`), one take at a time from the microphone
//! (`recorder`), a script's voice folder where takes are saved (`folder`),
//! importing recordings made elsewhere (`import`), changing its text
//! (`editor`), packing it for a patient (`hand_over`), the studio for one
//! script as the page drives it (`session`), and "make my own copy" of a
//! built-in (`copy`).

pub mod copy;
pub mod editor;
pub mod folder;
mod hand_over;
pub mod import;
pub mod lines;
pub mod recorder;
pub mod session;

pub use copy::copy_builtin;
pub use folder::{SaveError, Saved, import_file, keep_take, save_take};
pub use lines::{Speaker, StudioLine, overrun_note, studio_lines};
pub use session::Studio;
