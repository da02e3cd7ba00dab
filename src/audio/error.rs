//! What can go wrong in the audio code, as types: a clip that cannot be
//! used (each names its file), and a render that cannot be written. The
//! messages are the ones the user reads.

use std::fmt;
use std::path::PathBuf;

/// Why an audio file cannot be played. Kept in the clip cache, so it is
/// cheap to clone and reported once per file.
#[derive(Debug, Clone, PartialEq)]
pub enum ClipError {
    /// The file cannot be opened (missing, no permission, …).
    Open { path: PathBuf, reason: String },
    /// The decoder does not understand the file.
    Decode { path: PathBuf, reason: String },
    /// The decoder itself failed (panicked) on the file.
    DecoderFailed { path: PathBuf },
    /// A voice clip over the length limit.
    TooLong { path: PathBuf, minutes: f64 },
    /// NaN or infinite samples.
    InvalidSamples { path: PathBuf },
    /// No samples at all.
    Empty { path: PathBuf },
}

impl fmt::Display for ClipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Open { path, reason } => write!(f, "cannot open audio file {}: {reason}", path.display()),
            Self::Decode { path, reason } => write!(f, "cannot decode audio file {}: {reason}", path.display()),
            Self::DecoderFailed { path } => {
                write!(f, "cannot decode audio file {} (the decoder failed)", path.display())
            }
            Self::TooLong { path, minutes } => {
                write!(f, "voice clip {} is longer than {minutes} minutes; split it into shorter clips", path.display())
            }
            Self::InvalidSamples { path } => write!(f, "audio file {} decodes to invalid samples", path.display()),
            Self::Empty { path } => write!(f, "audio file {} has no sound in it", path.display()),
        }
    }
}

impl std::error::Error for ClipError {}

/// Why a render was not written. Nothing is left at the destination.
#[derive(Debug)]
pub enum RenderError {
    /// More audio than a WAV file's 4 GiB data chunk holds.
    TooLongForWav,
    /// Writing or moving the file into place failed.
    Write { path: PathBuf, source: std::io::Error },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLongForWav => {
                write!(f, "the session is too long for one WAV file at this sample rate; try a lower --sample-rate")
            }
            Self::Write { path, source } => write!(f, "cannot write {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::TooLongForWav => None,
            Self::Write { source, .. } => Some(source),
        }
    }
}
