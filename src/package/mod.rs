//! Session packages: one `.respite` file (a zip) that hands a session over
//! whole: its script, every audio file it names, its own voice folder
//! (`NAME.voice/`), and a manifest with each file's size and SHA-256.
//! `pack` makes one; `open` reads one, as untrusted input from someone
//! else, into a fresh folder (every name, size, type and checksum checked,
//! the script loaded); `install` puts it into the user's sessions folder,
//! all at once or not at all, never over another session unasked.
//! Layer 3: it reads scripts through `timeline` and writes through `files`.

mod directory;
mod install;
pub mod manifest;
pub mod names;
mod open;
mod pack;
mod temp;

use std::fmt;

pub use install::{Clash, Installed, Outcome, install, installed_folders};
pub use manifest::{FORMAT, Manifest};
pub use open::{Opened, Unpacked, open, unpack};
pub use pack::{PackOptions, Packed, pack};

/// The file extension of a package.
pub const EXTENSION: &str = "respite";

/// Most files one package may hold (a session with every line recorded,
/// with takes, is a few hundred).
pub const MAX_FILES: usize = 2000;
/// Most bytes a package may unpack to, counted as they are read.
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// Largest audio file (an hour of 48 kHz stereo WAV is about 660 MiB;
/// FLAC or Ogg is far smaller).
pub const MAX_AUDIO_BYTES: u64 = 512 << 20;
/// Largest manifest (the package's or a voice's).
pub const MAX_MANIFEST_BYTES: u64 = 4 << 20;

/// Why a package could not be made, opened or installed: a sentence for
/// the user that names the file and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageError {
    pub message: String,
    /// Refused only because a different session has its title
    /// (`Clash::Refuse`): replacing it or keeping both would go on.
    pub title_taken: bool,
}

impl PackageError {
    pub fn new(message: String) -> Self {
        Self { message, title_taken: false }
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PackageError {}

/// Whether a path names a package, by its extension.
pub fn is_package(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(EXTENSION))
}
