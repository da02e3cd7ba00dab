//! The therapist's studio, below its page: the lines a script speaks and
//! how each is voiced (`lines`), a script's voice folder where takes are
//! saved (`folder`), importing recordings made elsewhere (`import`), and
//! "make my own copy" of a built-in (`copy`).

pub mod folder;
pub mod lines;

pub use folder::{SaveError, Saved, import_file, save_take};
pub use lines::{Speaker, StudioLine, overrun_note, studio_lines};
